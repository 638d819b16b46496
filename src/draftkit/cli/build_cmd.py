"""CLI: ``draftkit build`` — assemble the Word report (``run``, the whole job, is added beside it)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.markup import escape

from ..lock import project_lock
from ._app import app, console, note_data_choice, state

__all__ = ["build_command", "print_build_summary"]


@app.command("build")
def build_command(
    year: Optional[int] = typer.Option(None, "--year", "-y", help="报告年度（默认取 data/ 下最新年度）。"),
    template: Optional[Path] = typer.Option(
        None, "--template", "-t", help="参考 .docx：字体、字号、段距、页面设置取自它（类似 pandoc 的 reference-doc）。"),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="输出的 .docx 文件，或一个文件夹（写入其中的 report.docx，不存在会创建）；默认 outputs/<年度>/report.docx。"),
    force: bool = typer.Option(False, "--force", "-f", help="即使目标文件已被手工修改也直接覆盖。"),
    pages: Optional[bool] = typer.Option(
        None, "--pages/--no-pages",
        help="用 LibreOffice 排版一次，把页码填进目录并统计页数（默认：装有 LibreOffice 时进行）。"),
    notes: bool = typer.Option(
        True, "--notes/--no-notes",
        help="把写作要点和参考范文作为 Word 批注放进文档（默认）；--no-notes 生成不带批注的干净版本，用于发布。"),
) -> None:
    """把各节草稿、数据表、图表和 data/cases/<年度>/ 下的典型案例组装成 Word 报告（封面、前言、目录、各章、附表）。

    目标文件若被人改过，不会覆盖，而是另存为 report-1.docx、report-2.docx …（除非 --force）。
    """
    from ..assemble import build

    settings = state.settings(year=year)
    note_data_choice(settings)
    with project_lock(settings.state_dir, "draftkit build"), console.status("正在组装 Word 报告…"):
        result = build(settings, year=year, template=template, out=out, force=force, paginate=pages, notes=notes)
    print_build_summary(result)


def print_build_summary(result) -> None:
    """Path, what was written elsewhere and why, counts, placeholders and warnings."""
    console.print(f"[bold green]已生成[/] {escape(str(result.path))}")
    if result.diverted_from is not None:
        console.print(f"[yellow]注意：[/]{escape(str(result.diverted_from))} 在上次生成后被手工修改过，"
                      f"为保留修改，本次写入 {escape(result.path.name)}（用 --force 可覆盖原文件）。")
    if result.overwrote_edit:
        console.print("[yellow]注意：[/]已按 --force 覆盖了被手工修改过的文件。")
    console.print(
        f"章 {result.chapters} · 节 {result.sections} · 表 {result.tables} · 图 {result.charts} · "
        f"典型案例 {result.cases}{_case_detail(result)} · 批注 {result.comments} · 待补充 {len(result.placeholders) + len(result.to_write)} · "
        + (f"共 {result.pages} 页 · " if result.pages else "")
        + f"用时 {result.seconds:.1f} 秒"
    )
    if result.placeholders:
        shown = "、".join(result.placeholders[:8]) + ("…" if len(result.placeholders) > 8 else "")
        console.print(f"[yellow]以下节尚无草稿，已放入待补充段落：[/]{escape(shown)}（先运行 draftkit draft）")
    if result.to_write:
        shown = "、".join(result.to_write[:8]) + ("…" if len(result.to_write) > 8 else "")
        console.print(f"[yellow]以下节的草稿中仍有【待补充】或【待核实】，需执笔人补写、核实：[/]{escape(shown)}"
                      "（或配置大模型后重新运行 draftkit draft：未经人工修改的节会重写）")
    if getattr(result, "toc_unnumbered", None):
        console.print(f"[yellow]注意：[/]目录还没有页码（{escape(result.toc_unnumbered)}）。用 Word 打开时按提示更新域"
                      "（或右键目录 →“更新域”→“更新整个目录”），WPS 中右键目录 →“更新目录”；"
                      "也可以安装 LibreOffice 后重新运行 draftkit build，页码会自动填好。")
    for w in result.warnings:
        console.print(f"[yellow]警告：[/]{escape(w)}")


def _case_detail(result) -> str:
    """``（案例文件 7）`` when some boxes came from data/cases/<year>/."""
    files = getattr(result, "case_files", 0)
    return f"（案例文件 {files}）" if files else ""
