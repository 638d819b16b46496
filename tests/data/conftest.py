"""Helpers for the data-stage tests: write small year-data files from strings, run the CLI."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "2023.yaml"


@pytest.fixture
def write(tmp_path):
    """write(name, text) -> Path : dedented text into tmp_path/name (folders created)."""

    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """run_cli(*args) -> (exit_code, stdout, stderr), through draftkit.cli.main like the console script."""
    from draftkit.cli import _app, main

    monkeypatch.delenv("DRAFTKIT_DEBUG", raising=False)
    monkeypatch.setattr(_app.console, "_width", 400)
    monkeypatch.setattr(_app.err_console, "_width", 400)

    def _run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["draftkit", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run
