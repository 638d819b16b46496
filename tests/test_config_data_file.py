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
