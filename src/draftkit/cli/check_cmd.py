"""CLI command of the check stage: ``draftkit check FILE|DIR [--data] [--format] [--annotate] [--jobs]``.

Exit codes: 0 no error found, 1 at least one error-level finding, 2 bad input (raised as a
DraftkitError and printed by ``draftkit.cli.main``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from ..errors import ConfigError, DocumentError, DraftkitError
from ._app import app, console, err_console, state

_SEV_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_SEV_CN = {"error": "错误", "warning": "提醒", "info": "提示"}


@app.command("check")
def check(
    target: Path = typer.Argument(..., help="要核对的报告（.docx/.md/.txt/.pdf），或包含多份报告的文件夹。"),
    data: Optional[Path] = typer.Option(
        None, "--data", "-d", help="年度数据（.yaml/.xlsx）。不给时：在项目目录中使用报告所属年度的数据（年度取自路径或"
        "文件名中的年份，如 outputs/2023/，否则取最新年度），并说明用的是哪个文件；不在项目中则只做报告内部的一致性核对。"),
    no_data: bool = typer.Option(False, "--no-data", help="不使用任何年度数据，只做报告内部的一致性核对。"),
    fmt: str = typer.Option("console", "--format", "-f", help="输出格式：console（按章节分组的表格）或 json。"),
    annotate_out: Optional[Path] = typer.Option(None, "--annotate", "-a",
                                                help="另存一份带 Word 批注的副本（仅 .docx 输入；原文件不改动）。"
                                                "核对批注的作者为“draftkit 核对”，内容以【核对】开头。"),
    notes: bool = typer.Option(False, "--notes/--no-notes",
                               help="批注副本中是否保留 draftkit build 留下的写作批注（作者 draftkit）；"
                               "默认不保留，副本中只有核对批注。他人写的批注总是保留。"),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="核对文件夹时并行的进程数。"),
    show_all: bool = typer.Option(False, "--all", help="逐条列出“无对应数据”（unsupported）提醒，默认只按章节计数。"),
) -> None:
    """核对报告中的每个数字：与年度数据是否一致、前后是否一致、占比/生均/增长率/合计是否算得对。"""
    if fmt not in ("console", "json"):
        raise ConfigError(f"未知输出格式“{fmt}”", hint="--format 只能是 console 或 json。")
    if data is not None and no_data:
        raise ConfigError("--data 与 --no-data 不能同时使用", hint="去掉其中一个。")
    try:
        if data is None and not no_data and target.is_file():
            data = _project_data(target, quiet=fmt == "json")
        _check(target, data, fmt, annotate_out, jobs, show_all, notes)
    except DraftkitError as exc:
        if fmt == "json":  # tools reading stdout get one object saying what failed (exit code stays 2)
            sys.stdout.write(json.dumps({"file": str(target), "error": str(exc)}, ensure_ascii=False) + "\n")
        raise


def _check(target: Path, data: Optional[Path], fmt: str, annotate_out: Optional[Path], jobs: int,
           show_all: bool, notes: bool) -> None:
    if not target.exists():
        raise DocumentError("文件或文件夹不存在", location=str(target), hint="检查路径是否正确。")
    if target.is_dir():
        if annotate_out is not None:
            raise ConfigError("--annotate 只能用于单个 .docx 文件", location=str(target),
                              hint="对文件夹核对时去掉 --annotate，或逐个文件加批注。")
        sys.exit(_check_dir(target, data, fmt, jobs))
    sys.exit(_check_one(target, data, fmt, annotate_out, show_all, notes))


def _project_data(target: Path, quiet: bool) -> Optional[Path]:
    """The project's data file of the report's year (said on stderr), None outside a project."""
    from ..config import report_data

    try:
        settings = state.settings()
    except DraftkitError:
        return None
    choice = report_data(settings, target)
    if not quiet and choice.path is None and choice.why:
        err_console.print(f"[yellow]注意：[/]{escape(choice.why)}，只做报告内部的一致性核对（用 --data 指定数据）。",
                          highlight=False)
    elif not quiet and choice.path is not None:
        path = choice.path
        shown = path.relative_to(settings.project) if path.is_relative_to(settings.project) else path
        err_console.print(f"使用项目数据 {escape(str(shown))}（{escape(choice.why)}；"
                          "--data 可另行指定，--no-data 只做内部核对）", highlight=False)
    return choice.path


def _load_data(data: Optional[Path]):
    if data is None:
        return None
    from ..data import load_year_data

    return load_year_data(data)


def _check_one(target: Path, data: Optional[Path], fmt: str, annotate_out: Optional[Path], show_all: bool,
               notes: bool) -> int:
    from ..check import annotate, check_file, to_json
    from ..check.annotate import writer_note_count

    yd = _load_data(data)
    result = check_file(target, yd)
    placed = dropped = None
    if annotate_out is not None:
        placed = annotate(target, result, annotate_out, notes=notes)
        dropped = 0 if notes else writer_note_count(target)
    if fmt == "json":
        sys.stdout.write(json.dumps(to_json(result), ensure_ascii=False, indent=2) + "\n")
    else:
        _print_console(result, show_all)
        if placed is not None:
            left = f"；去掉了 {dropped} 条写作批注（--notes 保留）" if dropped else ""
            console.print(f"已写出带批注的副本：{escape(str(annotate_out))}（{placed} 条核对批注，以【核对】开头{left}）")
    return 1 if result.errors else 0


#: below this width a table leaves the 说明 column too narrow to read: one block per finding instead
_TABLE_MIN_WIDTH = 100


def _print_findings(chapter: str, findings: list) -> None:
    """A chapter's findings: a table on a wide console, blocks on a narrow one; the 说明 is wrapped, never cut."""
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    if console.width < _TABLE_MIN_WIDTH:
        console.print(f"[bold]{escape(chapter)}[/]")
        for f in findings:
            console.print(f"  [{_SEV_STYLE[f.severity]}]{_SEV_CN[f.severity]}[/] {f.rule}  {escape(f.figure)}  "
                          f"{escape(_where(f.place()))}", overflow="fold", soft_wrap=False)
            console.print(Padding(Text(f.message, overflow="fold"), (0, 0, 0, 4)), soft_wrap=False)
        return
    table = Table(title=chapter, title_justify="left", show_lines=False, expand=False)
    table.add_column("级别", no_wrap=True)
    table.add_column("规则", no_wrap=True)
    table.add_column("数字", overflow="fold", max_width=16)
    table.add_column("位置", overflow="fold", max_width=24)
    table.add_column("说明", overflow="fold", min_width=30)
    for f in findings:
        table.add_row(f"[{_SEV_STYLE[f.severity]}]{_SEV_CN[f.severity]}[/]", f.rule, escape(f.figure),
                      escape(_where(f.place())), escape(f.message))
    console.print(table)


def _print_console(result, show_all: bool) -> None:  # noqa: ANN001
    s = result.summary
    console.print(f"[bold]{escape(result.file)}[/]  数字 {s['figures']} 个，关联到数据 {s['linked']} 个"
                  + (f"（数据：{escape(s['data'])}）" if s["data"] else "（未给数据，只做内部核对）"))
    chapters: dict[str, list] = {}
    for f in result.findings:
        chapters.setdefault(f.chapter or "（未分章）", []).append(f)
    for chapter, items in chapters.items():
        listed = [f for f in items if show_all or f.rule != "unsupported"]
        hidden = len(items) - len(listed)
        if listed:
            _print_findings(chapter, listed)
        if hidden:
            console.print(f"  [dim]{escape(chapter)}：另有 {hidden} 个数字在数据中找不到对应指标（--all 逐条列出）[/]")
    console.print(f"合计：错误 [bold red]{s['errors']}[/]，提醒 {s['warnings']}，提示 {s['infos']}；"
                  f"用时 {s['seconds']:.2f} 秒。")


def _where(loc: dict) -> str:
    """A finding's place as the JSON gives it (``Finding.place()``, counted from 1)."""
    if "table" in loc:
        cap = loc.get("caption") or f"表格{loc['table']}"
        return f"{cap} 第{loc['row']}行第{loc['column']}列"
    text = f"第{loc.get('paragraph', 1)}段"
    if loc.get("line"):
        text += f"（第{loc['line']}行）"
    return text


def _check_dir(folder: Path, data: Optional[Path], fmt: str, jobs: int) -> int:
    from ..check import check_dir

    if data is not None:
        _load_data(data)  # fail fast (exit 2) on bad data before starting the workers
    results = check_dir(folder, data, jobs)
    if not results:
        raise DocumentError("文件夹中没有可核对的报告", location=str(folder),
                            hint="支持 .docx、.md、.txt、.pdf。")
    any_error = False
    rows = []
    for r in results:
        if isinstance(r, str):
            path, msg = r.split("\t", 1)
            rows.append({"file": path, "error": msg})
            if fmt != "json":
                first = msg.splitlines()[0] if msg else ""
                console.print(f"[bold red]✗ 无法读取[/] {escape(path)}  {escape(first)}", soft_wrap=True)
            any_error = True
            continue
        s = r.summary
        any_error = any_error or s["errors"] > 0
        rows.append(r.to_dict())
        if fmt != "json":
            mark = "[bold red]✗[/]" if s["errors"] else "[green]✓[/]"
            console.print(f"{mark} {escape(r.file)}  错误 {s['errors']}  提醒 {s['warnings']}  "
                          f"数字 {s['figures']}  关联 {s['linked']}  {s['seconds']:.2f}s", soft_wrap=True)
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    return 1 if any_error else 0
