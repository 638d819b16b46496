"""``draftkit check`` as a reviewer uses it (issue 12): the project's data by default, and an annotated
copy whose findings stand apart from the writer notes of a built report."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
from typer.testing import CliRunner

from draftkit.cli import app

FIX = Path(__file__).parents[1] / "fixtures" / "check"
WRONG = "# 2023年度报告\n\n学校全日制在校生 15200人，专任教师 812人。\n"  # the data says 15000


def _project(root: Path) -> Path:
    (root / "data").mkdir(parents=True)
    shutil.copy(FIX / "data.yaml", root / "data" / "2023.yaml")
    return root


def _check(*args: str):
    res = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return res


def test_inside_a_project_the_reports_year_data_is_used_and_named(tmp_path):
    root = _project(tmp_path / "proj")
    report = root / "outputs" / "2023" / "report.md"
    report.parent.mkdir(parents=True)
    report.write_text(WRONG, encoding="utf-8")
    res = _check("--project", str(root), "check", str(report))
    assert res.exit_code == 1, res.output
    assert "使用项目数据 data/2023.yaml（报告年度 2023，取自所在文件夹 2023/" in res.output
    assert "15200" in res.output and "15000" in res.output
    internal = _check("--project", str(root), "check", str(report), "--no-data")
    assert internal.exit_code == 0 and "使用项目数据" not in internal.output


def test_a_report_of_a_year_without_data_is_checked_internally_saying_why(tmp_path):
    root = _project(tmp_path / "proj")
    report = root / "2024年质量报告.md"
    report.write_text(WRONG, encoding="utf-8")
    res = _check("--project", str(root), "check", str(report))
    assert res.exit_code == 0, res.output
    assert "找不到 2024 年度的数据文件" in res.output and "已有年度：2023" in res.output
    assert "只做报告内部的一致性核对" in res.output


def test_outside_a_project_nothing_changes(tmp_path):
    report = tmp_path / "report.md"
    report.write_text(WRONG, encoding="utf-8")
    res = _check("--project", str(tmp_path), "check", str(report))
    assert res.exit_code == 0 and "使用项目数据" not in res.output


def _built_like_report(path: Path) -> Path:
    """A report as ``draftkit build`` leaves it: a writer note (author draftkit), a reviewer's own comment."""
    d = docx.Document()
    d.add_paragraph("示例职业技术学院职业教育质量年度报告（2023年度）")
    p = d.add_paragraph("学校全日制在校生 15200人，专任教师 812人。")
    d.add_comment(p.runs, text="写作要点：写清在校生规模。", author="draftkit", initials="DK")
    q = d.add_paragraph("学校经费收入由 20000万元增长到 22000万元，增长 10%。")
    d.add_comment(q.runs, text="请核实经费口径。", author="张老师", initials="ZL")
    d.save(str(path))
    return path


def _comments(path: Path) -> list[tuple[str, str]]:
    return [(c.author, c.text) for c in docx.Document(str(path)).comments]


def test_annotated_copy_has_findings_apart_and_no_writer_notes_by_default(tmp_path):
    src = _built_like_report(tmp_path / "report.docx")
    out = tmp_path / "report.checked.docx"
    res = _check("--project", str(tmp_path), "check", str(src), "--data", str(FIX / "data.yaml"),
                 "--annotate", str(out))
    assert res.exit_code == 1, res.output
    comments = _comments(out)
    assert ("draftkit", "写作要点：写清在校生规模。") not in comments
    assert ("张老师", "请核实经费口径。") in comments  # a person's comment is never dropped
    findings = [t for a, t in comments if a == "draftkit 核对"]
    assert findings and all(t.startswith("【核对】") for t in findings)
    assert any("15200" in t or "15000" in t for t in findings)
    assert "去掉了 1 条写作批注" in res.output
    # the body of the copy keeps no dangling comment marks of the dropped note
    xml = docx.Document(str(out)).element.body.xml
    assert xml.count("commentRangeStart") == len(comments)


def test_annotate_with_notes_keeps_the_writer_notes(tmp_path):
    src = _built_like_report(tmp_path / "report.docx")
    out = tmp_path / "with-notes.docx"
    res = _check("--project", str(tmp_path), "check", str(src), "--data", str(FIX / "data.yaml"),
                 "--annotate", str(out), "--notes")
    assert res.exit_code == 1, res.output
    authors = [a for a, _ in _comments(out)]
    assert authors.count("draftkit") == 1 and "draftkit 核对" in authors
