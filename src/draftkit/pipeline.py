"""The main job, ``draftkit run``: ingest the corpus if needed, draft every section, build the
Word report, then check it against the data.

Each stage saves its own output (vector store, drafts + provenance, report.docx, check.json),
so a rerun costs only what changed: unchanged corpus files are skipped, unchanged sections make
no LLM call, and a hand-edited report.docx is never overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .config import Settings
from .fsutil import atomic_write

__all__ = ["PipelineResult", "run_pipeline"]

StageHook = Callable[[str], dict[str, Any]]
"""Called with a stage name (ingest, draft, build, check) before it starts; returns extra
keyword arguments for that stage (e.g. ``{"progress": …}``) — the CLI hands in its progress bars."""


@dataclass
class PipelineResult:
    """What each stage of the main job did."""

    ingest: Any = None  # corpus.IngestStats, or None when skipped
    draft: Any = None  # draft.RunResult
    build: Any = None  # assemble.BuildResult
    check: Any = None  # check.CheckResult, or None when skipped
    check_json: Path | None = None
    skipped: list[str] = field(default_factory=list)  # human-readable reasons

    @property
    def ok(self) -> bool:
        """True when no section failed and the check found no error."""
        failed = bool(self.draft and self.draft.failed)
        errors = bool(self.check and self.check.summary.get("errors"))
        return not failed and not errors


def run_pipeline(
    settings: Settings,
    *,
    year: int | None = None,
    ingest: bool = True,
    check: bool = True,
    force_build: bool = False,
    hook: StageHook | None = None,
) -> PipelineResult:
    """Run ingest → draft → build → check on the project in ``settings``."""
    from .data import load_year_data

    hook = hook or (lambda _stage: {})
    res = PipelineResult()
    yd = load_year_data(settings.data_file(year))
    res.ingest = _ingest(settings, hook, res) if ingest else None
    if not ingest:
        res.skipped.append("按 --no-ingest 跳过入库")

    from .draft import run_draft

    res.draft = run_draft(settings, yd=yd, **hook("draft"))

    from .assemble import build

    res.build = build(settings, year=yd.year, force=force_build, **hook("build"))
    if check:
        res.check, res.check_json = _check(settings, res.build.path, yd, hook)
    else:
        res.skipped.append("按 --no-check 跳过核对")
    return res


def _ingest(settings: Settings, hook: StageHook, res: PipelineResult) -> Any:
    corpus = settings.corpus_dir
    if not corpus.is_dir() or not any(corpus.iterdir()):
        res.skipped.append(f"没有语料目录 {corpus}，起草时不引用往年范文")
        return None
    from .corpus import ingest

    return ingest(settings, [corpus], **hook("ingest"))


def _check(settings: Settings, report: Path, yd: Any, hook: StageHook) -> tuple[Any, Path]:
    from .check import check_file, to_json

    hook("check")
    result = check_file(report, yd)
    out = report.with_name(report.stem + ".check.json")
    atomic_write(out, json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n")
    return result, out
