"""CLI command: ``draftkit draft`` — draft report sections from the data and past exemplars."""

from __future__ import annotations

from contextlib import nullcontext
from typing import TYPE_CHECKING, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..lock import project_lock
from ._app import app, console, note_data_choice, state

if TYPE_CHECKING:
    from ..draft import RunResult

_STATUS = {
    "drafted": "[green]已起草[/]",
    "cached": "[dim]未变化，跳过[/]",
    "kept": "[yellow]人工修改，保留[/]",
    "failed": "[red]失败[/]",
    "invalid": "[red]缺数据[/]",
    "planned": "[cyan]待起草[/]",
}


@app.command("draft")
def draft(
    all_: bool = typer.Option(False, "--all", help="起草全部章节（不指定 --chapter/--section 时的默认）。"),
    chapter: Optional[str] = typer.Option(None, "--chapter", "-c", help="只起草一章：0=前言，1–10=一至十章，或章 id（如 talent）。"),
    section: Optional[str] = typer.Option(None, "--section", "-s", help="只起草一节，如 talent-employment。"),
    year: Optional[int] = typer.Option(None, "--year", "-y", help="年度（默认 data/ 下最新的年度数据）。"),
    backend: Optional[str] = typer.Option(None, "--backend", "-b",
                                          help="大模型后端：offline（离线，默认无 key 时）、openai（任意 OpenAI 兼容接口）、fake（测试用）。"),
    model: Optional[str] = typer.Option(None, "--model", "-m", help="模型名（默认取 DRAFTKIT_MODEL）。"),
    dry_run: bool = typer.Option(False, "--dry-run", help="不调用模型：列出每节提示词 tokens 与总成本估算。"),
    force: bool = typer.Option(False, "--force", help="输入未变或草稿已被人工修改时也重新起草（会覆盖）。"),
    concurrency: Optional[int] = typer.Option(None, "--concurrency", "-j", min=1, max=64, help="同时进行的模型调用数（默认 4）。"),
    stream: bool = typer.Option(False, "--stream", help="openai 后端以流式（SSE）接收回答。"),
) -> None:
    """起草报告各节：引用当年数据（占位符自动绑定），参考往年范文，写入 outputs/<年度>/drafts/。"""
    from ..draft import run_draft
    from ..spec import load_spec

    if sum(bool(x) for x in (all_, chapter is not None, section)) > 1:
        raise typer.BadParameter("--all、--chapter、--section 只能选一个")
    settings = state.settings(year=year, llm_backend=backend, model=model, concurrency=concurrency)
    note_data_choice(settings)
    spec = load_spec(settings.prompts_dir / "report.yaml")
    from ..draft.run import select_sections

    chosen = select_sections(spec, section=section, chapter=chapter)
    options = {"stream": True} if stream and settings.resolved_backend == "openai" else {}
    with (nullcontext() if dry_run else project_lock(settings.state_dir, "draftkit draft")), \
            Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     TextColumn("{task.fields[current]}"), console=console, transient=True) as bar:
        task = bar.add_task("预览" if dry_run else "起草", total=len(chosen), current="")

        def progress(event: str, outcome: object, sec: object) -> None:  # called from the drafting loop
            if event == "done":
                bar.update(task, advance=1, current=escape(getattr(sec, "id", "")))

        result = run_draft(settings, section=section, chapter=chapter, force=force, dry_run=dry_run,
                           progress=progress, spec=spec, backend_options=options)
    _print_problems(result)
    (_print_dry_run if dry_run else _print_summary)(result)
    _print_price_note(result, settings)
    if result.failed:
        raise typer.Exit(1)


def _print_problems(result: "RunResult") -> None:
    problems = result.problems
    if problems:
        console.print(f"[bold red]数据缺项（{len(problems)} 处，相关节未起草，未调用模型）：[/]")
        for p in problems:
            console.print(f"  [red]✗[/] {escape(str(p))}")
        console.print("  → 在年度数据中补充这些指标/数据表，或在 prompts/report.yaml 与节模板中删去对它们的引用。")


def _print_dry_run(result: "RunResult") -> None:
    table = Table(title=f"预览：{result.backend} / {result.model}（未调用模型）")
    for col, just in (("节", "left"), ("标题", "left"), ("状态", "left"), ("提示词 tokens", "right"),
                      ("其中范文", "right"), ("成本估算 $", "right")):
        table.add_column(col, justify=just, no_wrap=col == "节", overflow="fold")
    for o in result.outcomes:
        table.add_row(o.section_id, o.title, _STATUS.get(o.status, o.status), str(o.prompt_tokens),
                      str(o.exemplar_tokens), f"{o.cost_estimate:.4f}")
    console.print(table)
    planned = [o for o in result.outcomes if o.status == "planned"]
    total_tokens = sum(o.prompt_tokens for o in planned)
    console.print(f"待起草 {len(planned)} 节，提示词合计 {total_tokens} tokens，总成本估算 ${result.cost_estimate:.4f}"
                  "（输出按目标字数预估）。")


def _print_price_note(result: "RunResult", settings: object) -> None:
    """Say so when a billed model's cost could not be estimated (rather than showing a silent $0)."""
    from ..draft.budget import known_price

    if result.backend == "offline" or getattr(settings, "price", None) or known_price(result.model):
        return
    console.print(f"[yellow]提示[/]：没有模型 {escape(result.model)} 的价格，成本按 0 计；"
                  "设置 DRAFTKIT_PRICE_PER_MTOK=输入价,输出价（美元/百万 tokens，如 0.27,1.10）即可估算。")


def _print_summary(result: "RunResult") -> None:
    table = Table(title=f"起草结果：{result.backend} / {result.model}")
    for col, just in (("节", "left"), ("标题", "left"), ("状态", "left"), ("tokens 入/出", "right"),
                      ("调用", "right"), ("成本 $", "right"), ("警告", "right"), ("错误", "right")):
        table.add_column(col, justify=just, no_wrap=col == "节", overflow="fold")
    for o in result.outcomes:
        table.add_row(o.section_id, o.title, _STATUS.get(o.status, o.status), f"{o.tokens_in}/{o.tokens_out}",
                      str(o.calls), f"{o.cost_estimate:.4f}", str(len(o.warnings)) if o.warnings else "",
                      f"[red]{len(o.errors)}[/]" if o.errors else "")
    console.print(table)
    _print_errors(result)
    shown = 0
    for o in result.outcomes:
        for w in o.warnings:
            if shown < 12:
                console.print(f"[yellow]! {escape(o.section_id)}[/]：{escape(w)}")
            shown += 1
    if shown > 12:
        console.print(f"[yellow]… 另有 {shown - 12} 条警告，见各节的 .json 出处文件[/]")
    counts = "，".join(f"{label} {result.count(k)}" for k, label in
                      (("drafted", "已起草"), ("cached", "跳过"), ("kept", "保留"), ("failed", "失败"), ("invalid", "缺数据"))
                      if result.count(k))
    console.print(f"{counts}；模型调用 {result.llm_calls} 次，成本估算 ${result.cost_estimate:.4f}，用时 {result.seconds:.1f}s。"
                  f"草稿在 {escape(str(result.drafts_dir))}")


def _print_errors(result: "RunResult") -> None:
    """Each section's errors; the same error in three or more sections (e.g. no connection) is shown once."""
    groups: dict[str, list[str]] = {}
    for o in result.outcomes:
        for e in o.errors:
            groups.setdefault(e.replace(f"节 {o.section_id}: ", "").replace(o.section_id, "{节}"), []).append(o.section_id)
    for o in result.outcomes:
        for e in o.errors:
            key = e.replace(f"节 {o.section_id}: ", "").replace(o.section_id, "{节}")
            ids = groups.get(key)
            if ids is None:
                continue
            if len(ids) < 3:
                console.print(f"[red]✗ {escape(o.section_id)}[/]：{escape(e)}")
                continue
            shown = "、".join(ids[:6]) + (f" 等 {len(ids)} 节" if len(ids) > 6 else "")
            console.print(f"[red]✗ {len(ids)} 节同样失败[/]：{escape(key)}\n  涉及的节：{escape(shown)}")
            del groups[key]
