"""Units of the quality report: one table for dimensions, conversion, linking groups and formatting.

Every unit has a *dimension* (a mapping base → exponent, e.g. 万元/人 is
``{"money": 1, "count": -1}``) and a *factor* to the base unit of that dimension
(元 for money, 平方米 for area, one item for counts, 1 for plain ratios). Percent and
百分点 are dimensionless with factor 0.01, so ``a / b`` of two counts converts to % by
itself. Counting words (人, 个, 项 …) all share the base ``count``: a share of two counts
is dimensionless.

Units are *open*: any measure word a school writes (场次, 栋, 台（套）, 批次 …) is a unit of its
own — a count for formulas, compatible only with itself when figures are linked, written after
numbers as given — and 万/亿 scale any unit. Written variants are one unit: ``％`` is ``%``,
``㎡`` is ``平方米``, ``：1`` / ``∶1`` / ``:1`` are one ratio. The *group* of a unit is finer than
its dimension and says which figures may stand for one another: persons (人/名/位), person-times
(人次), occurrences (…次), items (个/项/门 …), money, area, … .
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import DataError

__all__ = [
    "Unit", "UNITS", "unit_info", "convert", "format_value", "default_precision", "dims_of", "Dims",
    "normalize_unit", "is_known_unit", "unit_group", "compatible", "is_count_unit", "MEASURE_WORDS", "TEXT_UNITS",
    "written_units", "Quantity", "WRITTEN_FORMS",
]

Dims = dict[str, int]


@dataclass(frozen=True)
class Unit:
    """A unit: symbol, dimension, factor to the dimension's base unit, default precision, group."""

    symbol: str
    dims: tuple[tuple[str, int], ...]
    factor: float = 1.0
    precision: int = 0
    suffix: str | None = None  # how it is written after a number, when it differs from symbol
    group: str = ""            # which figures may stand for one another (finer than dims)
    known: bool = True         # False: a measure word outside the built-in table (场次, 栋 …)

    @property
    def dim_map(self) -> Dims:
        """The dimension as a mapping base → exponent, without zero exponents (what formulas compare)."""
        return {k: v for k, v in self.dims if v}


def _u(symbol: str, dims: Dims, factor: float = 1.0, precision: int = 0, suffix: str | None = None,
       group: str = "") -> Unit:
    return Unit(symbol, tuple(sorted(dims.items())), factor, precision, suffix, group or symbol)


_COUNT = {"count": 1}
_PERSON_WORDS = ("人", "名", "位")
#: counting words of the built-in table that count items of any kind: compatible with one another
_ITEM_WORDS = (
    "个", "项", "门", "本", "部", "家", "所", "场", "期", "套", "台", "间", "册", "篇", "件", "支", "种", "条",
    "批", "户", "座", "节", "份", "处", "项目",
)
#: counting words of persons and occurrences (groups of their own: 人 ≠ 人次 ≠ 次)
_PERSON_TIMES_WORDS = ("人", "名", "位", "人次", "次", "所次", "个次", "项次", "场次", "批次", "期次", "门次", "册次",
                       "人日", "人天", "亩次")
#: measure words the table knows that count one kind of thing: each compatible only with itself
_OWN_WORDS = ("台套", "张", "卷", "轮", "栋", "幢", "村", "班", "组", "届", "首", "幅", "辆", "株", "棵", "块",
              "集", "讲", "队", "款", "例", "学分")
_COUNT_WORDS = _ITEM_WORDS + _PERSON_TIMES_WORDS + _OWN_WORDS
#: measure words read after a number in prose (with the other units of :data:`TEXT_UNITS`); a
#: data file's own units are read too. Words that after a number are as often names (6班, 3组) are left out.
MEASURE_WORDS = tuple(
    "人次 个次 项次 场次 批次 期次 台套 册次 人天 人日 门次 所次 人 名 个 项 门 本 部 家 所 次 场 期 套 台 间 册 篇 "
    "件 支 种 条 批 位 户 座 节 份 处 辆 株 张 卷 轮 栋 幢 学分".split()
)
#: every unit word read after a number without a data file
TEXT_UNITS = MEASURE_WORDS + (
    "平方米", "亩", "公顷", "元", "万元", "亿元", "学时", "课时", "小时", "分钟", "吨", "GB", "TB", "Mbps", "Gbps",
    "%", "百分点", "‰", "倍", "分",
)
_AREA_PRE = {"平方米": 1.0, "万平方米": 1e4, "亩": 10000.0 / 15.0, "公顷": 1e4}
_MONEY_PRE = {"元": 1.0, "万元": 1e4, "亿元": 1e8}
_SCALE_PREFIX = {"万": 1e4, "亿": 1e8}
#: written variants → the canonical symbol
_WRITTEN = {
    "％": "%", "个百分点": "百分点", "㎡": "平方米", "m²": "平方米", "m2": "平方米", "M2": "平方米",
    "台(套)": "台套", "台（套）": "台套", "台/套": "台套", "万㎡": "万平方米",
}
WRITTEN_FORMS = tuple(_WRITTEN)
_RATIO = re.compile(r"^[:：∶︰]\s*1$")


def _count_group(word: str) -> str:
    if word in _PERSON_WORDS:
        return "person"
    if word == "人次":
        return "person_times"
    if word.endswith("次") or word in ("人天", "人日"):
        return "times"  # 册次 / 场次 / 次: occurrences, not items
    return "count" if word in _ITEM_WORDS else "u:" + word


def _build() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for word in _COUNT_WORDS:
        g = _count_group(word)
        units[word] = _u(word, _COUNT, group=g)
        units["万" + word] = _u("万" + word, _COUNT, 1e4, 2, group=g)
    for sym, f in _MONEY_PRE.items():
        units[sym] = _u(sym, {"money": 1}, f, 2, group="money")
    for sym, f in _AREA_PRE.items():
        units[sym] = _u(sym, {"area": 1}, f, 2, group="area")
    units["%"] = _u("%", {}, 0.01, 2, group="ratio")
    units["百分点"] = _u("百分点", {}, 0.01, 2, suffix="个百分点", group="points")
    units["‰"] = _u("‰", {}, 0.001, 2, group="ratio")
    units[""] = _u("", {}, 1.0, 2, group="ratio")
    units["倍"] = _u("倍", {}, 1.0, 2, group="ratio")
    units[":1"] = _u(":1", {}, 1.0, 2, group="ratio_to_one")
    units["万"] = _u("万", {}, 1e4, 2, group="ratio")  # "2.2万" with no measure word: a plain number ×10⁴
    units["亿"] = _u("亿", {}, 1e8, 2, group="ratio")
    for sym in ("学时", "课时"):
        units[sym] = _u(sym, {"time_" + sym: 1}, group="hours_class")
        units["万" + sym] = _u("万" + sym, {"time_" + sym: 1}, 1e4, 2, group="hours_class")
    units["小时"] = _u("小时", {"time_小时": 1}, group="hours")
    units["万小时"] = _u("万小时", {"time_小时": 1}, 1e4, 2, group="hours")
    units["分钟"] = _u("分钟", {"time_小时": 1}, 1 / 60, 0, group="hours")
    for sym in ("天", "周", "年", "月"):
        units[sym] = _u(sym, {"time_" + sym: 1})
    units["吨"] = _u("吨", {"mass": 1}, 1000.0, 2, group="mass")
    units["千克"] = _u("千克", {"mass": 1}, 1.0, 2, group="mass")
    units["GB"] = _u("GB", {"data": 1}, 1.0, 0, group="data")
    units["TB"] = _u("TB", {"data": 1}, 1024.0, 2, group="data")
    units["Mbps"] = _u("Mbps", {"bandwidth": 1}, 1.0, 0, group="bandwidth")
    units["Gbps"] = _u("Gbps", {"bandwidth": 1}, 1000.0, 0, group="bandwidth")
    # per-capita and per-unit compounds
    for money, f in _MONEY_PRE.items():
        for per in ("人", "生", "名"):
            units[f"{money}/{per}"] = _u(f"{money}/{per}", {"money": 1, "count": -1}, f, 2, group="money/person")
    for area, f in _AREA_PRE.items():
        for per in ("生", "人"):
            units[f"{area}/{per}"] = _u(f"{area}/{per}", {"area": 1, "count": -1}, f, 2, group="area/person")
    for per_what in ("册/生", "册/人", "人/班", "人次/人", "项/人", "篇/人", "个/人"):
        units[per_what] = _u(per_what, {}, 1.0, 2, group=per_what.replace("/生", "/人"))
    for per_what in ("台/百生", "个/百生", "台/百人"):
        units[per_what] = _u(per_what, {}, 0.01, 2, group=per_what.replace("百生", "百人"))
    units["学时/人"] = _u("学时/人", {"time_学时": 1, "count": -1}, 1.0, 2, group="hours_class/person")
    units["小时/人"] = _u("小时/人", {"time_小时": 1, "count": -1}, 1.0, 2, group="hours/person")
    return units


UNITS: dict[str, Unit] = _build()


@lru_cache(maxsize=4096)
def normalize_unit(written: str) -> str:
    """The canonical symbol of a unit as written: ％ → %, ㎡ → 平方米, ：1 → :1, spaces dropped."""
    s = re.sub(r"[\s\u3000]+", "", str(written))
    if _RATIO.match(s):
        return ":1"
    s = s.replace("(", "（").replace(")", "）")
    return _WRITTEN.get(s, s)


def is_known_unit(symbol: str) -> bool:
    """True for a unit of the built-in table (after normalising the written form)."""
    return normalize_unit(symbol) in UNITS


@lru_cache(maxsize=4096)
def _open_unit(sym: str) -> Unit | None:
    """A unit outside the table: 万/亿 + any unit, a compound A/B, or a measure word of its own."""
    if sym in UNITS:
        return UNITS[sym]
    if len(sym) > 12 or re.search(r"[0-9０-９=<>{}\[\]\"'`\\|;]", sym):
        return None
    if sym[0] in _SCALE_PREFIX and len(sym) > 1:
        base = _open_unit(sym[1:])
        if base is not None and not base.symbol.startswith(tuple(_SCALE_PREFIX)):
            f = _SCALE_PREFIX[sym[0]]
            return Unit(sym, base.dims, base.factor * f, 2, None, base.group, base.known)
    if "/" in sym:
        num, _, den = sym.partition("/")
        a, b = _open_unit(num) if num else None, _open_unit(den) if den else None
        if a is None or b is None:
            return None
        dims: Dims = dict(a.dim_map)
        for k, v in b.dim_map.items():
            dims[k] = dims.get(k, 0) - v
        per = "person" if b.group == "person" else b.group
        return Unit(sym, tuple(sorted((k, v) for k, v in dims.items() if v)), a.factor / b.factor, 2, None,
                    f"{a.group}/{per}", a.known and b.known)
    return Unit(sym, (("count", 1),), 1.0, 0, None, "u:" + sym, False)


def unit_info(symbol: str, *, location: str | None = None, metric: str | None = None) -> Unit:
    """The :class:`Unit` for any unit a school writes (open: unknown measure words are units of
    their own); DataError naming the place only for a string that cannot be a unit."""
    sym = normalize_unit(symbol) if isinstance(symbol, str) else None
    info = _open_unit(sym) if sym is not None else None
    if info is None:
        raise DataError(f"“{symbol}”不能作为单位", location=location, metric=metric,
                        hint="单位照报告中数字后面的写法填写，如 人、个、场次、台（套）、万元、平方米、%、：1；"
                             "不要含数字或符号。")
    return info


def dims_of(symbol: str) -> Dims:
    """The dimension of a unit, without zero exponents."""
    return unit_info(symbol).dim_map


@lru_cache(maxsize=4096)
def unit_group(unit: str) -> tuple[str, float]:
    """(group, factor to the base of its dimension): figures of one group may stand for one
    another (人 and 名 do; 人 and 人次 do not; 场次 only with 场次/万场次)."""
    try:
        info = unit_info(unit)
    except DataError:
        return "u:" + str(unit), 1.0
    return info.group, info.factor


def compatible(u1: str, u2: str) -> bool:
    """Same group: 人/名/位 are persons, 个/项/门… are items, 万元 and 元 are money."""
    return unit_group(u1)[0] == unit_group(u2)[0]


@lru_cache(maxsize=4096)
def is_count_unit(unit: str) -> bool:
    """A whole count (人, 个, 场次, 台（套）…): its figures are exact, not rounded."""
    try:
        info = unit_info(unit)
    except DataError:
        return False
    return info.dim_map == _COUNT and info.factor == 1.0


def written_units(units: "list[str] | tuple[str, ...] | set[str]") -> tuple[str, ...]:
    """The given units (e.g. a data file's) that figure extraction should read after numbers,
    beyond the built-in measure words: unknown measure words and compounds."""
    out = []
    for u in units:
        if u and not is_known_unit(u) and u not in out:
            out.append(u)
    return tuple(out)


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert ``value`` between units of the same dimension (元↔万元↔亿元, 平方米↔亩, %↔小数)."""
    src, dst = unit_info(from_unit), unit_info(to_unit)
    own = src.group.startswith("u:") or dst.group.startswith("u:")  # 场次, 栋: only to themselves
    if src.dim_map != dst.dim_map or own and src.group != dst.group:
        raise DataError(
            f"单位“{from_unit}”不能换算为“{to_unit}”（量纲不同）",
            hint="只有同类单位可以换算，例如 元/万元/亿元、平方米/亩、%/百分点、场次/万场次。",
        )
    return value * src.factor / dst.factor


def default_precision(unit: str) -> int:
    """Sensible decimals for a unit when none is stated (counts 0, money and shares 2)."""
    try:
        return unit_info(unit).precision
    except DataError:
        return 2


def format_value(value: float | None, unit: str, precision: int | None = None, written: str | None = None) -> str:
    """Format a figure as a report writes it: ``46.23%``, ``17402人``, ``1.20个百分点``, ``12台（套）``
    (``written``: the unit as the data file wrote it, e.g. ``：1``)."""
    if value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value))):
        return "—"
    p = default_precision(unit) if precision is None else precision
    text = f"{_round_half_up(value, p):.{p}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    info = UNITS.get(unit)
    suffix = written if written else (info.suffix if info and info.suffix else unit)
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
