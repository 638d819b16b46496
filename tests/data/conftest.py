"""Helpers for the data-stage tests: write small year-data files from strings (run_cli is in tests/conftest.py)."""

from __future__ import annotations

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
