"""The typer application object and the options shared by every command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from ..config import Settings, load_settings
from ._zh import localize_typer

localize_typer()

app = typer.Typer(
    name="draftkit",
    help="draftkit：用大模型起草并核对职业教育质量年度报告。\n\n"
    "撰稿人按章节起草（draft），统稿人组装 Word 文档（build），审核人逐个核对数字（check）；"
    "run 一次完成全部（入库 → 起草 → 组装 → 核对）。每个命令都有 --help。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # a crash report must never print local variables (API keys); typer < 0.15 defaulted to True
    rich_markup_mode="rich",
)
def _width(stream: object) -> int | None:
    """Piped output (a log, ``| less``) gets 120 columns, not rich's 80: Chinese tables stay readable."""
    isatty = getattr(stream, "isatty", lambda: False)
    return None if isatty() or os.environ.get("COLUMNS") else 120


def _piped(stream: object) -> bool:
    return not getattr(stream, "isatty", lambda: False)()


# Messages are never hard-wrapped when piped or on stderr: a path or a hint broken by a newline
# cannot be copied or grepped (CI logs, `2> err.txt`). Tables still fit the width.
console = Console(width=_width(sys.stdout), soft_wrap=_piped(sys.stdout))
err_console = Console(stderr=True, width=_width(sys.stderr), soft_wrap=True)


class _State:
    """Global options given before the command (``draftkit --project DIR data check …``)."""

    project: Optional[Path] = None

    def settings(self, **overrides: object) -> Settings:
        return load_settings(self.project, **overrides)


state = _State()


@app.callback()
def _global(
    project: Optional[Path] = typer.Option(
        None, "--project", "-P", envvar="DRAFTKIT_PROJECT",
        help="项目目录（含 data/ prompts/ corpus/ outputs/），默认当前目录。",
    ),
) -> None:
    state.project = project


def note_data_choice(settings: Settings, year: int | None = None) -> None:
    """Warn when a newer data file of the same year is being ignored (YAML wins over the workbook)."""
    try:
        used = settings.data_file(year)
    except Exception:  # noqa: BLE001 - the command itself reports a missing data file
        return
    newer = settings.newer_unused_data(used)
    if newer is not None:
        err_console.print(f"[yellow]注意：[/]使用的是 {used.name}，但 {newer.name} 修改得更晚、未被使用。"
                          f"若要使用 {newer.name}，请删除或改名 {used.name}（同一年度 YAML 优先于 Excel）。",
                          highlight=False)
