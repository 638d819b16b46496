"""Once a section has failed because the endpoint cannot be reached (or never answers), the sections
still waiting fail at once instead of each retrying for minutes; a rerun drafts exactly them."""

from __future__ import annotations

from draftkit.config import load_settings
from draftkit.draft import run_draft


def test_unreachable_endpoint_is_tried_once_not_once_per_section(project, exemplars) -> None:
    settings = load_settings(project, llm_backend="openai", openai_base_url="http://127.0.0.1:9/v1",
                             openai_api_key="sk-local-test", max_retries=0, concurrency=1)
    result = run_draft(settings, exemplars=exemplars)
    assert len(result.outcomes) > 2 and all(o.status == "failed" for o in result.outcomes)
    assert result.llm_calls == 1
    skipped = [o for o in result.outcomes if o.calls == 0]
    assert len(skipped) == len(result.outcomes) - 1
    assert all("未调用" in o.errors[0] and "127.0.0.1:9" in o.errors[0] for o in skipped)
