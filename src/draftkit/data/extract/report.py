"""Read last year's report: its figures in place (through the checker's document model), the
heading path of every block, the school and the report year."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ...check.document import build_doc, chapter_breaks
from ...grammar import year_mentions
from .rows import ExtractRow, rows_from_document
from .tables import ExtractTable, tables_from_document

__all__ = ["Extraction", "extract_report"]

_SCHOOL = re.compile(r"[\u4e00-\u9fff]{2,16}?(?:职业技术学院|职业学院|高等专科学校|技师学院|职业技术大学|职业大学|"
                     r"中等专业学校|职业中等专业学校|职业技术学校|职业学校|技工学校)")


@dataclass
class Extraction:
    """What a report yields: its rows, and the school and year it reports on."""

    path: Path
    school: str
    report_year: int | None
    rows: list[ExtractRow] = field(default_factory=list)
    figures: int = 0          # prose figures read
    tables: list[ExtractTable] = field(default_factory=list)
    tables_skipped: int = 0   # report tables whose rows do not line up (flattened PDF tables)

    @property
    def data_year(self) -> int | None:
        """The year the workbook collects: the one after the report's."""
        return self.report_year + 1 if self.report_year else None


def extract_report(path: str | os.PathLike[str], school: str | None = None) -> Extraction:
    """Rows for every prose figure of a report (.docx/.pdf/.txt/.md); DocumentError if unreadable."""
    from ...readers import read_document

    doc = read_document(path)
    check_doc = build_doc(doc.path, doc.format, doc.blocks)
    text = "\n".join(b.text for b in doc.blocks[:400])
    name = school or _school(text, doc.meta)
    sections = _sections(doc.blocks)
    rows = rows_from_document(check_doc, sections, name)
    figures = sum(1 for m in check_doc.mentions if m.row is None and m.passage.kind in ("paragraph", "heading"))
    tables = tables_from_document(check_doc, doc.blocks, sections, {r.id for r in rows}, name)
    with_figures = sum(1 for t in check_doc.tables if any(m.table is t for m in check_doc.mentions))
    return Extraction(Path(path), name, _report_year(text, Path(path).name, doc.meta), rows, figures, tables,
                      max(with_figures - len(tables), 0))


def _school(text: str, meta: dict) -> str:
    """The school the report is about: front matter, else the most frequent college name in it."""
    if meta.get("school"):
        return str(meta["school"])
    names = Counter(m.group(0) for m in _SCHOOL.finditer(text))
    return names.most_common(1)[0][0] if names else ""


def _report_year(text: str, filename: str, meta: dict) -> int | None:
    """The report's year: front matter, 《…（2023年度）》 in the title, the 学年 it covers, the file name."""
    if str(meta.get("year", "")).isdigit():
        return int(meta["year"])
    head = text[:3000]
    mentions = year_mentions(head)
    years = Counter(y.year for y in mentions if y.kind == "year" and y.tail == "年度")
    if years:
        return years.most_common(1)[0][0]
    periods = Counter(y.year for y in year_mentions(text) if y.kind == "school_year" and len(y.years) == 2)
    if periods:
        return periods.most_common(1)[0][0]
    m = re.search(r"(20\d{2})", filename)
    return int(m.group(1)) if m else None


def _sections(blocks: list) -> dict[int, str]:  # noqa: ANN001 - readers.Block
    """Block index → "二、人才培养 › （三）就业质量": the chapter and section heading above it."""
    breaks = chapter_breaks(blocks)
    chapter, section = "正文前", ""
    out: dict[int, str] = {}
    for i, b in enumerate(blocks):
        if i in breaks:
            chapter, section = _compact(b.text), ""
        elif b.kind == "heading" and b.level == 2 and not b.tag:
            section = _compact(b.text)
        out[i] = f"{chapter} › {section}" if section else chapter
    return out


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)[:30]
