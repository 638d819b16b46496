"""Units of the quality report: dimensions, conversion and number formatting.

Every unit has a *dimension* (a mapping base → exponent, e.g. 万元/人 is
``{"money": 1, "count": -1}``) and a *factor* to the base unit of that dimension
(元 for money, 平方米 for area, one item for counts, 1 for plain ratios). Percent and
百分点 are dimensionless with factor 0.01, so ``a / b`` of two counts converts to % by
itself. Counting words (人, 个, 项 …) all share the base ``count``: a share of two counts
is dimensionless.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .errors import DataError

__all__ = ["Unit", "UNITS", "unit_info", "convert", "format_value", "default_precision", "dims_of", "Dims"]

Dims = dict[str, int]


@dataclass(frozen=True)
class Unit:
    """A unit: symbol, dimension, factor to the dimension's base unit, default precision."""

    symbol: str
    dims: tuple[tuple[str, int], ...]
    factor: float = 1.0
    precision: int = 0
    suffix: str | None = None  # how it is written after a number, when it differs from symbol

    @property
    def dim_map(self) -> Dims:
        """The dimension as a mapping base → exponent, without zero exponents (what formulas compare)."""
        return {k: v for k, v in self.dims if v}


def _u(symbol: str, dims: Dims, factor: float = 1.0, precision: int = 0, suffix: str | None = None) -> Unit:
    return Unit(symbol, tuple(sorted(dims.items())), factor, precision, suffix)


_COUNT = {"count": 1}
_COUNT_WORDS = [
    "人", "名", "人次", "个", "项", "门", "本", "部", "家", "所", "次", "场", "期", "套", "台", "间",
    "册", "篇", "件", "支", "种", "条", "批", "位", "户", "村", "座", "节", "所次", "个次", "项次",
    "台套", "人日", "门次", "班", "组", "届", "首", "幅", "册次", "项目", "份", "处", "辆", "株", "亩次",
]
_AREA_PRE = {"平方米": 1.0, "万平方米": 1e4, "亩": 10000.0 / 15.0, "公顷": 1e4}
_MONEY_PRE = {"元": 1.0, "万元": 1e4, "亿元": 1e8}


def _build() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for word in _COUNT_WORDS:
        units[word] = _u(word, _COUNT)
        units["万" + word] = _u("万" + word, _COUNT, 1e4, 2)
    for sym, f in _MONEY_PRE.items():
        units[sym] = _u(sym, {"money": 1}, f, 2)
    for sym, f in _AREA_PRE.items():
        units[sym] = _u(sym, {"area": 1}, f, 2)
    units["%"] = _u("%", {}, 0.01, 2)
    units["百分点"] = _u("百分点", {}, 0.01, 2, suffix="个百分点")
    units["‰"] = _u("‰", {}, 0.001, 2)
    units[""] = _u("", {}, 1.0, 2)
    units["倍"] = _u("倍", {}, 1.0, 2)
    units[":1"] = _u(":1", {}, 1.0, 2)
    for sym in ("小时", "学时", "课时", "天", "周", "年", "月"):
        units[sym] = _u(sym, {"time_" + sym: 1})
    units["万小时"] = _u("万小时", {"time_小时": 1}, 1e4, 2)
    units["万学时"] = _u("万学时", {"time_学时": 1}, 1e4, 2)
    units["GB"] = _u("GB", {"data": 1}, 1.0, 0)
    units["TB"] = _u("TB", {"data": 1}, 1024.0, 2)
    units["Mbps"] = _u("Mbps", {"bandwidth": 1}, 1.0, 0)
    units["Gbps"] = _u("Gbps", {"bandwidth": 1}, 1000.0, 0)
    # per-capita and per-unit compounds
    for money, f in _MONEY_PRE.items():
        for per in ("人", "生", "名"):
            units[f"{money}/{per}"] = _u(f"{money}/{per}", {"money": 1, "count": -1}, f, 2)
    for area, f in _AREA_PRE.items():
        units[f"{area}/生"] = _u(f"{area}/生", {"area": 1, "count": -1}, f, 2)
        units[f"{area}/人"] = _u(f"{area}/人", {"area": 1, "count": -1}, f, 2)
    for per_what in ("册/生", "册/人", "人/班", "人次/人", "项/人", "篇/人", "个/人"):
        units[per_what] = _u(per_what, {}, 1.0, 2)
    for per_what in ("台/百生", "个/百生", "台/百人"):
        units[per_what] = _u(per_what, {}, 0.01, 2)
    units["学时/人"] = _u("学时/人", {"time_学时": 1, "count": -1}, 1.0, 2)
    units["小时/人"] = _u("小时/人", {"time_小时": 1, "count": -1}, 1.0, 2)
    return units


UNITS: dict[str, Unit] = _build()


def unit_info(symbol: str, *, location: str | None = None, metric: str | None = None) -> Unit:
    """The :class:`Unit` for a symbol; DataError naming the place when it does not exist."""
    try:
        return UNITS[symbol.strip()]
    except (KeyError, AttributeError):
        close = [u for u in UNITS if u and (u in str(symbol) or str(symbol) in u)][:5]
        hint = "可用单位如：人、个、项、元、万元、亿元、平方米、亩、%、百分点、万元/人、元/生"
        if close:
            hint = f"是否想写：{'、'.join(close)}？" + hint
        raise DataError(f"未知单位“{symbol}”", location=location, hint=hint, metric=metric) from None


def dims_of(symbol: str) -> Dims:
    """The dimension of a unit, without zero exponents."""
    return unit_info(symbol).dim_map


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between units of the same dimension (元↔万元↔亿元, 平方米↔亩, %↔小数)."""
    src, dst = unit_info(from_unit), unit_info(to_unit)
    if src.dim_map != dst.dim_map:
        raise DataError(
            f"单位“{from_unit}”不能换算为“{to_unit}”（量纲不同）",
            hint="只有同类单位可以换算，例如 元/万元/亿元、平方米/亩、%/百分点。",
        )
    return value * src.factor / dst.factor


def default_precision(unit: str) -> int:
    """Sensible decimals for a unit when none is stated (counts 0, money and shares 2)."""
    info = UNITS.get(unit)
    return info.precision if info else 2


def format_value(value: float | None, unit: str, precision: int | None = None) -> str:
    """Format a figure as a report writes it: ``46.23%``, ``17402人``, ``1.20个百分点``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    p = default_precision(unit) if precision is None else precision
    text = f"{_round_half_up(value, p):.{p}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    info = UNITS.get(unit)
    suffix = info.suffix if info and info.suffix else unit
    return text + suffix


def _round_half_up(value: float, precision: int) -> float:
    """Round like a person does (2.345 → 2.35), not banker's rounding, tolerant of float noise."""
    from decimal import ROUND_HALF_UP, Decimal

    q = Decimal(1).scaleb(-precision)
    return float(Decimal(repr(value)).quantize(q, rounding=ROUND_HALF_UP))


@dataclass
class Quantity:
    """A value in base units with its dimension, used while evaluating formulas."""

    base: float
    dims: Dims = field(default_factory=dict)

    def clean(self) -> "Quantity":
        return Quantity(self.base, {k: v for k, v in self.dims.items() if v})
