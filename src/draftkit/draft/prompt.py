"""Prompt building: system message, fact sheet, tables, data sentences, exemplars within budget.

The layout lives in ``prompts/system.md.j2`` and ``prompts/section_prompt.md.j2``; this module
gathers their inputs and trims exemplars, by rank, to the model's context budget.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from ..errors import SpecError
from ..fsutil import sha256_text
from ..spec import ReportSpec, SectionSpec
from ..units import format_value
from .bind import trend_text
from .budget import Budget, count_tokens, fit_exemplars, reserved_output_tokens
from .retrieval import Exemplar
from .templates import RenderedTemplate, make_env, render_section

__all__ = ["Prompt", "build_prompt", "fact_lines", "table_text", "attached_cases", "MESSAGE_OVERHEAD"]

MESSAGE_OVERHEAD = 4  # tokens per chat message for role and separators
MAX_TABLE_ROWS = 30


@dataclass
class Prompt:
    """Everything one section's model call needs, plus what went into it."""

    section: SectionSpec
    system: str
    user: str
    template: RenderedTemplate
    metric_ids: list[str]
    facts: list[str]
    exemplars: list[Exemplar]
    dropped_exemplars: list[Exemplar] = field(default_factory=list)
    exemplar_tokens: int = 0
    tokens_in: int = 0
    reserved_output: int = 0
    warnings: list[str] = field(default_factory=list)
    data_snapshot: dict[str, Any] = field(default_factory=dict)  # the data values this prompt was built from
    base: Any = None  # last year's matching section rolled forward (rollforward.text.RolledText), if any

    @property
    def messages(self) -> list[tuple[str, str]]:
        return [("system", self.system), ("user", self.user)]

    @property
    def prompt_hash(self) -> str:
        return sha256_text(self.system + "\n\x00\n" + self.user)

    def inputs_hash(self, backend: str, model: str) -> str:
        """Hash of what determines the draft: template, data values used, exemplars, prompt, model."""
        payload = {
            "template": self.template.source,
            "spec": self.section.model_dump(mode="json"),
            "data": self.data_snapshot,
            "exemplars": [[e.id, sha256_text(e.text)] for e in self.exemplars],
            "system": self.system,
            "user": self.user,
            "backend": backend,
            "model": model,
            "base": sha256_text(self.base.text + "\n".join(self.base.cases)) if self.base is not None else None,
        }
        return sha256_text(json.dumps(payload, ensure_ascii=False, sort_keys=True, default=str))


def data_snapshot(yd: Any, metric_ids: list[str], table_ids: list[str]) -> dict[str, Any]:
    """The values (and how they are written) of the metrics and tables a section uses."""
    values = {}
    for mid in metric_ids:
        m = yd.get(mid)
        values[mid] = None if m is None else [m.value, m.previous, m.unit, m.precision, m.name]
    return {"metrics": values, "tables": {t: _table_fingerprint(yd, t) for t in table_ids}}


def _table_fingerprint(yd: Any, tid: str) -> Any:
    t = (getattr(yd, "tables", {}) or {}).get(tid)
    return None if t is None else [t.title, t.columns, t.rows]


def fact_lines(yd: Any, ids: list[str]) -> list[str]:
    """``[students_total] 全日制在校生数 = 17402人`` (+ last year and growth when known)."""
    out = []
    for mid in ids:
        m = yd.get(mid)
        if m is None:
            continue
        line = f"[{mid}] {m.name} = {yd.format(mid)}"
        if m.previous is not None:
            line += f"（上年 {format_value(m.previous, m.unit, m.precision)}"
            trend = trend_text(m)
            if trend:
                line += f"，较上年{trend}"
            line += "）"
        out.append(line)
    return out


def table_text(yd: Any, tid: str, max_rows: int = MAX_TABLE_ROWS) -> str | None:
    """A data table as a compact Markdown pipe table (long tables cut, the total row kept)."""
    t = (getattr(yd, "tables", {}) or {}).get(tid)
    if t is None:
        return None
    rows = list(t.rows)
    cut = len(rows) > max_rows
    if cut:
        total_i = t.total_index()
        tail = [rows[total_i]] if total_i is not None else []
        rows = rows[: max_rows - len(tail)] + tail
    lines = [f"表「{t.title}」（id: {tid}）", "| " + " | ".join(t.columns) + " |",
             "|" + "---|" * len(t.columns)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    if cut:
        lines.append(f"（共 {len(t.rows)} 行，此处节选）")
    return "\n".join(lines)


def attached_cases(yd: Any, section_id: str) -> list[str]:
    """Titles of this year's case files (data/cases/<year>/) the build places after the section."""
    path, year = getattr(yd, "path", None), getattr(yd, "year", None)
    if path is None or year is None or not (Path(path).parent / "cases" / str(year)).is_dir():
        return []
    from ..assemble.cases import case_titles  # only when the project has case files

    return case_titles(Path(path).parent, year, section_id)


def _label(ex: Exemplar) -> str:
    kind = "典型案例" if ex.kind == "case" else "往年报告"
    parts = [kind, ex.source, " / ".join(ex.section_path) or ex.title]
    return "｜".join(p for p in parts if p)


def _env_for(spec: ReportSpec) -> jinja2.Environment:
    return make_env(spec.prompts_dir or Path("prompts"))


def _render(env: jinja2.Environment, name: str, ctx: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(**ctx).strip() + "\n"
    except jinja2.TemplateNotFound as exc:
        raise SpecError(f"缺少提示词模板 prompts/{name}", hint="从示例项目复制 prompts/ 目录。") from exc


def build_prompt(
    spec: ReportSpec,
    section: SectionSpec,
    yd: Any,
    exemplars: list[Exemplar],
    *,
    model: str,
    context_tokens: int,
    env: jinja2.Environment | None = None,
    base: Any = None,
) -> Prompt:
    """The section's messages, with exemplars trimmed by rank to fit ``context_tokens``; ``base`` is
    last year's matching section rolled forward (the text the model is asked to revise)."""
    env = env or _env_for(spec)
    rendered = render_section(spec, section, yd, env)
    metric_ids = list(dict.fromkeys(section.metrics + rendered.metrics_used))
    facts = fact_lines(yd, metric_ids)
    tables = [t for t in (table_text(yd, tid) for tid in section.tables) if t]
    chapter = spec.chapter_of(section.id)
    ctx = {
        "school": getattr(yd, "school", ""), "year": getattr(yd, "year", ""), "period": getattr(yd, "period", ""),
        "section": section, "chapter_heading": chapter.heading if chapter.number else "前言",
        "guidance": rendered.guidance, "facts": facts, "tables": tables, "data": rendered.data,
        "cases": attached_cases(yd, section.id),
        "base": base.text if base is not None and base.text.strip() else "",
        "base_source": base.source if base is not None else "",
    }
    system = _render(env, "system.md.j2", ctx)
    base_user = _render(env, "section_prompt.md.j2", {**ctx, "exemplars": []})
    reserved = reserved_output_tokens(section.target_chars)
    fixed = count_tokens(system, model) + count_tokens(base_user, model) + 2 * MESSAGE_OVERHEAD
    budget = Budget(context=context_tokens, reserved_output=reserved, fixed=fixed)
    warnings: list[str] = []
    if budget.for_exemplars <= 0 and exemplars:
        warnings.append(f"提示词本身已占 {fixed} tokens，超出上下文预算 {context_tokens}（预留输出 {reserved}），未放入范文；"
                        "可调大 context_tokens 或减少本节的表格/指标")
    overhead = count_tokens("<<<范文 1 开始｜>>>\n\n<<<范文 1 结束>>>\n", model)
    kept, dropped = fit_exemplars(
        exemplars, budget.for_exemplars - 40,
        lambda e: e.text, model, min_tokens=120,
    ) if budget.for_exemplars > 40 else ([], list(exemplars))
    # make room for each block's delimiters: drop from the end until the total fits
    while kept and sum(n + overhead for _, _, n in kept) > budget.for_exemplars:
        dropped.insert(0, kept.pop()[0])
    if dropped:
        warnings.append(f"上下文预算不足，舍去了排名靠后的 {len(dropped)} 篇范文")
    shown = [Exemplar(e.id, e.title, text, e.source, e.kind, e.score, e.section_path) for e, text, _ in kept]
    user = _render(env, "section_prompt.md.j2",
                   {**ctx, "exemplars": [{"label": _label(e), "text": e.text} for e in shown]}) if shown else base_user
    tokens_in = count_tokens(system, model) + count_tokens(user, model) + 2 * MESSAGE_OVERHEAD
    return Prompt(
        section=section, system=system, user=user, template=rendered, metric_ids=metric_ids, facts=facts,
        exemplars=shown, dropped_exemplars=dropped, exemplar_tokens=tokens_in - fixed if shown else 0,
        tokens_in=tokens_in, reserved_output=reserved, warnings=warnings,
        data_snapshot=data_snapshot(yd, metric_ids, section.tables), base=base,
    )
