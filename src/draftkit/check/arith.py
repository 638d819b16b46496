"""Interval arithmetic on written figures: a figure stands for every value that rounds to it.

``46.2%`` covers [46.15, 46.25); a share computed from ``368`` and ``796`` is the interval of
368/796 widened by the rounding of both. Two quantities agree when their intervals meet, so
"rounded half-up to the digits written" is always accepted and nothing else is.
"""

from __future__ import annotations

from functools import lru_cache

from ..units import UNITS
from .figures import COUNT_UNITS, Figure

__all__ = [
    "Interval", "fig_interval", "to_base", "unit_group", "compatible", "ratio", "agrees",
    "fmt_num", "growth_interval", "within",
]

Interval = tuple[float, float]
_EPS = 1e-9

_PERSON = {"人", "名", "位"}
_FACTORS = {
    "元": ("money", 1.0), "万元": ("money", 1e4), "亿元": ("money", 1e8),
    "平方米": ("area", 1.0), "万平方米": ("area", 1e4), "亩": ("area", 10000.0 / 15.0), "公顷": ("area", 1e4),
    "%": ("ratio", 0.01), "‰": ("ratio", 0.001), "": ("ratio", 1.0), "倍": ("ratio", 1.0),
    "百分点": ("points", 1.0), ":1": ("ratio_to_one", 1.0),
    "GB": ("data", 1.0), "TB": ("data", 1024.0), "Mbps": ("bandwidth", 1.0), "Gbps": ("bandwidth", 1000.0),
    "学时": ("hours_class", 1.0), "课时": ("hours_class", 1.0), "小时": ("hours", 1.0),
}


def unit_group(unit: str) -> tuple[str, float]:
    """(dimension key, factor to its base) for a unit as the checker writes it.

    The factor comes from draftkit.units when it knows the unit (one source of truth for
    万元/亿元/亩/%); the key is finer than its dimensions: persons, person-times, occurrences
    and items are kept apart (人 ≠ 人次 ≠ 个)."""
    return _unit_group(unit.strip())


@lru_cache(maxsize=256)
def _unit_group(u: str) -> tuple[str, float]:
    key, factor = _unit_group_local(u)
    info = UNITS.get(u)
    if info is not None and key != "ratio_to_one":
        factor = info.factor
    return key, factor


def _unit_group_local(u: str) -> tuple[str, float]:
    if u in _FACTORS:
        return _FACTORS[u]
    factor = 1.0
    if u.startswith("万") and len(u) > 1:
        u, factor = u[1:], 1e4
    if "/" in u:
        num, den = u.split("/", 1)
        g, f = _unit_group_local(num)
        return f"{g}/{'person' if den in ('生', '人', '名') else den}", f * factor
    if u in _PERSON:
        return "person", factor
    if u == "人次":
        return "person_times", factor
    if u.endswith("次") or u in ("人天", "人日"):
        return "times", factor  # 册次 / 场次 / 次: occurrences, not items
    if u in COUNT_UNITS:
        return "count", factor
    return "u:" + u, factor  # any other unit is its own group (its factor comes from draftkit.units)


def to_base(value: float, unit: str) -> float:
    """A value in the base unit of its dimension (万元 → 元, 亩 → 平方米, % → fraction)."""
    return value * unit_group(unit)[1]


def compatible(u1: str, u2: str) -> bool:
    """Same dimension (人/名/位 are persons; 个/项/门… are items; 万元 and 元 are money)."""
    return unit_group(u1)[0] == unit_group(u2)[0]


def fig_interval(fig: Figure, unit: str | None = None) -> Interval:
    """The interval of a figure, converted to ``unit`` when given (else its own unit)."""
    lo, hi = fig.interval()
    if unit is None or unit == fig.unit:
        return lo, hi
    f_from, f_to = unit_group(fig.unit)[1], unit_group(unit)[1]
    return lo * f_from / f_to, hi * f_from / f_to


def ratio(a: Interval, b: Interval) -> Interval | None:
    """a / b on intervals (None when b may be zero)."""
    if b[0] <= 0 <= b[1]:
        return None
    cands = [a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1]]
    return min(cands), max(cands)


def agrees(x: Interval, y: Interval, slack: float = 0.0) -> bool:
    """Two intervals share values (float noise tolerated). Two rounding intervals that only
    touch (336716.40 ± 0.005 and 336716.41 ± 0.005) are different written values: no."""
    scale = max(1.0, abs(x[0]) if x[0] != float("-inf") else 1.0, abs(y[0]) if y[0] != float("-inf") else 1.0)
    tol = slack + _EPS * scale
    if x[0] < x[1] and y[0] < y[1]:
        return min(x[1], y[1]) - max(x[0], y[0]) > tol
    return x[0] <= y[1] + tol and y[0] <= x[1] + tol


def within(value: float, iv: Interval) -> bool:
    return agrees((value, value), iv)


def growth_interval(prev: Interval, cur: Interval) -> Interval | None:
    """Growth in percent from prev to cur: (cur / prev − 1) × 100 on intervals."""
    r = ratio(cur, prev)
    if r is None:
        return None
    return (r[0] - 1) * 100, (r[1] - 1) * 100


def fmt_num(value: float, decimals: int = 2) -> str:
    """A number the way a reviewer reads it: no trailing zeros beyond ``decimals``."""
    if abs(value - round(value)) < 1e-9 and decimals >= 0:
        return str(int(round(value)))
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
