"""``draftkit run`` ends with a copy-pastable check command naming the real data file."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from draftkit.cli import run_cmd


def test_check_hint_names_the_data_file(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(run_cmd, "print_draft_summary", lambda _r: None)
    monkeypatch.setattr(run_cmd, "print_build_summary", lambda _r: None)
    summary = {"errors": 0, "warnings": 1, "figures": 10, "linked": 5, "data": "/p/data/2023.yaml"}
    result = SimpleNamespace(ingest=None, skipped=[], draft=None, build=SimpleNamespace(path=Path("/p/out/report.docx")),
                             check=SimpleNamespace(summary=summary), check_json=Path("/p/out/report.check.json"))
    run_cmd._print(result)
    out = " ".join(capsys.readouterr().out.split())  # rich may wrap at any space
    assert "--data /p/data/2023.yaml" in out and "--data …" not in out
