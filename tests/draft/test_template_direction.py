"""Template words that state a direction follow the data (the preface's lead sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.draft.templates import make_env, render_section
from draftkit.spec import load_spec

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def parts():
    spec = load_spec(ROOT / "prompts" / "report.yaml")
    return spec, spec.section("preface-highlights"), load_year_data(ROOT / "data" / "2023.yaml")


@pytest.mark.parametrize("previous, lead", [(17630, "办学规模总体稳定"), (17000, "办学规模稳步扩大"), (17402, "办学规模保持稳定")])
def test_the_preface_lead_follows_the_students_trend(parts, previous, lead):
    spec, section, yd = parts
    yd.metrics["students_total"].previous = previous
    text = render_section(spec, section, yd, make_env(ROOT / "prompts")).data
    assert f"**{lead}。**" in text


def test_a_direction_is_empty_without_a_previous_value(parts):
    from draftkit.draft.templates import MetricRefs

    _, _, yd = parts
    refs = MetricRefs(yd)
    assert refs.students_total.direction == "down" and refs.majors_total.direction in ("", "up", "down", "flat")
    yd.metrics["students_total"].previous = None
    assert refs.students_total.direction == ""
