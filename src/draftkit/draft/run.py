"""Drafting runs: check the spec, then draft sections concurrently, resumably, with provenance.

A run first reports every metric/table a selected section needs that the data lacks (before any
model call), then drafts the rest with at most ``concurrency`` model calls in flight. A section
whose inputs are unchanged is skipped (zero calls); a draft a person edited is kept; a failed
section is reported while the others finish. Each draft is written atomically (provenance
first, then the Markdown), so a killed run resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import DraftkitError, LLMError
from ..fsutil import atomic_write, sha256_text
from ..spec import ReportSpec, SectionSpec, SpecProblem, load_spec, validate_against
from .bind import NOTE_RE, bind, normalize_draft, supported_values
from .budget import estimate_cost
from .llm import LLMBackend, make_backend
from .prompt import Prompt, attached_cases, build_prompt
from .provenance import DraftState, Provenance, draft_paths, draft_state, read_provenance, write_provenance
from .retrieval import ExemplarSource, make_exemplar_source
from .templates import make_env

__all__ = ["SectionOutcome", "RunResult", "draft_sections", "run_draft", "select_sections", "Status"]

Progress = Callable[[str, "SectionOutcome | None", SectionSpec], None]


class Status:
    """Outcome of one section."""

    DRAFTED, CACHED, KEPT, FAILED, INVALID, PLANNED = "drafted", "cached", "kept", "failed", "invalid", "planned"


@dataclass
class SectionOutcome:
    """What happened to one section in a run."""

    section_id: str
    title: str
    status: str
    md_path: Path | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    prompt_tokens: int = 0
    exemplar_tokens: int = 0
    cost_estimate: float = 0.0
    calls: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class RunResult:
    """All section outcomes of a run, plus the spec problems found before drafting."""

    outcomes: list[SectionOutcome]
    problems: list[SpecProblem]
    backend: str
    model: str
    drafts_dir: Path
    seconds: float = 0.0

    @property
    def llm_calls(self) -> int:
        return sum(o.calls for o in self.outcomes)

    @property
    def failed(self) -> list[SectionOutcome]:
        return [o for o in self.outcomes if o.status in (Status.FAILED, Status.INVALID)]

    @property
    def cost_estimate(self) -> float:
        return round(sum(o.cost_estimate for o in self.outcomes), 6)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)


def select_sections(spec: ReportSpec, *, section: str | None = None, chapter: str | int | None = None) -> list[SectionSpec]:
    """The sections a command asks for: one section, one chapter, or all."""
    if section:
        return [spec.section(section)]
    if chapter is not None:
        return list(spec.chapter(chapter).sections)
    return spec.sections()


@dataclass
class _Ctx:
    spec: ReportSpec
    yd: Any
    backend: LLMBackend
    exemplars: ExemplarSource
    drafts_dir: Path
    context_tokens: int
    force: bool
    dry_run: bool
    sem: asyncio.Semaphore
    retrieval_lock: asyncio.Lock
    env: Any
    price: tuple[float, float] | None = None  # configured USD per million tokens (else the built-in table)
    _pool: list[tuple[float, str, str]] | None = None
    down: str | None = None  # set when the endpoint proved unreachable: later sections are not tried
    last_year: Any = None  # rollforward.lastyear.LastYearReport: last year's sections rolled forward

    @property
    def pool(self) -> list[tuple[float, str, str]]:
        """Every value a raw number may stand for (computed once per run)."""
        if self._pool is None:
            self._pool = supported_values(self.yd)
        return self._pool


async def _draft_one(ctx: _Ctx, section: SectionSpec) -> SectionOutcome:
    start = time.perf_counter()
    out = SectionOutcome(section.id, section.title, Status.FAILED)
    async with ctx.retrieval_lock:  # retrievers (embedding model, store) are not assumed thread-safe
        exemplars, ex_warn = await asyncio.to_thread(ctx.exemplars.search, section)
    out.warnings.extend(ex_warn)
    base = None
    if ctx.last_year is not None:
        async with ctx.retrieval_lock:
            try:
                base = await asyncio.to_thread(ctx.last_year.section, ctx.spec, section.id,
                                               cases=not attached_cases(ctx.yd, section.id))
            except Exception as exc:  # a broken corpus file must not stop drafting
                out.warnings.append(f"读取上年报告的对应章节失败（{type(exc).__name__}: {exc}），本节不以上年文字为底稿")
    prompt = build_prompt(ctx.spec, section, ctx.yd, exemplars, model=ctx.backend.model,
                          context_tokens=ctx.context_tokens, env=ctx.env, base=base)
    out.warnings.extend(prompt.warnings)
    out.prompt_tokens, out.exemplar_tokens = prompt.tokens_in, prompt.exemplar_tokens
    backend_id = f"{ctx.backend.name}:{getattr(ctx.backend, 'version', '1')}"
    inputs_hash = prompt.inputs_hash(backend_id, ctx.backend.model)
    md, js = draft_paths(ctx.drafts_dir, section.id)
    prov = read_provenance(js)
    state = draft_state(md, prov, inputs_hash)
    out.md_path = md
    if state == DraftState.EDITED and not ctx.force:  # before dry-run: the preview must say it is kept
        out.status = Status.KEPT
        out.warnings.append(f"{md.name} 已被人工修改（或不是 draftkit 生成的），保留不覆盖；要重新起草请加 --force")
        return out
    if ctx.dry_run:
        out.status = Status.CACHED if state == DraftState.CURRENT and not ctx.force else Status.PLANNED
        if out.status == Status.PLANNED and ctx.backend.makes_calls:
            out.cost_estimate = estimate_cost(ctx.backend.model, prompt.tokens_in, prompt.reserved_output, ctx.price)
        return out
    if state == DraftState.CURRENT and not ctx.force:
        out.status = Status.CACHED
        out.warnings = list(prov.warnings) if prov else out.warnings
        return out
    await _complete_and_write(ctx, section, prompt, inputs_hash, out)
    out.seconds = round(time.perf_counter() - start, 3)
    return out


async def _complete_and_write(ctx: _Ctx, section: SectionSpec, prompt: Prompt, inputs_hash: str,
                              out: SectionOutcome) -> None:
    backend = ctx.backend
    async with ctx.sem:
        if ctx.down is not None:
            raise LLMError(f"未调用模型：前面的节已确认模型服务不可用（{ctx.down}）",
                           hint="修复后重跑 draftkit draft，只会补起草未完成的节。")
        t0 = time.perf_counter()
        try:
            completion = await backend.complete(prompt)
        except Exception as exc:
            out.calls = getattr(exc, "attempts", 1) if backend.makes_calls else 0
            if getattr(exc, "kind", None) in ("connection", "timeout") and ctx.down is None:
                ctx.down = getattr(exc, "message", None) or str(exc).split("\n")[0]
            raise
        out.calls = completion.attempts if backend.makes_calls else 0
    # binding and the fsync'ed writes run in a worker thread: the event loop stays free to send
    # the next requests the moment a slot opens
    await asyncio.to_thread(_bind_and_write, ctx, section, prompt, inputs_hash, out, completion, t0)


def body_chars(text: str) -> int:
    """Characters of body text: writer notes, markup and whitespace not counted."""
    body = re.sub(r"^\[\[(?:table|chart):[^\]]*\]\]$|^:::.*$|[#*>\-\s]", "", NOTE_RE.sub("", text), flags=re.M)
    return len(body)


def _metrics_used(bound: list[str], prompt: Prompt, yd: Any, model_wrote: bool) -> list[str]:
    """Metrics the draft cites: its placeholders, and in an offline draft the figures of last
    year's text that roll forward wrote from this year's data."""
    if model_wrote or prompt.base is None:
        return bound
    rolled = [w.split(":", 1)[1] for _, _, w in prompt.base.values if w.startswith("rollforward:")]
    return bound + [m for m in dict.fromkeys(rolled) if m in yd.metrics and m not in bound]


def _bind_and_write(ctx: _Ctx, section: SectionSpec, prompt: Prompt, inputs_hash: str, out: SectionOutcome,
                    completion: Any, t0: float) -> None:
    backend = ctx.backend
    text = normalize_draft(completion.text, section.title)
    pool = ctx.pool + prompt.base.values if prompt.base is not None else ctx.pool  # shares rolled forward
    result = bind(text, ctx.yd, pool=pool)
    out.errors.extend(i.message for i in result.errors)
    out.warnings.extend(f"{i.text}：{i.message}（{i.context}）" for i in result.warnings)
    chars = body_chars(result.text)
    if backend.makes_calls and chars < section.target_chars // 2:
        out.warnings.append(f"草稿正文仅约 {chars} 字，明显少于目标 {section.target_chars} 字；可检查模型输出或加 --force 重新起草")
    out.tokens_in, out.tokens_out = completion.tokens_in, completion.tokens_out
    out.cost_estimate = estimate_cost(completion.model or backend.model, completion.tokens_in, completion.tokens_out,
                                      ctx.price) \
        if backend.makes_calls else 0.0
    md, js = draft_paths(ctx.drafts_dir, section.id)
    prov = Provenance(
        section_id=section.id, title=section.title, year=getattr(ctx.yd, "year", None), backend=backend.name,
        model=completion.model or backend.model, prompt_hash=prompt.prompt_hash, inputs_hash=inputs_hash,
        output_hash=sha256_text(result.text), tokens_in=out.tokens_in, tokens_out=out.tokens_out,
        cost_estimate=out.cost_estimate, attempts=completion.attempts, seconds=round(time.perf_counter() - t0, 3),
        metrics_used=_metrics_used(result.metrics_used, prompt, ctx.yd, backend.makes_calls), exemplar_ids=[e.id for e in prompt.exemplars],
        warnings=out.warnings, errors=out.errors, issues=[i.to_dict() for i in result.issues],
    )
    write_provenance(js, prov)  # provenance first: a crash in between leaves a draft to redo, not an "edited" one
    atomic_write(md, result.text)
    out.status = Status.FAILED if result.errors else Status.DRAFTED


async def _guarded(ctx: _Ctx, section: SectionSpec, progress: Progress | None) -> SectionOutcome:
    if progress:
        progress("start", None, section)
    try:
        out = await _draft_one(ctx, section)
    except DraftkitError as exc:
        out = SectionOutcome(section.id, section.title, Status.FAILED, errors=[str(exc)],
                             calls=getattr(exc, "attempts", 0) if ctx.backend.makes_calls else 0)
    except Exception as exc:  # one broken section must not stop the others
        out = SectionOutcome(section.id, section.title, Status.FAILED, errors=[f"{type(exc).__name__}: {exc}"],
                             calls=getattr(exc, "attempts", 0) if ctx.backend.makes_calls else 0)
    if progress:
        progress("done", out, section)
    return out


async def draft_sections(
    spec: ReportSpec,
    yd: Any,
    sections: list[SectionSpec],
    backend: LLMBackend,
    exemplars: ExemplarSource,
    drafts_dir: Path,
    *,
    concurrency: int = 4,
    context_tokens: int = 16000,
    force: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    price: tuple[float, float] | None = None,
    last_year: Any = None,
) -> RunResult:
    """Draft ``sections`` (spec problems first, reported without drafting those sections);
    ``last_year`` gives each section last year's matching text rolled forward, to start from."""
    t0 = time.perf_counter()
    problems = validate_against(spec, yd, sections=sections)
    bad = {p.section_id for p in problems}
    outcomes: dict[str, SectionOutcome] = {}
    for s in sections:
        if s.id in bad:
            msgs = [str(p) for p in problems if p.section_id == s.id]
            outcomes[s.id] = SectionOutcome(s.id, s.title, Status.INVALID, errors=msgs)
            if progress:
                progress("done", outcomes[s.id], s)
    ctx = _Ctx(spec, yd, backend, exemplars, drafts_dir, context_tokens, force, dry_run,
               asyncio.Semaphore(max(1, concurrency)), asyncio.Lock(), make_env(spec.prompts_dir or Path("prompts")),
               price, last_year=last_year)
    todo = [s for s in sections if s.id not in bad]
    for res in await asyncio.gather(*(_guarded(ctx, s, progress) for s in todo)):
        outcomes[res.section_id] = res
    ordered = [outcomes[s.id] for s in sections]
    return RunResult(ordered, problems, backend.name, backend.model, drafts_dir, round(time.perf_counter() - t0, 3))


def run_draft(
    settings: Any,
    *,
    section: str | None = None,
    chapter: str | int | None = None,
    backend: str | LLMBackend | None = None,
    force: bool = False,
    dry_run: bool = False,
    concurrency: int | None = None,
    progress: Progress | None = None,
    exemplars: ExemplarSource | None = None,
    spec: ReportSpec | None = None,
    yd: Any = None,
    backend_options: dict[str, Any] | None = None,
) -> RunResult:
    """The library entry point behind ``draftkit draft``: load spec and data, draft, return outcomes."""
    spec = spec or load_spec(settings.prompts_dir / "report.yaml")
    if yd is None:
        from ..data import load_year_data

        yd = load_year_data(settings.data_file())
    chosen = select_sections(spec, section=section, chapter=chapter)
    llm = backend if backend is not None and not isinstance(backend, str) else \
        make_backend(settings, backend, **(backend_options or {}))
    check = getattr(llm, "check", None)
    if callable(check) and not dry_run:
        check()  # e.g. no API key: one clear error instead of one per section
    source = exemplars or make_exemplar_source(settings)
    drafts_dir = settings.outputs_dir(yd.year) / "drafts"
    from ..rollforward.lastyear import LastYearReport

    # drafting starts from last year's report of the school when the corpus holds it
    return asyncio.run(draft_sections(
        spec, yd, chosen, llm, source, drafts_dir,
        concurrency=concurrency or settings.concurrency, context_tokens=settings.context_tokens,
        force=force, dry_run=dry_run, progress=progress, price=getattr(settings, "price", None),
        last_year=LastYearReport(settings.corpus_dir, yd),
    ))
