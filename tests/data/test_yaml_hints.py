"""Malformed YAML: the hint names the likely cause (a Tab used for indentation)."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.errors import DataError


def test_tab_indentation_is_named_in_the_hint(tmp_path: Path) -> None:
    f = tmp_path / "2023.yaml"
    f.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n\tstudents_total: 17402\n",
                 encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_year_data(f)
    assert exc.value.location and exc.value.location.endswith(":5")
    assert "Tab" in (exc.value.hint or "")


def test_other_yaml_errors_keep_the_general_hint(tmp_path: Path) -> None:
    f = tmp_path / "2023.yaml"
    f.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: [2022\nmetrics: {}\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_year_data(f)
    assert "Tab" not in (exc.value.hint or "") and "缩进" in (exc.value.hint or "")
