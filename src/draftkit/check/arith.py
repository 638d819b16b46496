"""Interval arithmetic on written figures: a figure stands for every value that rounds to it.

``46.2%`` covers [46.15, 46.25); a share computed from ``368`` and ``796`` is the interval of
368/796 widened by the rounding of both. Two quantities agree when their intervals meet, so
"rounded half-up to the digits written" is always accepted and nothing else is.
"""

from __future__ import annotations

from ..grammar import Figure
from ..units import compatible, unit_group

__all__ = [
    "Interval", "fig_interval", "to_base", "unit_group", "compatible", "ratio", "agrees",
    "fmt_num", "growth_interval", "within",
]

Interval = tuple[float, float]
_EPS = 1e-9


def to_base(value: float, unit: str) -> float:
    """A value in the base unit of its dimension (万元 → 元, 亩 → 平方米, % → fraction)."""
    return value * unit_group(unit)[1]


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
