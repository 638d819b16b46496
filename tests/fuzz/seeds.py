"""Seed inputs (the project's own sample files) and hypothesis strategies that break them:
truncation, byte flips, zip entries swapped, dropped, renamed or replaced, tricky XML/YAML/text
fragments inserted, huge and deep structures."""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data" / "2023.yaml"


# ---------------------------------------------------------------------------------- seeds


def _box_docx() -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph("一、发展概述", style="Heading 1")
    d.add_paragraph("学校现有全日制在校生17402人，专任教师796人。")
    box = d.add_table(rows=1, cols=1)
    box.cell(0, 0).paragraphs[0].text = "典型案例1-1：送教下乡"
    box.cell(0, 0).add_paragraph("全日制在校生17999人，增长2.94%。")
    inner = box.cell(0, 0).add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "项目", "数量"
    inner.cell(1, 0).text, inner.cell(1, 1).text = "专任教师", "796"
    t = d.add_table(rows=3, cols=3)
    for r, row in enumerate([["专业大类", "专业数", "在校生"], ["装备制造", "6", "2210"], ["合计", "6", "2210"]]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(0, 0).merge(t.cell(1, 0))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def docx_seeds() -> list[bytes]:
    files = sorted((REPO / "corpus").rglob("*.docx")) + [REPO / "tests" / "fixtures" / "check" / "report.docx"]
    return [p.read_bytes() for p in files] + [_box_docx()]


@lru_cache(maxsize=1)
def text_seeds() -> list[str]:
    files = [REPO / "tests" / "fixtures" / "check" / n for n in ("planted.md", "clean.md", "wrapped.txt")]
    files += sorted((REPO / "corpus" / "cases").glob("*.md")) + sorted((REPO / "corpus" / "cases").glob("*.txt"))
    files += sorted((REPO / "data" / "cases").rglob("*.md"))
    files += [REPO / "tests" / "fixtures" / "readers" / "report_pdf.txt"]
    return [p.read_text(encoding="utf-8")[:20000] for p in files]


@lru_cache(maxsize=1)
def pdf_seed() -> bytes:
    """A small, valid two-page PDF with text, written by hand (no tool needed)."""
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>"]
    streams = [b"BT /F1 12 Tf 72 720 Td (Students 17402, teachers 796.) Tj ET",
               b"BT /F1 12 Tf 72 720 Td (Funding 34118.10 wan yuan, growth 2.94%.) Tj ET"]
    objs += [f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {5 + i} 0 R "
             "/Resources << /Font << /F1 7 0 R >> >> >>" for i in range(2)]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    bodies = [o.encode() for o in objs] + [b"<< /Length %d >>\nstream\n" % len(s) + s + b"\nendstream" for s in streams]
    bodies.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    for i, body in enumerate(bodies, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref))
    return out.getvalue()


@lru_cache(maxsize=1)
def data_text() -> str:
    return DATA.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def xlsx_seed() -> bytes:
    import tempfile

    from draftkit.data import export_xlsx

    with tempfile.TemporaryDirectory() as tmp:
        out = export_xlsx(DATA, Path(tmp) / "2023.xlsx")
        return out.read_bytes()


@lru_cache(maxsize=1)
def metric_ids() -> list[str]:
    from draftkit.data import load_year_data

    return list(load_year_data(DATA).metrics)[:40]


# ---------------------------------------------------------------------------------- strategies


def mutated_bytes(seed: bytes, max_ops: int = 6) -> st.SearchStrategy[bytes]:
    """The seed with a few byte-level edits: flips, truncation, insertion, deletion, duplication."""
    n = max(len(seed), 1)
    op = st.one_of(
        st.tuples(st.just("flip"), st.integers(0, n - 1), st.integers(0, 255)),
        st.tuples(st.just("cut"), st.integers(0, n), st.just(0)),
        st.tuples(st.just("ins"), st.integers(0, n), st.binary(min_size=1, max_size=64)),
        st.tuples(st.just("del"), st.integers(0, n - 1), st.integers(1, 4096)),
        st.tuples(st.just("dup"), st.integers(0, n - 1), st.integers(1, 4096)),
    )

    def apply(ops: list) -> bytes:  # noqa: ANN001
        b = bytearray(seed)
        for kind, pos, arg in ops:
            pos = min(pos, len(b))
            if kind == "flip" and pos < len(b):
                b[pos] = arg
            elif kind == "cut":
                del b[pos:]
            elif kind == "ins":
                b[pos:pos] = arg
            elif kind == "del":
                del b[pos:pos + arg]
            elif kind == "dup":
                b[pos:pos] = b[pos:pos + arg]
        return bytes(b)

    return st.lists(op, min_size=1, max_size=max_ops).map(apply)


XML_FRAGMENTS = [
    "<w:tbl>", "</w:tbl>", "<w:tr>", "<w:tc>", "</w:tc>", "<w:p>", "</w:p>", "<w:r><w:t>17999人</w:t></w:r>",
    '<w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>', '<w:tcPr><w:vMerge/></w:tcPr>', "<w:tcPr><w:vMerge/></w:tcPr>",
    '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>', '<w:pPr><w:pStyle w:val="nope"/></w:pPr>', "&amp;", "&lt;", "&#0;",
    "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>在校生17999人</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>",
    "<w:tbl><w:tr><w:tc>" * 40 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 40,
    "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>", "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>",
    '<w:trPr><w:gridBefore w:val="99999"/></w:trPr>', "<w:br/>", '<w:br w:type="page"/>', "<w:tab/>",
    "<w:sdt><w:sdtContent><w:p><w:r><w:t>内容控件</w:t></w:r></w:p></w:sdtContent></w:sdt>", "\x00", "]]>", "<!--",
]


def _mutated_text(seed: str, fragments: list[str], max_ops: int = 5) -> st.SearchStrategy[str]:
    n = max(len(seed), 1)
    op = st.one_of(
        st.tuples(st.just("ins"), st.integers(0, n), st.sampled_from(fragments)),
        st.tuples(st.just("ins"), st.integers(0, n), st.text(max_size=30)),
        st.tuples(st.just("del"), st.integers(0, n), st.integers(1, 400).map(str)),
        st.tuples(st.just("cut"), st.integers(0, n), st.just("")),
    )

    def apply(ops: list) -> str:  # noqa: ANN001
        s = seed
        for kind, pos, arg in ops:
            pos = min(pos, len(s))
            if kind == "ins":
                s = s[:pos] + arg + s[pos:]
            elif kind == "del":
                s = s[:pos] + s[pos + int(arg):]
            else:
                s = s[:pos]
        return s

    return st.lists(op, min_size=1, max_size=max_ops).map(apply)


def _rezip(entries: list[tuple[str, bytes]], deflate: bool) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def mutated_zip(seed: bytes, xml_part: str) -> st.SearchStrategy[bytes]:
    """An Office zip with entries swapped, renamed, dropped or duplicated, ``xml_part`` edited as text,
    and sometimes byte-level damage on top."""
    with zipfile.ZipFile(io.BytesIO(seed)) as zf:
        entries = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    names = [n for n, _ in entries]
    main = dict(entries)[xml_part].decode("utf-8")
    n = len(entries)
    op = st.one_of(
        st.tuples(st.just("swap"), st.integers(0, n - 1), st.integers(0, n - 1)),
        st.tuples(st.just("rename"), st.integers(0, n - 1), st.sampled_from(names + ["x.xml", "word/document2.xml"])),
        st.tuples(st.just("drop"), st.integers(0, n - 1), st.just(0)),
        st.tuples(st.just("dup"), st.integers(0, n - 1), st.just(0)),
    )

    @st.composite
    def build(draw) -> bytes:  # noqa: ANN001
        items = list(entries)
        if draw(st.booleans()):
            text = draw(_mutated_text(main, XML_FRAGMENTS))
            items = [(nm, text.encode("utf-8", "surrogatepass") if nm == xml_part else d) for nm, d in items]
        for kind, i, arg in draw(st.lists(op, max_size=3)):
            if i >= len(items):
                continue
            if kind == "swap" and arg < len(items):
                (a, da), (b, db) = items[i], items[arg]
                items[i], items[arg] = (a, db), (b, da)
            elif kind == "rename":
                items[i] = (arg, items[i][1])
            elif kind == "drop":
                del items[i]
            elif kind == "dup":
                items.append(items[i])
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # duplicate names
            data = _rezip(items, draw(st.booleans()))
        if draw(st.integers(0, 3)) == 0:
            data = draw(mutated_bytes(data, 3))
        return data

    return build()


TEXT_FRAGMENTS = [
    "---\ntitle: 报告\n---\n", "---\ntitle: {a: 1}\n---\n", "---\n[1, 2\n---\n", "---\na: &a [1,2]\nb: *a\n---\n",
    "---\nx: !!python/object/apply:os.system [ls]\n---\n", "# 一、发展概述\n", "## （一）基本情况\n", "典型案例 2-1：标题\n",
    "表1-1 教师情况表\n", "| 项目 | 数量 |\n|---|---|\n| 在校生 | 17402 |\n| 合计 | 17402 |\n", "数据来源：教务处\n",
    "全日制在校生17402人，专任教师796人，占比46.23%。", "增长2.94%，由33144.21万元增长到34118.10万元。", "\t", "\r\n",
    "１７４０２人", "一万七千四百零二人", "近千人", "1e999人", "9" * 400 + "人", "0.000000001%", "15.85：1", "\x00", "\ufeff",
    "（" * 200, "。" * 500, "17402" * 200, "\n" * 300,
]


def mutated_text() -> st.SearchStrategy[str]:
    return st.sampled_from(text_seeds()).flatmap(lambda s: _mutated_text(s, TEXT_FRAGMENTS))


YAML_FRAGMENTS = [
    "&a [1, 2]", "*a", "!!python/object/apply:os.system [ls]", "!!int abc", "!!float x", "!!timestamp 2023-13-45",
    ".inf", "-.inf", ".nan", "1.0e+999", "1" + "0" * 400, "[" * 80, "]" * 80, "{" * 80, "? [a]\n: 1", "<<: *a",
    "\t", ": ", "- ", "'", '"', "\n  students_total: 1\n", "\nmetrics: {}\n", "formula: a / 0", "formula: ((((a", "~",
    "\n  x: {name: 甲, formula: " + "(" * 150 + "students_total" + ")" * 150 + ", unit: 人}\n",
    "\n  y: {name: 乙, value: 999999999999999, unit: 人}\n  z: {name: 丙, formula: y * y * y / y, unit: 人}\n",
    "file: /dev/zero", "file: ../../../../etc/passwd", "file: tables", "year: 100000000000000000000", "year: .inf",
]


def mutated_data_yaml() -> st.SearchStrategy[str]:
    return _mutated_text(data_text(), YAML_FRAGMENTS, max_ops=4)


@st.composite
def formulas(draw, depth: int = 0) -> str:  # noqa: ANN001
    """Random formula text over the sample's metric ids, numbers (huge, tiny, exponents) and operators."""
    leaf = st.one_of(st.sampled_from(metric_ids()), st.sampled_from(["0", "1", "100", "1e308", "1e-308", "9" * 30,
                                                                    "0.5", "1e999", "x_y", "2023"]))
    if depth > 6 or draw(st.integers(0, 3)) == 0:
        return draw(leaf)
    kind = draw(st.sampled_from(["bin", "bin", "neg", "paren", "junk"]))
    if kind == "bin":
        return f"{draw(formulas(depth + 1))} {draw(st.sampled_from('+-*/'))} {draw(formulas(depth + 1))}"
    if kind == "neg":
        return "-" + draw(formulas(depth + 1))
    if kind == "paren":
        return "(" * draw(st.integers(1, 120)) + draw(formulas(depth + 1)) + ")" * draw(st.integers(0, 120))
    return draw(st.text(alphabet="()+-*/ ._abc%12", max_size=40))


_NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr).map(lambda r: {"nan": ".nan", "inf": ".inf", "-inf": "-.inf"}.get(r, r)),
    st.integers(min_value=-10**30, max_value=10**30).map(str), st.integers(0, 10**6).map(str),
    st.sampled_from(["1" + "0" * 400, "'12,345'", "'1,2'", "0", "-0.0", "1e-320", "~", "''", "[1]", "{a: 1}"]))


@st.composite
def data_with_values(draw) -> str:  # noqa: ANN001
    """The sample data, still valid YAML, with some values, previous values and formulas replaced."""
    import re

    lines = data_text().splitlines()
    spots = [i for i, ln in enumerate(lines) if re.search(r"(value|previous|formula|precision): ", ln)]
    for i in draw(st.lists(st.sampled_from(spots), min_size=1, max_size=6)):
        key = draw(st.sampled_from(["value", "previous", "formula", "precision"]))
        new = draw(formulas()) if key == "formula" else draw(_NUMBER)
        new = '"' + new.replace('"', "") + '"' if key == "formula" else new
        lines[i] = re.sub(r"(value|previous|formula|precision): ([^,}]+)", lambda m: f"{key}: {new}", lines[i], count=1)
    return "\n".join(lines) + "\n"
