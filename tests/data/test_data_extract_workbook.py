"""The fill-in workbook over time: unfilled rows on load, data check, extract run again on a
workbook departments have partly filled (never erases), refusals, the CLI."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

from draftkit.data import load_year_data

REPORT = """\
# 测试职业技术学院职业教育质量年度报告（2023年度）

## 一、发展概述

学校有全日制在校生 17402人，专任教师 796人。双师素质教师 694人，占比 87.19%。
开发了 5门专业特色课程。
"""


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "report-2023.md"
    path.write_text(textwrap.dedent(REPORT), encoding="utf-8")
    return path


def _workbook(rows: list[list], tmp_path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    info = wb.active
    info.title = "基本信息"
    info.append(["学校", "测试学院"])
    info.append(["年度", 2024])
    ws = wb.create_sheet("指标")
    ws.append(["id", "名称", "数值", "单位", "上年值", "公式"])
    for r in rows:
        ws.append(r)
    path = tmp_path / "2024.xlsx"
    wb.save(path)
    return path


def test_unfilled_rows_are_skipped_and_listed_with_their_cell(tmp_path):
    path = _workbook([["a_done", "甲", 5, "人", 4, None],
                      ["b_open", "乙", None, "场次", 10, None],
                      ["c_share", "丙", None, "%", 50, "a_done / b_open"],
                      ["d_total", "丁", None, "%", None, "c_share * 1"],
                      ["students_total", None, None, None, 17000, None]], tmp_path)
    yd = load_year_data(path)
    assert list(yd.metrics) == ["a_done"]
    got = {u.id: u for u in yd.unfilled}
    assert got["b_open"].location == f"{path}[指标!C3]" and got["b_open"].name == "乙"
    assert got["c_share"].waits_for == ("b_open",) and got["d_total"].waits_for == ("c_share",)
    assert got["students_total"].name == "全日制在校生数"  # a catalog row inherits its name


def test_row_without_value_or_previous_is_still_an_error(tmp_path):
    from draftkit.errors import DataError

    path = _workbook([["x_new", "新指标", None, "人", None, None]], tmp_path)
    with pytest.raises(DataError, match="既没有 value 也没有 formula"):
        load_year_data(path)


def test_yaml_row_with_only_previous_is_unfilled_too(tmp_path):
    path = tmp_path / "2024.yaml"
    path.write_text("school: 测试学院\nyear: 2024\nmetrics:\n  x_a: {name: 甲, unit: 人, previous: 3}\n"
                    "  x_b: {name: 乙, unit: 人, value: 4}\n", encoding="utf-8")
    yd = load_year_data(path)
    assert list(yd.metrics) == ["x_b"] and [u.id for u in yd.unfilled] == ["x_a"]


def test_data_check_lists_unfilled_and_complete_fails(run_cli, tmp_path):
    path = _workbook([["a_done", "甲", 5, "人", 4, None], ["b_open", "乙", None, "人", 10, None]], tmp_path)
    code, out, err = run_cli("data", "check", path)
    assert code == 0, err
    assert "未填写" in out and "b_open" in out and "指标!C3" in out and "1 个指标尚未填写" in out
    code, out, err = run_cli("data", "check", path, "--complete")
    assert code != 0 and "个指标的数值未填写" in err and "Traceback" not in out + err


def test_extract_again_never_erases_what_departments_typed(report, tmp_path):
    from openpyxl import load_workbook

    from draftkit.data.extract import extract_report, write_extract

    out = tmp_path / "2024.xlsx"
    first = write_extract(extract_report(report), out)
    wb = load_workbook(out)
    ws = wb["指标"]
    cols = {c.value: c.column for c in ws[1]}
    st = next(c.row for c in ws["A"] if c.value == "students_total")
    ws.cell(st, cols["数值"]).value = 17500              # a department filled one row
    ws.cell(st, cols["备注"]).value = "教务处已核对"      # and wrote its own note
    ws.cell(st + 1, cols["名称"]).value = "专任教师（人事处口径）"  # and renamed another
    wb.save(out)
    before = hashlib.sha256(out.read_bytes()).hexdigest()

    again = write_extract(extract_report(report), out)
    assert again.added == [] and again.kept == len(first.added) and again.kept_filled == 1
    assert hashlib.sha256(out.read_bytes()).hexdigest() == before  # nothing new: file untouched

    report.write_text(report.read_text(encoding="utf-8") + "\n新增智慧教室 100间。\n", encoding="utf-8")
    more = write_extract(extract_report(report), out)
    assert [r.previous for r in more.added] == [100]
    ws = load_workbook(out)["指标"]
    assert ws.cell(st, cols["数值"]).value == 17500 and ws.cell(st, cols["备注"]).value == "教务处已核对"
    assert ws.cell(st + 1, cols["名称"]).value == "专任教师（人事处口径）"
    assert ws.cell(ws.max_row, cols["上年值"]).value == 100
    assert load_year_data(out).metrics["students_total"].value == 17500


@pytest.mark.parametrize("content, words", [
    (b"not a workbook", "无法作为工作簿读取"),
    (None, "不是年度数据工作簿"),
])
def test_extract_refuses_a_file_that_is_not_its_workbook(report, tmp_path, content, words):
    from openpyxl import Workbook

    from draftkit.data.extract import extract_report, write_extract
    from draftkit.errors import OutputConflictError

    out = tmp_path / "2024.xlsx"
    if content is None:
        wb = Workbook()
        wb.active.append(["某部门自己的表"])
        wb.save(out)
    else:
        out.write_bytes(content)
    before = out.read_bytes()
    with pytest.raises(OutputConflictError, match=words):
        write_extract(extract_report(report), out)
    assert out.read_bytes() == before


def test_extract_refuses_another_year_and_an_open_workbook(report, tmp_path):
    from draftkit.data.extract import extract_report, write_extract
    from draftkit.errors import OutputConflictError

    ex = extract_report(report)
    out = tmp_path / "2024.xlsx"
    write_extract(ex, out)
    with pytest.raises(OutputConflictError, match="2024 年度的"):
        write_extract(ex, out, year=2025)
    (tmp_path / "~$2024.xlsx").write_bytes(b"lock")
    with pytest.raises(OutputConflictError, match="正在 Excel/WPS 中打开"):
        write_extract(ex, out)


def test_text_from_the_report_never_becomes_an_excel_formula(tmp_path):
    from openpyxl import Workbook, load_workbook

    from draftkit.data.extract import extract_report, write_extract
    from draftkit.data.extract.workbook import _text

    path = tmp_path / "r.txt"
    path.write_text("一、发展概述\n=HYPERLINK(\"http://x\")开展培训 12期。\n", encoding="utf-8")
    out = tmp_path / "o.xlsx"
    write_extract(extract_report(path), out, year=2024)
    cells = [c for row in load_workbook(out)["指标"].iter_rows() for c in row if c.value is not None]
    assert any("HYPERLINK" in str(c.value) for c in cells)
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    cell = Workbook().active["A1"]
    _text(cell, "=1+1")
    assert cell.data_type == "s"


def test_cli_extract_writes_project_workbook_and_reports(run_cli, report, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DRAFTKIT_PROJECT", raising=False)
    (tmp_path / "data").mkdir()
    code, out, err = run_cli("data", "extract", report)
    assert code == 0, err
    path = tmp_path / "data" / "2024.xlsx"
    assert path.exists() and "待填写" in out and "测试职业技术学院" in out
    code, out, err = run_cli("data", "extract", report)
    assert code == 0 and "文件未改动" in out
    code, out, err = run_cli("data", "extract", tmp_path / "missing.docx", "--out", tmp_path / "x.xlsx")
    assert code != 0 and "不存在" in err and "Traceback" not in out + err


def test_extract_again_keeps_a_formula_a_department_typed(report, tmp_path):
    """Excel formulas are refused on load (data check says so), but running extract again must not
    turn a department's =17000+500 into the text "=17000+500": that is still their typing."""
    from openpyxl import load_workbook

    from draftkit.data.extract import extract_report, write_extract

    out = tmp_path / "2024.xlsx"
    write_extract(extract_report(report), out)
    wb = load_workbook(out)
    ws = wb["指标"]
    cols = {c.value: c.column for c in ws[1]}
    st = next(c.row for c in ws["A"] if c.value == "students_total")
    ws.cell(st, cols["数值"]).value = "=17000+500"
    wb.save(out)
    report.write_text(report.read_text(encoding="utf-8") + '\n=HYPERLINK("http://x")新增智慧教室 100间。\n',
                      encoding="utf-8")
    assert write_extract(extract_report(report), out).added
    ws = load_workbook(out)["指标"]
    cell = ws.cell(st, cols["数值"])
    assert cell.value == "=17000+500" and cell.data_type == "f" and not cell.quotePrefix
    assert any("HYPERLINK" in str(c.value) for c in ws[ws.max_row])  # the new row's report text: never live
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == [cell.coordinate]
