"""The standard indicator catalog of the quality report (package data ``catalog.yaml``).

A data file may write ``students_total: 17402`` and inherit name, aliases, unit, chapter and
precision from here. Catalog entries with a ``formula`` are derived indicators; they are added
to a year's data automatically when every metric they use is present (``auto_derived: false``
in the data file turns that off).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["CHAPTERS", "CatalogEntry", "load_catalog", "catalog_entry"]

# Chapter keys map to the report's chapters (教育部通知的七个部分 + 发展概述 + 教学改革).
CHAPTERS: dict[str, str] = {
    "overview": "发展概述",
    "talent": "人才培养",
    "service": "服务贡献",
    "culture": "文化传承",
    "international": "国际合作",
    "industry": "产教融合",
    "teaching": "教学改革",
    "support": "发展保障",
    "challenges": "面临挑战",
}


@dataclass(frozen=True)
class CatalogEntry:
    """One standard indicator."""

    id: str
    name: str
    unit: str
    chapter: str
    group: str = ""
    aliases: tuple[str, ...] = field(default_factory=tuple)
    precision: int | None = None
    formula: str | None = None
    description: str | None = None


@lru_cache(maxsize=1)
def load_catalog() -> dict[str, CatalogEntry]:
    """All catalog entries by id, in catalog order."""
    text = resources.files("draftkit.data").joinpath("catalog.yaml").read_text(encoding="utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    out: dict[str, CatalogEntry] = {}
    for chapter, groups in raw.get("chapters", {}).items():
        for group, entries in (groups or {}).items():
            for mid, spec in (entries or {}).items():
                out[mid] = CatalogEntry(
                    id=mid, name=spec["name"], unit=spec.get("unit", ""), chapter=chapter, group=group,
                    aliases=tuple(spec.get("aliases") or ()), precision=spec.get("precision"),
                    formula=spec.get("formula"), description=spec.get("description"),
                )
    return out


def catalog_entry(metric_id: str) -> CatalogEntry | None:
    """The catalog entry for an id, or None."""
    return load_catalog().get(metric_id)
