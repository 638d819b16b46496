"""The one place roll forward asks which metric a figure of last year's report cites (and the one
place it reaches into the checker's helpers: 由 A 到 B, comparison-table columns, 合计 labels).

It runs the checker's :class:`~draftkit.check.link.Linker` on the old report against this
year's data and turns what it says into a :class:`Link`: the metric, how strong the evidence is,
the words and rule behind it, and the closest metric ids when there is no link. When the linker
gives evidence of its own (``mention.link`` with a strength), that is used as it is; a plain
name link from the older linker counts as ``"name"``, which roll forward trusts only together
with the value evidence (the figure equals the metric's ``previous``), and so does a weak link
(similar names) for a distinctive figure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..check.document import CheckDoc, Mention
    from ..data import Metric, YearData

__all__ = ["Link", "link_mentions", "MetricIndex", "fig_value_in", "agrees_previous", "opens_from", "from_to",
           "growth_columns", "is_total_label"]


@dataclass
class Link:
    """What the linker says about one figure."""

    metric: str | None
    strength: str | None = None  # "strong" | "weak" | "name" (older linker: a name, no strength) | None
    rule: str = ""
    words: str = ""
    candidates: list[str] = field(default_factory=list)  # two plausible metrics, or the nearest names
    note: str = ""


def link_mentions(doc: "CheckDoc", yd: "YearData") -> dict[int, Link]:
    """``id(mention) → Link`` for every figure of ``doc`` (``mention.metric`` is set as a side effect)."""
    from ..check.link import Linker

    linker = Linker(yd)
    linker.link_all(doc.mentions)
    out: dict[int, Link] = {}
    for m in doc.mentions:
        out[id(m)] = _as_link(m, linker.notes.get(id(m), ""))
    return out


def _as_link(m: "Mention", note: str) -> Link:
    ev: Any = getattr(m, "link", None)
    if ev is not None and getattr(ev, "metric", None):
        strong = getattr(ev, "strong", None)
        strength = ("strong" if strong else "weak") if strong is not None else (getattr(ev, "strength", None) or "weak")
        words = getattr(ev, "words", "") or ""
        return Link(ev.metric, strength, str(getattr(ev, "rule", "") or ""),
                    words if isinstance(words, str) else "、".join(words))
    if m.metric:  # a linker without evidence: a name link
        return Link(m.metric, "name", "name", m.name)
    tied = re.findall(r"[a-z][a-z0-9_]*", note.split("：", 1)[1]) if "：" in note else []
    return Link(None, None, "", "", tied, note)


def opens_from(text: str, m: "Mention") -> bool:
    """由 A 增长到 B: A (last year's value), as the checker reads it."""
    from ..check.names import opens_from as _opens

    return _opens(text, m)


def from_to(text: str, a: "Mention", b: "Mention") -> bool:
    """``a`` and ``b`` are the two ends of 由 A 增长到 B."""
    from ..check.names import from_to as _ft

    return _ft(text, a, b)


def growth_columns(table: Any) -> tuple[int, int, int] | None:
    """(last year's, this year's, growth) columns of a comparison table, as the checker finds them."""
    from ..check.rules_table import _growth_cols

    return _growth_cols(table)


def is_total_label(text: str) -> bool:
    """合计/总计/共计 however spaced."""
    from ..check.document import _is_total_label

    return _is_total_label(text)


def fig_value_in(fig: Any, metric: "Metric", value: float | None) -> float | None:
    """``value`` (in the metric's unit) expressed in the figure's unit; None when incompatible
    (生均 figures are written without the per-person part: 1.96万元 for 万元/人)."""
    if value is None:
        return None
    k = _factor(fig.unit or "", metric.unit or "")
    return None if k is None else value * k


@lru_cache(maxsize=4096)
def _factor(fu: str, mu: str) -> float | None:
    """What a value in ``mu`` is multiplied by to read in ``fu`` (None: not the same quantity)."""
    from ..units import compatible, convert

    if "/" in mu and "/" not in fu:
        mu = mu.split("/")[0]
    if not fu or fu == mu or not mu and fu not in ("%", ":1"):
        return 1.0
    if (fu == "%") != (mu == "%") or mu == ":1" or fu == ":1":
        return None
    try:
        return convert(1.0, mu, fu) if compatible(fu, mu) else None
    except Exception:  # noqa: BLE001 - units without a conversion
        return None


def agrees_previous(fig: Any, metric: "Metric") -> bool:
    """The figure as written stands for the metric's ``previous`` (rounding and 余/近/约 allowed)."""
    from ..check.arith import agrees
    from ..check.rules_data import metric_interval

    iv = metric_interval(metric, previous=True)
    if iv is None:
        return False
    lo, hi = fig_value_in(fig, metric, iv[0]), fig_value_in(fig, metric, iv[1])
    if lo is None or hi is None:
        return False
    return agrees(fig.interval(), (min(lo, hi), max(lo, hi)))


class MetricIndex:
    """This year's metrics looked up by last year's value and by name, fast enough for the
    thousand figures of a real report."""

    def __init__(self, yd: "YearData"):
        from ..units import unit_group

        self.yd = yd
        rows = []
        for m in yd.metrics.values():
            if m.value is None or m.previous is None:
                continue
            unit = (m.unit or "").split("/")[0]
            rows.append((m.previous, m))
            rows.append((m.previous * unit_group(unit)[1], m))
        rows.sort(key=lambda r: r[0])
        self._keys = [r[0] for r in rows]
        self._rows = [r[1] for r in rows]
        self.names = [(re.sub(r"\s+", "", n), m) for m in yd.metrics.values() if m.value is not None for n in m.names]

    def by_previous(self, fig: Any) -> list["Metric"]:
        """Metrics whose previous value the figure stands for (units converted, rounding allowed)."""
        from ..units import unit_group

        lo, hi = fig.interval()
        found: dict[str, Any] = {}
        for k in (1.0, unit_group(fig.unit or "")[1]):
            a, b = lo * k, hi * k
            pad = 0.51 * max(1.0, abs(a) * 1e-3)
            i = bisect.bisect_left(self._keys, min(a, b) - pad)
            j = bisect.bisect_right(self._keys, max(a, b) + pad) if hi != float("inf") else len(self._keys)
            for m in self._rows[i:j]:
                if m.id not in found and agrees_previous(fig, m):
                    found[m.id] = m
        return list(found.values())

    def closest(self, name: str, fig: Any, n: int = 3) -> list[str]:
        """Metric ids whose names read most like ``name`` (units compatible with the figure)."""
        from rapidfuzz import fuzz, process

        key = re.sub(r"\s+", "", name or "")
        if len(key) < 2 or not self.names:
            return []
        hits = process.extract(key, [x for x, _ in self.names], scorer=fuzz.partial_ratio, limit=40, score_cutoff=60)
        out: list[str] = []
        for _, _, i in hits:
            m = self.names[i][1]
            if m.id not in out and fig_value_in(fig, m, m.value) is not None:
                out.append(m.id)
            if len(out) == n:
                break
        return out
