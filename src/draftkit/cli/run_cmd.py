"""CLI command: ``draftkit run`` — the main job (ingest → draft → build → check)."""

from __future__ import annotations

from typing import Any, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..lock import project_lock
from ._app import app, console, note_data_choice, state
from .build_cmd import print_build_summary
from .draft_cmd import _print_summary as print_draft_summary

_STAGES = {"ingest": "入库往年语料", "draft": "起草各节", "build": "组装 Word", "check": "核对数字"}


@app.command("run")
def run_command(
    year: Optional[int] = typer.Option(None, "--year", "-y", help="报告年度（默认 data/ 下最新年度）。"),
    backend: Optional[str] = typer.Option(None, "--backend", "-b",
                                          help="大模型后端：offline、openai、fake（默认：有 OPENAI_API_KEY 用 openai，否则 offline）。"),
    no_ingest: bool = typer.Option(False, "--no-ingest", help="不更新向量库（直接用已入库的语料）。"),
    no_check: bool = typer.Option(False, "--no-check", help="生成后不核对数字。"),
    force: bool = typer.Option(False, "--force", help="即使 report.docx 已被手工修改也覆盖（默认另存新文件）。"),
) -> None:
    """一键完成主流程：语料入库（仅处理有变化的文件）→ 起草全部章节 → 组装 Word → 核对数字。

    无 API key 时全程离线运行。每一步的结果都会保存，重复运行只做有变化的部分。
    """
    from ..pipeline import run_pipeline

    settings = state.settings(year=year, llm_backend=backend)
    note_data_choice(settings)
    with project_lock(settings.state_dir, "draftkit run"), \
            Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     TextColumn("{task.fields[current]}"), console=console, transient=True) as bar:
        task = bar.add_task("准备", total=None, current="")
        result = run_pipeline(settings, year=year, ingest=not no_ingest, check=not no_check,
                              force_build=force, hook=lambda stage: _hook(bar, task, stage))
    _print(result)
    if not result.ok:
        raise typer.Exit(1)


def _hook(bar: Progress, task: Any, stage: str) -> dict[str, Any]:
    """Point the shared progress bar at ``stage`` and hand that stage its progress callback."""
    bar.update(task, description=_STAGES[stage], completed=0, total=None, current="")
    if stage == "ingest":
        return {"progress": lambda done, total, msg: bar.update(task, completed=done, total=total or None,
                                                                 current=escape(msg))}
    if stage == "draft":
        def progress(event: str, _outcome: object, sec: object) -> None:
            if event == "done":
                bar.update(task, advance=1, current=escape(getattr(sec, "id", "")))
        return {"progress": progress}
    return {}


def _print(result: Any) -> None:
    if result.ingest is not None:
        s = result.ingest
        console.print(f"[bold]入库[/]：文档 {s.documents}（未变化 {s.unchanged}），新向量化 {s.embedded}，用时 {s.seconds:.1f} 秒")
    for reason in result.skipped:
        console.print(f"[dim]{escape(reason)}[/]")
    print_draft_summary(result.draft)
    print_build_summary(result.build)
    if result.check is not None:
        s = result.check.summary
        colour = "bold red" if s["errors"] else "green"
        console.print(f"[bold]核对[/]：[{colour}]错误 {s['errors']}[/]，提醒 {s['warnings']}，数字 {s['figures']} 个"
                      f"（关联数据 {s['linked']} 个）；详情 {escape(str(result.check_json))}"
                      f"（或运行 draftkit check {escape(str(result.build.path))} --data {escape(str(s.get('data') or '…'))}）")
    console.print(f"\n[bold green]报告：[/]{escape(str(result.build.path))}")
