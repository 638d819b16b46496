"""A section or template naming a metric the data lacks: the problem names the close ids (a typo is the usual cause)."""

from __future__ import annotations

from pathlib import Path

from draftkit.data import load_year_data
from draftkit.spec import load_spec, validate_against

ROOT = Path(__file__).resolve().parents[1]


def test_misspelt_metric_of_a_section_names_the_close_one() -> None:
    spec = load_spec(ROOT / "prompts" / "report.yaml")
    yd = load_year_data(ROOT / "data" / "2023.yaml")
    section = spec.section("talent-party").model_copy(update={"metrics": ["ideology_projectz"]})
    problems = [p for p in validate_against(spec, yd, sections=[section]) if p.ref == "ideology_projectz"]
    assert problems and "ideology_projects" in problems[0].message


def test_no_close_id_adds_nothing() -> None:
    spec = load_spec(ROOT / "prompts" / "report.yaml")
    yd = load_year_data(ROOT / "data" / "2023.yaml")
    section = spec.section("talent-party").model_copy(update={"metrics": ["qqqqqqqq"]})
    problems = [p for p in validate_against(spec, yd, sections=[section]) if p.ref == "qqqqqqqq"]
    assert problems and "相近" not in problems[0].message
