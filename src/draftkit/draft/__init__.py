"""Section drafting: prompts, token budget, LLM backends, figure binding, resumable runs.

    from draftkit.draft import run_draft
    result = run_draft(settings, chapter=2, backend="offline")

Writes ``outputs/<year>/drafts/<section_id>.md`` plus ``<section_id>.json`` (provenance).
"""

from __future__ import annotations

from .bind import BindResult, bind
from .budget import count_tokens, seed_tiktoken_cache
from .llm import BACKENDS, make_backend
from .prompt import Prompt, build_prompt
from .provenance import Provenance, read_provenance
from .retrieval import Exemplar, FakeExemplars, NoExemplars, make_exemplar_source
from .run import RunResult, SectionOutcome, Status, draft_sections, run_draft, select_sections

__all__ = [
    "run_draft", "draft_sections", "select_sections", "RunResult", "SectionOutcome", "Status",
    "build_prompt", "Prompt", "bind", "BindResult", "count_tokens", "seed_tiktoken_cache",
    "BACKENDS", "make_backend", "Provenance", "read_provenance",
    "Exemplar", "FakeExemplars", "NoExemplars", "make_exemplar_source",
]
