"""Helpers shared by the rules: building findings, cue words, grouping mentions."""

from __future__ import annotations

from ..grammar.cues import GROWTH_DOWN as _DOWN
from ..grammar.cues import GROWTH_UP as _UP
from ..grammar.cues import SHARE_WORDS
from .document import Mention
from .model import Finding

__all__ = ["finding", "SHARE_CUES", "GROWTH_UP", "GROWTH_DOWN", "growth_cue", "share_cue", "by_passage",
           "PER_CAPITA"]

SHARE_CUES = (*SHARE_WORDS, "率")
GROWTH_UP = (*_UP, "增")  # a single 增/减 right before the figure too ("同比增 5%")
GROWTH_DOWN = (*_DOWN, "减")
PER_CAPITA = "生均"


def finding(rule: str, severity: str, m: Mention, message: str, *, metric: str | None = None,
            expected: str | None = None, found: str | None = None, inputs: list[Mention] | None = None) -> Finding:
    """A finding about one mention, with its context, location, chapter, span and — when the
    finding is about the metric the figure links to — the link's evidence. ``inputs``: the other
    figures the finding was computed from (a total's rows, a share's part and whole)."""
    link = m.link.to_dict() if m.link is not None and metric is not None and m.link.metric == metric else None
    return Finding(
        rule=rule, severity=severity, figure=m.fig.text, context=m.context, location=m.location,
        message=message, metric=metric, expected=expected, found=found if found is not None else m.fig.text,
        chapter=m.passage.chapter, link=link, span=(m.fig.start, m.fig.end), mention=m, inputs=list(inputs or []),
    )


def clause_before(m: Mention) -> str:
    """Text of the mention's clause up to the figure."""
    a, _ = m.passage.clause_at(m.fig.start)
    return m.passage.text[a : m.fig.start]


def growth_cue(m: Mention) -> str | None:
    """"up" / "down" when the clause before a % figure says 增长/下降 (…) else None."""
    if m.fig.unit not in ("%", "百分点"):
        return None
    before = clause_before(m)[-12:]
    best: tuple[int, str] | None = None
    for words, sign in ((GROWTH_UP, "up"), (GROWTH_DOWN, "down")):
        for w in words:
            i = before.rfind(w)
            if i >= 0 and (best is None or i > best[0]):
                best = (i, sign)
    if best is None:
        return None
    tail = before[best[0]:]
    if any(w in tail for w in ("率", "占比", "比例")) and not tail.startswith(("增长率", "增幅", "降幅")):
        return None  # 提高就业率到 96% is a level, not a growth
    return best[1]


def share_cue(m: Mention) -> bool:
    """True when a % figure reads as a share or a rate (占比 / 比例 / …率)."""
    if m.fig.unit != "%":
        return False
    before = clause_before(m)
    return any(w in before for w in SHARE_CUES) or m.name.endswith("率")


def by_passage(mentions: list[Mention]) -> dict[int, list[Mention]]:
    """Prose mentions grouped by block, in reading order."""
    out: dict[int, list[Mention]] = {}
    for m in mentions:
        if m.row is None:
            out.setdefault(m.passage.block, []).append(m)
    return out
