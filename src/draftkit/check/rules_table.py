"""Internal rules on tables: totals (合计/小计 rows, 合计 columns), shares in a row, growth
columns (上年 / 本年 / 增长率) and per-capita columns (数量 / 生均值).

Tables read from PDF text are ragged (a row may wrap over several lines); such a table is
only summed when every row with numbers carries as many trailing numbers as its total row,
so a wrapped cell never turns into a false alarm.
"""

from __future__ import annotations

import re

from .arith import agrees, fig_interval, fmt_num, growth_interval, ratio
from .common import finding
from .document import SERIAL_HEADERS, CheckDoc, CheckTable, Mention, _is_total_label
from ..grammar import Figure, cell_figure
from .model import Finding
from .tables import body_rows, header_of, norm_label

__all__ = ["table_total", "table_rows", "growth_pairs"]

_GROWTH_HEAD = re.compile(r"增长率|增幅|增长|同比|增减|变化率")
_PERIOD_HEAD = re.compile(r"\d{4}|上年|本年|去年|今年|上一|本学年|上学年")


def _cells(t: CheckTable, doc: CheckDoc) -> dict[tuple[int, int], Mention]:
    return {(m.row, m.col): m for m in doc.mentions if m.table is t}


def _fig(cell: str) -> Figure | None:
    return cell_figure(cell)


def table_total(doc: CheckDoc) -> list[Finding]:
    """合计/总计/小计 rows and 合计 columns must add up (shares too); within rounding."""
    out: list[Finding] = []
    for t in doc.tables:
        cells = _cells(t, doc)
        if t.structured:
            out += _structured_totals(t, cells)
            out += _row_totals(t, cells)
            out += _shares_to_100(t, cells)
        else:
            out += _ragged_totals(t, cells)
    return out


def _total_rows(t: CheckTable) -> list[int]:
    return [r for r in range(t.header_rows, len(t.rows)) if any(_is_total_label(c) for c in t.rows[r][:2])]


def _serial_col(t: CheckTable, c: int) -> bool:
    head = t.header_text(c).strip()
    if head in SERIAL_HEADERS:
        return True
    vals = [t.rows[r][c] for r in range(t.header_rows, len(t.rows)) if c < len(t.rows[r])]
    ints = [int(v) for v in vals if v.isdigit()]
    return c == 0 and len(ints) >= 3 and ints[: len(ints) - 1] == list(range(ints[0], ints[0] + len(ints) - 1))


def _structured_totals(t: CheckTable, cells: dict) -> list[Finding]:
    out: list[Finding] = []
    start = t.header_rows
    for tr in _total_rows(t):
        sub = any(t.rows[tr][k].replace(" ", "").startswith("小计") for k in range(min(2, len(t.rows[tr]))))
        group = [r for r in range(start, tr) if not any(_is_total_label(c) for c in t.rows[r][:2])]
        if not sub:
            group = [r for r in range(t.header_rows, tr) if not any(_is_total_label(c) for c in t.rows[r][:2])]
        for c in range(len(t.rows[tr])):
            m = cells.get((tr, c))
            if m is None or _serial_col(t, c):
                continue
            vals = [t.rows[r][c] if c < len(t.rows[r]) else "" for r in group]
            out += _check_sum(m, vals, f"第{c + 1}列“{t.header_text(c) or ''}”",
                              [x for r in group if (x := cells.get((r, c))) is not None])
        start = tr + 1
    return out


def _check_sum(total: Mention, cells: list[str], what: str, inputs: list[Mention] | None = None) -> list[Finding]:
    figs = []
    for v in cells:
        if not v.strip() or v.strip() in ("-", "—", "/"):
            continue
        f = _fig(v)
        if f is None:
            return []  # a text cell in the column: not a summed column
        figs.append(f)
    if len(figs) < 2 or any((f.unit == "%") != (total.fig.unit == "%") for f in figs):
        return []
    if total.fig.unit == "%":
        s, mean = sum(f.value for f in figs), sum(f.value for f in figs) / len(figs)
        if min(f.value for f in figs) <= total.fig.value <= max(f.value for f in figs) and \
                abs(total.fig.value - mean) < abs(total.fig.value - s):
            return []  # a rate in a 合计 row is the overall rate (checked in its row), not a sum
    lo = sum(f.interval()[0] for f in figs)
    hi = sum(f.interval()[1] for f in figs)
    if agrees(fig_interval(total.fig), (lo, hi)):
        return []
    s = sum(f.value for f in figs)
    dec = max([f.decimals for f in figs] + [total.fig.decimals])
    unit = "%" if total.fig.unit == "%" else ""
    return [finding("table-total", "error", total,
                    f"合计与分项之和不符：{what}各项相加为 {s:.{dec}f}{unit}，合计行写作 {total.fig.text}。",
                    expected=f"{s:.{dec}f}{unit}", inputs=inputs)]


def _row_totals(t: CheckTable, cells: dict) -> list[Finding]:
    """A 合计/总计 column: each row's parts (same kind of cells, left of it) must add up."""
    if not t.header_rows:
        return []
    out: list[Finding] = []
    width = max(len(r) for r in t.rows)
    tcols = [c for c in range(width) if _is_total_label(t.header_text(c))]
    for tc in tcols:
        for r in range(t.header_rows, len(t.rows)):
            m = cells.get((r, tc))
            if m is None:
                continue
            cols = [c for c in range(tc) if c < len(t.rows[r]) and not _serial_col(t, c) and _fig(t.rows[r][c]) is not None]
            out += _check_sum(m, [t.rows[r][c] for c in cols], f"第{r + 1}行“{t.rows[r][0]}”",
                              [x for c in cols if (x := cells.get((r, c))) is not None])
    return out


_SHARE_HEAD = re.compile(r"占比|比例|比重|构成|分布")


def _shares_to_100(t: CheckTable, cells: dict) -> list[Finding]:
    """A share column of a table without a total row should add up to 100% (within rounding)."""
    if not t.header_rows or _total_rows(t):
        return []
    out: list[Finding] = []
    for c in range(len(t.rows[0])):
        if not _SHARE_HEAD.search(t.header_text(c)):
            continue
        ms = [cells.get((r, c)) for r in range(t.header_rows, len(t.rows))]
        if len(ms) < 3 or any(m is None or m.fig.unit not in ("%", "") for m in ms):
            continue
        lo = sum(m.fig.interval()[0] for m in ms)
        hi = sum(m.fig.interval()[1] for m in ms)
        mid = sum(m.fig.value for m in ms)
        if not 90 <= mid <= 110 or agrees((lo, hi), (100.0, 100.0)):
            continue
        dec = max(m.fig.decimals for m in ms)
        out.append(finding("table-total", "error", ms[-1],
                           f"占比合计应为 100%：第{c + 1}列“{t.header_text(c)}”各项相加为 {mid:.{dec}f}%。"))
    return out


def _tail(row: list[str]) -> list[int]:
    """Indices of the trailing numeric cells of a row."""
    idx: list[int] = []
    for k in range(len(row) - 1, -1, -1):
        if _fig(row[k]) is None:
            break
        idx.insert(0, k)
    return idx


def _ragged_totals(t: CheckTable, cells: dict) -> list[Finding]:
    out: list[Finding] = []
    start = t.header_rows
    for tr in _total_rows(t):
        ttail = _tail(t.rows[tr])
        body = [r for r in range(start, tr) if _tail(t.rows[r])]
        sub = t.rows[tr][0].replace(" ", "").startswith("小计")
        if not sub:
            body = [r for r in range(t.header_rows, tr) if _tail(t.rows[r]) and
                    not any(_is_total_label(c) for c in t.rows[r][:2])]
        start = tr + 1
        if not ttail or len(body) < 2:
            continue
        if any(len(_tail(t.rows[r])) != len(ttail) or len(t.rows[r]) < 2 for r in body):
            continue  # wrapped rows: columns cannot be lined up safely
        for j, c in enumerate(ttail):
            m = cells.get((tr, c))
            if m is None:
                continue
            vals = [t.rows[r][_tail(t.rows[r])[j]] for r in body]
            out += _check_sum(m, vals, f"倒数第{len(ttail) - j}列")
    return out


def table_rows(doc: CheckDoc, students: float | None) -> list[Finding]:
    """Row-level arithmetic: shares after counts, growth columns, per-capita columns."""
    out: list[Finding] = []
    for t in doc.tables:
        cells = _cells(t, doc)
        out += _row_shares(t, cells)
        out += _growth_rows(t, cells)
        if students:
            out += _per_capita_rows(t, cells, students)
    return out


def _row_counts(t: CheckTable, row: list[str]) -> list[tuple[int, Figure]]:
    """Whole-number cells of a row that may be a part or a whole (no serials, no %)."""
    out = []
    for c, v in enumerate(row):
        f = _fig(v)
        if f is None or f.unit != "" or f.decimals != 0 or _serial_col(t, c):
            continue
        if c == 0 and not t.structured and len(row) > 2 and v.isdigit() and _fig(row[1]) is None:
            continue
        out.append((c, f))
    return out


def _part_col(t: CheckTable, c: int, counts: list[tuple[int, Figure]]) -> int | None:
    """The count a share column divides: the column its header names (专业数占比 → 专业数),
    else the count right before it."""
    head = norm_label(header_of(t, c))
    named = [(len(h), pc) for pc, _ in counts if pc != c and (h := norm_label(header_of(t, pc))) and len(h) >= 2
             and head.startswith(h)]
    if named:
        return max(named)[1]
    return c - 1 if any(pc == c - 1 for pc, _ in counts) else None


def _column_bases(t: CheckTable, pc: int, c: int) -> tuple[list[Figure], list[tuple[float, float]]]:
    """Column-wise wholes of part column ``pc`` for share column ``c``: (bases a finding may cite,
    intervals of every plausible base). A 合计/小计 cell is citable when its own share is 100%;
    the sum of the body rows when the shares add up to about 100%. Plausible too: the base a
    total row implies (563 ÷ 8.84% ≈ 6369: shares of a population the table lists only in part)."""
    if not t.structured:
        return [], []
    cite: list[Figure] = []
    plausible: list[tuple[float, float]] = []
    for r in _total_rows(t):
        row = t.rows[r]
        f = _fig(row[pc]) if pc < len(row) else None
        share = _fig(row[c]) if c < len(row) else None
        if f is None:
            continue
        plausible.append(f.interval())
        if share is not None and share.unit == "%" and abs(share.value - 100) < 0.6:
            cite.append(f)
        elif share is not None and share.unit == "%" and share.value > 0:
            lo, hi = share.interval()
            implied = ratio(f.interval(), (lo / 100, hi / 100))
            if implied:
                plausible.append(implied)
    body = body_rows(t)
    vals = [_fig(t.rows[r][pc]) if pc < len(t.rows[r]) else None for r in body]
    if len(vals) < 2 or any(v is None for v in vals):
        return cite, plausible
    total = sum(v.value for v in vals)  # type: ignore[union-attr]
    summed = Figure(fmt_num(total), 0, 0, total, "", 0)
    plausible.append(summed.interval())
    shares = [_fig(t.rows[r][c]) if c < len(t.rows[r]) else None for r in body]
    if all(f is not None and f.unit == "%" for f in shares) and \
            90 <= sum(f.value for f in shares) <= 110:  # type: ignore[union-attr]
        cite.append(summed)
    return cite, plausible


def _names_row_base(t: CheckTable, c: int, counts: list[tuple[int, Figure]], pc: int) -> bool:
    """The share's header names another count column of the row as its base (通过人数占考核人数比例)."""
    head = norm_label(header_of(t, c))
    return any(wc != pc and len(h := norm_label(header_of(t, wc))) >= 2 and h in head[1:] for wc, _ in counts)


def _prefers_row_base(t: CheckTable, c: int, counts: list[tuple[int, Figure]], pc: int) -> bool:
    """Which whole a wrong share is reported against: the row's (通过率, 占考核人数比例) or the
    column total's (a share column whose 合计 is 100%, 占比 / 比例 without a named base)."""
    if _names_row_base(t, c, counts, pc):
        return True
    totals = [_fig(t.rows[r][c]) for r in _total_rows(t) if c < len(t.rows[r])]
    if any(f is not None and f.unit == "%" and abs(f.value - 100) < 0.6 for f in totals):
        return False
    head = header_of(t, c)
    return "率" in head and not any(w in head for w in ("占比", "比例", "比重"))


def _row_shares(t: CheckTable, cells: dict) -> list[Finding]:
    """A share cell must be its part ÷ some plausible whole: another count of its row, or the
    column total of the part (合计 row / sum of the rows). Reported only when none fits."""
    out: list[Finding] = []
    for r in range(t.header_rows, len(t.rows)):
        row = t.rows[r]
        counts = _row_counts(t, row)
        for c, v in enumerate(row):
            m = cells.get((r, c))
            if m is None or m.fig.unit != "%" or c == 0 or m.fig.value < 0 or _GROWTH_HEAD.search(t.header_text(c)):
                continue
            pc = _part_col(t, c, counts)
            part = next((pf for k, pf in counts if k == pc), None)
            if part is None:
                continue
            row_wholes = [wf for wc, wf in counts if wc != pc and wf.value > part.value]
            col_wholes, plausible = _column_bases(t, pc, c) if pc is not None else ([], [])
            col_wholes = [w for w in col_wholes if w.value >= part.value]
            if not row_wholes and not col_wholes:
                continue
            if any(_share_fits(m, part, w.interval()) for w in row_wholes) or \
                    any(_share_fits(m, part, iv) for iv in plausible):
                continue
            use_row = bool(row_wholes) and (not col_wholes or _prefers_row_base(t, c, counts, pc))
            w = row_wholes[0] if use_row else col_wholes[0]
            val = part.value / w.value * 100
            where = "同行数据" if use_row else "本列合计"
            out.append(finding("part-whole", "error", m,
                               f"占比与{where}不符：{fmt_num(part.value)} ÷ {fmt_num(w.value)} = "
                               f"{val:.{m.fig.decimals}f}%，表中写作 {m.fig.text}。",
                               expected=f"{val:.{m.fig.decimals}f}%",
                               inputs=[x for rr in range(t.header_rows, len(t.rows)) for cc in {pc, *(k for k, _ in counts)}
                                       if cc is not None and (rr == r or cc == pc) and (x := cells.get((rr, cc))) is not None]))
    return out


def _share_fits(m: Mention, part: Figure, whole: tuple[float, float]) -> bool:
    rr = ratio(part.interval(), whole)
    return bool(rr) and agrees(m.fig.interval(), (rr[0] * 100, rr[1] * 100))


def growth_pairs(doc: CheckDoc) -> list[tuple[Mention, Mention]]:
    """(previous, current) cell mentions of every row of every growth table."""
    pairs = []
    for t in doc.tables:
        cols = _growth_cols(t)
        if cols is None:
            continue
        cells = _cells(t, doc)
        pc, cc, _ = cols
        for r in range(t.header_rows, len(t.rows)):
            if (r, pc) in cells and (r, cc) in cells:
                pairs.append((cells[(r, pc)], cells[(r, cc)]))
    return pairs


def _growth_cols(t: CheckTable) -> tuple[int, int, int] | None:
    if not t.structured or not t.header_rows:
        return None
    heads = [t.header_text(c) for c in range(len(t.rows[0]))]
    g = next((c for c, h in enumerate(heads) if _GROWTH_HEAD.search(h)), None)
    if g is None:
        return None
    periods = [c for c, h in enumerate(heads[:g]) if _PERIOD_HEAD.search(h)]
    if len(periods) < 2:
        return None
    return periods[-2], periods[-1], g


def _growth_rows(t: CheckTable, cells: dict) -> list[Finding]:
    cols = _growth_cols(t)
    if cols is None:
        return []
    pc, cc, gc = cols
    out: list[Finding] = []
    for r in range(t.header_rows, len(t.rows)):
        p, c, g = cells.get((r, pc)), cells.get((r, cc)), cells.get((r, gc))
        if not (p and c and g):
            continue
        rng = growth_interval(p.fig.interval(), c.fig.interval())
        if g.fig.unit == "百分点" or "百分点" in t.header_text(gc):
            rng = (c.fig.interval()[0] - p.fig.interval()[1], c.fig.interval()[1] - p.fig.interval()[0])
        if rng is None or agrees(g.fig.interval(), rng):
            continue
        val = (c.fig.value / p.fig.value - 1) * 100 if p.fig.value else 0.0
        out.append(finding("growth-rate", "error", g,
                           f"增长率与本行两年数据不符：{p.fig.text} → {c.fig.text} 计算为 {val:.{g.fig.decimals}f}%，"
                           f"表中写作 {g.fig.text}。", expected=f"{val:.{g.fig.decimals}f}%", inputs=[p, c]))
    return out


def _per_capita_rows(t: CheckTable, cells: dict, students: float) -> list[Finding]:
    if not t.structured or not t.header_rows:
        return []
    heads = [t.header_text(c) for c in range(len(t.rows[0]))]
    pcs = [c for c, h in enumerate(heads) if "生均" in h]
    out: list[Finding] = []
    for c in pcs:
        qty = next((k for k in range(c - 1, -1, -1) if heads[k].strip() in ("数量", "总量", "数值", "总额", "金额")), None)
        if qty is None:
            continue
        for r in range(t.header_rows, len(t.rows)):
            q, m = cells.get((r, qty)), cells.get((r, c))
            if not (q and m):
                continue
            exp = (q.fig.interval()[0] / students, q.fig.interval()[1] / students)
            if agrees(m.fig.interval(), exp):
                continue
            val = q.fig.value / students
            out.append(finding("per-capita", "error", m,
                               f"生均值与总量÷学生数不符：{q.fig.text} ÷ {fmt_num(students)} = {val:.{max(2, m.fig.decimals)}f}，"
                               f"表中写作 {m.fig.text}。", expected=f"{val:.{m.fig.decimals}f}", inputs=[q]))
    return out
