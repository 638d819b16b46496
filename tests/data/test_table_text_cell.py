"""A text typed into a numeric table column is reported with its cell, not silently passed as 相符."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from draftkit.data import export_xlsx, load_year_data

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "2023.yaml"


def test_text_in_numeric_column_with_total_is_a_problem(tmp_path: Path) -> None:
    path = export_xlsx(SAMPLE, tmp_path / "2023.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["majors"]
    ws["C3"] = "abc"
    wb.save(path)
    problems = load_year_data(path).tables["majors"].total_problems()
    assert any("majors!C3" in p and "abc" in p for p in problems), problems


def test_sample_tables_have_no_problems() -> None:
    yd = load_year_data(SAMPLE)
    assert all(not t.total_problems() for t in yd.tables.values())
