"""The report spec: loading, locations in errors, validation against the year data."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.errors import SpecError
from draftkit.spec import load_spec, template_refs, validate_against

from draftproj import REPO


def test_sample_spec_follows_the_seed_structure() -> None:
    spec = load_spec(REPO / "prompts" / "report.yaml")
    numbers = [c.number for c in spec.chapters]
    assert numbers == [None, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert spec.chapter(10).heading == "十、挑战与展望"
    assert spec.chapters[0].heading == "前言"
    sections = spec.sections()
    assert 35 <= len(sections) <= 45
    assert len({s.id for s in sections}) == len(sections)
    for s in sections:
        assert (REPO / "prompts" / s.template).is_file(), s.template
        assert s.query and s.target_chars >= 300
    assert {c for s in sections for c in s.charts} <= {"teacher_structure", "majors_by_industry",
                                                       "employment_destinations", "funding_by_year"}
    assert len(spec.appendix) >= 5


def test_sample_spec_needs_nothing_the_sample_data_lacks() -> None:
    spec = load_spec(REPO / "prompts" / "report.yaml")
    yd = load_year_data(REPO / "data" / "2023.yaml")
    problems = validate_against(spec, yd)
    assert problems == [], [str(p) for p in problems]


def test_invalid_field_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text("chapters:\n  - id: a\n    title: 甲\n    sections:\n      - id: s1\n        title: 节\n"
                    "        template: x.md.j2\n        target_chars: lots\n", encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_spec(path)
    assert err.value.location == f"{path}:8"
    assert "target_chars" in err.value.message


def test_duplicate_section_id_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    sec = "      - {id: same, title: 节, template: x.md.j2}\n"
    path.write_text("chapters:\n  - id: a\n    title: 甲\n    sections:\n" + sec + sec, encoding="utf-8")
    with pytest.raises(SpecError, match="same"):
        load_spec(path)


def test_bad_yaml_points_at_the_line(tmp_path: Path) -> None:
    path = tmp_path / "report.yaml"
    path.write_text("chapters:\n  - id: a\n    title: [unclosed\n", encoding="utf-8")
    with pytest.raises(SpecError) as err:
        load_spec(path)
    assert err.value.location.startswith(f"{path}:")


def test_validate_reports_metric_and_section(project: Path) -> None:
    spec = load_spec(project / "prompts" / "report.yaml")
    yd = load_year_data(project / "data" / "2023.yaml")
    assert validate_against(spec, yd) == []
    del yd.metrics["funding_income"]
    yd.metrics["students_total"].previous = None
    yd.tables.pop("majors")
    problems = validate_against(spec, yd)
    found = {(p.section_id, p.kind, p.ref) for p in problems}
    assert ("overview-funding", "metric", "funding_income") in found
    assert ("overview-basic", "table", "majors") in found
    assert ("preface-highlights", "previous", "students_total") in found
    assert all(p.location for p in problems)


def test_template_refs_finds_attribute_and_item_access() -> None:
    refs = template_refs('{{ m.a }}{{ m.b.trend }}{{ m["c"] }}{% if m.has("d") %}{% endif %}')
    assert refs == [("a", None), ("b", "trend"), ("c", None)]


def test_section_and_chapter_lookup(project: Path) -> None:
    spec = load_spec(project / "prompts" / "report.yaml")
    assert spec.chapter(0).id == "preface"
    assert [s.id for s in spec.chapter("talent").sections][0] == "talent-party"
    with pytest.raises(SpecError):
        spec.section("nope")
    assert spec.render_title("示例职业技术学院", 2023) == "示例职业技术学院职业教育质量年度报告（2023年度）"
