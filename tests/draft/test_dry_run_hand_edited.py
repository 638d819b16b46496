"""--dry-run must predict what a real run does: a hand-edited draft is kept, so it is not planned or costed."""

from __future__ import annotations

from draftkit.draft import run_draft
from draftkit.draft.llm import FakeBackend


def test_dry_run_shows_a_hand_edited_draft_as_kept(settings, exemplars) -> None:
    fake = FakeBackend(model="gpt-4o-mini")
    run_draft(settings, backend=fake, exemplars=exemplars)
    md = settings.outputs_dir(2023) / "drafts" / "talent-party.md"
    md.write_text("执笔人改写后的正文。\n", encoding="utf-8")
    preview = run_draft(settings, backend=fake, exemplars=exemplars, dry_run=True)
    party = next(o for o in preview.outcomes if o.section_id == "talent-party")
    assert party.status == "kept" and party.cost_estimate == 0 and any("--force" in w for w in party.warnings)
    assert preview.count("planned") == 0 and preview.cost_estimate == 0
    forced = run_draft(settings, backend=fake, exemplars=exemplars, dry_run=True, force=True)
    assert next(o for o in forced.outcomes if o.section_id == "talent-party").status == "planned"
    assert md.read_text(encoding="utf-8") == "执笔人改写后的正文。\n"
