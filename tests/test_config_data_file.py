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


def test_a_wrong_year_lists_the_years_that_exist(tmp_path: Path) -> None:
    import pytest

    from draftkit.errors import ConfigError

    d = tmp_path / "data"
    d.mkdir()
    for name in ("2022.yaml", "2023.xlsx", "2023.yaml"):
        (d / name).write_text("", encoding="utf-8")
    with pytest.raises(ConfigError) as exc:
        load_settings(tmp_path).data_file(2021)
    assert "已有年度：2022、2023" in exc.value.message and "--year 2023" in exc.value.hint


def test_a_wrong_year_on_the_command_line_lists_the_years(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from draftkit.cli import app

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "2023.yaml").write_text("", encoding="utf-8")
    res = CliRunner().invoke(app, ["--project", str(tmp_path), "build", "--year", "2032", "--no-pages"],
                             env={"COLUMNS": "200"})
    assert res.exit_code != 0
    assert "2032" in str(res.exception) and "已有年度：2023" in str(res.exception)


def test_report_year_from_file_name_folder_or_title(tmp_path: Path) -> None:
    import docx

    from draftkit.config import report_year

    assert report_year(tmp_path / "2022年质量年报.docx")[0] == 2022
    folder = tmp_path / "outputs" / "2023"
    folder.mkdir(parents=True)
    assert report_year(folder / "report.docx") == (2023, "报告年度 2023，取自所在文件夹 2023/")
    d = docx.Document()
    d.core_properties.title = "示例职业技术学院职业教育质量年度报告（2021年度）"
    d.save(str(tmp_path / "report.docx"))
    assert report_year(tmp_path / "report.docx")[0] == 2021
    assert report_year(tmp_path / "notes.md") == (None, "")


def _years(tmp_path: Path, *years: int) -> Path:
    d = tmp_path / "data"
    d.mkdir()
    for y in years:
        (d / f"{y}.yaml").write_text("", encoding="utf-8")
    return tmp_path


def test_a_report_is_checked_against_the_data_of_its_own_year_or_none(tmp_path: Path) -> None:
    """One rule for ``draftkit check FILE`` and the web's 核对: the report's year, never another year's data."""
    from draftkit.config import report_data

    settings = load_settings(_years(tmp_path, 2022, 2023))
    got = report_data(settings, tmp_path / "2022年质量报告.docx")
    assert (got.path.name, got.why, got.year) == ("2022.yaml", "报告年度 2022，取自文件名", 2022)
    assert report_data(settings, tmp_path / "报告.md").path.name == "2023.yaml"  # no year said: the newest
    assert report_data(settings, tmp_path / "报告.md").why == "最新年度"
    none = report_data(settings, tmp_path / "2021年质量报告.docx")
    assert none.path is None and "找不到 2021 年度的数据文件" in none.why and "已有年度：2022、2023" in none.why


def test_last_years_report_rolls_forward_with_the_data_of_the_year_after(tmp_path: Path) -> None:
    from draftkit.config import report_data

    settings = load_settings(_years(tmp_path, 2023, 2024))
    got = report_data(settings, tmp_path / "2023年质量报告.docx", roll_forward=True)
    assert (got.path.name, got.year) == ("2024.yaml", 2024)
    assert got.why == "上年报告 2023 年度的次年，取自文件名"
    got = report_data(settings, tmp_path / "2021年质量报告.docx", roll_forward=True)  # the newest, saying why
    assert got.path.name == "2024.yaml" and got.why.startswith("没有 2022 年度的数据")
    assert report_data(settings, tmp_path / "上年报告.docx", roll_forward=True).path.name == "2024.yaml"


def test_without_data_a_check_gets_none_and_roll_forward_an_error(tmp_path: Path) -> None:
    import pytest

    from draftkit.config import DataChoice, report_data
    from draftkit.errors import ConfigError

    settings = load_settings(tmp_path)
    assert report_data(settings, tmp_path / "2023年报告.docx") == DataChoice(None, "")
    with pytest.raises(ConfigError, match="data/ 下没有年度数据文件"):
        report_data(settings, tmp_path / "2023年报告.docx", roll_forward=True)
