"""A report table that reproduces one of the year's data tables (caption ≈ the data table's title,
or the same header) is compared with it cell by cell: same row label, same column.

Every numeric cell of a matched row and column is checked against the data cell (within the
rounding of both); a difference is a data-mismatch at that cell. Cells checked here are not also
compared with school-level metrics (the data table is the more specific source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .arith import agrees, unit_group
from .common import finding
from .document import CheckDoc, CheckTable, Mention, unit_from_label
from ..grammar import caption_title, cell_figure
from .model import Finding
from .tables import header_of, norm_label

if TYPE_CHECKING:
    from ..data import Table, YearData

__all__ = ["data_table_rules", "match_table", "TableMatch"]

_TITLE_MIN = 85


@dataclass
class TableMatch:
    """A report table lined up with a data table: column and row maps (report → data)."""

    table: "Table"
    cols: dict[int, int]
    rows: dict[int, int]
    score: float


def _caption_title(caption: str) -> str:
    return norm_label(caption_title(caption or ""))


def _title_score(caption: str, title: str) -> float:
    a, b = _caption_title(caption), norm_label(title)
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    if len(b) >= 4 and len(a) >= 4 and (a in b or b in a):
        return 95.0
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def _strip_units(h: str) -> str:
    return re.sub(r"\([^()]*\)", "", h)


def _col_map(t: CheckTable, dt: "Table") -> dict[int, int]:
    """Report column → data column by header (exact, then without units in brackets)."""
    heads = {c: norm_label(header_of(t, c)) for c in range(max(len(r) for r in t.rows))}
    data_heads = [norm_label(h) for h in dt.columns]
    out: dict[int, int] = {}
    for c, h in heads.items():
        if not h:
            continue
        j = next((j for j, d in enumerate(data_heads) if d == h), None)
        if j is None:
            hits = [j for j, d in enumerate(data_heads) if _strip_units(d) == _strip_units(h) and _strip_units(h)]
            j = hits[0] if len(hits) == 1 else None
        if j is not None and j not in out.values():
            out[c] = j
    return out


def _label_columns(dt: "Table") -> list[int]:
    """Data columns holding text labels (any non-empty, non-numeric cell)."""
    out = []
    for j in range(len(dt.columns)):
        cells = [r[j].strip() for r in dt.rows if j < len(r) and r[j].strip()]
        if any(cell_figure(c) is None for c in cells):
            out.append(j)
    return out


def _row_map(t: CheckTable, dt: "Table", cols: dict[int, int]) -> dict[int, int]:
    """Report row → data row by the labels in the label columns both tables have."""
    inv = {j: c for c, j in cols.items()}
    keys_j = [j for j in _label_columns(dt) if j in inv]
    if not keys_j:
        return {}

    def key(cells: list[str], idx: list[int]) -> tuple[str, ...]:
        return tuple(norm_label(cells[i]) if i < len(cells) else "" for i in idx)

    data_keys: dict[tuple[str, ...], list[int]] = {}
    for i, row in enumerate(dt.rows):
        data_keys.setdefault(key(row, keys_j), []).append(i)
    out: dict[int, int] = {}
    for r in range(t.header_rows, len(t.rows)):
        k = key(t.rows[r], [inv[j] for j in keys_j])
        hits = data_keys.get(k, [])
        if len(hits) == 1 and any(k):
            out[r] = hits[0]
    return out


def match_table(t: CheckTable, data: "YearData") -> TableMatch | None:
    """The data table this report table reproduces: title ≈ caption (or the same header), at
    least half of its columns and half of its rows found."""
    best: TableMatch | None = None
    if not t.structured or not t.header_rows:
        return None
    for dt in data.tables.values():
        if not dt.columns or not dt.rows:
            continue
        score = _title_score(t.caption, dt.title)
        cols = _col_map(t, dt)
        if score < _TITLE_MIN and not (len(cols) == len(dt.columns) >= 2):
            continue  # no caption match: only a table with exactly the data table's header
        if len(cols) * 2 < len(dt.columns):
            continue
        rows = _row_map(t, dt, cols)
        if len(rows) * 2 < len(dt.rows):
            continue
        score += len(cols) + len(rows) / 100
        if best is None or score > best.score:
            best = TableMatch(dt, cols, rows, score)
    return best


def _data_interval(text: str, data_unit: str, fig_unit: str) -> tuple[float, float] | None:
    f = cell_figure(text, data_unit)
    if f is None:
        return None
    lo, hi = f.interval()
    if data_unit and fig_unit and data_unit != fig_unit and f.unit != "%":
        g1, g2 = unit_group(data_unit), unit_group(fig_unit)
        if g1[0] == g2[0] and g1[1] and g2[1]:
            lo, hi = lo * g1[1] / g2[1], hi * g1[1] / g2[1]
    return lo, hi


def data_table_rules(doc: CheckDoc, data: "YearData") -> tuple[list[Finding], set[int]]:
    """data-mismatch for every cell that differs from its data-table cell; also the ids of the
    mentions checked this way (they are not compared with school-level metrics again)."""
    out: list[Finding] = []
    checked: set[int] = set()
    by_table: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.table is not None:
            by_table.setdefault(id(m.table), []).append(m)
    for t in doc.tables:
        ms = by_table.get(id(t))
        if not ms:
            continue
        match = match_table(t, data)
        if match is None:
            continue
        for m in ms:
            f = _compare(m, match)
            if f is None:
                continue
            checked.add(id(m))
            if not f:
                doc.verified.add(id(m))
            out += f
    return out, checked


def _compare(m: Mention, match: TableMatch) -> list[Finding] | None:
    """None when the cell has no counterpart; [] when it agrees; [finding] when it differs."""
    i, j = match.rows.get(m.row or 0), match.cols.get(m.col or 0)
    if i is None or j is None:
        return None
    dt = match.table
    text = dt.rows[i][j].strip() if j < len(dt.rows[i]) else ""
    data_unit = unit_from_label(dt.columns[j]) or (dt.unit or "")
    iv = _data_interval(text, data_unit, m.fig.unit)
    if iv is None:
        return None
    if agrees(m.fig.interval(), iv):
        return []
    label = " / ".join(c for c in dt.rows[i] if c.strip() and cell_figure(c) is None) or f"第{i + 1}行"
    where = dt.cell_location(i, j)
    src = "；".join(x for x in (dt.source, where) if x)
    msg = (f"与数据表不符：“{dt.title}”中“{label}”的“{dt.columns[j]}”为 {text}"
           f"{f'（{src}）' if src else ''}，表中写作 {m.fig.text}。")
    return [finding("data-mismatch", "error", m, msg, expected=text)]
