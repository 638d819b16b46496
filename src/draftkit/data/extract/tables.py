"""The report's tables as data tables to fill in: the same header and row labels, every figure cell
empty (last year's table is kept beside it for reference), the 数据来源 line as the department.

Only tables whose rows line up (every .docx table, PDF/text tables with one width) are taken; a
flattened PDF table cannot be laid out again and is left to the departments' own sheets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...check.document import SERIAL_HEADERS, CheckDoc, CheckTable, _is_total_label
from ...check.tables import header_of
from ...grammar import caption_title, is_number_token, year_mentions
from .naming import make_id
from .rows import chapter_key

__all__ = ["ExtractTable", "tables_from_document"]



def _years(text: str) -> list:
    """The school years, years and cohorts written in ``text`` (not spans or grades)."""
    return [y for y in year_mentions(text) if y.kind in ("school_year", "year", "cohort")]


def _without_years(text: str) -> str:
    for y in reversed(_years(text)):
        text = text[: y.start] + text[y.end :]
    return text


@dataclass
class ExtractTable:
    """A report table as a fill-in sheet: columns, rows with figure cells emptied, last year's rows."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[str]]        # figure cells ""
    previous: list[list[str]]    # the rows as the report wrote them
    chapter: str | None = None
    source: str | None = None    # the department, from the 数据来源 line under the table
    total_row: str | None = None
    where: str = ""
    figures: int = 0
    notes: list[str] = field(default_factory=list)

    def note(self, previous_sheet: str) -> str:
        """备注 of the 表格 sheet: where the table was and what to fill in."""
        return (f"原表：{self.where}。数字单元格已清空，请填写本年度数据（上年数据见工作表“{previous_sheet}”）"
                + ("；表头中的年份请改为本年度" if _years("".join(self.columns)) else "") + "。")


def tables_from_document(doc: CheckDoc, blocks: list, sections: dict[int, str], taken: set[str],  # noqa: ANN001
                         school: str = "") -> list[ExtractTable]:
    """Fill-in tables for every report table that has figures and a regular layout."""
    out = []
    for t in doc.tables:
        if not t.structured or not t.header_rows or len(t.rows) <= t.header_rows:
            continue
        columns = _columns(t)
        body = [list(r) + [""] * (len(columns) - len(r)) for r in t.rows[t.header_rows:]]
        serial = {c for c, h in enumerate(columns) if h.strip() in SERIAL_HEADERS}
        if [r[0] for r in body if r and r[0].isdigit()] == [str(i + 1) for i in range(len(body))][: len(body)]:
            serial.add(0)  # 1, 2, 3 … down the first column: row numbers, not figures
        emptied, n = [], 0
        for row in body:
            new = []
            for c, cell in enumerate(row[: len(columns)]):
                if c not in serial and is_number_token(cell):
                    new.append("")
                    n += 1
                else:
                    new.append(cell)
            emptied.append(new)
        if not n:
            continue  # a list of names (证书、企业): nothing to fill in
        title = caption_title(t.caption) or f"表格{t.index + 1}"
        tid = make_id(_without_years(title) or title, taken, prefix="table")
        total = next((r[c] for r in body for c in range(min(2, len(r))) if _is_total_label(r[c])), None)
        out.append(ExtractTable(tid, title, columns, emptied, [r[: len(columns)] for r in body],
                                chapter_key(t.chapter), _source_after(blocks, t.block, school), total,
                                f"{sections.get(t.block, t.chapter)}，{t.caption or f'第{t.index + 1}张表'}", n))
    return out


def _columns(t: CheckTable) -> list[str]:
    """Column names as export-xlsx writes a two-level header (组|子列), unique, none empty."""
    width = max(len(r) for r in t.rows)
    names: list[str] = []
    for c in range(width):
        parts = []
        for r in t.rows[: t.header_rows]:
            cell = r[c].strip() if c < len(r) else ""
            if cell and (not parts or parts[-1] != cell):
                parts.append(cell)
        name = "|".join(parts) or header_of(t, c) or f"列{c + 1}"
        base, i = name, 2
        while name in names:
            name, i = f"{base}（{i}）", i + 1
        names.append(name)
    return names


def _source_after(blocks: list, block: int, school: str) -> str | None:  # noqa: ANN001
    """The department of a 数据来源：教务处 line right after the table (the school's name dropped)."""
    for b in blocks[block + 1 : block + 3]:
        if b.kind == "source":
            text = re.sub(r"^\s*[（(]?\s*(?:数据来源|资料来源|来源)\s*[：:]\s*", "", b.text).strip(" ）)。")
            text = text.replace(school, "", 1).strip() if school and text.startswith(school) else text
            return text[:40] or None
        if b.kind in ("paragraph", "heading", "table"):
            return None
    return None
