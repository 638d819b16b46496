"""CLI: ``draftkit rollforward LAST_REPORT [--data DATA] [--out OUT.docx] [--format json]``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from ..errors import ConfigError
from ..lock import project_lock
from ._app import app, console, err_console, note_data_choice, state

__all__ = ["rollforward_command"]


@app.command("rollforward")
def rollforward_command(
    report: Path = typer.Argument(..., help="上年的报告（.docx 最好；.pdf/.txt/.md 会先排成公文格式的 .docx）。"),
    data: Optional[Path] = typer.Option(
        None, "--data", "-d", help="当年数据（.yaml/.xlsx，指标要有上年值 previous）；默认取项目 data/ 下上年报告次年的数据"
        "（上年报告的年度取自文件名、所在文件夹或 .docx 标题，如 2022年质量报告.docx → data/2023.yaml），否则取最新年度。"),
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="输出的 .docx；默认 outputs/<当年>/rollforward.docx（被人改过的文件不覆盖，另存为 -1、-2…）。"),
    fmt: str = typer.Option("console", "--format", "-f", help="输出格式：console（摘要）或 json（逐条列出每处改动及依据）。"),
    force: bool = typer.Option(False, "--force", help="即使目标文件已被手工修改也直接覆盖。"),
) -> None:
    """把上年报告滚动为当年初稿：每个能确认的数字改为当年数据，作为 Word 修订（可逐条接受/拒绝）。

    依据（由强到弱）：原文数字等于指标的上年值；名称确凿且数据无上年值；同句（或表格行列标题）写有指标名称且数值等于其上年值。
    占比、生均、增长率按数据重算，合计行随各行重算；2022-2023学年、2023届及表示本年度的“2023年”顺延一年。
    无法确认的数字保持原样，标黄并加批注说明原因和最接近的指标。
    """
    if fmt not in ("console", "json"):
        raise ConfigError(f"未知输出格式“{fmt}”", hint="--format 只能是 console 或 json。")
    from ..data import load_year_data
    from ..rollforward import roll_forward

    settings = state.settings()
    if data is None:
        data = _project_data(settings, report, quiet=fmt == "json")
    yd = load_year_data(data)
    target = out or settings.outputs_dir(yd.year) / "rollforward.docx"
    if target.suffix.lower() != ".docx":
        raise ConfigError(f"输出文件应为 .docx：{target}", hint="例如 --out outputs/2024/rollforward.docx。")
    with project_lock(settings.state_dir, "draftkit rollforward"):
        if fmt == "console":
            with console.status("正在滚动上年报告…"):
                result = roll_forward(report, yd, target, project=settings.project, state_dir=settings.state_dir,
                                      force=force)
            _print(result)
        else:
            result = roll_forward(report, yd, target, project=settings.project, state_dir=settings.state_dir,
                                  force=force)
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")


def _project_data(settings, report: Path, quiet: bool) -> Path:  # noqa: ANN001 - Settings
    """This year's data for last year's ``report`` (the year after the one it names, else the newest), said on stderr."""
    from ..config import report_data

    choice = report_data(settings, report, roll_forward=True)
    if not quiet:
        path = choice.path
        shown = path.relative_to(settings.project) if path.is_relative_to(settings.project) else path
        err_console.print(f"使用项目数据 {escape(str(shown))}（{escape(choice.why)}；--data 可另行指定）", highlight=False)
        note_data_choice(settings, choice.year)
    return choice.path


def _print(result) -> None:  # noqa: ANN001 - RollResult
    from rich.table import Table

    s = result.summary()
    console.print(f"[bold green]已生成[/] {escape(str(result.output))}（{result.year} 年度，改动均为 Word 修订）")
    if result.diverted_from is not None:
        console.print(f"[yellow]注意：[/]{escape(str(result.diverted_from))} 在上次生成后被手工修改过，"
                      f"为保留修改，本次写入 {escape(result.output.name)}（用 --force 可覆盖原文件）。")
    console.print(f"数字 {s['figures']} 个：[green]已更新 {s['updated']}[/]，写法不变仍成立 {s['kept']}，"
                  f"[yellow]未能更新 {s['unresolved']}[/]（已标黄并加批注）；学年/届/年度表述顺延 {s['years_moved']} 处；"
                  f"用时 {s['seconds']:.1f} 秒。")
    by_chapter = s["unresolved_by_chapter"]
    if by_chapter:
        table = Table(title="未能更新的数字（按章）", title_justify="left")
        table.add_column("章")
        table.add_column("个数", justify="right")
        for chapter, n in by_chapter.items():
            table.add_row(escape(chapter), str(n))
        console.print(table)
    for w in result.warnings:
        console.print(f"[yellow]警告：[/]{escape(w)}")
    console.print("[dim]逐条改动、所用指标和依据：加 --format json。[/]")
