"""Figures in prose that follow from updated ones: recomputed from the data, never scaled.

- a growth rate or change written after an updated figure of the same sentence
  (较上年增长 2.94%, 提高 1.2 个百分点, 较上年增加 924 人) → the metric's growth / change;
  when the direction turns (增长 → 下降), the figure is left for the writer with a comment;
- the "from" figure of 由 A 增长到 B, when B was updated → the metric's ``previous``;
- a share right after an updated part (368人，占比 46.23%) with no share metric of its own →
  part ÷ whole this year, where the whole is the one metric whose previous value gives last
  year's share (a named one when several do).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..grammar.cues import CHANGE_CUE, rises
from .link import fig_value_in

if TYPE_CHECKING:
    from ..check.document import Mention
    from .plan import Planner

__all__ = ["dependents"]

def dependents(p: "Planner") -> None:
    """Growth rates, changes, 由 A 到 B and shares after updated figures."""
    from ..check.common import by_passage

    for ms in by_passage(p.doc.mentions).values():
        for i, m in enumerate(ms):
            if id(m) in p.done and p.done[id(m)].status != "unresolved":
                continue
            _growth(p, ms, i) or _change(p, ms, i) or _from_figure(p, ms, i) or _share(p, ms, i)


def _subject(p: "Planner", ms: list["Mention"], i: int) -> "Mention | None":
    """The nearest updated figure before ``ms[i]`` in its sentence, with a metric."""
    m = ms[i]
    for x in reversed(ms[:i]):
        if x.sentence != m.sentence:
            return None
        if p.is_updated(x) and id(x) in p.metric_of:
            return x
    return None


def _growth(p: "Planner", ms: list["Mention"], i: int) -> bool:
    from ..check.common import growth_cue

    m = ms[i]
    cue = growth_cue(m)
    subject = _subject(p, ms, i) if cue else None
    if subject is None:
        return False
    metric = p.yd.metrics[p.metric_of[id(subject)]]
    points = m.fig.unit == "百分点" or metric.unit in ("%", "‰")
    value = metric.change if points else metric.growth_rate
    if value is None:
        return False
    return _signed(p, m, value, cue == "up", metric.id,
                   f"按“{metric.name}”当年值与上年值重算的{'变化' if points else '增长率'}", "growth")


def _signed(p: "Planner", m: "Mention", value: float, up: bool, metric: str, evidence: str, kind: str) -> bool:
    if abs(value) > 1e-12 and (value > 0) != up:
        word = "增长/增加" if value > 0 else "下降/减少"
        p.unresolved(m, f"{evidence}为 {abs(value):.2f}，方向已变为{word}，请改写本句的增减用词", [metric], metric)
        return True
    return p.update(m, abs(value), evidence, metric, kind=kind)


def _change(p: "Planner", ms: list["Mention"], i: int) -> bool:
    """较上年增加 924人: the absolute change of the figure's subject."""
    m = ms[i]
    a, _ = m.passage.clause_at(m.fig.start)
    s, _ = m.passage.sentence_at(m.fig.start)
    before = m.passage.text[max(s, a - 2) : m.fig.start]
    cue = CHANGE_CUE.search(before)
    subject = _subject(p, ms, i) if cue else None
    if subject is None:
        return False
    metric = p.yd.metrics[p.metric_of[id(subject)]]
    if metric.change is None or metric.unit in ("%", "‰"):
        return False
    value = fig_value_in(m.fig, metric, metric.change)
    if value is None or not m.fig.unit:
        return False
    return _signed(p, m, value, rises(cue.group(1)), metric.id, f"按“{metric.name}”当年值与上年值重算的增减量", "change")


def _from_figure(p: "Planner", ms: list["Mention"], i: int) -> bool:
    """由 A 增长到 B: A becomes this year's previous value when B was updated."""
    from .link import from_to, opens_from

    m = ms[i]
    if i + 1 >= len(ms) or not opens_from(m.passage.text, m):
        return False
    b = ms[i + 1]
    if not (p.is_updated(b) and id(b) in p.metric_of and from_to(m.passage.text, m, b)):
        return False
    metric = p.yd.metrics[p.metric_of[id(b)]]
    value = fig_value_in(m.fig, metric, metric.previous) if metric.previous is not None else None
    if value is None:
        return False
    return p.update(m, value, f"“{metric.name}”的上年值（由…到…的起点）", metric.id, kind="previous")


def _share(p: "Planner", ms: list["Mention"], i: int) -> bool:
    """占比 X% right after an updated part: part ÷ the whole that gave last year's share."""
    from ..check.arith import agrees

    m = ms[i]
    if m.fig.unit != "%" or i == 0 or m.fig.approx:
        return False
    part = ms[i - 1]
    if part.sentence != m.sentence or not p.is_updated(part) or id(part) not in p.metric_of:
        return False
    pm = p.yd.metrics[p.metric_of[id(part)]]
    if pm.previous is None or pm.unit in ("%", "‰") or pm.value is None:
        return False
    wholes = []
    for w in p.yd.metrics.values():
        if w.id == pm.id or w.previous is None or not w.previous or w.value is None or w.unit != pm.unit:
            continue
        if agrees(m.fig.interval(), _share_iv(pm.previous, w.previous)):
            wholes.append(w)
    named = [w for w in wholes if any(n in m.passage.text for n in w.names if len(n) >= 2)]
    if m.fig.decimals < 2 or len({m.fig.rewrite(pm.value / w.value * 100) for w in wholes}) > 1:
        wholes = named  # 71% fits too many quotients by chance: the whole must be named then
    if not wholes or len({m.fig.rewrite(pm.value / w.value * 100) for w in wholes}) > 1:
        return False
    w = wholes[0]
    return p.update(m, pm.value / w.value * 100, f"占比按“{pm.name} ÷ {w.name}”重算", None, kind="share")


def _share_iv(part: float, whole: float) -> tuple[float, float]:
    v = part / whole * 100
    return v, v
