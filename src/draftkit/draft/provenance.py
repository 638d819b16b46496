"""Provenance of a draft: ``<section_id>.json`` beside ``<section_id>.md``.

It records what went in (inputs hash, prompt hash, metrics, exemplars, model) and what came out
(the hash of the .md as written), so a rerun with unchanged inputs costs nothing and a draft a
person edited (its hash differs) is never overwritten without ``--force``.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from ..fsutil import atomic_write, sha256_file

__all__ = ["Provenance", "read_provenance", "write_provenance", "draft_paths", "DraftState", "draft_state"]


class Provenance(BaseModel):
    """What one draft was made from. Never holds an API key."""

    section_id: str
    title: str = ""
    year: int | None = None
    backend: str
    model: str
    prompt_hash: str
    inputs_hash: str
    output_hash: str
    tokens_in: int = 0
    tokens_out: int = 0
    cost_estimate: float = 0.0
    attempts: int = 0
    seconds: float = 0.0
    metrics_used: list[str] = Field(default_factory=list)
    exemplar_ids: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list)
    issues: list[dict[str, Any]] = Field(default_factory=list)
    created_at: str = Field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))


def draft_paths(drafts_dir: Path, section_id: str) -> tuple[Path, Path]:
    """(``<id>.md``, ``<id>.json``) in the drafts folder."""
    return drafts_dir / f"{section_id}.md", drafts_dir / f"{section_id}.json"


def read_provenance(path: Path) -> Provenance | None:
    """The provenance file, or None when absent or unreadable (then the draft is redone)."""
    if not path.is_file():
        return None
    try:
        return Provenance.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return None


def write_provenance(path: Path, prov: Provenance) -> None:
    """Atomic write, pretty JSON with Chinese kept readable."""
    atomic_write(path, json.dumps(prov.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")


class DraftState:
    """What is on disk for a section: ``missing`` | ``current`` | ``stale`` | ``edited``."""

    MISSING, CURRENT, STALE, EDITED = "missing", "current", "stale", "edited"


def draft_state(md: Path, prov: Provenance | None, inputs_hash: str) -> str:
    """Classify the existing draft against the inputs we would draft from now."""
    if not md.is_file():
        return DraftState.MISSING
    if prov is None or sha256_file(md) != prov.output_hash:
        return DraftState.EDITED  # written or changed by a person
    return DraftState.CURRENT if prov.inputs_hash == inputs_hash else DraftState.STALE
