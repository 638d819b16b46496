"""CLI commands of the data stage: ``draftkit data check|show|export-xlsx|extract|catalog``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape
from rich.table import Table as RichTable

from ..errors import DataError, OutputConflictError
from ._app import app, console, note_data_choice, state

data_app = typer.Typer(
    help="年度数据：校验、查看、导出 Excel 模板、从上一年度报告生成填报工作簿（data/<year>.xlsx）。",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")

_FILE_HELP = "年度数据文件（.yaml 或 .xlsx）；缺省为项目 data/ 下最新年度的文件。"


# Errors are raised as DraftkitError: ``draftkit.cli.main`` prints them without a traceback and
# exits 2 (``typer.Exit`` codes are lost under ``app(standalone_mode=False)``).


def _load(file: Optional[Path]):
    """Load the year data (the project's newest when ``file`` is None)."""
    from ..data import load_year_data

    if file is None:
        settings = state.settings()
        file = settings.data_file()
        note_data_choice(settings)
        try:
            file = file.relative_to(Path.cwd())
        except ValueError:
            pass
    return load_year_data(file)


def _growth(m) -> str:
    """Growth rate; for shares the change in 百分点 (a growth rate of a share misleads)."""
    if m.unit in ("%", "百分点", "‰"):
        c = m.change
        return "" if c is None else f"{c:+.2f}个百分点"
    g = m.growth_rate
    return "" if g is None else f"{g:+.2f}%"


@data_app.command("check")
def check(
    file: Optional[Path] = typer.Argument(None, help=_FILE_HELP),
    strict: bool = typer.Option(True, "--strict/--no-strict",
                                help="表格合计不符等问题也以非零退出码结束（默认开启）。"),
    complete: bool = typer.Option(False, "--complete",
                                  help="要求全部填写：还有“数值”未填写的指标（填报模板中只有上年值的行）时以非零退出码结束。"),
) -> None:
    """校验年度数据并打印摘要：各章节指标数、每个派生指标的计算值、表格及合计核对结果、尚未填写的指标。"""
    from ..data import CHAPTERS

    yd = _load(file)
    console.print(f"[bold]{escape(yd.school)}[/] {yd.year} 年度（{escape(yd.period)}） — {escape(str(yd.path))}")
    summary = RichTable(title="指标（按章节）")
    for col in ("章节", "指标数", "填报", "派生", "有上年值"):
        summary.add_column(col, justify="right" if col != "章节" else "left")
    for key, metrics in yd.by_chapter().items():
        derived = sum(m.is_derived for m in metrics)
        summary.add_row(f"{CHAPTERS.get(key, key)}（{key}）", str(len(metrics)), str(len(metrics) - derived),
                        str(derived), str(sum(m.previous is not None for m in metrics)))
    summary.add_row("合计", str(len(yd.metrics)), str(sum(not m.is_derived for m in yd.metrics.values())),
                    str(sum(m.is_derived for m in yd.metrics.values())),
                    str(sum(m.previous is not None for m in yd.metrics.values())), style="bold")
    console.print(summary)
    derived = RichTable(title="派生指标（由公式计算）")
    for col in ("id", "名称", "公式", "值", "上年", "增长"):
        derived.add_column(col, overflow="fold", no_wrap=col in ("id", "值"))
    for m in yd.metrics.values():
        if m.is_derived:
            prev = m.formatted(m.previous) if m.previous is not None else ""
            derived.add_row(m.id, escape(m.name), escape(m.formula or ""), m.formatted(), prev, _growth(m))
    console.print(derived)
    _print_tables(yd)
    unknown = yd.unknown_units
    if unknown:
        listed = "、".join(f"{u}（{len(ids)} 个指标）" for u, ids in unknown.items())
        console.print(f"[cyan]提示：[/]以下单位不在内置单位表中，各按独立的计量单位处理（只与同一单位的数字相互核对）：{escape(listed)}")
    for n in yd.notes:
        console.print(f"[cyan]提示：[/]{escape(n)}")
    _print_unfilled(yd)
    empty_tables = [t.id for t in yd.tables.values() if _empty_cells(t)]
    if complete and (yd.unfilled or empty_tables):
        what = "、".join(x for x in (f"{len(yd.unfilled)} 个指标的数值" if yd.unfilled else "",
                                     f"{len(empty_tables)} 张表格的数字单元格" if empty_tables else "") if x)
        raise DataError(f"还有 {what}未填写（见上）", location=str(yd.path),
                        hint="在“指标”工作表的“数值”列和各表格工作表的黄色单元格填写本年度的数字；派生指标（有公式的行）不用填。")
    if yd.problems:
        for p in yd.problems:
            console.print(f"[yellow]问题：[/]{escape(p)}")
        if strict:
            raise DataError(f"数据有 {len(yd.problems)} 个问题（见上）", location=str(yd.path),
                            hint="改正表格或指标后重新运行；只想查看摘要时加 --no-strict。")
    rest = f"；{len(yd.unfilled)} 个指标尚未填写" if yd.unfilled else ""
    console.print(f"[green]✓[/] {len(yd.metrics)} 个指标、{len(yd.tables)} 张表格校验通过{rest}。")


def _empty_cells(t) -> int:
    """Empty cells of a table's figure columns (columns with no text label in the body); a 合计 row
    may leave a cell blank on purpose (学时 do not add up), so total rows are not counted."""
    from ..data import parse_number

    n = 0
    body = [r for r in t.rows if not any(re.sub(r"\s+", "", x).startswith(("合计", "总计", "小计")) for x in r[:2])]
    for c in range(1, len(t.columns)):
        cells = [r[c].strip() if c < len(r) else "" for r in body]
        if all(x == "" or parse_number(x) is not None or x in ("-", "—", "/") for x in cells):
            n += sum(x == "" for x in cells)
    return n


def _print_unfilled(yd, shown: int = 30) -> None:
    """Rows of a fill-in workbook still without 数值: skipped on load, listed with their cells;
    tables with figure cells still empty (those cells are not compared with the report)."""
    empty = {t.id: _empty_cells(t) for t in yd.tables.values()}
    for tid, n in empty.items():
        if n:
            t = yd.tables[tid]
            console.print(f"[yellow]未填写：[/]表格 {tid}（{escape(t.title)}）还有 {n} 个数字单元格是空的 "
                          f"{escape(t.location)}", highlight=False)
    if not yd.unfilled:
        return
    own = [u for u in yd.unfilled if not u.waits_for]
    waiting = len(yd.unfilled) - len(own)
    console.print(f"[yellow]未填写：[/]{len(own)} 个指标只有上年值、还没有填写数值，读取时跳过"
                  + (f"；另有 {waiting} 个派生指标用到它们，一并跳过" if waiting else "") + "：")
    for u in yd.unfilled[:shown]:
        why = f"（等待 {'、'.join(u.waits_for)}）" if u.waits_for else ""
        console.print(f"  {u.id}  {escape(u.name)}  {escape(u.location)}{escape(why)}", highlight=False)
    if len(yd.unfilled) > shown:
        console.print(f"  ……共 {len(yd.unfilled)} 个，未全部列出。")


def _print_tables(yd) -> None:
    tables = RichTable(title="表格")
    for col in ("id", "表题", "行数", "合计行", "合计核对", "来源"):
        tables.add_column(col, overflow="fold")
    for t in yd.tables.values():
        problems = t.total_problems()
        status = "—" if not t.total_row else ("[red]不符[/]" if problems else "[green]相符[/]")
        tables.add_row(t.id, escape(t.title), str(len(t.rows)), escape(t.total_row or ""), status,
                       escape(t.source or ""))
    console.print(tables)


@data_app.command("show")
def show(
    file: Optional[Path] = typer.Argument(None, help=_FILE_HELP),
    metric: Optional[str] = typer.Option(None, "--metric", "-m", help="只显示这个指标（id 或中文名称/别名）的详情。"),
    table: Optional[str] = typer.Option(None, "--table", "-t", help="显示这张表格（表格 id）的全部内容。"),
) -> None:
    """列出全部指标（值、上年值、增长率、来源、位置），或显示一个指标/表格的详情。"""
    yd = _load(file)
    if metric:
        _show_metric(yd, metric)
    elif table:
        _show_table(yd, table)
    else:
        out = RichTable(title=f"{yd.school} {yd.year} 年度指标")
        for col in ("id", "名称", "值", "上年", "增长", "来源", "位置"):
            out.add_column(col, overflow="fold")
        for m in yd.metrics.values():
            prev = m.formatted(m.previous) if m.previous is not None else ""
            out.add_row(m.id, escape(m.name), m.formatted(), prev, _growth(m), escape(m.source or ""),
                        escape(m.location))
        console.print(out)


def _show_metric(yd, key: str) -> None:
    m = yd.get(key) or next(iter(yd.find_by_name(key)), None)
    if m is None:
        yd.metric(key)  # raises MissingMetricError naming the file and similar ids
    rows = [("id", m.id), ("名称", m.name), ("别名", "、".join(m.aliases)), ("值", m.formatted()),
            ("原始值", repr(m.value)), ("单位", m.unit or "（无）"), ("精度", str(m.precision)),
            ("上年值", m.formatted(m.previous) if m.previous is not None else ""), ("增长率", _growth(m)),
            ("公式", m.formula or ""), ("章节", m.chapter or ""), ("来源", m.source or ""), ("位置", m.location),
            ("备注", m.note or "")]
    out = RichTable(show_header=False, title=f"指标 {m.id}")
    out.add_column("字段", style="bold")
    out.add_column("内容", overflow="fold")
    for k, v in rows:
        if v:
            out.add_row(k, escape(v))
    if m.formula:
        from ..data.formula import parse_formula, references

        for ref in references(parse_formula(m.formula)):
            r = yd.metric(ref)
            out.add_row(f"  {ref}", escape(f"{r.name} = {r.formatted()}"))
    console.print(out)


def _show_table(yd, key: str) -> None:
    t = yd.tables.get(key)
    if t is None:
        raise DataError(f"数据中没有表格“{key}”", location=str(yd.path), hint=f"已有表格：{'、'.join(yd.tables)}。")
    out = RichTable(title=escape(t.title), caption=escape(f"数据来源：{t.source}") if t.source else None)
    for c in t.columns:
        out.add_column(escape(c), overflow="fold")
    for row in t.rows:
        out.add_row(*[escape(c) for c in row], style="bold" if t.total_row and row and t.total_row in row[:2] else None)
    console.print(out)
    for p in t.total_problems():
        console.print(f"[yellow]问题：[/]{escape(p)}")


@data_app.command("export-xlsx")
def export_xlsx_cmd(
    file: Optional[Path] = typer.Argument(None, help=_FILE_HELP),
    out: Path = typer.Option(..., "--out", "-o", help="输出的 .xlsx 路径。"),
    force: bool = typer.Option(False, "--force", help="输出文件已存在时覆盖它。"),
) -> None:
    """把年度数据写成 Excel 工作簿（基本信息、指标、表格及每张表一个工作表），可作填报模板。"""
    from ..data import export_xlsx

    if out.exists() and not force:
        raise OutputConflictError("输出文件已存在，未覆盖", location=str(out),
                                  hint="加 --force 覆盖，或换一个 --out 路径。")
    yd = _load(file)
    export_xlsx(yd, out)
    console.print(f"[green]✓[/] 已写出 {escape(str(out))}（{len(yd.metrics)} 个指标，{len(yd.tables)} 张表格）")


@data_app.command("extract")
def extract_cmd(
    report: Path = typer.Argument(..., help="上一年度的质量报告（.docx / .pdf / .txt / .md）。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o",
                                       help="输出的填报工作簿；缺省为项目的 data/<年度>.xlsx（年度 = 报告年度 + 1）。"),
    year: Optional[int] = typer.Option(None, "--year", help="要填报的年度；缺省为报告年度的下一年。"),
    school: Optional[str] = typer.Option(None, "--school", help="学校名称；缺省从报告中识别。"),
) -> None:
    """从上一年度报告生成填报工作簿：报告中每个数字一行（名称、单位、上年值、原句），“数值”留空由各部门填写。

    工作表和列与 data export-xlsx 相同，填好后可直接用于 data check、rollforward 和 check。
    输出文件已存在时只在末尾添加新的行，绝不改动已填写的内容。"""
    from ..data.extract import extract_report, write_extract

    ex = extract_report(report, school=school)
    year = year or ex.data_year
    if year is None:
        raise DataError("无法从报告中确定年度", location=str(report),
                        hint="用 --year 指定要填报的年度（上一年度报告的下一年，如 2024）。")
    if out is None:
        out = state.settings().project / "data" / f"{year}.xlsx"
    res = write_extract(ex, out, year=year, school=school)
    derived = sum(1 for r in res.added if r.formula)
    catalog = sum(1 for r in res.added if r.catalog)
    tables = f"；{len(res.tables_added)} 张表格（数字单元格待填写）" if res.tables_added else ""
    if ex.tables_skipped:
        tables += f"；{ex.tables_skipped} 张表格行列不规整（PDF 中被压平的表），未提取"
    if res.created:
        console.print(f"[green]✓[/] 已写出 {escape(str(out))}：{ex.figures} 个正文数字 → {len(res.added)} 行"
                      f"（标准指标 {catalog} 行，派生/换算公式 {derived} 行，待填写 {len(res.added) - derived} 行）{tables}")
    elif res.added or res.tables_added:
        console.print(f"[green]✓[/] {escape(str(out))} 已有 {res.kept} 行（其中已填写 {res.kept_filled} 行），未作改动；"
                      f"在末尾添加了 {len(res.added)} 行新数字{tables}。")
    else:
        console.print(f"[green]✓[/] {escape(str(out))} 已包含报告中的全部数字（{res.kept} 行，其中已填写 {res.kept_filled} 行），"
                      "文件未改动。")
    console.print(f"学校：{escape(ex.school or '（未识别，用 --school 指定）')}；年度：{year}。"
                  f"下一步：把工作簿发给各部门填写“数值”列，收回后运行 draftkit data check {escape(str(out))}。")


# prompts/report.yaml (draft --chapter) names some chapters differently from the catalog.
_OUTLINE_CHAPTERS = {"integration": "industry", "reform": "teaching", "assurance": "support",
                     "outlook": "challenges", "挑战与展望": "challenges"}


@data_app.command("catalog")
def catalog_cmd(
    chapter: Optional[str] = typer.Option(None, "--chapter", "-c", help="只列出该章节的指标：章节 id（如 talent，也可用 prompts/report.yaml 中的章 id）或中文章名。"),
) -> None:
    """列出标准指标目录：id、名称、别名、单位、章节与公式（数据文件可只写 id: 数值）。"""
    from ..data import CHAPTERS, load_catalog

    if chapter:
        by_name = {v: k for k, v in CHAPTERS.items()} | _OUTLINE_CHAPTERS
        chapter = by_name.get(chapter, chapter)  # 人才培养 → talent; integration (report.yaml) → industry
        if chapter not in CHAPTERS:
            from ..errors import ConfigError

            raise ConfigError(f"没有章节“{chapter}”",
                              hint="--chapter 可用：" + "、".join(f"{k}（{v}）" for k, v in CHAPTERS.items()) + "。")
    out = RichTable(title="标准指标目录")
    for col in ("id", "名称", "别名", "单位", "章节", "公式"):
        out.add_column(col, overflow="fold")
    n = 0
    for e in load_catalog().values():
        if chapter and e.chapter != chapter:
            continue
        n += 1
        out.add_row(e.id, escape(e.name), escape("、".join(e.aliases)), escape(e.unit or "（无）"),
                    CHAPTERS.get(e.chapter, e.chapter), escape(e.formula or ""))
    console.print(out)
    console.print(f"共 {n} 个指标。")
