"""The report spec: ``prompts/report.yaml`` → :class:`ReportSpec` (chapters → sections, appendix).

The spec is the outline every stage shares: the draft stage drafts one file per section, the
assemble stage lays chapters, sections, their tables and charts and the appendix out in order.
Errors carry ``file:line`` locations taken from the YAML node marks.
"""

from __future__ import annotations

import difflib

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from .errors import SpecError, close_ids
from .grammar import cn_numeral
from .limits import read_limited
from .yamlerr import compose, construct, explain_yaml_error

if TYPE_CHECKING:
    from .data import YearData

__all__ = [
    "SectionSpec",
    "ChapterSpec",
    "AppendixSpec",
    "ReportSpec",
    "SpecProblem",
    "load_spec",
    "validate_against",
    "template_metrics",
    "template_refs",
    "section_metric_ids",
]

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
# {{ m.students_total }} / {{ m.funding_income.growth }} / m["id"] inside a section template
_TEMPLATE_REF_RE = re.compile(
    r"\bm\.([A-Za-z_][A-Za-z0-9_]*)(?:\.(growth|previous|trend)\b)?|\bm\[\s*['\"]([A-Za-z0-9_]+)['\"]\s*\](?:\.(growth|previous|trend)\b)?")
_M_METHODS = {"has", "name_of", "used", "direction_of"}


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二 (chapter numbers as printed: 一、二、…)."""
    return cn_numeral(n)


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SectionSpec(_Base):
    """One section: the unit that is drafted into ``outputs/<year>/drafts/<id>.md``."""

    id: str
    title: str
    template: str
    metrics: list[str] = Field(default_factory=list)
    tables: list[str] = Field(default_factory=list)
    charts: list[str] = Field(default_factory=list)
    query: str = ""
    filters: dict[str, Any] = Field(default_factory=dict)
    k: int = Field(default=4, ge=0, le=20, description="exemplars to retrieve")
    target_chars: int = Field(default=800, ge=50, le=20000)
    outline: list[str] = Field(default_factory=list, description="sub-headings to cover, in order")
    location: str = Field(default="", exclude=True)
    chapter_id: str = Field(default="", exclude=True)

    @field_validator("id")
    @classmethod
    def _check_id(cls, v: str) -> str:
        if not _ID_RE.match(v):
            raise ValueError(f"节 id「{v}」只能含小写字母、数字、- 和 _（它会用作文件名）")
        return v


class ChapterSpec(_Base):
    """A chapter (一、发展概述); ``number`` is None for 前言."""

    id: str
    number: int | None = None
    title: str
    sections: list[SectionSpec]
    location: str = Field(default="", exclude=True)

    @property
    def heading(self) -> str:
        """The printed heading: ``一、发展概述`` or ``前言``."""
        return f"{cn_number(self.number)}、{self.title}" if self.number else self.title


class AppendixSpec(_Base):
    """An appendix indicator table: a list of metrics, or a data table by id."""

    id: str
    title: str
    metrics: list[str] = Field(default_factory=list)
    table: str | None = None
    location: str = Field(default="", exclude=True)


class ReportSpec(_Base):
    """The whole report outline."""

    title: str = "{school}职业教育质量年度报告（{year}年度）"
    chapters: list[ChapterSpec]
    appendix: list[AppendixSpec] = Field(default_factory=list)
    _path: Path | None = PrivateAttr(default=None)

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def prompts_dir(self) -> Path | None:
        """The folder templates are resolved against (the spec's own folder)."""
        return self._path.parent if self._path else None

    def sections(self) -> list[SectionSpec]:
        """All sections, in report order."""
        return [s for c in self.chapters for s in c.sections]

    def section(self, section_id: str) -> SectionSpec:
        """The section with this id; SpecError listing near matches otherwise."""
        for s in self.sections():
            if s.id == section_id:
                return s
        ids = [s.id for s in self.sections()]
        near = [i for i in ids if section_id.split("-")[0] in i] or difflib.get_close_matches(section_id, ids, n=5)
        known = ", ".join(near or ids[:8] + ["…"])
        raise SpecError(f"报告提纲中没有 id 为「{section_id}」的节", location=str(self._path or ""),
                        hint=f"可用的节 id 例如：{known}；完整列表见 prompts/report.yaml。")

    def chapter(self, key: int | str) -> ChapterSpec:
        """A chapter by number (1 = 一、…; 0 = 前言) or id."""
        for c in self.chapters:
            if c.id == str(key) or (c.number or 0) == _as_int(key):
                return c
        numbers = [c.number for c in self.chapters if c.number]
        ids = "、".join(c.id for c in self.chapters)
        span = f"1–{max(numbers)} 表示各章" if numbers else "数字表示各章"
        raise SpecError(f"报告提纲中没有第「{key}」章", location=str(self._path or ""),
                        hint=f"用 0 表示前言，{span}，或写章 id：{ids}。")

    def chapter_of(self, section_id: str) -> ChapterSpec:
        """The chapter holding a section."""
        for c in self.chapters:
            if any(s.id == section_id for s in c.sections):
                return c
        raise SpecError(f"报告提纲中没有 id 为「{section_id}」的节")

    def render_title(self, school: str, year: int) -> str:
        """The report title with school and year filled in."""
        return self.title.format(school=school, year=year)


def _as_int(key: int | str) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- loading


def _node_at(node: yaml.Node, loc: Iterable[Any]) -> yaml.Node:
    """The deepest YAML node along a pydantic error location."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            nxt = next((v for k, v in node.value if getattr(k, "value", None) == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            nxt = node.value[key]
        else:
            nxt = None
        if nxt is None:
            break
        node = nxt
    return node


def _loc(path: Path, node: yaml.Node) -> str:
    return f"{path}:{node.start_mark.line + 1}"


def load_spec(path: str | os.PathLike[str]) -> ReportSpec:
    """Read and validate ``prompts/report.yaml``; SpecError with ``file:line`` when invalid."""
    p = Path(path)
    if not p.is_file():
        raise SpecError(f"找不到报告提纲文件 {p}", hint="在项目的 prompts/ 下创建 report.yaml（可参考示例项目）。")
    try:
        text = read_limited(p, "data_mb", cls=SpecError, subject="报告提纲").decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(f"报告提纲不是 UTF-8 编码：{exc.reason}", location=str(p), hint="用 UTF-8 编码另存该文件。") from None
    try:
        root = compose(text)
        data = construct(root)
    except yaml.YAMLError as exc:
        problem = explain_yaml_error(exc, text)
        where = f"{p}:{problem.line}" if problem.line else str(p)
        raise SpecError(f"报告提纲不是合法的 YAML：{problem.message.removeprefix('YAML 格式错误：')}",
                        location=where, hint=problem.hint) from exc
    if not isinstance(data, dict) or root is None:
        raise SpecError("报告提纲应是一个映射（含 title、chapters、appendix）", location=str(p))
    try:
        spec = ReportSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        node = _node_at(root, err["loc"])
        field = ".".join(map(str, err["loc"]))
        raise SpecError(f"报告提纲字段 {field} 无效：{err['msg']}", location=_loc(p, node),
                        hint="对照 docs/ARCHITECTURE.md 中 Spec 一节的格式修改。") from exc
    spec._path = p.resolve()
    _attach_locations(spec, root, p)
    _check_unique(spec)
    return spec


def _attach_locations(spec: ReportSpec, root: yaml.Node, path: Path) -> None:
    for ci, chapter in enumerate(spec.chapters):
        chapter.location = _loc(path, _node_at(root, ["chapters", ci]))
        for si, section in enumerate(chapter.sections):
            section.location = _loc(path, _node_at(root, ["chapters", ci, "sections", si]))
            section.chapter_id = chapter.id
    for ai, app in enumerate(spec.appendix):
        app.location = _loc(path, _node_at(root, ["appendix", ai]))


def _check_unique(spec: ReportSpec) -> None:
    seen: dict[str, str] = {}
    for s in spec.sections():
        if s.id in seen:
            raise SpecError(f"节 id「{s.id}」重复（首次出现于 {seen[s.id]}）", location=s.location,
                            hint="节 id 全局唯一，它用作草稿文件名；请改名其中一个。")
        seen[s.id] = s.location
    numbers = [c.number for c in spec.chapters if c.number is not None]
    if len(numbers) != len(set(numbers)):
        raise SpecError("章序号重复", location=str(spec.path), hint="每章的 number 应各不相同（1 表示一、）。")


# --------------------------------------------------------------------------- validation


@dataclass(frozen=True)
class SpecProblem:
    """Something a section needs that the data (or the prompts folder) lacks."""

    section_id: str
    kind: str  # "metric" | "table" | "template" | "appendix-metric" | "appendix-table"
    ref: str
    message: str
    location: str = ""

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def template_refs(template_text: str) -> list[tuple[str, str | None]]:
    """(metric id, ``growth``/``previous``/None) for every ``m.<id>[.growth]`` in a template."""
    out: list[tuple[str, str | None]] = []
    for a, a_attr, b, b_attr in _TEMPLATE_REF_RE.findall(template_text):
        ref = (a or b, (a_attr or b_attr) or None)
        if ref[0] not in _M_METHODS and ref not in out:
            out.append(ref)
    return out


def template_metrics(template_text: str) -> list[str]:
    """Metric ids a section template refers to through ``m.<id>`` (in order, unique)."""
    return list(dict.fromkeys(mid for mid, _ in template_refs(template_text)))


@lru_cache(maxsize=512)
def _refs_of_file(path: str, mtime_ns: int) -> tuple[tuple[str, str | None], ...]:
    return tuple(template_refs(Path(path).read_text(encoding="utf-8")))


def _file_refs(tpl: Path | None) -> tuple[tuple[str, str | None], ...]:
    """Template references of a file (cached by path and mtime); empty when it does not exist."""
    if tpl is None:
        return ()
    try:
        return _refs_of_file(str(tpl), tpl.stat().st_mtime_ns)
    except FileNotFoundError:
        return ()


def section_metric_ids(spec: ReportSpec, section: SectionSpec) -> list[str]:
    """The section's declared metrics plus those its template uses."""
    ids = list(section.metrics)
    for mid, _attr in _file_refs(_template_path(spec, section)):
        if mid not in ids:
            ids.append(mid)
    return ids


def _template_path(spec: ReportSpec, section: SectionSpec) -> Path | None:
    base = spec.prompts_dir
    return (base / section.template) if base else None


def _ref_location(tpl: Path, mid: str) -> str:
    """``template:line`` of the first ``m.<mid>`` in a template (the file alone if not found)."""
    pattern = re.compile(rf"\bm\.{re.escape(mid)}\b")
    try:
        for n, line in enumerate(tpl.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                return f"{tpl}:{n}"
    except OSError:
        pass
    return str(tpl)


def _close(yd: "YearData", mid: str) -> str:
    """``（相近的有：a、b）`` when the data has ids like ``mid`` (a typo is the usual cause), else ``""``."""
    close = close_ids(mid, yd.metrics)
    return f"（相近的有：{'、'.join(close)}）" if close else ""


def validate_against(spec: ReportSpec, yd: "YearData", *, sections: Iterable[SectionSpec] | None = None) -> list[SpecProblem]:
    """Every metric/table/template a section (or appendix table) needs that is missing."""
    problems: list[SpecProblem] = []
    tables = yd.tables
    for s in (list(sections) if sections is not None else spec.sections()):
        tpl = _template_path(spec, s)
        if tpl is not None and not tpl.is_file():
            problems.append(SpecProblem(s.id, "template", s.template,
                                        f"节「{s.id}」的模板 {s.template} 不存在", s.location))
        for mid in section_metric_ids(spec, s):
            if yd.get(mid) is None:
                where = s.location if mid in s.metrics or tpl is None else _ref_location(tpl, mid)
                via = "" if mid in s.metrics else f"的模板 {s.template} "
                problems.append(SpecProblem(s.id, "metric", mid,
                                            f"节「{s.id}」{via}需要指标 {mid}，但年度数据中没有{_close(yd, mid)}", where))
        if tpl is not None:
            for mid, attr in _file_refs(tpl):
                metric = yd.get(mid)
                if attr and metric is not None and metric.previous is None:
                    problems.append(SpecProblem(s.id, "previous", mid,
                                                f"节「{s.id}」的模板引用 m.{mid}.{attr}，但指标 {mid} 没有上年值（previous）",
                                                f"{tpl}"))
        for tid in s.tables:
            if tid not in tables:
                problems.append(SpecProblem(s.id, "table", tid,
                                            f"节「{s.id}」需要数据表 {tid}，但年度数据中没有", s.location))
    if sections is None:
        for a in spec.appendix:
            for mid in a.metrics:
                if yd.get(mid) is None:
                    problems.append(SpecProblem(a.id, "appendix-metric", mid,
                                                f"附表「{a.title}」需要指标 {mid}，但年度数据中没有{_close(yd, mid)}",
                                                a.location))
            if a.table and a.table not in tables:
                problems.append(SpecProblem(a.id, "appendix-table", a.table,
                                            f"附表「{a.title}」需要数据表 {a.table}，但年度数据中没有", a.location))
    return problems
