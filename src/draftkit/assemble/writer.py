"""ReportWriter: lays headings, draft blocks, tables, charts and comments into a python-docx Document.

Numbering follows the real reports: chapters 一、, sections （一）, in-section headings 1. and （1）;
tables 表 N-M (caption above) and figures 图 N-M (caption below) count per chapter; 典型案例 N-M
boxes are renumbered per chapter so separately drafted sections never clash.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from ..data.model import Table
from ..grammar import numbering, strip_numbering
from ..spec import cn_number
from .charts import ChartImage
from .lists import ListNumbering
from .markdown import Block, CaseBox, Heading, ListBlock, Note, Paragraph as MdParagraph, Placeholder, inline_runs, plain
from .ooxml import add_bookmark, border_paragraph, shade_paragraph
from .style import S, TEXT_WIDTH_CM, StyleIds
from .typeset import balanced_lines
from .tables import add_data_table, label_left_alignments, source_text
from .toc import TOC_LEVELS, TocEntry

__all__ = ["ReportWriter", "cn_number", "chapter_heading", "section_heading", "Counters"]

CASE_FILL = "EEF3FA"
CASE_BORDER = "8EAADB"
COMMENT_AUTHOR = "draftkit"
COMMENT_INITIALS = "DK"
# a case title (黑体 14 pt) fits this many ems inside its box (text width less the border spacing)
CASE_TITLE_EMS = (TEXT_WIDTH_CM / 2.54 * 72 - 2 * 7) / 14.0 - 0.5
_CASE_NUM = re.compile(r"^\s*典型案例\s*(?:\d+\s*[-－—]\s*)?\d*\s*[：:]?\s*")


def chapter_heading(number: int | None, title: str) -> str:
    """``一、发展概述`` (or the bare title for 前言)."""
    return f"{cn_number(number)}、{title}" if number else title


def section_heading(index: int, title: str) -> str:
    """``（一）基本情况``."""
    return f"（{cn_number(index)}）{title}"


def strip_number(text: str) -> str:
    """A heading without its leading numbering (for comparisons)."""
    return strip_numbering(text)


@dataclass
class Counters:
    """Per-chapter counters for tables, figures and cases; totals for the summary."""

    chapter: int | None = None
    table: int = 0
    figure: int = 0
    case: int = 0
    tables_total: int = 0
    charts_total: int = 0
    comments_total: int = 0
    cases_total: int = 0

    def start_chapter(self, number: int | None) -> None:
        self.chapter = number
        self.table = self.figure = self.case = 0

    def label(self, n: int) -> str:
        return f"{self.chapter}-{n}" if self.chapter else str(n)


@dataclass
class ReportWriter:
    """Stateful writer over one python-docx Document."""

    doc: DocxDocument
    school: str = ""
    chart_cache: Path | None = None
    notes: bool = True  # writer notes as Word comments; False for a clean copy to publish
    counters: Counters = field(default_factory=Counters)
    toc: list[TocEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _bookmark_id: int = 0
    _last_anchor: Paragraph | None = None
    _h3: int = 0
    _h4: int = 0
    _lists: ListNumbering | None = None
    _toc_placed: bool = False
    _ids: StyleIds | None = None

    @property
    def ids(self) -> StyleIds:
        """Style ids of this document (resolved once)."""
        if self._ids is None:
            self._ids = StyleIds(self.doc)
        return self._ids

    def _para(self, text: str, style: str) -> Paragraph:
        return self.ids.add(self.doc, text, style)

    # ------------------------------------------------------------------ structure

    def cover(self, school: str, title: str, date_text: str) -> Paragraph:
        """Cover page: school, report title (with the year line), date; returns its last paragraph."""
        self._para(school, S.COVER_SCHOOL)
        rest = title[len(school):] if title.startswith(school) else title
        main, _, year = rest.partition("（")
        p = self._para(main.strip() or rest, S.COVER_TITLE)
        if year:
            p.add_run().add_break(WD_BREAK.LINE)
            p.add_run("（" + year)
        return self._para(date_text, S.COVER_DATE)

    def heading(self, level: int, text: str) -> Paragraph:
        """A heading paragraph; levels 1–2 (the TOC's depth) get a ``_Toc`` bookmark and a TOC entry."""
        p = self._para(text, S.H[min(level, 4)])
        if level <= TOC_LEVELS:
            self._bookmark_id += 1
            name = f"_Toc{100000 + self._bookmark_id}"
            add_bookmark(p, name, self._bookmark_id)
            self.toc.append(TocEntry(level, text, name, front=not self._toc_placed))
        self._last_anchor = p
        if level <= 2:
            self._h3 = self._h4 = 0
        elif level == 3:
            self._h4 = 0
        return p

    def toc_marker(self) -> Paragraph:
        """The 目录 heading (always on a new page, whatever a template's style says) and a marker
        paragraph later replaced by the TOC field."""
        self._para("目  录", S.TOC_HEADING).paragraph_format.page_break_before = True
        self._toc_placed = True
        return self._para("", S.NORMAL)

    def chapter(self, number: int | None, title: str) -> Paragraph:
        """Start a chapter: heading 1 and fresh per-chapter counters."""
        self.counters.start_chapter(number)
        return self.heading(1, chapter_heading(number, title))

    # ------------------------------------------------------------------ draft blocks

    def blocks(self, blocks: list[Block], section_title: str = "", place=None) -> None:
        """Render draft blocks; ``place(kind, ref)`` handles ``[[table:…]]``/``[[chart:…]]``."""
        for i, b in enumerate(blocks):
            if isinstance(b, Heading):
                if b.level <= 2 and strip_number(plain(b.text)) == strip_number(section_title):
                    continue  # the draft repeats its own section title
                self.subheading(max(b.level, 3), b.text)
            elif isinstance(b, MdParagraph):
                self.paragraph(b.text)
            elif isinstance(b, ListBlock):
                self.list_block(b)
            elif isinstance(b, CaseBox):
                self.case(b)
            elif isinstance(b, Note):
                self.note(b.text)
            elif isinstance(b, Placeholder):
                if place is not None:
                    place(b.kind, b.ref)

    def subheading(self, level: int, text: str) -> Paragraph:
        """``1.小标题`` (level 3) or ``（1）小标题`` (level 4), numbered when the draft did not."""
        text = plain(text).strip()
        if level == 3:
            self._h3 += 1
            n = numbering(text)
            text = f"{n.number}.{text[n.end:]}" if n and n.kind == "digit" else f"{self._h3}.{strip_number(text)}"
        else:
            self._h4 += 1
            n = numbering(text)
            text = f"（{n.number}）{text[n.end:]}" if n and n.kind == "digit_paren" else f"（{self._h4}）{strip_number(text)}"
        return self.heading(level, text)

    def paragraph(self, text: str, style: str = S.NORMAL) -> Paragraph:
        """A body paragraph with inline bold."""
        p = self._para("", style)
        for chunk, bold in inline_runs(text):
            run = p.add_run(chunk)
            if bold:
                run.bold = True
        self._last_anchor = p
        return p

    def list_block(self, block: ListBlock, style: str = S.LIST, boxed: bool = False) -> list[Paragraph]:
        """A numbered or bulleted list (real Word numbering restarting at ``block.start``)."""
        if self._lists is None:
            self._lists = ListNumbering(self.doc)
        num_id = self._lists.new_list(block.ordered, block.start)
        out = []
        for item in block.items:
            p = self.paragraph(item, style=style)
            self._lists.apply(p, num_id)
            if boxed:
                self._box(p)
            out.append(p)
        return out

    def case(self, box: CaseBox) -> None:
        """A 典型案例 as a shaded, bordered box (consecutive bordered paragraphs merge)."""
        self.counters.case += 1
        self.counters.cases_total += 1
        raw = plain(box.title)
        title = _CASE_NUM.sub("", raw).strip() if _CASE_NUM.match(raw) else raw.strip()
        label = f"典型案例 {self.counters.label(self.counters.case)}"
        t = self._lines(balanced_lines(f"{label}：{title}" if title else label, CASE_TITLE_EMS), S.CASE_TITLE)
        self._box(t)
        self._last_anchor = t
        for b in box.blocks:
            if isinstance(b, MdParagraph):
                self._box(self.paragraph(b.text, style=S.CASE_TEXT))
            elif isinstance(b, ListBlock):
                self.list_block(b, style=S.CASE_TEXT, boxed=True)
            elif isinstance(b, Heading):
                p = self.paragraph(f"**{strip_number(b.text)}**", style=S.CASE_TEXT)
                self._box(p)
            elif isinstance(b, Note):
                self.note(b.text)
            elif isinstance(b, CaseBox):
                self._box(self.paragraph(f"**{b.title}**", style=S.CASE_TEXT))
        # an empty spacer so the next body paragraph is not merged into the box
        self._para("", S.SOURCE)

    def _lines(self, lines: list[str], style: str) -> Paragraph:
        """One paragraph whose lines are separated by line breaks (a balanced two-line title)."""
        p = self._para(lines[0], style)
        for line in lines[1:]:
            p.add_run().add_break(WD_BREAK.LINE)
            p.add_run(line)
        return p

    def _box(self, p: Paragraph) -> None:
        shade_paragraph(p, CASE_FILL)
        border_paragraph(p, color=CASE_BORDER, size=8, space=6)

    def note(self, text: str) -> None:
        """A writer note → Word comment on the preceding paragraph (never body text)."""
        if not self.notes:
            return
        anchor = self._last_anchor
        if anchor is None:
            self.warnings.append(f"批注无处可挂，已略去：{text[:30]}…")
            return
        runs = [r for r in anchor.runs if r.text]
        if not runs:
            runs = [anchor.add_run("")]
        self.doc.add_comment(runs, text=text, author=COMMENT_AUTHOR, initials=COMMENT_INITIALS)
        self.counters.comments_total += 1

    def placeholder(self, message: str) -> Paragraph:
        """A clearly marked paragraph where a draft is missing."""
        p = self.paragraph(message, style=S.PLACEHOLDER)
        return p

    # ------------------------------------------------------------------ tables and charts

    def data_table(self, table: Table, title: str | None = None) -> None:
        """Table 表 N-M from the data, caption above, 数据来源 below."""
        self.counters.table += 1
        self.counters.tables_total += 1
        caption = f"表 {self.counters.label(self.counters.table)} {title or table.title}"
        if table.unit and table.unit not in caption:
            caption += f"（单位：{table.unit}）"
        add_data_table(self.doc, table, caption, school=self.school, ids=self.ids)

    def appendix_table(self, table: Table, index: int) -> None:
        """附表 n: caption 附表n 标题 above, 数据来源 below."""
        self.counters.tables_total += 1
        numbered = re.match(r"^\s*附?表\s*\d+", table.title)
        add_data_table(self.doc, table, table.title if numbered else f"附表{index} {table.title}",
                       school=self.school, ids=self.ids, align=label_left_alignments(table))

    def figure(self, image: ChartImage) -> str:
        """The chart picture, caption 图 N-M below, then its 数据来源; returns the label (``图 1-3``)."""
        self.counters.figure += 1
        self.counters.charts_total += 1
        p = self._para("", S.FIGURE)
        p.add_run().add_picture(io.BytesIO(image.png), width=Cm(min(14.0, TEXT_WIDTH_CM)))
        label = f"图 {self.counters.label(self.counters.figure)}"
        self._para(f"{label} {image.title}", S.CAPTION)
        src = source_text(image.source, self.school)
        if src:
            self._para(src, S.SOURCE)
        self.warnings.extend(image.warnings)
        return label
