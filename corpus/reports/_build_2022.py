"""Build corpus/reports/2022-quality-report.docx from _src/2022.md (sample past report, fictional school).

Why: the sample corpus needs one past report as a real Word file (Heading 1/2/3 styles, real
tables, 表 N-M captions above and 数据来源 lines below) so the .docx reader and ingest are
exercised on the format schools actually hand in. Run:

    /work/venv/bin/python corpus/reports/_build_2022.py

Source conventions (a small Markdown subset): ``#`` title, ``##``/``###``/``####``/``#####``
headings (numbering kept in the text), ``| … |`` tables, ``**bold**`` runs, a line starting with
``典型案例`` opens a case study (rendered as a bold paragraph), ``表 N-M …`` caption lines,
``数据来源：…`` / ``注：…`` lines.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "_src" / "2022.md"
OUT = HERE / "2022-quality-report.docx"

BODY_FONT = "宋体"
HEADING_FONT = "黑体"
HEADING_STYLES = {2: "Heading 1", 3: "Heading 2", 4: "Heading 3", 5: "Heading 4"}
CAPTION_RE = re.compile(r"^[表图]\s*\d{1,2}-\d{1,3}\s")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


def set_font(style_or_run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    """Set Latin and East Asian font and drop theme fonts, which would override w:eastAsia."""
    font = style_or_run.font
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    rpr = style_or_run.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def setup_styles(doc) -> None:  # type: ignore[no-untyped-def]
    """House style: 宋体 body, 黑体 headings, first-line indent for body paragraphs."""
    normal = doc.styles["Normal"]
    set_font(normal, BODY_FONT, 12)
    normal.paragraph_format.line_spacing = 1.5
    normal.paragraph_format.space_after = Pt(0)
    for name, size in (("Title", 20), ("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 12), ("Heading 4", 12)):
        style = doc.styles[name]
        set_font(style, HEADING_FONT, size, bold=True)
        style.font.color.rgb = None
        style.paragraph_format.space_before = Pt(12 if name != "Heading 4" else 6)
        style.paragraph_format.space_after = Pt(6)
    set_font(doc.styles["Caption"], HEADING_FONT, 10.5, bold=True)
    doc.styles["Caption"].font.color.rgb = None
    doc.styles["Caption"].font.italic = False


def add_runs(par, text: str, size: float | None = None) -> None:  # type: ignore[no-untyped-def]
    """Add text to a paragraph, turning **bold** spans into bold runs."""
    pos = 0
    for m in BOLD_RE.finditer(text):
        if m.start() > pos:
            run = par.add_run(text[pos : m.start()])
            if size:
                run.font.size = Pt(size)
        run = par.add_run(m.group(1))
        run.bold = True
        if size:
            run.font.size = Pt(size)
        pos = m.end()
    if pos < len(text):
        run = par.add_run(text[pos:])
        if size:
            run.font.size = Pt(size)


def add_table(doc, rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    """A real Word table: header row bold, all cells centred, 五号 text."""
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            cell = table.cell(r, c)
            par = cell.paragraphs[0]
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.first_line_indent = Cm(0)
            par.paragraph_format.line_spacing = 1.0
            run = par.add_run(value)
            run.font.size = Pt(10.5)
            run.bold = r == 0 or value == "合计"


def parse_table(lines: list[str]) -> list[list[str]]:
    """Markdown table lines → rows of cells (separator row dropped)."""
    rows = []
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells):
            continue
        rows.append(cells)
    width = len(rows[0])
    for i, row in enumerate(rows):
        if len(row) != width:
            raise ValueError(f"{SRC.name}: 表格第 {i + 1} 行有 {len(row)} 列，表头有 {width} 列")
    return rows


def build(src: Path = SRC, out: Path = OUT) -> Path:
    """Render the source Markdown into a .docx and write it atomically."""
    doc = Document()
    setup_styles(doc)
    for section in doc.sections:
        section.top_margin = section.bottom_margin = Cm(2.54)
        section.left_margin = section.right_margin = Cm(3.0)
    doc.core_properties.author = "示例职业技术学院发展规划与质量管理处"
    doc.core_properties.title = "示例职业技术学院职业教育质量年度报告（2022年度）"
    doc.core_properties.created = dt.datetime(2022, 12, 30, 9, 0, 0)

    blocks = re.split(r"\n\s*\n", src.read_text(encoding="utf-8"))
    for block in blocks:
        block = block.strip("\n")
        if not block.strip():
            continue
        lines = block.split("\n")
        if lines[0].startswith("|"):
            add_table(doc, parse_table(lines))
            continue
        text = " ".join(line.strip() for line in lines)
        m = re.match(r"^(#{1,5})\s+(.*)$", text)
        if m:
            level, title = len(m.group(1)), m.group(2).strip()
            if level == 1:
                par = doc.add_paragraph(title, style="Title")
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                par = doc.add_paragraph(title, style=HEADING_STYLES[level])
                if title == "前言":
                    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        if CAPTION_RE.match(text):
            par = doc.add_paragraph(text, style="Caption")
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        if text.startswith(("数据来源：", "注：")):
            par = doc.add_paragraph()
            add_runs(par, text, size=9)
            continue
        if text.startswith("典型案例"):
            par = doc.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            par.paragraph_format.space_before = Pt(6)
            run = par.add_run(text)
            run.bold = True
            set_font(run, HEADING_FONT)
            continue
        par = doc.add_paragraph()
        par.paragraph_format.first_line_indent = Pt(24)
        add_runs(par, text)

    fd, tmp = tempfile.mkstemp(dir=out.parent, suffix=".docx.tmp")
    os.close(fd)
    try:
        doc.save(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the corpus file should be readable by all
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


if __name__ == "__main__":
    path = build()
    sys.stdout.write(f"wrote {path}\n")
