"""Read a built .docx's XML and list what WPS, Word or a quality office would send back.

Two groups of checks, each a function over the unzipped package:

- ``wps_problems`` — what breaks in WPS (and older Word): table widths that disagree between
  ``w:tblGrid`` and ``w:tcW``, theme font attributes anywhere (styles, runs, comments, headers,
  footers), a style used by text without a ``w:eastAsia`` font, a TOC field without pre-filled entries;
- ``layout_problems`` — the house layout: chart pictures unique, table rows that never split, a
  repeated header row, short tables kept whole, a two-level TOC, page numbers restarting at 1 on
  the body with none on the cover, and the appendix's label columns aligned alike.

Used by the tests (on the built report and on a ``--template`` build) and by ``bench/bench_layout.py``.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

__all__ = ["Problem", "Package", "audit_docx", "wps_problems", "layout_problems", "THEME_ATTRS"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
_TEXT_PARTS = re.compile(r"word/(document|comments|header\d*|footer\d*|footnotes|endnotes)\.xml$")


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@dataclass(frozen=True)
class Problem:
    """One finding: which check, where (part, table, style), and what is wrong, in Chinese."""

    check: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.where}: {self.message}"


class Package:
    """The XML parts of a .docx, parsed once."""

    def __init__(self, source: str | Path | bytes):
        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.blobs = {n: z.read(n) for n in z.namelist()}
        self.xml = {n: etree.fromstring(b) for n, b in self.blobs.items()
                    if n.endswith(".xml") and not n.startswith("word/theme/") and b.strip()}
        self.document = self.xml["word/document.xml"]
        self.styles = self.xml.get("word/styles.xml")
        self._names: dict[str, str] | None = None

    def text_parts(self) -> dict[str, etree._Element]:
        """document, comments, headers, footers, foot/endnotes."""
        return {n: x for n, x in self.xml.items() if _TEXT_PARTS.match(n)}

    def style_names(self) -> dict[str, str]:
        """Style id → UI name (``Heading1`` → ``heading 1``, lower-cased)."""
        if self._names is None:
            styles = self.styles.findall("w:style", NS) if self.styles is not None else []
            self._names = {s.get(_w("styleId")): (s.find("w:name", NS).get(_w("val"), "") if s.find("w:name", NS)
                                                   is not None else "").lower() for s in styles}
        return self._names

    def paragraph_style(self, p) -> str:
        ps = p.find("w:pPr/w:pStyle", NS)
        return self.style_names().get(ps.get(_w("val")), "") if ps is not None else "normal"


def audit_docx(source: str | Path | bytes) -> list[Problem]:
    """Every WPS-safety and layout problem of a .docx (empty when it is fine)."""
    pkg = Package(source)
    return wps_problems(pkg) + layout_problems(pkg)


# --------------------------------------------------------------------------- WPS and Word


def wps_problems(pkg: Package) -> list[Problem]:
    """Table grids, theme fonts, East Asian fonts of used styles, the pre-filled TOC."""
    return _table_grids(pkg) + _theme_fonts(pkg) + _east_asia(pkg) + _toc_prefilled(pkg)


def _table_grids(pkg: Package) -> list[Problem]:
    out = []
    for n, tbl in enumerate(pkg.document.iter(_w("tbl")), start=1):
        grid = [int(c.get(_w("w"), "0")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
        if not grid or not all(grid):
            out.append(Problem("table-grid", f"表格{n}", "缺少 w:tblGrid/w:gridCol 列宽（WPS 按它排列列宽）"))
            continue
        for r, tr in enumerate(tbl.findall("w:tr", NS), start=1):
            pos = 0
            for tc in tr.findall("w:tc", NS):
                span_el = tc.find("w:tcPr/w:gridSpan", NS)
                span = int(span_el.get(_w("val"))) if span_el is not None else 1
                tcw = tc.find("w:tcPr/w:tcW", NS)
                want = sum(grid[pos:pos + span])
                if tcw is None or tcw.get(_w("type")) != "dxa" or int(tcw.get(_w("w"), "0")) != want:
                    got = "无" if tcw is None else f"{tcw.get(_w('w'))} ({tcw.get(_w('type'))})"
                    out.append(Problem("table-grid", f"表格{n} 第{r}行", f"单元格宽度 {got} 与 tblGrid 的 {want} 不一致"))
                    break
                pos += span
            else:
                if pos != len(grid):
                    out.append(Problem("table-grid", f"表格{n} 第{r}行", f"各单元格共占 {pos} 列，tblGrid 有 {len(grid)} 列"))
    return out


def _theme_fonts(pkg: Package) -> list[Problem]:
    out = []
    for name, root in pkg.xml.items():
        if not name.startswith("word/"):
            continue
        hits = {a for el in root.iter(_w("rFonts")) for a in THEME_ATTRS if el.get(_w(a)) is not None}
        if hits:
            out.append(Problem("theme-font", name, f"仍有主题字体属性 {', '.join(sorted(hits))}（WPS 报告字体缺失）"))
    return out


def _styles_by_id(pkg: Package) -> dict[str, etree._Element]:
    return {s.get(_w("styleId")): s for s in pkg.styles.findall("w:style", NS)} if pkg.styles is not None else {}


def _chain_east_asia(style_id: str, styles: dict[str, etree._Element]) -> str | None:
    seen = set()
    while style_id and style_id not in seen and style_id in styles:
        seen.add(style_id)
        el = styles[style_id]
        rf = el.find("w:rPr/w:rFonts", NS)
        if rf is not None and rf.get(_w("eastAsia")):
            return rf.get(_w("eastAsia"))
        based = el.find("w:basedOn", NS)
        style_id = based.get(_w("val")) if based is not None else ""
    return None


def _east_asia(pkg: Package) -> list[Problem]:
    """Every paragraph style text uses resolves to a w:eastAsia font; character styles that name fonts name one."""
    styles = _styles_by_id(pkg)
    default_p = next((sid for sid, s in styles.items() if s.get(_w("type")) == "paragraph"
                      and s.get(_w("default")) in ("1", "true")), None)
    used_p, used_r = set(), set()
    for root in pkg.text_parts().values():
        for p in root.iter(_w("p")):
            ps = p.find("w:pPr/w:pStyle", NS)
            used_p.add(ps.get(_w("val")) if ps is not None else default_p)
        used_r |= {r.get(_w("val")) for r in root.iter(_w("rStyle"))}
    out = []
    defaults = pkg.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS) if pkg.styles is not None else None
    if defaults is None or not defaults.get(_w("eastAsia")):
        out.append(Problem("east-asia", "styles.xml docDefaults", "默认字体没有 w:eastAsia（中文会回退到日文字体）"))
    for sid in sorted(s for s in used_p if s):
        if sid not in styles:
            out.append(Problem("east-asia", f"样式 {sid}", "正文用到的样式在 styles.xml 中不存在"))
        elif not _chain_east_asia(sid, styles):
            out.append(Problem("east-asia", f"样式 {sid}", "没有 w:eastAsia 中文字体（本身及所基于的样式都没有）"))
    for sid in sorted(s for s in used_r if s in styles):
        rf = styles[sid].find("w:rPr/w:rFonts", NS)
        if rf is not None and not rf.get(_w("eastAsia")):
            out.append(Problem("east-asia", f"字符样式 {sid}", "设置了字体却没有 w:eastAsia"))
    return out


def _field_spans(pkg: Package):
    """(instruction, [elements between separate and end]) of each complex field in document.xml, flat order."""
    stack: list[dict] = []
    for el in pkg.document.iter(_w("fldChar"), _w("instrText"), _w("t")):
        if el.tag == _w("fldChar"):
            kind = el.get(_w("fldCharType"))
            if kind == "begin":
                stack.append({"instr": "", "result": [], "sep": False, "begin": el})
            elif kind == "separate" and stack:
                stack[-1]["sep"] = True
            elif kind == "end" and stack:
                done = stack.pop()
                if stack and stack[-1]["sep"]:
                    stack[-1]["result"].extend(done["result"])
                yield done
        elif stack:
            if el.tag == _w("instrText") and not stack[-1]["sep"]:
                stack[-1]["instr"] += el.text or ""
            elif el.tag == _w("t") and stack[-1]["sep"]:
                stack[-1]["result"].append(el.text or "")


def toc_field(pkg: Package) -> dict | None:
    """The TOC field: ``instr``, ``result`` (texts shown when fields are not updated), ``begin`` element."""
    return next((f for f in _field_spans(pkg) if f["instr"].strip().startswith("TOC")), None)


def _toc_prefilled(pkg: Package) -> list[Problem]:
    toc = toc_field(pkg)
    if toc is None:
        return [Problem("toc", "目录", "没有 TOC 域")]
    if not toc["sep"] or not "".join(toc["result"]).strip():
        return [Problem("toc", "目录", "TOC 域没有预先填好的条目（不更新域时只显示域代码或空白）")]
    return []


# --------------------------------------------------------------------------- layout


def layout_problems(pkg: Package, keep_whole_rows: int = 15) -> list[Problem]:
    """Unique charts, row splitting and header rows, TOC depth, page numbering, appendix alignment."""
    return (_unique_images(pkg) + _table_rows(pkg, keep_whole_rows) + _toc_depth(pkg) + _page_numbers(pkg)
            + _appendix_alignment(pkg))


def _unique_images(pkg: Package) -> list[Problem]:
    digests: dict[str, str] = {}
    out = []
    for name, blob in sorted(pkg.blobs.items()):
        if name.startswith("word/media/"):
            d = hashlib.sha256(blob).hexdigest()
            if d in digests:
                out.append(Problem("chart-twice", name, f"与 {digests[d]} 是同一张图"))
            digests.setdefault(d, name)
    embeds = [b.get(f"{{{R}}}embed") for b in pkg.document.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")]
    for rid in {e for e in embeds if embeds.count(e) > 1}:
        out.append(Problem("chart-twice", rid, "同一张图片在文中出现了不止一次"))
    return out


def _keeps_next(tr) -> bool:
    paras = list(tr.iter(_w("p")))
    return bool(paras) and all(p.find("w:pPr/w:keepNext", NS) is not None for p in paras)


def _table_rows(pkg: Package, keep_whole_rows: int) -> list[Problem]:
    out = []
    for n, tbl in enumerate(pkg.document.iter(_w("tbl")), start=1):
        rows = tbl.findall("w:tr", NS)
        header = [tr for tr in rows if tr.find("w:trPr/w:tblHeader", NS) is not None]
        if not header or rows[0] is not header[0]:
            out.append(Problem("table-header", f"表格{n}", "首行不是跨页重复的标题行（w:tblHeader）"))
        split = [i + 1 for i, tr in enumerate(rows) if tr.find("w:trPr/w:cantSplit", NS) is None]
        if split:
            out.append(Problem("row-split", f"表格{n}", f"第{split[0]}行等 {len(split)} 行可能被分页拆开（缺 w:cantSplit）"))
        if len(rows) - len(header) <= keep_whole_rows and not all(_keeps_next(tr) for tr in rows[:-1]):
            out.append(Problem("table-whole", f"表格{n}", f"只有 {len(rows) - len(header)} 行却可能跨页（各行未与下一行同页）"))
        elif len(rows) - len(header) > keep_whole_rows and not (_keeps_next(rows[len(header)]) and _keeps_next(rows[-2])):
            out.append(Problem("table-orphan", f"表格{n}", "跨页时可能只剩一行在某一页（首尾两行未连在一起）"))
    return out


def _toc_depth(pkg: Package) -> list[Problem]:
    toc = toc_field(pkg)
    out = []
    if toc is not None:
        m = re.search(r'\\o\s+"(\d)-(\d)"', toc["instr"])
        if not m or m.group(2) != "2":
            out.append(Problem("toc-depth", "目录", f"目录应列到二级标题：{toc['instr'].strip()}"))
    deep = [p for p in pkg.document.iter(_w("p")) if re.fullmatch(r"toc [3-9]", pkg.paragraph_style(p) or "")
            and "".join(t.text or "" for t in p.iter(_w("t"))).strip()]
    if deep:
        out.append(Problem("toc-depth", "目录", f"目录中有 {len(deep)} 条三级及以下条目"))
    return out


def _sections(pkg: Package) -> list[tuple[etree._Element, list[etree._Element]]]:
    """(sectPr, the body paragraphs of that section) in order."""
    out, paras = [], []
    for child in pkg.document.find("w:body", NS):
        if child.tag == _w("p"):
            paras.append(child)
            sect = child.find("w:pPr/w:sectPr", NS)
            if sect is not None:
                out.append((sect, paras))
                paras = []
        elif child.tag == _w("sectPr"):
            out.append((child, paras))
        elif child.tag == _w("tbl"):
            paras.append(child)
    return out


def _footer_fields(pkg: Package, sect) -> str:
    """The field instructions of the footers a section shows ('' when it shows none)."""
    rels = pkg.xml.get("word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels} if rels is not None else {}
    text = ""
    for ref in sect.findall("w:footerReference", NS):
        part = pkg.xml.get("word/" + targets.get(ref.get(f"{{{R}}}id"), ""))
        if part is not None:
            text += " ".join(t.text or "" for t in part.iter(_w("instrText")))
            text += " ".join(f.get(_w("instr"), "") for f in part.iter(_w("fldSimple")))
    return text


def _page_numbers(pkg: Package) -> list[Problem]:
    sections = _sections(pkg)
    out = []
    if len(sections) < 3:
        return [Problem("page-numbers", "分节", f"只有 {len(sections)} 节：封面、目录、正文应各自分节，正文页码从 1 开始")]
    cover, body = sections[0][0], sections[-1]
    if "PAGE" in _footer_fields(pkg, cover):
        out.append(Problem("page-numbers", "封面", "封面显示页码"))
    start = body[0].find("w:pgNumType", NS)
    if start is None or start.get(_w("start")) != "1":
        out.append(Problem("page-numbers", "正文", "正文一节的页码不从 1 开始（w:pgNumType w:start=\"1\"）"))
    first = next((p for p in body[1] if p.tag == _w("p") and pkg.paragraph_style(p) == "heading 1"), None)
    if first is None or body[1].index(first) > 1:
        out.append(Problem("page-numbers", "正文", "正文一节不是从第一章标题开始"))
    return out


def _appendix_alignment(pkg: Package) -> list[Problem]:
    """The label column (指标, or the first text column) of every 附表 has one alignment."""
    started, seen = False, {}
    for child in pkg.document.find("w:body", NS):
        if child.tag == _w("p") and pkg.paragraph_style(child) == "heading 1":
            started = "".join(t.text or "" for t in child.iter(_w("t"))).strip() == "附表"
        elif child.tag == _w("tbl") and started:
            rows = child.findall("w:tr", NS)
            head = ["".join(t.text or "" for t in tc.iter(_w("t"))) for tc in rows[0].findall("w:tc", NS)]
            col = next((i for i, h in enumerate(head) if not re.search(r"序号|编号", h)), 0)
            for tr in rows[1:]:
                tcs = tr.findall("w:tc", NS)
                jc = tcs[col].find("w:p/w:pPr/w:jc", NS) if col < len(tcs) else None
                seen.setdefault(jc.get(_w("val")) if jc is not None else "left", []).append(head[col])
    if len(seen) > 1:
        detail = "；".join(f"{k}：{len(v)} 格" for k, v in seen.items())
        return [Problem("appendix-align", "附表", f"各附表的指标列对齐方式不一致（{detail}）")]
    return []
