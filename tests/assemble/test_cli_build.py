"""``draftkit build`` on the command line."""

from __future__ import annotations

from typer.testing import CliRunner

from draftkit.cli import app


def test_build_command_prints_path_and_summary(project):
    runner = CliRunner()
    res = runner.invoke(app, ["--project", str(project), "build", "--no-pages"])
    assert res.exit_code == 0, res.output
    assert "report.docx" in res.output
    assert "表 7" in res.output and "图 4" in res.output and "批注 2" in res.output
    assert "talent-missing" in res.output  # the placeholder is announced
    assert (project / "outputs" / "2023" / "report.docx").is_file()


def test_build_command_reports_kept_edit(project):
    runner = CliRunner()
    assert runner.invoke(app, ["--project", str(project), "build", "--no-pages"]).exit_code == 0
    target = project / "outputs" / "2023" / "report.docx"
    target.write_bytes(target.read_bytes() + b"\0")
    res = runner.invoke(app, ["--project", str(project), "build", "--no-pages"])
    assert res.exit_code == 0, res.output
    assert "report-1.docx" in res.output and "手工修改" in res.output


def test_build_help_is_chinese():
    res = CliRunner().invoke(app, ["build", "--help"])
    assert res.exit_code == 0 and "--template" in res.output and "参考" in res.output


def test_drafts_still_to_be_written_are_counted_and_named(project):
    draft = project / "outputs" / "2023" / "drafts" / "overview-conditions.md"
    draft.write_text("【待补充：本节“办学条件”尚无数据句，请执笔人撰写正文。】\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["--project", str(project), "build", "--no-pages"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "待补充 2" in res.output  # talent-missing (no draft) + overview-conditions (a stub)
    assert "需执笔人补写" in res.output and "overview-conditions" in res.output


def test_no_notes_builds_a_clean_copy_without_comments(project):
    import docx

    res = CliRunner().invoke(app, ["--project", str(project), "build", "--no-pages", "--no-notes",
                                   "--out", str(project / "outputs" / "clean.docx")], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "批注 0" in res.output
    doc = docx.Document(str(project / "outputs" / "clean.docx"))
    assert len(list(doc.comments)) == 0
    with_notes = CliRunner().invoke(app, ["--project", str(project), "build", "--no-pages"], env={"COLUMNS": "200"})
    assert "批注 2" in with_notes.output


def test_summary_says_when_the_toc_has_no_page_numbers_and_how_to_get_them(project):
    res = CliRunner().invoke(app, ["--project", str(project), "build", "--no-pages"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "目录还没有页码" in res.output and "--no-pages" in res.output
    assert "更新域" in res.output and "WPS" in res.output and "LibreOffice" in res.output


def test_summary_names_a_missing_libreoffice(project, monkeypatch):
    monkeypatch.setenv("PATH", str(project))  # no soffice on PATH
    res = CliRunner().invoke(app, ["--project", str(project), "build"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "目录还没有页码（未安装 LibreOffice）" in res.output
