"""The year data model: :class:`Metric`, :class:`Table` and :class:`YearData`."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import MissingMetricError, close_ids
from ..units import format_value

__all__ = ["Metric", "Table", "YearData", "Unfilled", "parse_number", "sane", "MAX_ABS"]

#: No figure of a school's year is this large (10^15 元 is a thousand times China's GDP): beyond it a
#: value is a typo or a hostile file, and formatting, growth rates and sums would break on it.
MAX_ABS = 1e15


def sane(value: float) -> bool:
    """True for a finite number within ±MAX_ABS (what data files may hold and formulas may yield)."""
    return math.isfinite(value) and abs(value) <= MAX_ABS


def parse_number(text: object) -> float | None:
    """A table cell or value as a number (``1,234``, ``46.23%``, ``12 万元`` too); None if not one."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text) if abs(text) <= MAX_ABS and sane(float(text)) else None
    from ..grammar import number_cell

    f = number_cell(str(text).replace(" ", ""))
    if f is None or f.unit == ":1":
        return None  # a ratio (15.85：1) is not one number
    value = float(f.raw.replace(",", "").replace("．", "."))
    return value if sane(value) else None


@dataclass
class Metric:
    """One indicator of the year: a typed value or a formula over other metrics."""

    id: str
    name: str
    unit: str
    value: float | None = None
    formula: str | None = None
    aliases: list[str] = field(default_factory=list)
    precision: int | None = None
    previous: float | None = None
    source: str | None = None
    chapter: str | None = None
    location: str = ""
    note: str | None = None
    from_catalog: bool = False  # name/unit/aliases inherited from the standard catalog
    auto_derived: bool = False  # added from a catalog formula, not written in the data file
    previous_stated: bool = field(default=False, repr=False)  # a derived metric's previous typed in the file
    unit_written: str | None = None  # the unit as the file wrote it when it differs from ``unit`` (：1, ％)

    @property
    def is_derived(self) -> bool:
        """True when the value is computed from ``formula``."""
        return self.formula is not None

    @property
    def names(self) -> list[str]:
        """The name followed by every alias (no duplicates)."""
        out = [self.name]
        out += [a for a in self.aliases if a and a not in out]
        return out

    @property
    def growth_rate(self) -> float | None:
        """Growth over last year in percent, ``(value - previous) / previous * 100``."""
        if self.value is None or not self.previous:
            return None
        return (self.value - self.previous) / abs(self.previous) * 100

    @property
    def change(self) -> float | None:
        """Absolute change over last year (百分点 for shares)."""
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    def formatted(self, value: float | None = None) -> str:
        """The value (or another one in this metric's unit) written as a report writes it."""
        return format_value(self.value if value is None else value, self.unit, self.precision, self.unit_written)


@dataclass
class Table:
    """A data table: header, rows of cell strings (total row included), provenance."""

    id: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    source: str | None = None
    total_row: str | None = None
    location: str = ""
    file: str | None = None
    chapter: str | None = None
    unit: str | None = None
    note: str | None = None
    row_locations: list[str] = field(default_factory=list)  # one per row: "file.csv:7" or "f.xlsx[sheet!A7]"

    def cell_location(self, row_idx: int, col_idx: int) -> str:
        """Where a cell is: ``file.csv:line`` (CSV) or ``file.xlsx[sheet!C7]`` (workbook)."""
        if not 0 <= row_idx < len(self.row_locations):
            return self.location
        loc = self.row_locations[row_idx]
        m = re.match(r"^(.*\[[^!\]]+!)[A-Z]+(\d+)\]$", loc)
        if m:
            from openpyxl.utils import get_column_letter

            return f"{m.group(1)}{get_column_letter(col_idx + 1)}{m.group(2)}]"
        return loc

    def number(self, row_idx: int, col_idx: int) -> float | None:
        """The cell as a number, None when empty or not numeric."""
        try:
            return parse_number(self.rows[row_idx][col_idx])
        except IndexError:
            return None

    def total_index(self) -> int | None:
        """Index of the declared total row (matched on its first cells), None if absent."""
        if not self.total_row:
            return None
        for i, row in enumerate(self.rows):
            if any(c.strip() == self.total_row for c in row[:2]):
                return i
        return None

    def column(self, name: str) -> int | None:
        """Index of a column by header text."""
        return self.columns.index(name) if name in self.columns else None

    def total_problems(self) -> list[str]:
        """Every column whose declared total differs from the sum of the body rows."""
        from .tables import total_problems

        return total_problems(self)


@dataclass(frozen=True)
class Unfilled:
    """A row of a fill-in workbook whose 数值 is still empty (only 上年值 written), skipped on load;
    ``waits_for`` names the unfilled inputs of a formula row skipped with them."""

    id: str
    name: str
    location: str
    waits_for: tuple[str, ...] = ()


@dataclass
class YearData:
    """All figures of one report year: metrics (typed, derived, catalog-inherited) and tables."""

    school: str
    year: int
    period: str
    path: Path
    published: str | None = None  # the cover date (封面日期, e.g. 2023年12月); None = the build date
    metrics: dict[str, Metric] = field(default_factory=dict)
    tables: dict[str, Table] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # soft problems (e.g. table totals)
    notes: list[str] = field(default_factory=list)  # information: how a figure was understood (shown by data check)
    unfilled: list[Unfilled] = field(default_factory=list)  # rows awaiting 数值 (not in ``metrics``)

    @property
    def unknown_units(self) -> dict[str, list[str]]:
        """Units outside the built-in table (场次, 栋 …) → ids of the metrics that use them:
        each is a measure word of its own, compatible only with itself (information, not an error)."""
        from ..units import is_known_unit

        out: dict[str, list[str]] = {}
        for m in self.metrics.values():
            if m.unit and not is_known_unit(m.unit):
                out.setdefault(m.unit_written or m.unit, []).append(m.id)
        return out

    def get(self, metric_id: str) -> Metric | None:
        """The metric or None."""
        return self.metrics.get(metric_id)

    def metric(self, metric_id: str) -> Metric:
        """The metric; MissingMetricError naming the id and the data file when absent."""
        m = self.metrics.get(metric_id)
        if m is None:
            close = close_ids(metric_id, self.metrics, n=5)
            hint = f"在 {self.path} 的 metrics 中添加 {metric_id}"
            if close:
                hint += f"，或改用已有的：{'、'.join(close)}"
            raise MissingMetricError(f"数据中没有指标 {metric_id}", location=str(self.path), hint=hint,
                                     metric=metric_id)
        return m

    def value(self, metric_id: str) -> float:
        """The (computed) value of a metric."""
        m = self.metric(metric_id)
        if m.value is None:
            raise MissingMetricError(f"指标 {metric_id} 没有数值", location=m.location, metric=metric_id)
        return m.value

    def format(self, metric_id: str) -> str:
        """The value as the report writes it, e.g. ``46.23%``, ``17402人``, ``34118.10万元``."""
        return self.metric(metric_id).formatted()

    def find_by_name(self, name: str) -> list[Metric]:
        """Metrics whose name or an alias equals ``name`` (ignoring spaces)."""
        key = _norm(name)
        return [m for m in self.metrics.values() if any(_norm(n) == key for n in m.names)]

    def by_chapter(self) -> dict[str, list[Metric]]:
        """Metrics grouped by chapter key (``None`` chapters under ``other``)."""
        out: dict[str, list[Metric]] = {}
        for m in self.metrics.values():
            out.setdefault(m.chapter or "other", []).append(m)
        return out

    def fact_sheet(self, ids: list[str] | None = None) -> list[str]:
        """Lines ``[id] 名称 = 值`` for prompts (all metrics when ``ids`` is None)."""
        chosen = ids if ids is not None else list(self.metrics)
        return [f"[{i}] {self.metric(i).name} = {self.format(i)}" for i in chosen]


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", str(text))
