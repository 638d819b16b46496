"""Decide, figure by figure, what last year's report becomes this year.

A figure is updated only on evidence (strongest first):

1. it links to a metric and equals that metric's ``previous`` (last year's value) → the metric's
   value this year, written the way the old figure was written (a weak link — similar names —
   only for a figure of three or more significant digits);
2. it links to a metric strongly (the linker's evidence, ``link.strength == "strong"``) and the
   metric has no ``previous`` to contradict it;
3. it equals the ``previous`` of exactly one metric whose name stands in the same sentence (in the
   same clause for small whole numbers), or the row/column labels of its cell; or it is a
   distinctive value (five significant digits, or four with two characters of the name beside it)
   that only one metric's ``previous`` matches;
4. it follows from figures updated by 1–3: a growth rate or change after an updated figure, the
   "from" figure of 由 A 增长到 B, a share of an updated part, a 合计 of updated rows
   (:mod:`.derived`, :mod:`.tables`) — and a computed figure whose inputs are written in the same
   paragraph is updated only when they are.

Everything else stays as written and becomes *unresolved* (highlighted, with a comment saying
why and naming the closest metric ids). Shares, per-capita figures and growth rates are computed
from the data's formulas, never scaled from last year's figure.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .link import Link, MetricIndex, agrees_previous, fig_value_in
from .result import KEPT, UNRESOLVED, UPDATED, Change

if TYPE_CHECKING:
    from ..check.document import CheckDoc, Mention, Passage
    from ..data import Metric, YearData

__all__ = ["Planner", "plan_changes", "mention_key", "passage_key"]


def passage_key(passage: "Passage") -> tuple[Any, ...]:
    """Where a passage lives in the .docx: a body paragraph, or a paragraph of a box (a one-cell or
    layout table read as prose: table, row, grid column, paragraph in the cell)."""
    loc = passage.location
    if "box" in loc:
        return ("b", loc["table"], loc["row"], loc["column"], loc["box"])
    return ("p", loc.get("paragraph"))


def mention_key(m: "Mention") -> tuple[Any, ...]:
    """Where a mention's text lives in the .docx: a paragraph (:func:`passage_key`) or a table cell."""
    if m.row is None:
        return passage_key(m.passage)
    return ("c", m.table.index if m.table is not None else None, m.row, m.col)


class Planner:
    """Holds the decisions made so far; the passes in this module, :mod:`.derived` and
    :mod:`.tables` add to them."""

    def __init__(self, doc: "CheckDoc", yd: "YearData", links: dict[int, Link]):
        self.doc = doc
        self.yd = yd
        self.links = links
        self.index = MetricIndex(yd)
        self.done: dict[int, Change] = {}
        self.new_value: dict[int, float] = {}   # id(mention) → this year's value in the figure's unit
        self.metric_of: dict[int, str] = {}     # id(mention) → metric behind an update
        self.claimed: set[tuple[Any, ...]] = set()  # (key, start, end) of year expressions already planned
        self.extra: list[Change] = []           # changes that are not figures (table header years)

    # -- building changes ------------------------------------------------------------------
    def change(self, m: "Mention", kind: str, status: str, after: str | None, evidence: str,
               metric: str | None = None, candidates: list[str] | None = None) -> Change:
        """A :class:`Change` for mention ``m`` (its text, place, chapter and context filled in)."""
        return Change(kind, status, m.fig.text, after, m.location, m.passage.chapter, m.context, metric,
                      evidence, list(candidates or []), (m.fig.start, m.fig.end), mention_key(m))

    def update(self, m: "Mention", value: float, evidence: str, metric: str | None, kind: str = "figure") -> bool:
        """Record ``m`` rewritten to ``value`` (in its own unit); an approximate figure that is
        still true stays as written, one whose 近 no longer fits (近千人 for 1020) is left unresolved."""
        new = m.fig.rewrite(value)
        if m.fig.approx:
            lo, hi = m.fig.interval()
            if lo - 1e-9 <= value <= hi + 1e-9:
                self.done[id(m)] = self.change(m, kind, KEPT, m.fig.text, evidence + "；约数写法仍然成立", metric)
                self.new_value[id(m)] = value
                if metric:
                    self.metric_of[id(m)] = metric
                return True
            if m.fig.approx in ("近", "将近", "接近"):  # 近千人 for 1020: 近 no longer fits
                self.unresolved(m, f"按数据为 {value:g}，约数“{m.fig.approx}{m.fig.text}”的写法已不成立，请改写",
                                [metric] if metric else None, metric)
                return True
        status = KEPT if new == m.fig.text else UPDATED
        self.done[id(m)] = self.change(m, kind, status, new, evidence, metric)
        self.new_value[id(m)] = value
        if metric:
            self.metric_of[id(m)] = metric
        return True

    def unresolved(self, m: "Mention", why: str, candidates: list[str] | None = None,
                   metric: str | None = None) -> None:
        """Leave ``m`` as written, saying ``why`` and naming the closest metrics (by name if none given)."""
        if not candidates:
            candidates = self.index.closest(m.name or m.row_label, m.fig)
        self.done[id(m)] = self.change(m, "figure", UNRESOLVED, None, why, metric, candidates)

    def is_updated(self, m: "Mention") -> bool:
        """``m`` has this year's value (updated, or an approximate figure still true)."""
        c = self.done.get(id(m))
        return c is not None and c.status in (UPDATED, KEPT) and id(m) in self.new_value

    # -- pass 1: figures with their own evidence ------------------------------------------------
    def direct(self) -> None:
        """Evidence 1–3 (module docstring) for every figure that does not follow another one."""
        from ..check.common import growth_cue
        from .link import opens_from

        for m in self.doc.mentions:
            if m.row is None and (growth_cue(m) or opens_from(m.passage.text, m)):
                continue  # growth rates and the "from" of 由 A 到 B follow other figures
            link = self.links.get(id(m)) or Link(None)
            metric = self.yd.metrics.get(link.metric) if link.metric else None
            if metric is not None and metric.value is not None:
                weak_small = link.strength == "weak" and _significant(m.fig.raw or m.fig.text) < 3 \
                    and not m.fig.decimals
                if agrees_previous(m.fig, metric) and not weak_small:
                    self._to_metric(m, metric, f"与“{metric.name}”上年值相符（{_why(link)}）")
                    continue
                if metric.previous is None and link.strength == "strong":
                    self._to_metric(m, metric, f"名称关联（{_why(link)}），数据无上年值")
                    continue
            if self._by_value(m):
                continue

    def _to_metric(self, m: "Mention", metric: "Metric", evidence: str) -> bool:
        value = fig_value_in(m.fig, metric, metric.value)
        if value is None:
            return False
        return self.update(m, value, evidence, metric.id)

    def _by_value(self, m: "Mention") -> bool:
        """Evidence 3: the figure equals the previous value of one metric named beside it. A small
        count in Chinese numerals ("从三个层面", "两大专业群") describes, it does not report: never by value."""
        if m.fig.chinese and m.fig.value < 10:
            return False
        where = self._name_scope(m)
        for fig in _readings(m):
            named = [mt for mt in self.index.by_previous(fig) if _named_in(mt, where)]
            news = {fig.rewrite(fig_value_in(fig, mt, mt.value)) for mt in named}
            if len(news) == 1:
                mt = named[0]
                word = next(n for n in mt.names if _named_in_word(n, where))
                return self.update(m, fig_value_in(fig, mt, mt.value),
                                   f"与“{mt.name}”上年值相符，且{_scope_name(m)}中有“{word}”", mt.id)
        return self._by_digits(m, where)

    def _by_digits(self, m: "Mention", where: str) -> bool:
        """A distinctive value alone: five or more significant digits (780.94万元 may only be the
        one metric whose previous it is), or four (or three with decimals) with two characters
        of the metric's name beside it. Approximate figures never count."""
        sig = _significant(m.fig.raw or m.fig.text)
        if m.fig.approx or m.fig.chinese or sig < 3 or (sig == 3 and not m.fig.decimals):
            return False
        for fig in _readings(m):
            hits = self.index.by_previous(fig)
            if sig < 5:
                hits = [mt for mt in hits if _bigram(mt, where)]
            if len({fig.rewrite(fig_value_in(fig, mt, mt.value)) for mt in hits}) == 1:
                mt = hits[0]
                how = f"且{_scope_name(m)}中有“{_bigram(mt, where)}”" if sig < 5 else f"{sig} 位有效数字只可能是它"
                return self.update(m, fig_value_in(fig, mt, mt.value), f"与“{mt.name}”上年值相符（{how}）", mt.id)
        return False

    def _name_scope(self, m: "Mention") -> str:
        """Where the metric's name must stand: the clause (small whole numbers) or sentence of a
        prose figure; a cell's row and column labels, and for a distinctive value (≥ 100 or with
        decimals) also the table's caption and every header row (PDF tables lose their structure)."""
        small = m.fig.decimals == 0 and abs(m.fig.value) < 100
        if m.row is not None:
            t = m.table
            parts = [m.row_label, m.col_label]
            if t is not None and not small:
                parts += [t.caption] + ["".join(r) for r in t.rows[: t.header_rows]]
            return " ".join(x for x in parts if x)
        a, b = m.passage.clause_at(m.fig.start) if small else m.passage.sentence_at(m.fig.start)
        return m.passage.text[a:b]

    # -- a computed figure is updated only with the figures it is computed from -----------------
    def consistency(self) -> None:
        """A share, per-capita figure or growth whose inputs are written in the same paragraph but
        could not be updated there stays as written too: "招生专业41个（未能更新）…占 9.52%" would
        contradict itself (the reader divides by 41)."""
        by_passage: dict[int, list["Mention"]] = {}
        for m in self.doc.mentions:
            by_passage.setdefault(id(m.passage), []).append(m)
        for m in self.doc.mentions:
            c = self.done.get(id(m))
            if c is None or c.status != UPDATED or not c.metric:
                continue
            inputs = self.inputs_of(c.metric)
            if not inputs or c.metric in inputs:
                continue
            stale = [x for x in by_passage[id(m.passage)] if x is not m and self._stale_input(x, inputs)]
            if stale:
                names = "、".join(sorted({self.yd.metrics[(self.links.get(id(x)) or Link(None)).metric].name
                                          for x in stale}))
                self.unresolved(m, f"按数据应为 {c.after}，但本段计算它所用的“{names}”未能更新，一并留待核实",
                                [c.metric], c.metric)

    def inputs_of(self, metric_id: str) -> set[str]:
        """The metrics a derived metric is computed from (its formula's references); {} if typed."""
        metric = self.yd.metrics.get(metric_id)
        if metric is None or not metric.formula:
            return set()
        return {r for r in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", metric.formula) if r in self.yd.metrics}

    def _stale_input(self, x: "Mention", inputs: set[str]) -> bool:
        link = self.links.get(id(x))
        if link is None or link.metric not in inputs:
            return False
        c = self.done.get(id(x))
        return c is None or c.status == UNRESOLVED

    # -- last pass: what is left is unresolved --------------------------------------------------
    def leftovers(self) -> None:
        """Every figure still undecided becomes unresolved, with the reason the linker gives."""
        from ..check.common import growth_cue

        for m in self.doc.mentions:
            if id(m) in self.done:
                continue
            link = self.links.get(id(m)) or Link(None)
            metric = self.yd.metrics.get(link.metric) if link.metric else None
            if metric is not None and metric.value is None:
                self.unresolved(m, f"指标 {metric.id}（{metric.name}）没有当年值", [metric.id], metric.id)
            elif metric is not None and metric.previous is not None:
                prev = metric.formatted(metric.previous)
                self.unresolved(m, f"名称指向“{metric.name}”，但原文 {m.fig.text} 与其上年值 {prev} 不符，未改",
                                [metric.id], metric.id)
            elif metric is not None:
                self.unresolved(m, f"名称指向“{metric.name}”，但数据没有上年值可以印证，未改", [metric.id], metric.id)
            elif len(link.candidates) > 1:
                self.unresolved(m, "可能是多个指标之一，未判定：" + "、".join(link.candidates), link.candidates)
            elif m.row is None and growth_cue(m):
                self.unresolved(m, "增减幅度：本句没有已更新的指标可据以重算")
            else:
                self.unresolved(m, "数据中没有可以对应的指标（或原文数字与任何指标的上年值都不符）")

    def changes(self) -> list[Change]:
        """Every decision in document order (figures), then the non-figure changes."""
        seen: set[tuple[Any, ...]] = set()
        out: list[Change] = []
        for m in self.doc.mentions:
            c = self.done.get(id(m))
            if c is None:
                continue
            k = (c.key, c.span)
            if k in seen:  # a merged cell read twice
                continue
            seen.add(k)
            out.append(c)
        return out + self.extra


def _significant(raw: str) -> int:
    """Significant digits as written: 780.94 → 5, 17402 → 5, 2000 → 1, 0.35 → 2."""
    digits = re.sub(r"\D", "", raw.split(".")[0].split("．")[0])
    frac = re.sub(r"\D", "", raw.split(".", 1)[1]) if "." in raw else ""
    if frac:
        return len((digits + frac).lstrip("0"))
    return len(digits.lstrip("0").rstrip("0"))


# two-character words too common in names to say which metric a figure is
_GENERIC = {"人数", "学生", "教师", "数量", "总数", "情况", "学校", "合计", "总计", "比例", "占比", "人次", "金额",
            "总额", "项目", "建设", "全校", "本年", "上年", "年度"}


def _bigram(metric: "Metric", where: str) -> str:
    """Two consecutive Chinese characters of one of the metric's names found in ``where`` ("" if none)."""
    text = re.sub(r"\s+", "", where)
    for n in metric.names:
        for i in range(len(n) - 1):
            two = n[i : i + 2]
            if two not in _GENERIC and all("\u4e00" <= ch <= "\u9fff" for ch in two) and two in text:
                return two
    return ""


def _readings(m: "Mention") -> list[Any]:
    """The figure, and for a cell whose unit only a (possibly garbled) header gave, a distinctive
    number read without that unit too (336 under a header 比例 that belongs to the next column)."""
    from dataclasses import replace

    f = m.fig
    out = [f]
    if m.row is not None and f.unit and f.unit not in m.passage.text and (f.decimals or abs(f.value) >= 100):
        out.append(replace(f, unit="", kind="number"))
    return out


def _why(link: Link) -> str:
    words = f"“{link.words}”" if link.words else ""
    if link.strength in ("name", None):
        return f"名称{words}"
    return f"{'相近名称' if link.strength == 'weak' else '关联'}{words}，规则 {link.rule}" if link.rule else f"名称{words}"


def _scope_name(m: "Mention") -> str:
    return "表格行列标题" if m.row is not None else "同一句"


def _named_in_word(name: str, where: str) -> bool:
    key = re.sub(r"\s+", "", name)
    return len(key) >= 2 and key in re.sub(r"\s+", "", where)


def _named_in(metric: "Metric", where: str) -> bool:
    return any(_named_in_word(n, where) for n in metric.names)


def _serial_columns(t: Any) -> set[int]:
    """Columns that number the rows (序号 1, 2, 3 …): not figures of the report."""
    out = set()
    width = max((len(r) for r in t.rows), default=0)
    for c in range(width):
        head = "".join(r[c] for r in t.rows[: t.header_rows] if c < len(r))
        cells = [r[c].strip() for r in t.rows[t.header_rows :] if c < len(r) and r[c].strip()]
        nums = [int(x) for x in cells if x.isdigit()]
        if "序号" in head or "编号" in head or (len(nums) >= 3 and nums == list(range(nums[0], nums[0] + len(nums)))
                                            and nums[0] in (0, 1) and len(nums) >= len(cells) - 1):
            out.add(c)
    return out


def plan_changes(doc: "CheckDoc", yd: "YearData", links: dict[int, Link], report_year: int) -> list[Change]:
    """Every figure's decision plus the year expressions that move, in document order."""
    from .derived import dependents
    from .tables import table_passes
    from .yearplan import year_changes

    serial = {id(t): _serial_columns(t) for t in doc.tables}
    doc.mentions = [m for m in doc.mentions if m.table is None or m.col not in serial.get(id(m.table), ())]
    p = Planner(doc, yd, links)
    p.direct()
    table_passes(p)
    dependents(p)
    table_passes(p, totals_only=True)
    p.consistency()
    p.leftovers()
    return p.changes() + year_changes(doc, report_year, p.claimed)
