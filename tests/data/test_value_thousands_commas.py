"""A value typed as text may use thousands commas ("17,402"); a comma anywhere else is an error, not a silent 12."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.errors import DataError


def _write(tmp_path: Path, value: str) -> Path:
    p = tmp_path / "2023.yaml"
    p.write_text(f'school: 测试学院\nyear: 2023\nmetrics:\n  teaching_units: {{name: 教学单位数, value: "{value}", unit: 个}}\n',
                 encoding="utf-8")
    return p


@pytest.mark.parametrize("text, number", [("17,402", 17402.0), ("1,234,567.5", 1234567.5), ("12", 12.0)])
def test_thousands_commas_are_read(tmp_path: Path, text: str, number: float) -> None:
    assert load_year_data(_write(tmp_path, text)).metrics["teaching_units"].value == number


@pytest.mark.parametrize("text", ["1,2", "1.234,5", "12,34", ",12"])
def test_misplaced_commas_are_an_error_with_the_line(tmp_path: Path, text: str) -> None:
    with pytest.raises(DataError) as exc:
        load_year_data(_write(tmp_path, text))
    assert "teaching_units" in str(exc.value) and "2023.yaml:4" in str(exc.value) and text in str(exc.value)
