"""A misspelt metric id gets the intended id in the hint, whichever place notices it (one suggester for all)."""

from __future__ import annotations

import pytest

from draftkit.data import load_year_data
from draftkit.errors import MissingMetricError, close_ids

HEAD = "school: 测试学院\nyear: 2023\nmetrics:\n  students_total: 100\n  teachers_fulltime: 10\n"


def test_typo_in_a_formula_reference_names_the_intended_id(write) -> None:
    path = write("d.yaml", HEAD + "  r: {name: 生师比, formula: students_totl / teachers_fulltime, unit: ':1'}\n")
    with pytest.raises(MissingMetricError) as exc:
        load_year_data(path)
    assert "students_total" in (exc.value.hint or ""), exc.value.hint


def test_typo_in_a_metric_lookup_names_the_intended_id(write) -> None:
    yd = load_year_data(write("d.yaml", HEAD))
    with pytest.raises(MissingMetricError) as exc:
        yd.metric("teachers_fulltme")
    assert "teachers_fulltime" in (exc.value.hint or ""), exc.value.hint


def test_close_ids_typos_then_containment() -> None:
    ids = ["students_total", "students_boarding", "teachers_total", "campus_area"]
    assert close_ids("students_totl", ids)[0] == "students_total"
    assert set(close_ids("students", ids)) == {"students_total", "students_boarding"}
    assert close_ids("qqqqqqqq", ids) == []
    assert len(close_ids("s", ids, n=2)) == 2
