"""The newest year's data file is found whether it is YAML or an Excel workbook."""

from __future__ import annotations

from pathlib import Path

from draftkit.config import load_settings


def test_xlsx_only_project_finds_its_data(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "2023.xlsx").write_bytes(b"")
    assert load_settings(tmp_path).data_file().name == "2023.xlsx"


def test_newest_year_wins_and_yaml_beats_xlsx_for_one_year(tmp_path: Path) -> None:
    d = tmp_path / "data"
    d.mkdir()
    for name in ("2022.yaml", "2023.xlsx", "2023.yaml", "notes.yaml"):
        (d / name).write_text("", encoding="utf-8")
    assert load_settings(tmp_path).data_file().name == "2023.yaml"
    (d / "2024.xlsx").write_bytes(b"")
    assert load_settings(tmp_path).data_file().name == "2024.xlsx"


def test_a_newer_workbook_beside_the_yaml_is_announced(tmp_path, monkeypatch) -> None:
    """A school fills in the exported workbook but the YAML wins: say so, never silently."""
    import os
    import shutil

    from typer.testing import CliRunner

    from draftkit.cli import app

    repo = Path(__file__).resolve().parents[1]
    (tmp_path / "data").mkdir()
    shutil.copy(repo / "data" / "2023.yaml", tmp_path / "data" / "2023.yaml")
    shutil.copytree(repo / "data" / "tables", tmp_path / "data" / "tables")
    res = CliRunner().invoke(app, ["--project", str(tmp_path), "data", "export-xlsx",
                                   str(tmp_path / "data" / "2023.yaml"), "--out", str(tmp_path / "data" / "2023.xlsx")])
    assert res.exit_code == 0, res.output
    old = (tmp_path / "data" / "2023.yaml").stat().st_mtime - 60
    os.utime(tmp_path / "data" / "2023.yaml", (old, old))
    shown = CliRunner().invoke(app, ["--project", str(tmp_path), "data", "check"], env={"COLUMNS": "200"})
    assert "2023.xlsx 修改得更晚、未被使用" in shown.output
    settings = load_settings(tmp_path)
    assert settings.data_file().name == "2023.yaml"
    assert settings.newer_unused_data(settings.data_file()).name == "2023.xlsx"
    os.utime(tmp_path / "data" / "2023.xlsx", (old - 60, old - 60))
    assert settings.newer_unused_data(settings.data_file()) is None
