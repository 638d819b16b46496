"""draftkit data check|show|export-xlsx|catalog, run in-process through the console-script entry point."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "2023.yaml"
HEAD = "school: 测试学院\nyear: 2023\nmetrics:\n"


def test_check_sample_prints_summary(run_cli):
    code, out, err = run_cli("data", "check", SAMPLE)
    assert code == 0, err
    for word in ("示例职业技术学院", "人才培养（talent）", "派生指标", "teachers_master_share", "46.23%", "表格", "相符", "校验通过"):
        assert word in out


def test_check_defaults_to_newest_project_file(run_cli, monkeypatch):
    monkeypatch.delenv("DRAFTKIT_PROJECT", raising=False)
    monkeypatch.chdir(ROOT)
    code, out, _ = run_cli("data", "check")
    assert code == 0 and "2023" in out


@pytest.mark.parametrize("body, line, words", [
    ("  students_total: 1\n  x: {name: X, formula: nope / students_total, unit: '%'}\n", 5, "nope"),
    ("  a: {name: A, formula: b, unit: 人}\n  b: {name: B, formula: a, unit: 人}\n", 4, "循环"),
    ("  students_total: {value: 很多, unit: 人}\n", 4, "不是数字"),
    ("  students_total: 1\n  students_total: 2\n", 5, "重复"),
    ("  students_total: 1\n  s: {name: S, value: 1, formula: students_total, unit: 人}\n", 5, "formula"),
    ("  students_total: {value: 1, unit: \"人=\"}\n", 4, "不能作为单位"),
    ("  students_total: 1\ntables:\n  t: {title: 表, file: tables/none.csv}\n", 6, "不存在"),
])
def test_check_broken_exits_nonzero_naming_file_and_line(run_cli, write, body, line, words):
    path = write("bad.yaml", HEAD + body)
    code, out, err = run_cli("data", "check", path)
    assert code != 0
    assert f"{path}:{line}" in err and words in err
    assert "Traceback" not in err + out


def test_check_ragged_table_names_csv_row(run_cli, write):
    write("tables/r.csv", "a,b\n1,2\n3\n")
    code, _, err = run_cli("data", "check", write("bad.yaml", HEAD + "  students_total: 1\ntables:\n"
                                                 "  r: {title: 表, file: tables/r.csv}\n"))
    assert code != 0 and "tables/r.csv:3" in err


def test_check_reports_table_total_problem(run_cli, write):
    write("tables/t.csv", "类,数\n甲,1\n乙,2\n合计,4\n")
    path = write("d.yaml", HEAD + "  students_total: 1\ntables:\n  t: {title: 甲乙表, file: tables/t.csv, total_row: 合计}\n")
    code, out, err = run_cli("data", "check", path)
    assert code != 0 and "甲乙表" in out and "不符" in out
    code, out, _ = run_cli("data", "check", path, "--no-strict")
    assert code == 0


def test_export_then_check_workbook_gives_same_values(run_cli, tmp_path):
    out_path = tmp_path / "2023.xlsx"
    code, out, err = run_cli("data", "export-xlsx", SAMPLE, "--out", out_path)
    assert code == 0, err
    assert out_path.exists()
    code, out_x, err = run_cli("data", "check", out_path)
    assert code == 0, err
    _, out_y, _ = run_cli("data", "check", SAMPLE)
    strip = lambda text: "\n".join(l for l in text.splitlines()[1:])  # first line names the file
    assert strip(out_x) == strip(out_y)
    code, _, err = run_cli("data", "export-xlsx", SAMPLE, "--out", out_path)
    assert code != 0 and "--force" in err
    assert run_cli("data", "export-xlsx", SAMPLE, "--out", out_path, "--force")[0] == 0


def test_show_all_and_one_metric(run_cli):
    code, out, _ = run_cli("data", "show", SAMPLE)
    assert code == 0 and "students_total" in out and "funding_income" in out
    code, out, _ = run_cli("data", "show", SAMPLE, "--metric", "生均经费收入")
    assert code == 0 and "funding_income / students_total" in out and "34118.10万元" in out
    code, _, err = run_cli("data", "show", SAMPLE, "--metric", "no_such")
    assert code != 0 and "no_such" in err


def test_show_table(run_cli):
    code, out, _ = run_cli("data", "show", SAMPLE, "--table", "majors")
    assert code == 0 and "装备制造大类" in out and "合计" in out
    code, _, err = run_cli("data", "show", SAMPLE, "--table", "nope")
    assert code != 0 and "majors" in err


def test_catalog_lists_indicators(run_cli):
    code, out, _ = run_cli("data", "catalog", "--chapter", "international")
    assert code == 0 and "intl_students" in out and "students_total" not in out


def test_help_for_every_command(run_cli):
    for cmd in ("check", "show", "export-xlsx", "catalog"):
        code, out, _ = run_cli("data", cmd, "--help")
        assert code == 0 and "--help" in out
