"""Table cells that follow other cells: last-year/this-year/growth tables, 合计 rows, share columns.

- In a table with two period columns and a 增长率 column (2021年度 | 2022年度 | 增长率), a row
  whose this-year cell was updated gets last year's column = the metric's ``previous`` and the
  growth recomputed; the period headers move on by one year.
- A 合计/总计 cell follows its column: when every part above it was updated and the old total
  was their sum, the new total is the sum of the new parts.
- A share cell (比例/占比 column) is recomputed as part ÷ whole when last year's share was that
  quotient of last year's cells (the part to its left, the whole in the 合计 row or the same row).
- A 生均 cell is recomputed as the updated figure to its left ÷ this year's students, when last
  year's cell was that figure ÷ last year's students.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .result import MOVED, Change

if TYPE_CHECKING:
    from ..check.document import CheckTable, Mention
    from .plan import Planner

__all__ = ["table_passes"]

def table_passes(p: "Planner", totals_only: bool = False) -> None:
    """Growth tables first (before prose dependents); totals and shares after them."""
    for t, cells in _cells_by_table(p.doc.mentions):
        if not totals_only:
            _growth_table(p, t, cells)
        else:
            _totals(p, t, cells)
            _shares(p, t, cells)
            _per_capita(p, t, cells)


def _cells_by_table(mentions: list["Mention"]) -> list[tuple["CheckTable", dict[tuple[int, int], "Mention"]]]:
    out: dict[int, tuple[Any, dict[tuple[int, int], Any]]] = {}
    for m in mentions:
        if m.row is not None and m.table is not None:
            out.setdefault(id(m.table), (m.table, {}))[1].setdefault((m.row, m.col), m)
    return list(out.values())


def _growth_table(p: "Planner", t: "CheckTable", cells: dict) -> None:
    from .link import growth_columns

    cols = growth_columns(t)
    if cols is None:
        return
    pc, cc, gc = cols
    moved = False
    for r in range(t.header_rows, len(t.rows)):
        cur = cells.get((r, cc))
        if cur is None or not p.is_updated(cur) or id(cur) not in p.metric_of:
            continue
        metric = p.yd.metrics[p.metric_of[id(cur)]]
        moved = True
        prev, g = cells.get((r, pc)), cells.get((r, gc))
        if prev is not None and metric.previous is not None:
            from .link import fig_value_in

            v = fig_value_in(prev.fig, metric, metric.previous)
            if v is not None:
                p.update(prev, v, f"上年列：“{metric.name}”的上年值", metric.id, kind="previous")
        if g is not None:
            points = g.fig.unit == "百分点" or "百分点" in t.header_text(gc) or metric.unit in ("%", "‰")
            value = metric.change if points else metric.growth_rate
            if value is not None:
                p.update(g, value, f"按“{metric.name}”当年值与上年值重算的增长率", metric.id, kind="growth")
    if moved:
        _shift_header_years(p, t, (pc, cc))


def _shift_header_years(p: "Planner", t: "CheckTable", cols: tuple[int, ...]) -> None:
    """2021年度 | 2022年度 (or 2021 | 2022) → 2022年度 | 2023年度 above the two period columns (a
    school year moves whole: 2021-2022学年 → 2022-2023学年)."""
    from ..grammar import bare_year, year_mentions

    for r in range(t.header_rows):
        for c in dict.fromkeys(cols):
            text = t.rows[r][c] if c < len(t.rows[r]) else ""
            key = ("c", t.index, r, c)
            bare = bare_year(text)  # a header of the year alone: "2022"
            spans = [m.numbers for m in year_mentions(text) if m.kind != "grade"] or \
                ([((bare.start(1), bare.end(1)),)] if bare else [])  # (2021级: a cohort, not the period)
            for numbers in spans:
                a, b, new = _one_year_on(text, numbers)
                p.claimed.add((key, a, b))
                p.extra.append(Change("year", MOVED, text[a:b], new, t.location(r, c), t.chapter, text, None,
                                      "上年/当年对比表的年度列随数据后移一年", [], (a, b), key))


def _one_year_on(text: str, numbers: tuple[tuple[int, int], ...]) -> tuple[int, int, str]:
    """(start, end, new text) of a year expression's numbers with each year one on (2021-2022 → 2022-2023)."""
    out, pos = [], numbers[0][0]
    for x, e in numbers:
        out.append(text[pos:x] + str(int(text[x:e]) + 1))
        pos = e
    return numbers[0][0], numbers[-1][1], "".join(out)


def _totals(p: "Planner", t: "CheckTable", cells: dict) -> None:
    from ..check.arith import agrees
    from ..check.tables import body_rows, whole_rows

    body = body_rows(t)
    top = t.header_rows
    for rt in whole_rows(t):
        rows = [r for r in body if top <= r < rt]
        top = rt + 1
        for (r, c), total in cells.items():
            if r != rt or p.is_updated(total) or total.fig.unit == "%":
                continue
            parts = [cells[(x, c)] for x in rows if (x, c) in cells]
            if not parts or not all(p.is_updated(x) for x in parts):
                continue
            old = sum(x.fig.value for x in parts)
            slack = sum(x.fig.half_step for x in parts if x.fig.decimals)
            if not agrees(total.fig.interval(), (old - slack, old + slack)):
                continue
            p.update(total, sum(p.new_value[id(x)] for x in parts), "合计随本列各行重算", None, kind="total")


def _shares(p: "Planner", t: "CheckTable", cells: dict) -> None:
    from ..check.arith import agrees
    from ..check.tables import whole_rows

    totals = whole_rows(t)
    for (r, c), share in sorted(cells.items()):
        if share.fig.unit != "%" or p.is_updated(share):
            continue
        if r in totals and agrees(share.fig.interval(), (100.0, 100.0)):
            p.update(share, 100.0, "合计行的占比仍为 100%", None, kind="share")
            continue
        row = sorted(((cc, x) for (rr, cc), x in cells.items() if rr == r and cc < c and _count(p, x)),
                     reverse=True)
        for pc, part in row:
            if not p.is_updated(part):
                continue
            wholes = [cells.get((rt, pc)) for rt in totals if rt != r]
            wholes += [x for cc, x in row if cc != pc and x.fig.value > part.fig.value]
            for whole in wholes:
                if whole is None or not p.is_updated(whole) or not whole.fig.value:
                    continue
                old = part.fig.value / whole.fig.value * 100
                if agrees(share.fig.interval(), (old, old)) and p.new_value[id(whole)]:
                    new = p.new_value[id(part)] / p.new_value[id(whole)] * 100
                    p.update(share, new, f"占比按本表“{part.row_label}”÷“{_label(whole)}”重算", None, kind="share")
                    break
            if p.is_updated(share):
                break


def _count(p: "Planner", x: "Mention") -> bool:
    """A cell that can be a part or a whole: not a share (by its metric when it has one)."""
    mid = p.metric_of.get(id(x))
    if mid is not None:
        return p.yd.metrics[mid].unit not in ("%", "‰")
    return x.fig.unit not in ("%", "‰")


def _label(m: "Mention") -> str:
    return m.row_label if m.col_label == "" else f"{m.row_label}{m.col_label}"


def _per_capita(p: "Planner", t: "CheckTable", cells: dict) -> None:
    from ..check.arith import agrees

    students = p.yd.get("students_total") or next(iter(p.yd.find_by_name("全日制在校生数")), None)
    if students is None or not students.value or not students.previous:
        return
    for (r, c), cell in sorted(cells.items()):
        if p.is_updated(cell) or "生均" not in cell.col_label + cell.row_label:
            continue
        left = sorted(((cc, x) for (rr, cc), x in cells.items() if rr == r and cc < c), reverse=True)
        part = next((x for _, x in left if p.is_updated(x)), None)
        if part is None:
            continue
        old = part.fig.value / students.previous
        if agrees(cell.fig.interval(), (old, old)):
            p.update(cell, p.new_value[id(part)] / students.value,
                     f"生均值按本行“{part.row_label}”÷“{students.name}”重算", None, kind="share")
