"""Year data: metrics (typed, derived by formula, inherited from the catalog) and tables.

    >>> yd = load_year_data("data/2023.yaml")      # or .xlsx
    >>> yd.format("teachers_master_share")
    '46.23%'
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DataError
from .build import build_year_data
from .catalog import CHAPTERS, CatalogEntry, catalog_entry, load_catalog
from .model import Metric, Table, YearData, parse_number
from .yaml_reader import read_yaml

__all__ = [
    "load_year_data", "export_xlsx", "YearData", "Metric", "Table", "CHAPTERS", "CatalogEntry",
    "load_catalog", "catalog_entry", "parse_number",
]


def load_year_data(path: str | os.PathLike[str]) -> YearData:
    """Load and validate ``data/<year>.yaml`` or an ``.xlsx`` workbook; DataError with location."""
    p = Path(path)
    shown = str(path)
    suffix = p.suffix.lower()
    if p.is_dir():
        found = sorted(x.name for x in p.iterdir() if x.suffix.lower() in (".yaml", ".yml", ".xlsx"))[:5]
        raise DataError("这是一个文件夹，需要的是年度数据文件", location=shown,
                        hint="给出文件路径，如 data/2023.yaml" + (f"（此文件夹中有：{'、'.join(found)}）" if found else "") + "。")
    if suffix in (".yaml", ".yml"):
        doc = read_yaml(p, shown)
    elif suffix in (".xlsx", ".xlsm"):
        from .xlsx import read_xlsx

        doc = read_xlsx(p, shown)
    else:
        raise DataError(f"不支持的数据文件类型“{p.suffix}”", location=shown,
                        hint="年度数据请用 .yaml 或 .xlsx（可由 draftkit data export-xlsx 生成模板）。")
    return build_year_data(doc)


def export_xlsx(data: "YearData | str | os.PathLike[str]", out: str | os.PathLike[str]) -> Path:
    """Write the year data as an Excel workbook (sheets 基本信息, 指标, 表格, one per table)."""
    from .xlsx import write_xlsx

    yd = data if isinstance(data, YearData) else load_year_data(data)
    return write_xlsx(yd, Path(out))
