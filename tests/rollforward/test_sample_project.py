"""The sample project's last-year report (corpus/reports/2022-quality-report.docx) and its year
data (data/2023.yaml) agree, so offline drafting starts from a full report rolled forward."""

from __future__ import annotations

import shutil
from pathlib import Path

from draftkit.config import load_settings
from draftkit.data import load_year_data
from draftkit.draft import run_draft
from draftkit.draft.retrieval import NoExemplars
from draftkit.draft.run import body_chars
from draftkit.grammar import extract_figures
from draftkit.rollforward import roll_document
from draftkit.rollforward.link import agrees_previous
from draftkit.spec import load_spec

REPO = Path(__file__).resolve().parents[2]
REPORT = REPO / "corpus" / "reports" / "2022-quality-report.docx"
DATA = REPO / "data" / "2023.yaml"

# Metrics with a previous value that the sample report does not state: a previous of 0 (a report
# does not write "0个"), twins of another metric in another unit (亿元, 亩: written beside the
# metric they follow), and the 学生评教平均分 (the figure grammar reads no bare "92.80分").
NOT_STATED = {"courses_national_quality", "intl_standards", "industry_alliances_led", "onsite_engineer_projects",
              "campus_area_mu", "fixed_assets_yi", "funding_income_yi", "lesson_evaluation_score"}


def test_the_sample_report_states_every_previous_value_of_the_sample_data() -> None:
    yd = load_year_data(DATA)
    _, changes, _ = roll_document(REPORT, yd)
    rolled = {c.metric for c in changes if c.status in ("updated", "kept") and c.metric}
    with_previous = {m.id for m in yd.metrics.values() if m.previous is not None and m.value is not None}
    assert with_previous - rolled - NOT_STATED == set()
    for c in changes:  # a prose figure updated on its value is last year's value of that metric
        if c.status == "updated" and c.kind == "figure" and "table" not in c.location and c.metric \
                and yd.metrics[c.metric].previous is not None:
            fig = extract_figures(c.before)[0]
            assert agrees_previous(fig, yd.metrics[c.metric]), (c.before, c.metric, c.context[:40])


def test_the_sample_projects_offline_draft_reaches_seventy_percent_of_the_targets(tmp_path: Path) -> None:
    for name in ("prompts", "data", "corpus"):
        shutil.copytree(REPO / name, tmp_path / name)
    settings = load_settings(tmp_path, llm_backend="offline")
    res = run_draft(settings, exemplars=NoExemplars("测试：不检索范文"))
    assert not res.failed
    spec = load_spec(tmp_path / "prompts" / "report.yaml")
    drafts = settings.outputs_dir(2023) / "drafts"
    chars = sum(body_chars((drafts / f"{s.id}.md").read_text(encoding="utf-8")) for s in spec.sections())
    target = sum(s.target_chars for s in spec.sections())
    assert chars >= 0.7 * target, (chars, target)
    problems = [o.section_id for o in res.outcomes if any("不符" in w for w in o.warnings)]
    assert problems == []  # every raw figure of the drafts is bound to the data or marked 【待核实】
