"""Table structure the linker and the table rules share: which rows are wholes (合计/总计 rows,
one-row tables) and which label names a row (a group label repeated over several rows names the
group, not the row: "协议和合同就业 | 签劳动合同形式就业 | 2238" is a part of 协议和合同就业).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .document import SERIAL_HEADERS, _is_total_label
from ..grammar import cell_figure

if TYPE_CHECKING:
    from .document import CheckTable, Mention

__all__ = ["cell_labels", "whole_rows", "body_rows", "is_whole_label", "label_cols", "norm_label",
           "header_of"]

_WHOLE_WORDS = ("合计", "总计", "共计", "总数", "全校", "全院", "学校合计")


def norm_label(text: str) -> str:
    """A label compared loosely: no spaces or 组|子列 bars, full-width brackets made half-width."""
    t = re.sub(r"[\s|｜]+", "", text or "")
    return t.replace("（", "(").replace("）", ")").replace("％", "%").lower()


def is_whole_label(text: str) -> bool:
    """合计/总计/共计 (not 小计: a subtotal is still a part)."""
    t = re.sub(r"\s+", "", text or "")
    return t.startswith(_WHOLE_WORDS)


def _is_total(t: "CheckTable", r: int) -> bool:
    return any(_is_total_label(c) for c in t.rows[r][:2])


def body_rows(t: "CheckTable") -> list[int]:
    """Rows below the header that are not total/subtotal rows."""
    return [r for r in range(t.header_rows, len(t.rows)) if not _is_total(t, r)]


def whole_rows(t: "CheckTable") -> list[int]:
    """Rows that stand for the whole: 合计/总计/共计 rows."""
    return [r for r in range(t.header_rows, len(t.rows)) if any(is_whole_label(c) for c in t.rows[r][:2])]


def header_of(t: "CheckTable", col: int) -> str:
    """Header words above a column, a cell merged down counted once (职称职称 → 职称)."""
    if not t.structured:
        return ""
    parts: list[str] = []
    for r in t.rows[: t.header_rows]:
        if col < len(r) and r[col].strip() and (not parts or parts[-1] != r[col].strip()):
            parts.append(r[col].strip())
    return "".join(parts)


def label_cols(t: "CheckTable", row: list[str]) -> list[int]:
    """Columns holding the text labels of a row (before its first number; no serials or units)."""
    out: list[int] = []
    for c, cell in enumerate(row):
        text = cell.strip()
        if cell_figure(text) is not None:
            if out:
                break
            continue
        if not text or text.isdigit() or header_of(t, c).strip() in SERIAL_HEADERS + ("单位",):
            continue
        out.append(c)
    return out


def _column_counts(t: "CheckTable") -> dict[tuple[int, str], int]:
    """How many body rows hold each label in each column (cached on the table)."""
    cached = t.__dict__.get("_label_counts")
    if cached is None:
        cached = {}
        for k in body_rows(t):
            for c, cell in enumerate(t.rows[k]):
                key = (c, norm_label(cell))
                cached[key] = cached.get(key, 0) + 1
        t.__dict__["_label_counts"] = cached
    return cached


def _repeated(t: "CheckTable", r: int, c: int) -> bool:
    """The label in column c of row r stands in another body row too (a group label)."""
    return _column_counts(t).get((c, norm_label(t.rows[r][c])), 0) > 1


def _label_rows(t: "CheckTable", label: str) -> int:
    """How many rows carry this label in their first two cells (小计 once per group)."""
    key = norm_label(label)
    return sum(1 for r in t.rows[t.header_rows :] if key and any(norm_label(c) == key for c in r[:2]))


def cell_labels(m: "Mention") -> tuple[str, bool]:
    """(the label that names the cell's row, whether its column header may name it too).

    The header names the cell only in a row that is the whole (合计/总计) or in a table with a
    single body row; a group label repeated over rows gives way to the row's own sub-label, in a
    flattened (PDF/text) table too, whose rows may be ragged but whose first cells still align."""
    t = m.table
    if t is None or m.row is None:
        return m.row_label, True
    row = t.rows[m.row]
    whole = any(is_whole_label(c) for c in row[:2])
    col_ok = whole or len(body_rows(t)) <= 1
    if whole:
        return m.row_label, col_ok
    if _is_total(t, m.row) and _label_rows(t, m.row_label) > 1:
        return "", col_ok  # "小计" under each group: a label that names no single row
    cols = [c for c in label_cols(t, row) if c < (m.col or 0)]
    if len(cols) < 2:
        return m.row_label if not cols or not _repeated(t, m.row, cols[0]) else "", col_ok
    groups: set[str] = set()
    for c in cols:
        if _repeated(t, m.row, c):
            groups.add(norm_label(row[c]))
        elif norm_label(row[c]) not in groups:
            return row[c], col_ok  # "升学 | 升学 | 562" under the group 升学 is still a part
    return "", col_ok
