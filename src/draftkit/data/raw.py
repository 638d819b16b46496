"""The format-neutral intermediate form both readers (YAML, Excel) produce.

Every field keeps where it came from (``file:line`` or ``file[sheet!cell]``) so the builder
can say exactly where a problem is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["RawMetric", "RawTable", "RawDoc"]


@dataclass
class RawMetric:
    """A metric as written: fields (name, value, formula, …) with a location per field."""

    id: str
    location: str
    fields: dict[str, Any] = field(default_factory=dict)
    locs: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # value/previous as written, for precision

    def loc(self, key: str) -> str:
        """Location of one field, falling back to the metric's own location."""
        return self.locs.get(key, self.location)


@dataclass
class RawTable:
    """A table as declared: metadata plus either a CSV file or cell rows already read."""

    id: str
    location: str
    meta: dict[str, Any] = field(default_factory=dict)
    locs: dict[str, str] = field(default_factory=dict)
    rows: list[list[str]] | None = None  # header first, when the reader already has the cells
    row_locs: list[str] = field(default_factory=list)

    def loc(self, key: str) -> str:
        return self.locs.get(key, self.location)


@dataclass
class RawDoc:
    """One year-data document before resolution."""

    path: Path
    display: str  # the path as shown in messages
    header: dict[str, Any] = field(default_factory=dict)
    header_locs: dict[str, str] = field(default_factory=dict)
    metrics: list[RawMetric] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    location: str = ""
