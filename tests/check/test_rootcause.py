"""One root cause, one finding: a wrong cell is the error; the 合计 and the share it breaks, which
agree with the data, are named inside that finding and never get a correction of their own."""

from __future__ import annotations

import pytest

from draftkit.check import check_file, to_json

DATA = """school: 示例职业技术学院
year: 2023
period: 2022-2023学年
metrics:
  students_total: 1000
tables:
  majors: {title: 专业设置情况统计表, file: majors.csv, total_row: 合计}
"""
CSV = "专业大类,在校生,在校生占比\n装备制造大类,600,60.00%\n电子信息大类,300,30.00%\n财经商贸大类,100,10.00%\n合计,1000,100.00%\n"


def report(cell: str = "600") -> str:
    return ("# 一、发展概述\n\n学校全日制在校生 1000人。\n\n表1-1 专业设置情况统计表\n\n"
            "| 专业大类 | 在校生 | 在校生占比 |\n|---|---|---|\n"
            f"| 装备制造大类 | {cell} | 60.00% |\n| 电子信息大类 | 300 | 30.00% |\n| 财经商贸大类 | 100 | 10.00% |\n"
            "| 合计 | 1000 | 100.00% |\n")


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    from draftkit.data import load_year_data

    d = tmp_path_factory.mktemp("data")
    (d / "majors.csv").write_text(CSV, encoding="utf-8")
    (d / "2023.yaml").write_text(DATA, encoding="utf-8")
    return load_year_data(d / "2023.yaml")


def test_the_clean_table_checks(tmp_path, data):
    p = tmp_path / "r.md"
    p.write_text(report(), encoding="utf-8")
    assert check_file(p, data).errors == 0


def test_one_wrong_cell_gives_one_error_naming_what_it_breaks(tmp_path, data):
    p = tmp_path / "r.md"
    p.write_text(report("609"), encoding="utf-8")
    res = check_file(p, data)
    errors = [f for f in res.findings if f.severity == "error"]
    assert [(f.rule, f.figure, f.expected) for f in errors] == [("data-mismatch", "609", "600")]
    assert "合计 1000（与数据一致，无需改动）" in errors[0].message
    assert not any(f.expected and f.figure in ("1000", "60.00%") for f in res.findings)


def test_no_correction_is_offered_on_a_figure_that_matches_the_data(tmp_path, data):
    """Without the data table the cell is not known wrong: the 合计 (which matches students_total)
    is flagged because the rows do not add up, but no "应为" is proposed for it."""
    from dataclasses import replace

    bare = replace(data, tables={})
    p = tmp_path / "r.md"
    p.write_text(report("609"), encoding="utf-8")
    res = check_file(p, bare)
    totals = [f for f in res.findings if f.rule == "table-total"]
    assert totals and all(f.expected is None and "与年度数据一致" in f.message for f in totals if f.figure == "1000")
    assert all("应为" not in f.get("message", "") or f["figure"] != "1000" for f in to_json(res)["findings"])


def test_a_share_that_matches_the_data_beside_an_unverified_count_is_a_warning(tmp_path):
    """占比43.80% is of 就业人数 (data), the text's nearest whole is 省内就业3416人: the share agrees
    with the data, so which figures it divides was a guess — a warning, not an error."""
    from draftkit.data import load_year_data

    (tmp_path / "2023.yaml").write_text(
        "school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n"
        "  employed: {name: 2023届毕业生就业人数, value: 4813, unit: 人}\n"
        "  local: {name: 在东湖市就业人数, value: 2108, unit: 人}\n"
        "  local_share: {name: 本地就业人数占就业人数比例, formula: local / employed, unit: '%', precision: 2}\n",
        encoding="utf-8")
    data = load_year_data(tmp_path / "2023.yaml")
    p = tmp_path / "r.md"
    p.write_text("# 二、学生发展\n\n毕业生服务地方：省内就业3416人；在东湖市就业2108人，占比43.80%。\n",
                 encoding="utf-8")
    share = [f for f in check_file(p, data).findings if f.figure == "43.80%"]
    assert share and all(f.severity == "warning" and f.expected is None for f in share)


def test_a_per_capita_value_the_data_types_against_its_own_parts_stays_an_error(tmp_path):
    """19.98 typed in the data, but the data's own 336716.41 ÷ 17402 = 19.35: every figure is
    verified, the inconsistency is real — an error, with no correction proposed."""
    from draftkit.data import load_year_data

    (tmp_path / "2023.yaml").write_text(
        "school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n"
        "  students_total: {value: 17402}\n"
        "  rooms: {name: 教学科研及辅助用房面积, value: 336716.41, unit: 平方米}\n"
        "  rooms_ps: {name: 生均教学科研及辅助用房面积, value: 19.98, unit: 平方米}\n", encoding="utf-8")
    data = load_year_data(tmp_path / "2023.yaml")
    p = tmp_path / "r.md"
    p.write_text("# 一、发展概述\n\n学校全日制在校生17402人，教学科研及辅助用房面积336716.41平方米，"
                 "生均教学科研及辅助用房面积19.98平方米。\n", encoding="utf-8")
    errs = [f for f in check_file(p, data).findings if f.severity == "error"]
    assert [(f.rule, f.figure, f.expected) for f in errs] == [("per-capita", "19.98平方米", None)]
