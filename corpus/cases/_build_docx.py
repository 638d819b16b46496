"""Build the sample .docx case studies in corpus/cases/ from their YAML sources in _src/.

Why: the corpus needs a few Word documents so the .docx reader is exercised; keeping the
text in YAML makes the cases reviewable in git and the .docx files reproducible.

Usage (from anywhere):  /work/venv/bin/python corpus/cases/_build_docx.py [slug ...]

Each _src/<slug>.yaml holds: title, chapter, year, school, tags, sections[{heading, paragraphs}].
Output corpus/cases/<slug>.docx: title as Heading 1, a "章节：…" line, each section heading as
Heading 2, paragraphs as Normal; core properties title/subject/category/keywords/comments set.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "_src"
CJK_FONT = "宋体"
HEADING_FONT = "黑体"


def _set_east_asian_font(style: Any, name: str) -> None:
    """Give a style an explicit East Asian font (theme font attributes removed)."""
    style.font.name = name
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), name)


def load_source(path: Path) -> dict[str, Any]:
    """Read one YAML source and check it has the fields the builder needs."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [k for k in ("title", "chapter", "year", "school", "tags", "sections") if k not in data]
    if missing:
        raise SystemExit(f"{path}: 缺少字段 {missing}，请补全后重试")
    return data


def build(data: dict[str, Any], out: Path) -> None:
    """Write one case study as a .docx file."""
    doc = Document()
    _set_east_asian_font(doc.styles["Normal"], CJK_FONT)
    doc.styles["Normal"].font.size = Pt(12)
    for name in ("Heading 1", "Heading 2"):
        _set_east_asian_font(doc.styles[name], HEADING_FONT)

    doc.add_heading(data["title"], level=1)
    doc.add_paragraph(f"章节：{data['chapter']}")
    for section in data["sections"]:
        doc.add_heading(section["heading"], level=2)
        for text in section["paragraphs"]:
            doc.add_paragraph(text.strip())

    props = doc.core_properties
    props.title = data["title"]
    props.subject = data["chapter"]
    props.category = data["chapter"]
    props.keywords = "; ".join(data["tags"])
    props.author = data["school"]
    props.last_modified_by = data["school"]
    props.comments = f"chapter: {data['chapter']}; year: {data['year']}; school: {data['school']}"
    stamp = datetime(int(data["year"]), 12, 1, 9, 0, 0)
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    doc.save(str(out))


def main(argv: list[str]) -> int:
    """Build all sources, or only the slugs named on the command line."""
    sources = sorted(SRC.glob("*.yaml"))
    if argv:
        sources = [s for s in sources if s.stem in set(argv)]
    for src in sources:
        out = HERE / f"{src.stem}.docx"
        build(load_source(src), out)
        print(f"{out.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
