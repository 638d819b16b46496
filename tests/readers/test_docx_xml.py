"""The .docx reader reads the XML directly: the same blocks python-docx gives (paragraph and table
indexes, tracked changes accepted, merged cells repeated), at parse speed, within the zip limits;
text in boxes (one-cell, one-column and layout tables, nested or not) is prose located at its box."""

from __future__ import annotations

import copy
import time
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from draftkit.errors import DocumentError
from draftkit.readers import read_document

REPO = Path(__file__).resolve().parents[2]


def reference(path: Path) -> tuple[dict[int, str], dict[int, list[list[str]]]]:
    """What python-docx gives: paragraph texts by index (insertions in, deletions and text boxes out)
    and table rows by index (row.cells: merged cells repeated), for tables that are not boxes."""
    d = docx.Document(str(path))

    def text(p) -> str:  # noqa: ANN001
        skip = {qn("w:del"), qn("w:moveFrom"), qn("w:p")}
        out = []
        for r in p._p.iter(qn("w:r")):
            anc = r.getparent()
            while anc is not p._p and anc.tag not in skip:
                anc = anc.getparent()
            if anc is p._p:
                out.append(r.text)
        return "".join(out).strip()

    paras = {i: text(p) for i, p in enumerate(d.paragraphs)}
    tables = {}
    for i, t in enumerate(d.tables):
        tables[i] = [["\n".join(text(p) for p in c.paragraphs if text(p)) for c in row.cells] for row in t.rows]
    return paras, tables


def check_same(path: Path) -> None:
    paras, tables = reference(path)
    blocks = read_document(path).blocks
    seen_p = {b.index for b in blocks if b.kind != "table" and b.box is None}
    for b in blocks:
        if b.kind == "table":
            assert b.rows == tables[b.index], (path, b.index)
        elif b.box is None:
            assert b.text == paras[b.index], (path, b.index)
    assert {i for i, t in paras.items() if t} >= seen_p


@pytest.mark.parametrize("name", sorted(p.relative_to(REPO).as_posix() for p in (REPO / "corpus").rglob("*.docx")))
def test_corpus_files_read_as_python_docx_reads_them(name):
    check_same(REPO / name)


def _tricky(path: Path, styles: int = 0) -> Path:
    d = docx.Document()
    for i in range(styles):
        d.styles.add_style(f"样式{i}", 1 if i % 2 else 2)
    d.add_paragraph("一、发展概述", style="Heading 1")
    p = d.add_paragraph("学校现有")
    p.add_run("全日制").bold = True
    p.add_run("在校生\t17402人")
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>，新增</w:t></w:r></w:ins>'))
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del>'))
    br = d.add_paragraph("第一行")
    br.runs[0].add_break()
    br.add_run("第二行")
    t = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            t.cell(r, c).text = f"{r}{c}"
    t.cell(0, 0).merge(t.cell(0, 1))  # horizontal
    t.cell(1, 2).merge(t.cell(2, 2))  # vertical
    d.add_paragraph("目录", style="TOC Heading")
    d.save(str(path))
    return path


def test_merges_tracked_changes_and_breaks_read_as_python_docx(tmp_path):
    path = _tricky(tmp_path / "t.docx")
    check_same(path)
    blocks = read_document(path).blocks
    assert "学校现有全日制在校生\t17402人，新增" in [b.text for b in blocks]
    assert blocks[-1].rows == [["00\n01", "00\n01", "02"], ["10", "11", "12\n22"], ["20", "21", "12\n22"]]
    assert not any(b.text == "目录" for b in blocks)  # TOC styles are not content


def test_reading_costs_about_what_parsing_costs(tmp_path):
    """A school template with hundreds of styles: python-docx's paragraph.style scanned them all for
    each paragraph (12x the plain parse); reading is now within 2x of python-docx's own parse."""
    d = docx.Document()
    for i in range(600):
        d.styles.add_style(f"样式{i}", 1)
    for i in range(600):
        p = d.add_paragraph(style=f"样式{i % 600}" if i % 3 else None)
        for k in range(5):
            p.add_run(f"第{i}段第{k}句，在校生{i}人。")
    path = tmp_path / "styles.docx"
    d.save(str(path))

    def baseline() -> None:
        doc = docx.Document(str(path))
        [p.text for p in doc.paragraphs]

    def best(fn) -> float:  # noqa: ANN001
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        return min(times)

    base, read = best(baseline), best(lambda: read_document(path))
    assert read < 2 * base, (read, base)


def _with_part(src: Path, dst: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info, data if info.filename == name else zin.read(info.filename))
        if name not in zin.namelist():
            zout.writestr(name, data)
    return dst


def _declare_size(path: Path, name: str, size: int) -> None:
    """Forge the declared uncompressed size of one entry (local header and central directory)."""
    raw = bytearray(path.read_bytes())
    key = name.encode()
    at = 0
    while (at := raw.find(b"PK\x03\x04", at)) >= 0:
        if raw[at + 30: at + 30 + len(key)] == key:
            raw[at + 22: at + 26] = size.to_bytes(4, "little")
        at += 4
    at = 0
    while (at := raw.find(b"PK\x01\x02", at)) >= 0:
        if raw[at + 46: at + 46 + len(key)] == key:
            raw[at + 24: at + 28] = size.to_bytes(4, "little")
        at += 4
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("part, size, words", [
    ("word/media/image1.png", 1024 ** 3 + 1, ["解压后总大小", "压缩炸弹", "DRAFTKIT_MAX_UNZIPPED_MB"]),
    ("word/document.xml", 900 * 1024 ** 2, ["word/document.xml", "DRAFTKIT_MAX_XML_MB"]),
])
def test_a_docx_zip_bomb_is_refused_before_decompressing(tmp_path, bounded, part, size, words):
    path = _tricky(tmp_path / "t.docx")
    bomb = _with_part(path, tmp_path / "bomb.docx", part, b"\0" * 1000)
    _declare_size(bomb, part, size)
    out = bounded(read_document, bomb, seconds=5, mb=500)
    assert out.raised("DocumentError"), out
    assert all(w in out.message for w in words), out.message


def test_a_real_bomb_inflating_past_its_declared_size_stops_at_it(tmp_path, bounded):
    path = _tricky(tmp_path / "t.docx")
    with zipfile.ZipFile(path) as zin:
        doc_xml = zin.read("word/document.xml")
    padded = doc_xml.replace(b"<w:body>", b"<w:body>" + b"<!--" + b" " * (300 * 1024 * 1024) + b"-->")
    bomb = _with_part(path, tmp_path / "bomb.docx", "word/document.xml", padded)
    _declare_size(bomb, "word/document.xml", len(doc_xml))
    out = bounded(read_document, bomb, seconds=10, mb=500)
    assert out.raised("DocumentError"), out


def many_tables(tmp_path: Path, n: int) -> Path:
    path = _tricky(tmp_path / "base.docx")
    with zipfile.ZipFile(path) as zin:
        doc_xml = zin.read("word/document.xml").decode()
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    tbl = ("<w:tbl><w:tr>" + cell.format("项目") + cell.format("数量") + "</w:tr><w:tr>" + cell.format("在校生")
           + cell.format("17402") + "</w:tr></w:tbl>")
    body = doc_xml.replace("<w:body>", "<w:body>" + tbl * n)
    return _with_part(path, tmp_path / "tables.docx", "word/document.xml", body.encode())


def test_a_docx_with_ten_thousand_tables_stops_at_the_table_limit(tmp_path, bounded):
    from draftkit.check import check_file

    path = many_tables(tmp_path, 10_000)
    out = bounded(check_file, path, seconds=5, mb=500)
    assert out.raised("DocumentError"), out
    assert "表格数超过上限 1000 张" in out.message and "DRAFTKIT_MAX_TABLES" in out.message


def test_forged_merges_and_spans_neither_crash_nor_expand(tmp_path, bounded):
    path = _tricky(tmp_path / "t.docx")
    with zipfile.ZipFile(path) as zin:
        doc_xml = zin.read("word/document.xml").decode()
    forged = ('<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge/><w:gridSpan w:val="1000000000"/></w:tcPr><w:p><w:r><w:t>1</w:t>'
              '</w:r></w:p></w:tc><w:tc><w:tcPr><w:gridSpan w:val="x"/></w:tcPr><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr>'
              '<w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>')
    bad = _with_part(path, tmp_path / "bad.docx", "word/document.xml",
                     doc_xml.replace("<w:body>", "<w:body>" + forged).encode())
    out = bounded(read_document, bad, seconds=5, mb=500)
    assert out.kind == "ok", out


def test_an_entity_bomb_in_the_xml_is_not_expanded(tmp_path, bounded):
    path = _tricky(tmp_path / "t.docx")
    with zipfile.ZipFile(path) as zin:
        doc_xml = zin.read("word/document.xml").decode()
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    head, rest = doc_xml.split("?>", 1)
    root = rest.split(" ", 1)[0].strip().lstrip("<")
    bomb_xml = head + "?><!DOCTYPE " + root + " [" + ents + "]>" + rest.replace("第二行", "&a9;")
    bomb = _with_part(path, tmp_path / "ent.docx", "word/document.xml", bomb_xml.encode())
    out = bounded(read_document, bomb, seconds=5, mb=500)
    assert out.kind in ("ok", "raised") and out.error in ("", "DocumentError"), out
    assert out.peak_mb < 200


# ---------------------------------------------------------------------------------- boxes


def box_report(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("一、发展概述", style="Heading 1")
    d.add_paragraph("学校现有全日制在校生17402人。")
    box = d.add_table(rows=1, cols=1)
    box.cell(0, 0).paragraphs[0].text = "典型案例1-1：送教下乡"
    box.cell(0, 0).add_paragraph("学校坚持服务地方，全日制在校生17999人。")
    layout = d.add_table(rows=1, cols=2)
    layout.cell(0, 0).paragraphs[0].text = "（图片）"
    inner = layout.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).paragraphs[0].text = "亮点：全日制在校生17999人。"
    data = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "项目", (0, 1): "数量", (1, 0): "全日制在校生", (1, 1): "17402"}.items():
        data.cell(r, c).text = text
    column = d.add_table(rows=2, cols=1)
    column.cell(0, 0).text = "典型案例1-2：一列的方框"
    column.cell(1, 0).text = "共有全日制在校生17999人。"
    d.save(str(path))
    return path


def test_text_in_boxes_is_prose_located_at_its_box(tmp_path):
    blocks = read_document(box_report(tmp_path / "r.docx")).blocks
    boxed = [(b.kind, b.text, b.box) for b in blocks if b.box]
    assert ("heading", "典型案例1-1：送教下乡", (0, 0, 0, 0)) in boxed
    assert ("paragraph", "学校坚持服务地方，全日制在校生17999人。", (0, 0, 0, 1)) in boxed
    assert ("paragraph", "亮点：全日制在校生17999人。", (1, 0, 1, 1)) in boxed
    assert ("paragraph", "共有全日制在校生17999人。", (3, 1, 0, 0)) in boxed
    assert [b.rows for b in blocks if b.kind == "table"] == [[["项目", "数量"], ["全日制在校生", "17402"]]]


def test_a_wrong_figure_in_a_box_is_found_and_annotated_on_that_text(tmp_path):
    from draftkit.check import annotate, check_file
    from draftkit.data import load_year_data

    path = box_report(tmp_path / "r.docx")
    result = check_file(path, load_year_data(REPO / "data" / "2023.yaml"))
    wrong = [f for f in result.findings if f.rule == "data-mismatch" and f.figure == "17999人"]
    assert [(f.location["table"], f.location["row"], f.location["column"], f.location["box"]) for f in wrong] == [
        (0, 0, 0, 1), (1, 0, 1, 1), (3, 1, 0, 0)]
    out = tmp_path / "批注.docx"
    assert annotate(path, result, out) == 3
    d = docx.Document(str(out))
    assert len(d.comments) == 3
    for t, r, c in ((0, 0, 0), (1, 0, 1), (3, 1, 0)):
        tc = d.tables[t].rows[r].cells[c]._tc
        starts = tc.findall(".//" + qn("w:commentRangeStart"))
        assert len(starts) == 1, (t, r, c)
        p = starts[0].getparent()
        covered = []
        node = starts[0].getnext()
        while node is not None and node.tag != qn("w:commentRangeEnd"):
            covered += [t.text for t in node.iter(qn("w:t"))]
            node = node.getnext()
        assert "".join(covered) == "17999人" and "17999人" in "".join(x.text for x in p.iter(qn("w:t")))


def test_box_paragraph_numbering_matches_the_reader(tmp_path):
    from draftkit.readers.docx_reader import box_paragraph, para_text

    path = box_report(tmp_path / "r.docx")
    d = docx.Document(str(path))
    for b in read_document(path).blocks:
        if b.box:
            t, r, c, k = b.box
            assert para_text(box_paragraph(d.tables[t]._tbl, r, c, k)).strip() == b.text
    assert box_paragraph(copy.deepcopy(d.tables[0]._tbl), 0, 0, 99) is None


def test_the_report_year_lookup_does_not_inflate_a_bomb_either(tmp_path, bounded):
    """`check` inside a project reads the .docx title for the year before the reader runs."""
    from draftkit.config import report_year

    path = _tricky(tmp_path / "t.docx")
    padded = b"<x>" + b" " * (300 * 1024 * 1024) + b"</x>"
    bomb = _with_part(path, tmp_path / "2023-bomb.docx", "docProps/core.xml", padded)
    _declare_size(bomb, "docProps/core.xml", 1000)
    out = bounded(report_year, bomb, seconds=5, mb=200)
    assert out.kind == "ok", out
    broken = _with_part(path, tmp_path / "broken.docx", "docProps/core.xml", b"<x/>")
    raw = bytearray(broken.read_bytes())
    at = raw.find(b"docProps/core.xml") + len("docProps/core.xml")
    raw[at:at + 4] = b"\xff\xff\xff\xff"  # the deflate stream of core.xml is garbage
    broken.write_bytes(bytes(raw))
    out = bounded(report_year, broken, seconds=5)
    assert out.kind == "ok", out
