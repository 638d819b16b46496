"""``draftkit rollforward`` on the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from draftkit.cli import app


@pytest.fixture
def report(tmp_path: Path, make_docx) -> Path:
    return make_docx(tmp_path / "上年报告.docx", [
        "2022-2023学年，学校全日制在校生 17402人，专任教师 796人，现有学生社团 45个。",
    ])


def test_default_output_and_console_summary(tmp_path, report, data_file):
    res = CliRunner().invoke(app, ["--project", str(tmp_path), "rollforward", str(report)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    out = tmp_path / "outputs" / "2024" / "rollforward.docx"
    assert out.is_file() and "rollforward.docx" in res.output
    assert "已更新 2" in res.output and "未能更新 1" in res.output and "顺延 1 处" in res.output


def test_json_lists_every_change_with_its_evidence(tmp_path, report, data_file):
    out = tmp_path / "滚动.docx"
    res = CliRunner().invoke(app, ["rollforward", str(report), "--data", str(data_file), "--out", str(out),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    js = json.loads(res.output)
    assert js["summary"]["updated"] == 2 and js["summary"]["unresolved"] == 1 and js["output"] == str(out)
    first = next(c for c in js["changes"] if c["before"] == "17402人")
    assert first["after"] == "18241人" and first["metric"] == "students_total" and "上年值" in first["evidence"]
    clubs = next(c for c in js["changes"] if c["before"] == "45个")
    assert clubs["status"] == "unresolved" and clubs["candidates"] == ["clubs_total"]


def test_bad_input_is_one_chinese_error(tmp_path, data_file):
    bad = tmp_path / "x.docx"
    bad.write_text("不是 Word 文件", encoding="utf-8")
    res = CliRunner().invoke(app, ["rollforward", str(bad), "--data", str(data_file), "--out", str(tmp_path / "o.docx")])
    assert res.exit_code != 0
    from draftkit.errors import DocumentError

    assert isinstance(res.exception, DocumentError) and "Word" in str(res.exception)


def test_help_is_chinese():
    res = CliRunner().invoke(app, ["rollforward", "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "上年报告" in res.output and "修订" in res.output


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_lists_the_changes_as_tracked_changes(tmp_path, report, data_file):
    out = tmp_path / "rolled.docx"
    res = CliRunner().invoke(app, ["rollforward", str(report), "--data", str(data_file), "--out", str(out)])
    assert res.exit_code == 0, res.output
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "odt",
                    "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=300, check=False)
    content = zipfile.ZipFile(tmp_path / "rolled.odt").read("content.xml").decode("utf-8")
    assert content.count("<text:deletion>") == 3 and content.count("<text:insertion>") == 3
    assert content.count("<dc:creator>draftkit</dc:creator>") >= 6
    assert content.count("<office:annotation ") == 1  # the unresolved 45个


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_pdf_report_becomes_a_docx_with_the_changes_tracked(tmp_path, make_docx, data_file):
    from draftkit.assemble.pdf import convert_to_pdf

    src = make_docx(tmp_path / "上年.docx", ["一、发展概述", "2022-2023学年，学校全日制在校生 17402人，专任教师 796人。"])
    pdf = convert_to_pdf(src, tmp_path / "pdf")
    out = tmp_path / "rolled.docx"
    res = CliRunner().invoke(app, ["rollforward", str(pdf), "--data", str(data_file), "--out", str(out),
                                   "--format", "json"])
    assert res.exit_code == 0, res.output
    js = json.loads(res.output)
    # (the PDF's text may keep the spaces of justified lines: 17402  人)
    assert {c["after"].replace(" ", "") for c in js["changes"] if c["status"] == "updated"} == {"18241人", "820人"}
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:ins ") == 3 and "2023-2024" in xml


def test_default_data_is_the_year_after_last_years_report(tmp_path, make_docx, data_file):
    """A project with 2024 and 2025 data: the 2023 report rolls forward with 2024's, not the newest."""
    (data_file.parent / "2025.yaml").write_text(data_file.read_text(encoding="utf-8").replace("year: 2024", "year: 2025"),
                                               encoding="utf-8")
    report = make_docx(tmp_path / "2023年质量报告.docx", ["2022-2023学年，学校全日制在校生 17402人。"])
    res = CliRunner().invoke(app, ["--project", str(tmp_path), "rollforward", str(report)], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "使用项目数据 data/2024.yaml（上年报告 2023 年度的次年，取自文件名" in res.output
    assert (tmp_path / "outputs" / "2024" / "rollforward.docx").is_file()
    assert not (tmp_path / "outputs" / "2025").exists()


def test_rollforward_refuses_while_another_job_writes_the_project(tmp_path, report, data_file):
    """It writes into outputs/ like build: a second writer is told who holds the project."""
    from draftkit.lock import project_lock

    with project_lock(tmp_path / ".draftkit", "draftkit serve 的网页任务「组装 Word 报告」"):
        res = CliRunner().invoke(app, ["--project", str(tmp_path), "rollforward", str(report)], env={"COLUMNS": "200"})
    from draftkit.errors import ProjectBusyError

    assert isinstance(res.exception, ProjectBusyError)  # draftkit.cli.main prints it and exits 2
    assert "项目正被另一个任务使用：draftkit serve 的网页任务「组装 Word 报告」" in str(res.exception)
    assert not (tmp_path / "outputs" / "2024" / "rollforward.docx").exists()
