"""A metric missing from the data but used by a section template is located at template:line."""

from __future__ import annotations

from draftkit.data import load_year_data
from draftkit.spec import load_spec, validate_against

from draftproj import REPO


def test_missing_template_metric_points_at_the_template_line() -> None:
    spec = load_spec(REPO / "prompts" / "report.yaml")
    yd = load_year_data(REPO / "data" / "2023.yaml")
    section = next(s for s in spec.sections()
                   if any(f"m.{mid}" in (REPO / "prompts" / s.template).read_text(encoding="utf-8")
                          for mid in ["employer_satisfaction"]) and "employer_satisfaction" not in s.metrics)
    del yd.metrics["employer_satisfaction"]
    problems = [p for p in validate_against(spec, yd, sections=[section]) if p.ref == "employer_satisfaction"]
    assert problems, "the missing metric is reported"
    path, _, line = problems[0].location.rpartition(":")
    assert path.endswith(section.template) and line.isdigit()
    text = (REPO / "prompts" / section.template).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert "m.employer_satisfaction" in text
