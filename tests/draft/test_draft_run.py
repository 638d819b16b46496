"""Runs: offline drafting, caching, resume, hand edits, failures, concurrency, spec check first."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from draftkit.config import load_settings
from draftkit.data import load_year_data
from draftkit.draft import run_draft
from draftkit.draft.llm import FakeBackend, OfflineBackend
from draftkit.draft.retrieval import NoExemplars
from draftkit.errors import LLMRateLimitError

PROV_KEYS = {"backend", "model", "prompt_hash", "inputs_hash", "tokens_in", "tokens_out", "cost_estimate",
             "metrics_used", "exemplar_ids", "warnings", "created_at"}


def drafts(settings) -> Path:
    return settings.outputs_dir(2023) / "drafts"


def test_offline_run_writes_bound_drafts_with_provenance(settings, exemplars) -> None:
    result = run_draft(settings, exemplars=exemplars)
    assert result.count("drafted") == 6 and result.llm_calls == 0 and not result.failed
    d = drafts(settings)
    for o in result.outcomes:
        md = (d / f"{o.section_id}.md").read_text(encoding="utf-8")
        assert "{{" not in md and "}}" not in md
        prov = json.loads((d / f"{o.section_id}.json").read_text(encoding="utf-8"))
        assert PROV_KEYS <= set(prov)
        assert prov["backend"] == "offline" and prov["exemplar_ids"] == ["ex-1", "ex-2"]
    basic = (d / "overview-basic.md").read_text(encoding="utf-8")
    assert "专任教师796人" in basic and "46.23%" in basic
    # exemplars only as writer notes, never in the body
    body = re.sub(r"::: note\n.*?\n:::", "", basic, flags=re.S)
    assert "700人" not in body and "::: note" in basic and "700人" in basic
    prov = json.loads((d / "overview-basic.json").read_text(encoding="utf-8"))
    assert prov["metrics_used"] == ["teachers_fulltime", "teachers_master_share"]
    assert prov["warnings"] == []  # offline drafter writes no unsupported figure


def test_offline_drafter_is_deterministic(settings, exemplars) -> None:
    run_draft(settings, exemplars=exemplars)
    first = {p.name: p.read_bytes() for p in drafts(settings).glob("*.md")}
    run_draft(settings, exemplars=exemplars, force=True)
    assert {p.name: p.read_bytes() for p in drafts(settings).glob("*.md")} == first


def test_rerun_makes_zero_calls_and_a_changed_metric_redrafts_only_its_section(project, settings, exemplars) -> None:
    fake = FakeBackend()
    first = run_draft(settings, backend=fake, exemplars=exemplars)
    assert first.llm_calls == 6 and fake.calls == 6
    second = run_draft(settings, backend=fake, exemplars=exemplars)
    assert second.llm_calls == 0 and second.count("cached") == 6 and fake.calls == 6
    yd = load_year_data(project / "data" / "2023.yaml")
    yd.metrics["funding_income"].value = 36000.0
    third = run_draft(settings, backend=fake, exemplars=exemplars, yd=yd)
    assert [o.section_id for o in third.outcomes if o.status == "drafted"] == ["overview-funding"]
    assert fake.calls == 7
    assert "36000.00万元" in (drafts(settings) / "overview-funding.md").read_text(encoding="utf-8")


def test_a_hand_edited_draft_is_kept_unless_forced(settings, exemplars) -> None:
    fake = FakeBackend()
    run_draft(settings, backend=fake, exemplars=exemplars)
    md = drafts(settings) / "talent-party.md"
    md.write_text("执笔人改写后的正文。\n", encoding="utf-8")
    again = run_draft(settings, backend=fake, exemplars=exemplars, backend_options=None, force=False,
                      section=None, chapter=None, concurrency=2, yd=None, spec=None)
    kept = next(o for o in again.outcomes if o.section_id == "talent-party")
    assert kept.status == "kept" and any("--force" in w for w in kept.warnings)
    assert md.read_text(encoding="utf-8") == "执笔人改写后的正文。\n" and fake.calls == 6
    forced = run_draft(settings, backend=fake, exemplars=exemplars, section="talent-party", force=True)
    assert forced.count("drafted") == 1 and md.read_text(encoding="utf-8") != "执笔人改写后的正文。\n"


def test_a_failed_section_is_reported_while_the_rest_finish(settings, exemplars) -> None:
    fake = FakeBackend({"talent-moral": [LLMRateLimitError("模型服务持续限流（HTTP 429）")]})
    result = run_draft(settings, backend=fake, exemplars=exemplars)
    failed = [o for o in result.outcomes if o.status == "failed"]
    assert [o.section_id for o in failed] == ["talent-moral"] and "429" in failed[0].errors[0]
    assert result.count("drafted") == 5 and result.llm_calls == 6
    assert not (drafts(settings) / "talent-moral.md").exists()
    # the rerun finishes only what is missing
    rerun = run_draft(settings, backend=fake, exemplars=exemplars)
    assert [o.section_id for o in rerun.outcomes if o.status == "drafted"] == ["talent-moral"]
    assert rerun.llm_calls == 1


def test_unknown_placeholder_from_the_model_is_a_section_error(settings, exemplars) -> None:
    fake = FakeBackend({"talent-party": ["学校党支部{{party_branches}}，教职工959人。"]})
    result = run_draft(settings, backend=fake, exemplars=exemplars, section="talent-party")
    (o,) = result.outcomes
    assert o.status == "failed" and "party_branches" in o.errors[0]
    assert any("959人" in w for w in o.warnings)
    prov = json.loads((drafts(settings) / "talent-party.json").read_text(encoding="utf-8"))
    assert prov["errors"] and {i["kind"] for i in prov["issues"]} == {"unknown-metric", "unsupported"}
    assert "{{" not in (drafts(settings) / "talent-party.md").read_text(encoding="utf-8")


def test_concurrency_limit_is_respected(settings, exemplars) -> None:
    fake = FakeBackend(delay=0.05)
    run_draft(settings, backend=fake, exemplars=exemplars, concurrency=2)
    assert fake.max_active == 2
    fake4 = FakeBackend(delay=0.05)
    run_draft(settings, backend=fake4, exemplars=exemplars, concurrency=4, force=True)
    assert fake4.max_active == 4


def test_missing_metric_is_reported_before_any_model_call(project, settings, exemplars) -> None:
    yd = load_year_data(project / "data" / "2023.yaml")
    del yd.metrics["teachers_fulltime"]
    fake = FakeBackend()
    result = run_draft(settings, backend=fake, exemplars=exemplars, yd=yd)
    invalid = [o for o in result.outcomes if o.status == "invalid"]
    assert [o.section_id for o in invalid] == ["overview-basic"]
    assert "teachers_fulltime" in invalid[0].errors[0] and "overview-basic" in invalid[0].errors[0]
    assert {(p.section_id, p.ref) for p in result.problems} == {("overview-basic", "teachers_fulltime")}
    assert "overview-basic" not in [p.section.id for p in fake.prompts]


def test_chapter_and_section_selection(settings, exemplars) -> None:
    assert [o.section_id for o in run_draft(settings, chapter=2, exemplars=exemplars).outcomes] == \
        ["talent-party", "talent-moral", "talent-employment"]
    assert [o.section_id for o in run_draft(settings, chapter=0, exemplars=exemplars).outcomes] == ["preface-highlights"]
    assert [o.section_id for o in run_draft(settings, section="overview-funding", exemplars=exemplars).outcomes] == \
        ["overview-funding"]


def test_without_a_corpus_drafting_goes_on_and_says_so(settings) -> None:
    result = run_draft(settings, exemplars=NoExemplars("语料检索模块不可用，本节未使用范文"))
    assert result.count("drafted") == 6
    assert all(any("未使用范文" in w for w in o.warnings) for o in result.outcomes)


def test_dry_run_writes_nothing_and_estimates_cost(settings, exemplars) -> None:
    fake = FakeBackend(model="gpt-4o-mini")
    result = run_draft(settings, backend=fake, exemplars=exemplars, dry_run=True)
    assert fake.calls == 0 and not drafts(settings).exists()
    assert all(o.status == "planned" and o.prompt_tokens > 0 for o in result.outcomes)
    assert result.cost_estimate > 0


def test_a_too_short_model_draft_is_flagged(settings, exemplars) -> None:
    fake = FakeBackend({"talent-party": ["学校加强党建。"]})
    (o,) = run_draft(settings, backend=fake, exemplars=exemplars, section="talent-party").outcomes
    assert o.status == "drafted" and any("明显少于目标 500 字" in w for w in o.warnings)


def test_body_chars_leaves_out_writer_notes_and_markup() -> None:
    from draftkit.draft.run import body_chars

    text = "### 1.标题\n\n正文五个字。\n\n::: note\n范文：这一段是写给执笔人的参考，不算正文。\n:::\n\n[[table:majors]]\n"
    assert body_chars(text) == len("1.标题正文五个字。")
