"""Data tables → Word tables: caption 表 N-M above, 数据来源 below, styled and merged header.

Cells are written exactly as the data holds them (never re-typed from the text). A column named
``组|子列`` (e.g. ``副高以上职称教师|人数``) makes a two-level header: equal groups side by side
are merged across, single-level columns are merged down.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from ..data.model import Table, parse_number
from .ooxml import (TBLPR_ORDER, insert_ordered, cell_margins, keep_rows_together, repeat_header, set_cell_valign,
                    set_table_borders, set_table_widths, shade_cell)
from .style import S, TEXT_WIDTH_CM, StyleIds

__all__ = ["HEADER_SEP", "HeaderCell", "header_layout", "add_data_table", "source_text", "is_numeric",
           "KEEP_WHOLE_ROWS", "keep_table_rows", "column_alignments", "label_left_alignments"]

HEADER_SEP = "|"
#: a table with at most this many body rows is never broken across pages (it moves to the next page
#: whole); a longer one breaks between rows only, repeating its header row, with at least
#: ``ORPHAN_ROWS`` body rows on either side of the break. Word cannot label a continued table
#: 续表 N-M by itself, so the repeated header row stands in for it (see the README).
KEEP_WHOLE_ROWS = 15
ORPHAN_ROWS = 2
HEADER_FILL = "D9E2F3"
TOTAL_FILL = "F2F2F2"
_DEPT_RE = re.compile(r"(处|办|办公室|室|部|中心|学院|馆|科|委员会|团委)$")


@dataclass(frozen=True)
class HeaderCell:
    """One visible header cell: text, top-left grid position and span."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def header_layout(columns: list[str]) -> tuple[int, list[HeaderCell]]:
    """Rows of the header (1 or 2) and its cells, merging equal adjacent groups."""
    parts = [c.split(HEADER_SEP, 1) if HEADER_SEP in c else [c] for c in columns]
    if all(len(p) == 1 for p in parts):
        return 1, [HeaderCell(c, 0, i) for i, c in enumerate(columns)]
    cells: list[HeaderCell] = []
    i = 0
    while i < len(parts):
        p = parts[i]
        if len(p) == 1:
            cells.append(HeaderCell(p[0].strip(), 0, i, rowspan=2))
            i += 1
            continue
        j = i
        while j + 1 < len(parts) and len(parts[j + 1]) == 2 and parts[j + 1][0] == p[0]:
            j += 1
        cells.append(HeaderCell(p[0].strip(), 0, i, colspan=j - i + 1))
        for k in range(i, j + 1):
            cells.append(HeaderCell(parts[k][1].strip(), 1, k))
        i = j + 1
    return 2, cells


def is_numeric(text: str) -> bool:
    """A cell that reads as a number (``17402``, ``46.23%``, ``15.85：1``) is right-aligned."""
    s = text.strip()
    if not s:
        return False
    if parse_number(s) is not None:
        return True
    return bool(re.fullmatch(r"[-+]?\d+(\.\d+)?\s*[:：]\s*\d+(\.\d+)?", s))


def source_text(source: str | None, school: str) -> str | None:
    """``数据来源：`` line; a bare department (教务处) is prefixed with the school name."""
    if not source:
        return None
    src = source.strip()
    if src.startswith("数据来源"):
        src = src.split("：", 1)[-1].split(":", 1)[-1].strip()
    if school and school not in src and len(src) <= 10 and _DEPT_RE.search(src):
        src = school + src
    return f"数据来源：{src}"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(table: Table, total_cm: float = TEXT_WIDTH_CM) -> list[float]:
    """Column widths in cm, by the widest cell (header words wrap, so they count less)."""
    n = len(table.columns)
    want = []
    for i, col in enumerate(table.columns):
        label = col.split(HEADER_SEP)[-1]
        body = max((_width(r[i]) for r in table.rows if i < len(r)), default=0)
        want.append(max(min(body, 40), min(_width(label), 12), 4))
    scale = total_cm / sum(want)
    widths = [w * scale for w in want]
    min_cm = min(1.2, total_cm / n)
    short = [i for i, w in enumerate(widths) if w < min_cm]
    if short:
        extra = sum(min_cm - widths[i] for i in short)
        rest = [i for i in range(n) if i not in short]
        rest_total = sum(widths[i] for i in rest) or 1
        widths = [min_cm if i in short else w - extra * w / rest_total for i, w in enumerate(widths)]
    return widths


def add_data_table(doc: DocxDocument, table: Table, caption: str, school: str = "",
                   ids: StyleIds | None = None, align: list[WD_ALIGN_PARAGRAPH] | None = None) -> object:
    """Caption, the table itself and its 数据来源 line; returns the python-docx table.

    ``align`` fixes the alignment of each column (default: ``column_alignments``).
    """
    ids = ids or StyleIds(doc)
    cap = ids.add(doc, caption, S.CAPTION)
    cap.paragraph_format.keep_with_next = True
    header_rows, header = header_layout(table.columns)
    n_cols = len(table.columns)
    t = doc.add_table(rows=header_rows + len(table.rows), cols=n_cols)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    set_table_borders(t)
    cell_margins(t)
    _fixed_layout(t)
    widths = column_widths(table)
    _fill_header(t, header, header_rows, ids)
    set_table_widths(t, [round(Cm(w).twips) for w in widths])  # after merging: tblGrid and every tcW agree
    total_idx = table.total_index()
    aligns = align or column_alignments(table)
    for r, values in enumerate(table.rows):
        row = t.rows[header_rows + r]
        for c in range(n_cols):
            text = values[c] if c < len(values) else ""
            cell = row.cells[c]
            align = aligns[c] if (aligns[c] != WD_ALIGN_PARAGRAPH.RIGHT or is_numeric(text)) \
                else WD_ALIGN_PARAGRAPH.CENTER
            _set_cell_text(cell, text, bold=(r == total_idx), align=align, ids=ids)
            if r == total_idx:
                shade_cell(cell, TOTAL_FILL)
    keep_table_rows(t, header_rows)
    src = source_text(table.source, school)
    # without a source line, an empty one keeps the next paragraph off the table
    ids.add(doc, src or "", S.SOURCE)
    note = getattr(table, "note", None)
    if note:
        ids.add(doc, f"注：{note}", S.SOURCE)
    return t


def keep_table_rows(t, header_rows: int) -> None:
    """No row splits across pages; a short table stays whole, a long one leaves no lone row on a page.

    Rows are tied to the next one with keep-with-next on their paragraphs (Word and LibreOffice both
    honour it in tables): every row of a short table (the last one to its 数据来源 line), else the
    header with the first ``ORPHAN_ROWS`` body rows and the last ``ORPHAN_ROWS`` rows together.
    """
    rows = list(t.rows)
    body = len(rows) - header_rows
    if body <= KEEP_WHOLE_ROWS:
        tied = range(len(rows))
    else:
        tied = [*range(header_rows + ORPHAN_ROWS - 1), *range(len(rows) - ORPHAN_ROWS, len(rows))]
    keep_rows_together(rows, set(tied))


def column_alignments(table: Table) -> list[WD_ALIGN_PARAGRAPH]:
    """One alignment per column: numbers right, 序号 and short labels centred, long text left."""
    total = table.total_index()
    out = []
    for c, name in enumerate(table.columns):
        vals = [r[c] for i, r in enumerate(table.rows) if i != total and c < len(r) and r[c].strip()]
        if re.search(r"序号|编号", name):
            out.append(WD_ALIGN_PARAGRAPH.CENTER)
        elif vals and all(is_numeric(v) for v in vals):
            out.append(WD_ALIGN_PARAGRAPH.RIGHT)
        elif max((_width(v) for v in vals), default=0) > 16:
            out.append(WD_ALIGN_PARAGRAPH.LEFT)
        else:
            out.append(WD_ALIGN_PARAGRAPH.CENTER)
    return out


def label_left_alignments(table: Table) -> list[WD_ALIGN_PARAGRAPH]:
    """``column_alignments`` with the row-label column (the first that is not 序号 nor numbers) left-aligned.

    Used for every 附表, so their 指标 columns line up alike whatever the length of the names.
    """
    aligns = column_alignments(table)
    for c, name in enumerate(table.columns):
        if not re.search(r"序号|编号", name) and aligns[c] != WD_ALIGN_PARAGRAPH.RIGHT:
            aligns[c] = WD_ALIGN_PARAGRAPH.LEFT
            break
    return aligns


def _fill_header(t, header: list[HeaderCell], header_rows: int, ids: StyleIds) -> None:
    for hc in header:
        cell = t.cell(hc.row, hc.col)
        if hc.rowspan > 1 or hc.colspan > 1:
            cell = cell.merge(t.cell(hc.row + hc.rowspan - 1, hc.col + hc.colspan - 1))
        _set_cell_text(cell, hc.text, bold=False, align=WD_ALIGN_PARAGRAPH.CENTER, ids=ids, style=S.TABLE_HEADER)
    for r in range(header_rows):
        row = t.rows[r]
        repeat_header(row)
        for cell in row.cells:
            shade_cell(cell, HEADER_FILL)


def _set_cell_text(cell, text: str, bold: bool, align: WD_ALIGN_PARAGRAPH, ids: StyleIds,
                   style: str = S.TABLE_TEXT) -> None:
    p = cell.paragraphs[0]
    for extra in cell.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    ids.apply(p, style)
    p.alignment = align
    for r in list(p.runs):
        r._r.getparent().remove(r._r)
    run = p.add_run(text)
    if bold:
        run.bold = True
    set_cell_valign(cell)


def _fixed_layout(t) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    insert_ordered(t._tbl.tblPr, layout, TBLPR_ORDER)
