"""Section templates (``prompts/sections/*.md.j2``): writing guidance and data sentences.

A section template is data: Jinja2 text with up to two blocks,

* ``guidance`` — what the section must cover, shown to the model in the user message;
* ``data``     — the section's data sentences in the report's register, where every figure is a
  reference ``{{ m.students_total }}`` (also ``.growth``, ``.previous``). References render to
  placeholders ``{{students_total}}`` that the binder later replaces with formatted values, so
  the offline drafter and the model go through the same binding and never invent a figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from ..errors import SpecError
from ..spec import ReportSpec, SectionSpec

__all__ = ["MetricRefs", "RenderedTemplate", "render_section", "make_env"]


class _Ref(str):
    """A placeholder string ``{{id}}`` whose ``.growth`` / ``.previous`` / ``.name`` also work."""

    def __new__(cls, refs: "MetricRefs", mid: str, suffix: str = "") -> "_Ref":
        obj = super().__new__(cls, "{{" + mid + (f".{suffix}" if suffix else "") + "}}")
        obj._refs = refs
        obj._mid = mid
        return obj

    @property
    def growth(self) -> "_Ref":
        return _Ref(self._refs, self._mid, "growth")

    @property
    def trend(self) -> "_Ref":
        return _Ref(self._refs, self._mid, "trend")

    @property
    def previous(self) -> "_Ref":
        return _Ref(self._refs, self._mid, "previous")

    @property
    def direction(self) -> str:
        """"up" / "down" / "flat" from last year to this one (at the metric's precision), "" without
        a previous value: lets a template's words follow the data ("稳步扩大" only when it grew)."""
        return self._refs.direction_of(self._mid)

    @property
    def name(self) -> str:
        return self._refs.name_of(self._mid)


class MetricRefs:
    """The ``m`` object of a section template; records which metric ids were used."""

    def __init__(self, yd: Any = None):
        self._yd = yd
        self.used: list[str] = []

    def __getattr__(self, mid: str) -> _Ref:
        if mid.startswith("_"):
            raise AttributeError(mid)
        return self[mid]

    def __getitem__(self, mid: str) -> _Ref:
        if mid not in self.used:
            self.used.append(mid)
        return _Ref(self, mid)

    def has(self, mid: str) -> bool:
        """True when the year data holds this metric (for optional sentences)."""
        return self._yd is not None and self._yd.get(mid) is not None

    def direction_of(self, mid: str) -> str:
        """See :attr:`_Ref.direction`."""
        metric = self._yd.get(mid) if self._yd is not None else None
        if metric is None or metric.value is None or metric.previous is None:
            return ""
        if metric.formatted(metric.value) == metric.formatted(metric.previous):
            return "flat"
        return "up" if metric.value > metric.previous else "down"

    def name_of(self, mid: str) -> str:
        """The metric's Chinese name (its id when the data lacks it)."""
        metric = self._yd.get(mid) if self._yd is not None else None
        return metric.name if metric is not None else mid


@dataclass
class RenderedTemplate:
    """The two blocks of a section template, rendered."""

    guidance: str
    data: str
    metrics_used: list[str] = field(default_factory=list)
    source: str = ""  # template text, for the inputs hash


def make_env(prompts_dir: Path) -> jinja2.Environment:
    """A sandboxed Jinja2 environment over the prompts folder: strict undefined, no autoescape.

    Templates are data people edit (and the web workspace will take them as uploads), so they run
    in Jinja's ``SandboxedEnvironment``: ``{{ cycler.__init__.__globals__.os.system(…) }}`` or
    ``os.environ`` (the API key) are refused with a SecurityError, which render_section reports.
    Cached per folder, so compiled templates are reused across runs (Jinja re-checks mtimes).
    """
    return _env(str(Path(prompts_dir).resolve()))


@lru_cache(maxsize=16)
def _env(prompts_dir: str) -> jinja2.Environment:
    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(prompts_dir),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _render_block(tpl: jinja2.Template, name: str, ctx: dict[str, Any]) -> str:
    block = tpl.blocks.get(name)
    if block is None:
        return ""
    try:
        return "".join(block(tpl.new_context(ctx))).strip()
    except Exception:  # noqa: BLE001 - re-raised with the traceback mapped to template lines
        tpl.environment.handle_exception()
        raise


def _template_line(exc: BaseException) -> int | None:
    """The template line a runtime error was raised at (Jinja maps its frames to template lines)."""
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_section(spec: ReportSpec, section: SectionSpec, yd: Any, env: jinja2.Environment | None = None) -> RenderedTemplate:
    """Render a section's ``guidance`` and ``data`` blocks; SpecError with location on failure."""
    base = spec.prompts_dir or Path("prompts")
    env = env or make_env(base)
    path = base / section.template
    try:
        tpl = env.get_template(section.template)
    except jinja2.TemplateNotFound as exc:
        raise SpecError(f"节「{section.id}」的模板 {section.template} 不存在", location=section.location,
                        hint=f"在 {base} 下创建该模板，或在 report.yaml 中改用 sections/generic.md.j2。") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise SpecError(f"模板语法错误：{exc.message}", location=f"{path}:{exc.lineno}",
                        hint="检查 {% %} 与 {{ }} 是否成对。") from exc
    refs = MetricRefs(yd)
    ctx = {
        "m": refs,
        "section": section.model_dump(),
        "school": getattr(yd, "school", ""),
        "year": getattr(yd, "year", ""),
        "period": getattr(yd, "period", ""),
    }
    try:
        guidance = _render_block(tpl, "guidance", ctx)
        data = _render_block(tpl, "data", ctx)
    except SecurityError as exc:
        raise SpecError(f"节「{section.id}」的模板试图访问不允许的内部属性（{exc}），已拒绝渲染",
                        location=f"{path}:{_template_line(exc)}" if _template_line(exc) else str(path),
                        hint="模板只能使用 m、section、school、year、period 及普通的 Jinja 语法；"
                             "不要写以下划线开头的属性（如 __init__、__globals__）。") from None
    except jinja2.TemplateError as exc:
        lineno = getattr(exc, "lineno", None) or _template_line(exc)
        raise SpecError(f"渲染节「{section.id}」的模板失败：{exc}", location=f"{path}:{lineno}" if lineno else str(path),
                        hint="模板中引用指标请写 {{ m.指标id }}，变量只有 m、section、school、year、period。") from exc
    source = path.read_text(encoding="utf-8") if path.is_file() else ""
    return RenderedTemplate(guidance=guidance, data=data, metrics_used=list(refs.used), source=source)
