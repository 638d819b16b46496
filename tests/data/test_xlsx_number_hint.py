"""A text in an Excel 数值 cell: the hint speaks of the workbook's columns, not YAML keys."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from draftkit.data import export_xlsx, load_year_data
from draftkit.errors import DataError

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "2023.yaml"


def test_text_in_value_cell_names_cell_and_excel_columns(tmp_path: Path) -> None:
    path = export_xlsx(SAMPLE, tmp_path / "2023.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["指标"]
    col = next(c.column_letter for c in ws[1] if c.value == "数值")
    ws[f"{col}2"] = "17402人"
    wb.save(path)
    with pytest.raises(DataError) as exc:
        load_year_data(path)
    assert f"指标!{col}2" in str(exc.value.location)
    assert "“单位”列" in (exc.value.hint or "") and "unit" not in (exc.value.hint or "")
