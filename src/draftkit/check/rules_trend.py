"""Rule ``trend``: a direction word (增长/增加/提高/扩大/稳步提升/下降/减少/降低 …) that the data contradicts.

Where a direction is claimed, and of which metric:

- a figure reached by a direction word in its clause ("在校生人数增加到 17402人"): the metric the
  figure links to (strong link) — an error when the data went the other way;
- a lead phrase (the first sentence of a paragraph, short and without figures: "办学规模稳步扩大。")
  or a heading: the first metric with a previous value that the rest of the paragraph (under a
  heading: the paragraphs up to the next heading) links to. An error when the lead phrase shares a
  word of two characters with that metric's names (规模 ~ 在校生规模), else a warning.

A direction is contradicted when the data's change from ``previous`` to ``value`` goes the other
way or is nil (beyond the rounding of the values). Negated words (未下降, 不减少) claim nothing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..grammar.cues import TREND_DOWN, TREND_UP
from .document import CheckDoc, Mention, Passage
from .model import Finding

if TYPE_CHECKING:
    from ..data import Metric, YearData

__all__ = ["trend_rule", "direction_words"]

_WORD = re.compile(rf"(?<![不未无没])(?P<up>{TREND_UP})|(?<![不未无没])(?P<down>{TREND_DOWN})")
_NOT_A_LEVEL = re.compile(r"^(?:率|幅|速|比例|的|了?\d|了?[一二三四五六七八九十两])")
_TO = re.compile(r"^\s*(?:到|至|为|达到?)?\s*$")


def direction_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, "up"/"down") of every direction word in ``text`` (增长率/增幅 are not claims)."""
    out = []
    for m in _WORD.finditer(text):
        if _NOT_A_LEVEL.match(text[m.end() : m.end() + 2]) and not text.startswith(("到", "至"), m.end()):
            continue
        out.append((m.start(), m.end(), "up" if m.group("up") else "down"))
    return out


def _went(metric: "Metric") -> str | None:
    """"up" / "down" / "flat" from previous to value, at the metric's precision; None without previous."""
    if metric.value is None or metric.previous is None:
        return None
    shown_now, shown_then = metric.formatted(metric.value), metric.formatted(metric.previous)
    if shown_now == shown_then:
        return "flat"
    return "up" if metric.value > metric.previous else "down"


def trend_rule(doc: CheckDoc, data: "YearData", linked: dict[int, str]) -> list[Finding]:
    """Every claimed direction of a metric that its previous value contradicts."""
    out: list[Finding] = []
    by_block: dict[int, list[Mention]] = {}
    for m in doc.mentions:
        if m.row is None:
            by_block.setdefault(m.passage.block, []).append(m)
    for m in doc.mentions:
        if m.row is None and id(m) in linked:
            out += _figure_direction(m, data.metrics[linked[id(m)]])
    passages = [p for p in doc.passages if p.kind in ("paragraph", "heading")]
    for i, p in enumerate(passages):
        lead = _lead(p, by_block.get(p.block, []))
        if lead is None:
            continue
        scope = [p] if p.kind == "paragraph" else _under(passages, i)
        subject = _subject(scope, by_block, linked, data, p)
        if subject is not None:
            out += _lead_direction(p, lead, *subject)
    return out


def _figure_direction(m: Mention, metric: "Metric") -> list[Finding]:
    a, _ = m.passage.clause_at(m.fig.start)
    text = m.passage.text
    for s, e, way in direction_words(text[a : m.fig.start]):
        if _TO.match(text[a + e : m.fig.start]):
            return _contradiction(m.passage, (a + s, a + e), way, metric, "error", text[a + s : m.fig.end])
    return []


def _lead(p: Passage, mentions: list[Mention]) -> tuple[int, int, str] | None:
    """The direction word of a lead phrase (a short first sentence without figures) or a heading."""
    s, e = p.sentences[0] if p.sentences else (0, len(p.text))
    if p.kind == "paragraph" and (e - s > 24 or len(p.sentences) < 2):
        return None
    if any(s <= x.fig.start < e for x in mentions):
        return None
    words = direction_words(p.text[s:e])
    return (s + words[0][0], s + words[0][1], words[0][2]) if words else None


def _under(passages: list[Passage], i: int) -> list[Passage]:
    """The paragraphs under a heading, up to the next heading."""
    out = []
    for p in passages[i + 1 :]:
        if p.kind == "heading":
            break
        out.append(p)
    return out


def _subject(scope: list[Passage], by_block: dict[int, list[Mention]], linked: dict[int, str],
             data: "YearData", lead: Passage) -> tuple["Metric", str] | None:
    """(metric, severity): the first linked metric with a previous value in the scope."""
    for p in scope:
        for m in by_block.get(p.block, []):
            if p is lead and m.fig.start < (lead.sentences[0][1] if lead.sentences else 0):
                continue
            mid = linked.get(id(m))
            metric = data.metrics.get(mid) if mid else None
            if metric is not None and _went(metric) is not None:
                head = lead.text[: lead.sentences[0][1]] if lead.sentences else lead.text
                shared = any(_shares_word(n, head) for n in metric.names)
                return metric, "error" if shared else "warning"
    return None


def _shares_word(name: str, text: str) -> bool:
    return any(name[i : i + 2] in text for i in range(len(name) - 1)
               if all("\u4e00" <= c <= "\u9fff" for c in name[i : i + 2]))


def _lead_direction(p: Passage, lead: tuple[int, int, str], metric: "Metric", severity: str) -> list[Finding]:
    s, e, way = lead
    first = p.sentences[0] if p.sentences else (0, len(p.text))
    return _contradiction(p, (s, e), way, metric, severity, p.text[first[0] : first[1]].strip("。 "))


def _contradiction(p: Passage, span: tuple[int, int], way: str, metric: "Metric", severity: str,
                   claim: str) -> list[Finding]:
    went = _went(metric)
    if went is None or went == way:
        return []
    said = "增长/提高" if way == "up" else "下降/减少"
    real = {"up": "上升", "down": "下降", "flat": "持平"}[went]
    change = f"，变化 {metric.growth_rate:+.2f}%" if metric.growth_rate is not None and metric.unit != "%" else ""
    msg = (f"文中说“{claim}”（{said}），但数据中“{metric.name}”从上年的 {metric.formatted(metric.previous)} "
           f"到本年的 {metric.formatted(metric.value)}，实际是{real}{change}。请按数据改写这句话。")
    s, e = span
    sent = next(((a, b) for a, b in p.sentences if a <= s < b), (0, len(p.text)))
    return [Finding("trend", severity, p.text[s:e], p.text[sent[0] : sent[1]].strip(), dict(p.location), msg,
                    metric=metric.id, chapter=p.chapter, span=span)]
