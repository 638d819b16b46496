"""``build``: section drafts + data tables + charts → ``outputs/<year>/report.docx``.

Order: cover, 前言, 目录 (TOC field, pre-filled), chapters 一、… with their sections （一）…, each
section's draft followed by the tables and charts the spec names (unless the draft placed them
with ``[[table:id]]``/``[[chart:id]]``) and then this year's 典型案例 from ``data/cases/<year>/``
(unless the draft placed them with ``[[cases]]``), then 附表. A missing draft becomes a marked
placeholder, a chart whose data is missing or a case file that cannot be used is skipped with a
warning: the build never stops half-way.
"""

from __future__ import annotations

import io
import os
import tempfile
import time
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path

from ..config import Settings
from ..data import CHAPTERS, YearData, load_year_data
from ..errors import ConfigError, DraftkitError
from ..data.model import Table
from ..spec import AppendixSpec, ReportSpec, SectionSpec, load_spec, validate_against
from ..units import format_value
from .cases import CaseSet, cases_dir, load_cases
from .charts import build_chart, render_cached
from .document import new_document
from .fonts import make_fonts_concrete
from .markdown import parse_draft
from .outputs import plan_output, write_output
from .pdf import convert_to_pdf, find_soffice, pdf_page_layout
from .style import set_body_page_count, split_page_sections
from .typeset import compact
from .toc import TocEntry, fill_toc, locate_pages, page_labels, request_field_update, set_pages
from .writer import ReportWriter, section_heading, strip_number

__all__ = ["BuildResult", "build", "build_document", "appendix_metric_table", "default_target"]


@dataclass
class BuildResult:
    """What ``build`` wrote and a summary for the CLI."""

    path: Path
    year: int
    pages: int | None = None
    body_pages: int | None = None  # of ``pages``, those numbered 1… (from the first chapter on)
    left_aligned: int = 0  # paragraphs left-aligned because justification letter-spaced a line
    toc_unnumbered: str | None = None  # why the TOC shows no page numbers (None: they are filled in)
    chapters: int = 0
    sections: int = 0
    tables: int = 0
    charts: int = 0
    comments: int = 0
    cases: int = 0
    case_files: int = 0  # of ``cases``, the ones from data/cases/<year>/ (the rest come from drafts)
    placeholders: list[str] = field(default_factory=list)  # sections without a draft
    to_write: list[str] = field(default_factory=list)  # sections whose draft still says 【待补充…】
    extra_tables: list[str] = field(default_factory=list)  # data tables the spec did not name
    warnings: list[str] = field(default_factory=list)
    diverted_from: Path | None = None
    overwrote_edit: bool = False
    seconds: float = 0.0
    sha256: str = ""


def default_target(settings: Settings, year: int) -> Path:
    """``outputs/<year>/report.docx``."""
    return settings.outputs_dir(year) / "report.docx"


def output_target(out: Path | str) -> Path:
    """``--out``: a .docx path, or a folder (existing, ending in a slash, or without suffix) → folder/report.docx."""
    text = str(out)
    path = Path(out)
    if path.is_dir() or text.endswith(("/", os.sep)) or not path.suffix:
        return path / "report.docx"
    if path.suffix.lower() != ".docx":
        raise ConfigError(f"输出文件必须是 .docx：{out}", location=text,
                          hint="把 --out 改成 xxx.docx，或给一个文件夹（写入其中的 report.docx）。")
    return path


def build(settings: Settings, year: int | None = None, template: Path | str | None = None,
          out: Path | str | None = None, force: bool = False, paginate: bool | None = None,
          notes: bool = True) -> BuildResult:
    """Assemble the report and write it without overwriting a hand-edited file (unless ``force``).

    ``notes=False`` leaves the writer notes out (no Word comments): a clean copy to publish.

    ``paginate`` (default: when LibreOffice is installed) lays the document out once to put page
    numbers into the pre-filled TOC and report the page count.
    """
    t0 = time.perf_counter()
    yd = load_year_data(settings.data_file(year))
    spec = load_spec(settings.prompts_dir / "report.yaml")
    drafts = settings.outputs_dir(yd.year) / "drafts"
    target = output_target(out) if out else default_target(settings, yd.year)  # a bad --out fails before the work
    cases = cases_dir(settings.data_dir, yd.year)
    data, result = build_document(yd, spec, drafts, template=Path(template) if template else None,
                                  paginate=paginate, cache_dir=settings.state_dir / "cache" / "charts",
                                  cases=load_spec_cases(cases, spec, yd.year), notes=notes)
    if not target.is_absolute():
        target = (settings.project / target) if out is None else target.resolve()
    plan = plan_output(target, settings.project, settings.state_dir, force=force)
    try:
        result.sha256 = write_output(plan.path, data, settings.project, settings.state_dir)
    except DraftkitError:
        raise
    except OSError as exc:  # a folder that cannot be created, a read-only file system, a full disk …
        raise ConfigError(f"无法写入 {plan.path}：{exc.strerror or exc}", location=str(plan.path),
                          hint="检查输出路径是否可写、磁盘是否已满；或用 --out 写到别处。") from exc
    result.path = plan.path
    result.diverted_from = plan.diverted_from
    result.overwrote_edit = plan.overwrote_edit
    result.seconds = time.perf_counter() - t0
    return result


def build_document(yd: YearData, spec: ReportSpec, drafts_dir: Path, template: Path | None = None,
                   today: date | None = None, paginate: bool | None = False,
                   cache_dir: Path | None = None, cases: CaseSet | None = None,
                   notes: bool = True) -> tuple[bytes, BuildResult]:
    """The .docx bytes and the summary (only the chart cache is written to disk).

    ``cases`` (``load_spec_cases``) are this year's case files, placed at the end of their sections.
    """
    doc = new_document(template)
    w = ReportWriter(doc, school=yd.school, chart_cache=cache_dir, notes=notes)
    res = BuildResult(path=Path(), year=yd.year)
    title = spec.render_title(yd.school, yd.year)
    d = today or date.today()
    cover_end = w.cover(yd.school, title, yd.published or f"{d.year}年{d.month}月")
    front = [c for c in spec.chapters if c.number is None]
    body = [c for c in spec.chapters if c.number is not None]
    extras = unplaced_tables(yd, spec)
    ctx = _Ctx(w, yd, drafts_dir, res, extras, {t for ts in extras.values() for t in ts}, _blockers(spec, yd),
               cases or CaseSet(folder=Path()))
    res.warnings.extend(_case_warning(err) for err in ctx.cases.problems)
    for chapter in front:
        _write_chapter(ctx, chapter)
    marker = w.toc_marker()
    for chapter in body:
        _write_chapter(ctx, chapter)
    if spec.appendix:
        _write_appendix(w, yd, spec.appendix, res)
    toc_end = fill_toc(doc, marker, w.toc)
    split_page_sections(doc, cover_end, toc_end)
    request_field_update(doc)
    make_fonts_concrete(doc)
    props = doc.core_properties
    props.title, props.author, props.subject = title, yd.school, f"{yd.year}年度质量年报"
    props.keywords = "draftkit"
    now = datetime.now(timezone.utc).replace(microsecond=0)
    props.created = props.modified = now
    props.last_modified_by, props.comments, props.revision = "draftkit", "", 1
    buf = io.BytesIO()
    doc.save(buf)
    if paginate or (paginate is None and find_soffice()):
        paged = _paginate(doc, buf.getvalue(), w.toc, res)
        if paged is not None:
            buf = paged
        else:
            res.toc_unnumbered = "LibreOffice 排版失败"
    else:
        res.toc_unnumbered = "未排版（--no-pages）" if paginate is False else "未安装 LibreOffice"
    res.chapters = len(spec.chapters)
    res.tables, res.charts = w.counters.tables_total, w.counters.charts_total
    res.comments, res.cases = w.counters.comments_total, w.counters.cases_total
    res.warnings = w.warnings + res.warnings
    return buf.getvalue(), res


def _paginate(doc, data: bytes, toc: list[TocEntry], res: BuildResult) -> io.BytesIO | None:
    """Lay out once with LibreOffice: TOC page numbers and the page count (None on failure)."""
    with tempfile.TemporaryDirectory(prefix="draftkit-paginate-") as tmp:
        src = Path(tmp) / "report.docx"
        src.write_bytes(data)
        try:
            texts, spread = pdf_page_layout(convert_to_pdf(src, Path(tmp)))
        except (RuntimeError, OSError, ValueError) as exc:
            res.warnings.append(f"未能用 LibreOffice 排版以填写目录页码：{exc}")
            return None
    res.pages = len(texts)
    res.left_aligned = unspread(doc, spread)
    labels, body_start = page_labels(toc, locate_pages(toc, texts), texts)
    found = set_pages(toc, labels)
    if body_start is not None:
        res.body_pages = len(texts) - body_start + 1
        set_body_page_count(doc, res.body_pages)
    if found < len(toc):
        res.warnings.append(f"目录中有 {len(toc) - found} 个标题未能定位页码（Word 打开时会自动更新）")
        if not found:
            res.toc_unnumbered = "LibreOffice 排出的页面中找不到标题"
    buf = io.BytesIO()
    doc.save(buf)
    return buf


def unspread(doc, lines: list[str]) -> int:
    """Left-align the justified paragraphs holding letter-spaced lines; returns how many.

    Justification widens the gaps of a line whose next word (a long number, ``10000Mbps``) did not
    fit; left-aligned, the same line ends short instead (the line breaks do not move).
    """
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if not lines:
        return 0
    n = 0
    for p in doc.paragraphs:
        text = compact(p.text)
        if len(text) > 8 and any(line in text for line in lines) and p.paragraph_format.alignment is None:
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            n += 1
    return n


def unplaced_tables(yd: YearData, spec: ReportSpec) -> dict[str, list[str]]:
    """Data tables no section or appendix names, by the spec chapter their ``chapter`` key maps to.

    A table's ``chapter`` (e.g. ``support``) matches a spec chapter by id or by title (发展保障),
    so every table of the year appears in the report even when the outline forgot it. A table a
    chart is drawn from goes just before that chart instead.
    """
    named = {t for s in spec.sections() for t in s.tables} | {a.table for a in spec.appendix if a.table}
    by_title = {c.title: c.id for c in spec.chapters}
    ids = {c.id for c in spec.chapters}
    out: dict[str, list[str]] = {}
    for tid, table in yd.tables.items():
        if tid in named:
            continue
        key = table.chapter if table.chapter in ids else by_title.get(CHAPTERS.get(table.chapter or "", ""))
        out.setdefault(key or "", []).append(tid)  # "": no chapter; placed only before its chart
    return out


@dataclass
class _Ctx:
    """What the chapter/section writers share during one build."""

    w: ReportWriter
    yd: YearData
    drafts_dir: Path
    res: BuildResult
    extras: dict[str, list[str]]   # spec chapter id → data tables no section names
    pending: set[str]              # of those, the ones not placed yet
    blockers: dict[str, list[str]] = field(default_factory=dict)  # section id → data it lacks
    cases: CaseSet = field(default_factory=lambda: CaseSet(folder=Path()))
    charts: dict[str, str] = field(default_factory=dict)  # chart id → its caption label (图 1-3), once placed


def load_spec_cases(folder: Path, spec: ReportSpec, year: int) -> CaseSet:
    """This year's case files, checked against the outline's section ids (never raises for one bad file)."""
    chapters = {c.id: [s.id for s in c.sections] for c in spec.chapters}
    return load_cases(folder, [s.id for s in spec.sections()], year=year, chapters=chapters)


def _case_warning(err: DraftkitError) -> str:
    """A case-file problem as one warning line: where, what, how to fix."""
    text = f"{err.location}: {err.message}" if err.location else err.message
    return text + (f" → {err.hint}" if err.hint else "")


def _blockers(spec: ReportSpec, yd: YearData) -> dict[str, list[str]]:
    """Metrics/tables/templates a section lacks (such a section cannot be drafted until they exist)."""
    out: dict[str, list[str]] = {}
    for p in validate_against(spec, yd, sections=spec.sections()):
        out.setdefault(p.section_id, []).append(p.ref)
    return out


def _write_chapter(ctx: _Ctx, chapter) -> None:
    ctx.w.chapter(chapter.number, chapter.title)
    for idx, section in enumerate(chapter.sections, start=1):
        ctx.res.sections += 1
        single = len(chapter.sections) == 1 and strip_number(section.title) == strip_number(chapter.title)
        if not single:
            ctx.w.heading(2, section_heading(idx, section.title) if chapter.number else section.title)
        _write_section(ctx, section)
    for tid in ctx.extras.get(chapter.id, []):
        _place_extra(ctx, tid)


def _place_extra(ctx: _Ctx, tid: str) -> None:
    """Place a data table no section named (once)."""
    if tid in ctx.pending:
        ctx.pending.discard(tid)
        ctx.w.data_table(ctx.yd.tables[tid])
        ctx.res.extra_tables.append(tid)


def _write_section(ctx: _Ctx, section: SectionSpec) -> None:
    placed: set[tuple[str, str]] = set()

    def place(kind: str, ref: str) -> None:
        placed.add((kind, ref))
        if kind == "cases":
            _write_cases(ctx, section.id)
        else:
            _place(ctx, kind, ref, section.id)

    draft = ctx.drafts_dir / f"{section.id}.md"
    text = draft.read_text(encoding="utf-8-sig") if draft.is_file() else ""
    if text.strip():
        if "【待补充" in text or "【待核实" in text:  # 【待核实：…】: a figure of last year not yet checked
            ctx.res.to_write.append(section.id)
        if "{{" in text:
            text = _bind_typed(ctx, text, draft, f"节 {section.id} 的草稿")
        ctx.w.blocks(parse_draft(text), section.title, place)
    else:
        ctx.res.placeholders.append(section.id)
        ctx.w.placeholder(_placeholder_text(ctx, section, draft))
    for tid in section.tables:
        if ("table", tid) not in placed:
            _place(ctx, "table", tid, section.id)
    for cid in section.charts:
        if ("chart", cid) not in placed:
            _place(ctx, "chart", cid, section.id)
    if ("cases", "") not in placed:
        _write_cases(ctx, section.id)


def _bind_typed(ctx: _Ctx, text: str, path: Path, who: str, first_line: int = 1) -> str:
    """A ``{{metric_id}}`` a person typed (a hand-edited draft, a case file) is filled from the data, as the
    drafter's own are, so a corrected figure reaches the report on the next build; what cannot be filled
    is a warning at ``path:line`` (``first_line``: the file line ``text`` starts at) saying how to fix it."""
    from ..draft.bind import bind

    result = bind(text, ctx.yd, check_raw=False)
    lines = text.splitlines()
    for issue in result.errors:
        n = next((n for n, ln in enumerate(lines) if issue.text in ln), 0)
        ctx.res.warnings.append(f"{path}:{first_line + n}: {who}：{issue.message}；报告中暂显示为【缺数据】"
                                "（可用 draftkit data show 查看已有指标）。")
    if "{{" in result.text:
        n = next(n for n, ln in enumerate(result.text.splitlines()) if "{{" in ln)
        ctx.res.warnings.append(f"{path}:{first_line + n}: {who}中有未闭合的“{{{{”，会原样出现在报告中 → "
                                "改成数字，或补全为 {{指标id}}。")
    return result.text


def _write_cases(ctx: _Ctx, section_id: str) -> None:
    """The section's case files as 典型案例 boxes (numbered per chapter by the writer)."""
    for case in ctx.cases.for_section(section_id):
        if "{{" in case.body:
            case = replace(case, body=_bind_typed(ctx, case.body, case.path, f"典型案例「{case.title}」", case.line))
        ctx.w.case(case.box())
        ctx.res.case_files += 1


def _placeholder_text(ctx: _Ctx, section: SectionSpec, draft: Path) -> str:
    """What stands where a draft is missing, and the step that fills it."""
    lacking = ctx.blockers.get(section.id)
    if lacking and not draft.is_file():
        return (f"【待补充】本节需要的数据在年度数据中没有：{'、'.join(lacking)}。"
                f"在 data/{ctx.yd.year}.yaml 中补充后运行 draftkit draft --section {section.id}，再 draftkit build。")
    why = "草稿为空" if draft.is_file() else f"缺少 {draft.name}"
    return (f"【待补充】本节草稿尚未生成（{why}）。"
            f"运行 draftkit draft --section {section.id} 生成后重新 draftkit build。")


def _place(ctx: _Ctx, kind: str, ref: str, section_id: str) -> None:
    if kind == "table":
        table = ctx.yd.tables.get(ref)
        if table is None:
            ctx.res.warnings.append(f"节 {section_id} 需要数据表 {ref}，但年度数据中没有，已跳过")
            return
        ctx.pending.discard(ref)
        ctx.w.data_table(table)
        return
    if ref in ctx.charts:  # a second [[chart:id]] or spec entry would print the same picture twice
        ctx.res.warnings.append(f"节 {section_id} 的图表 {ref} 已作为{ctx.charts[ref]}出现，不再重复插入"
                                "（要放在这里，请从前一处的草稿或 prompts/report.yaml 的 charts 中删去）")
        return
    try:
        data = build_chart(ref, ctx.yd)
        image = None if isinstance(data, str) else render_cached(data, ctx.w.chart_cache)
    except Exception as exc:  # odd data (negative shares, empty series) must not stop the build
        data, image = f"作图出错（{type(exc).__name__}: {exc}）", None
    if isinstance(data, str) or image is None:
        ctx.res.warnings.append(f"节 {section_id} 的图表 {ref} 未生成：{data}")
        return
    if data.table:  # the table a chart is drawn from goes before it when no section placed it
        _place_extra(ctx, data.table)
    ctx.charts[ref] = ctx.w.figure(image)


# --------------------------------------------------------------------------- appendix


def _write_appendix(w: ReportWriter, yd: YearData, appendix: list[AppendixSpec], res: BuildResult) -> None:
    w.chapter(None, "附表")
    for i, item in enumerate(appendix, start=1):
        if item.table:
            table = yd.tables.get(item.table)
            if table is None:
                res.warnings.append(f"附表「{item.title}」需要数据表 {item.table}，但年度数据中没有，已跳过")
                continue
            table = Table(**{**table.__dict__, "title": item.title or table.title})
        else:
            table, missing = appendix_metric_table(yd, item)
            for mid in missing:
                res.warnings.append(f"附表「{item.title}」中的指标 {mid} 在年度数据中没有，已填“—”")
        w.appendix_table(table, i)


def _number_only(value: float | None, unit: str, precision: int | None) -> str:
    """The figure without its unit suffix (the unit has its own column)."""
    text = format_value(value, unit, precision)
    for suffix in sorted({unit, "%"}, key=len, reverse=True):
        if suffix and text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def appendix_metric_table(yd: YearData, item: AppendixSpec) -> tuple[Table, list[str]]:
    """An indicator table: 序号 | 指标 | 单位 | 本年 (| 上年) from the spec's metric ids."""
    metrics = [(mid, yd.get(mid)) for mid in item.metrics]
    missing = [mid for mid, m in metrics if m is None]
    has_prev = any(m is not None and m.previous is not None for _, m in metrics)
    cols = ["序号", "指标", "单位", f"{yd.year}年度"] + ([f"{yd.year - 1}年度"] if has_prev else [])
    rows = []
    for n, (mid, m) in enumerate(metrics, start=1):
        if m is None:
            rows.append([str(n), mid, "", "—"] + (["—"] if has_prev else []))
            continue
        row = [str(n), m.name, m.unit, _number_only(m.value, m.unit, m.precision)]
        if has_prev:
            row.append(_number_only(m.previous, m.unit, m.precision) if m.previous is not None else "—")
        rows.append(row)
    sources = []
    for _, m in metrics:
        if m is not None and m.source and m.source not in sources:
            sources.append(m.source)
    return Table(id=item.id, title=item.title, columns=cols, rows=rows,
                 source="、".join(sources) if sources else None, location=item.location), missing


