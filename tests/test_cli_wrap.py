"""The console wraps, never cuts (issue 12): the check table's 说明 and --help text at 80–160 columns."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit.cli import app

FIX = Path(__file__).parent / "fixtures" / "check"
_FRAME = re.compile(r"[\s│┃║╭╮╰╯─━┏┓┗┛┡┩┣┫╇╋┳┻┯┷]")


def _flat(text: str) -> str:
    """The output without spaces, line breaks and box drawing: wrapped text reads as one string."""
    return _FRAME.sub("", text)


def _last_column(output: str) -> str:
    """The 说明 cells of a rich table, each row's wrapped lines joined (other columns wrap beside them)."""
    rows: list[str] = []
    for line in output.splitlines():
        cells = line.split("│")
        if len(cells) < 3:
            continue
        if cells[1].strip():  # 级别 filled: a new row
            rows.append("")
        if rows:
            rows[-1] += cells[-2]
    return "\n".join(rows)


def _cut(output: str) -> list[str]:
    """Lines that rich ended with "…" (a cell or line cut short)."""
    return [line for line in output.splitlines() if re.search(r"…\s*[│┃]?\s*$", line)]


@pytest.mark.parametrize("columns", [80, 100, 120, 160])
def test_check_console_shows_every_message_whole(columns):
    """In a terminal of that width (a subprocess: the console reads COLUMNS once, when it starts)."""
    import os
    import subprocess
    import sys

    from draftkit.check import check_file
    from draftkit.data import load_year_data

    res = subprocess.run([sys.executable, "-c", "from draftkit.cli import main; main()", "check", "planted.md",
                          "--data", "data.yaml"], cwd=FIX, capture_output=True, text=True,
                         env=dict(os.environ, COLUMNS=str(columns)))  # the fixtures folder is no project
    assert res.returncode == 1, res.stderr
    output = res.stdout
    assert not _cut(output)
    flat = _flat(output) + _flat(_last_column(output))
    result = check_file(FIX / "planted.md", load_year_data(FIX / "data.yaml"))
    shown = [f for f in result.findings if f.rule != "unsupported"]
    assert shown and all(_flat(f.message) in flat for f in shown)
    from rich.cells import cell_len

    assert max(cell_len(line) for line in output.splitlines()) <= columns


@pytest.mark.parametrize("command", [["--help"], ["check", "--help"], ["build", "--help"], ["draft", "--help"]])
def test_help_wraps_at_80_columns(command):
    from draftkit.cli import _app  # noqa: F401  (commands registered)
    import click
    import typer

    res = CliRunner().invoke(app, command, env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    assert not _cut(res.output)
    group = typer.main.get_command(app)
    cmd = group if command == ["--help"] else group.commands[command[0]]
    flat = _flat(res.output)
    for param in cmd.params:
        if isinstance(param, click.Option) and param.help:
            assert _flat(param.help) in flat, param.name
