"""draftkit data extract: last year's report → the fill-in workbook (rows, names, ids, formulas)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from draftkit.data.extract import extract_report, write_extract

REPORT = """\
# 测试职业技术学院职业教育质量年度报告（2023年度）

## 前言

学校占地面积 1418亩，现有全日制在校生 17402人，专任教师 796人。

## 一、发展概述

### （一）基本情况

学校有全日制在校生 17402人。双师素质教师 694人，占比 87.19%。硕士以上学历教师 368人，占比 50.00%。
学校占地面积 945450.66平方米。校舍建筑面积 632584.25平方米，生均 36.35平方米。
配备仪器设备 3536台（套）。开展心理辅导活动 31场次。

## 二、人才培养

开发了 5门专业特色课程。参加湖北省职业院校技能大赛获一等奖 8项，二等奖 6项。
本年度经费收入 34118.10万元，较上年增长 2.94%。
"""


@pytest.fixture
def report(tmp_path) -> Path:
    path = tmp_path / "2023-report.md"
    path.write_text(textwrap.dedent(REPORT), encoding="utf-8")
    return path


def _rows(ex):
    return {r.id: r for r in ex.rows}


def test_school_year_and_one_row_per_fact(report):
    ex = extract_report(report)
    assert ex.school == "测试职业技术学院" and ex.report_year == 2023 and ex.data_year == 2024
    rows = _rows(ex)
    st = rows["students_total"]  # cited in 前言 and in 一、: one row, both places in 备注
    assert st.previous == 17402 and st.unit == "人" and len(st.occurrences) == 2
    assert "另见" in st.note() and "现有全日制在校生 17402人" in st.note()
    assert sum(1 for r in ex.rows if r.previous == 17402) == 1


def test_catalog_id_only_from_the_figures_own_clause(report):
    rows = _rows(extract_report(report))
    assert rows["teachers_fulltime"].previous == 796 and rows["teachers_fulltime"].catalog
    assert rows["teachers_dual"].name == "双师素质教师数"
    # 一等奖 8项 names no catalog metric: a readable pinyin id and the clause's words as 名称
    award = next(r for r in rows.values() if r.previous == 8)
    assert not award.catalog and award.id.isascii() and "一等奖" in award.name


def test_units_as_written_and_names_from_the_clause(report):
    rows = list(extract_report(report).rows)
    by_value = {r.previous: r for r in rows}
    assert by_value[3536].unit == "台（套）"
    assert by_value[31].unit == "场次"
    assert by_value[5].name == "开发专业特色课程" and by_value[5].unit == "门"
    # 二等奖 6项 takes the competition of the award before it
    assert by_value[6].name.endswith("技能大赛获二等奖")


def test_share_becomes_formula_only_when_the_report_reproduces_it(report):
    rows = _rows(extract_report(report))
    dual = rows["teachers_dual_share"]  # 694 / 796 = 87.19%: the catalog's own formula, verified
    assert dual.formula == "teachers_dual / teachers_fulltime" and dual.previous == 87.19 and dual.unit == "%"
    master = next(r for r in rows.values() if r.previous == 50.0)  # 368 / 796 = 46.23%, not 50.00%
    assert master.formula is None and master.unit == "%"


def test_same_quantity_in_two_units_is_a_conversion_row(report):
    """1418亩 (前言) and 945450.66平方米 are one quantity: the precise one is the row to fill."""
    rows = _rows(extract_report(report))
    assert rows["campus_area"].previous == 945450.66 and rows["campus_area"].unit == "平方米"
    mu = rows["campus_area_mu"]
    assert mu.formula == "campus_area" and mu.unit == "亩" and mu.previous == 1418


def test_per_capita_formula_and_growth_row(report):
    ex = extract_report(report)
    per = next(r for r in ex.rows if r.previous == 36.35)
    assert per.formula == "building_area / students_total" and per.unit == "平方米/生"
    growth = next(r for r in ex.rows if r.previous == 2.94)
    assert growth.kind == "growth" and growth.formula is None and "增幅" in growth.name


def test_workbook_loads_after_filling_and_partly_filled_is_located(report, tmp_path):
    from openpyxl import load_workbook

    from draftkit.data import load_year_data

    out = tmp_path / "data" / "2024.xlsx"
    out.parent.mkdir()
    res = write_extract(extract_report(report), out)
    assert res.created and out.exists()
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["基本信息", "指标", "表格"]
    ws = wb["指标"]
    header = [c.value for c in ws[1]]
    assert header[:11] == ["id", "名称", "别名", "数值", "单位", "来源", "公式", "上年值", "精度", "章节", "备注"]
    yd = load_year_data(out)  # nothing filled yet: every plain row is listed, none is loaded as 0
    assert yd.year == 2024 and yd.school == "测试职业技术学院"
    assert not any(m.value is None for m in yd.metrics.values())
    st = next(u for u in yd.unfilled if u.id == "students_total")
    assert st.location.endswith("[指标!D%d]" % _row_of(ws, "students_total"))
    waiting = next(u for u in yd.unfilled if u.id == "teachers_dual_share")
    assert set(waiting.waits_for) == {"teachers_dual", "teachers_fulltime"}
    _fill(out, scale=1.05)
    yd = load_year_data(out)
    assert yd.unfilled == []
    assert yd.metrics["teachers_dual_share"].previous == 87.19  # the report's figure, stated
    assert yd.format("teachers_dual_share") == "87.19%"  # 694×1.05 / 796×1.05
    assert yd.metrics["campus_area_mu"].value == pytest.approx(945450.66 * 1.05 * 15 / 10000)


def test_check_runs_against_the_filled_workbook(report, tmp_path):
    from draftkit.check import check_file
    from draftkit.data import load_year_data

    out = tmp_path / "2024.xlsx"
    write_extract(extract_report(report), out)
    _fill(out, scale=1.0)
    res = check_file(report, load_year_data(out))
    assert res.summary["linked"] >= 5
    assert not [f for f in res.findings if f.rule == "data-mismatch"]
    _fill(out, scale=1.05)  # this year's values typed in: last year's report no longer agrees with them
    res = check_file(report, load_year_data(out))
    wrong = {(f.metric, f.found, f.expected) for f in res.findings if f.rule == "data-mismatch"}
    assert ("students_total", "17402人", "18272人") in wrong and len(wrong) >= 5


def _row_of(ws, rid: str) -> int:
    return next(c.row for c in ws["A"] if c.value == rid)


def _fill(path: Path, scale: float, every: int = 1) -> None:
    """What a department does: 数值 typed into every plain row (formula rows are never typed)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    ws = wb["指标"]
    cols = {c.value: c.column for c in ws[1]}
    for i, r in enumerate(range(2, ws.max_row + 1)):
        if not ws.cell(r, cols["公式"]).value and i % every == 0:
            ws.cell(r, cols["数值"]).value = ws.cell(r, cols["上年值"]).value * scale
    wb.save(path)


def test_running_total_is_named_after_the_figure_before_it(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("## 一、发展概述\n\n学校新建智慧教室 30间，累计达到 70间。\n", encoding="utf-8")
    by_value = {r.previous: r for r in extract_report(path).rows}
    assert by_value[30].name == "新建智慧教室" and by_value[70].name == "累计智慧教室"


def test_report_tables_become_fill_in_sheets_with_last_year_beside(tmp_path):
    """A .docx table: header and labels kept, figure cells emptied (ratios too), 数据来源 → 来源."""
    from docx import Document
    from openpyxl import load_workbook

    from draftkit.data import load_year_data

    doc = Document()
    doc.add_heading("一、发展概述", level=1)
    doc.add_paragraph("学校有专任教师 771人。")
    doc.add_paragraph("表 1-2 2021-2022学年国家奖助学金发放情况")
    rows = [["序号", "项目", "资助人数（人）", "资助金额（万元）", "生师比"], ["1", "国家奖学金", "11", "8.80", "16.11：1"],
            ["2", "国家助学金", "4120", "1359.60", "16.11：1"], ["合计", "", "4131", "1368.40", ""]]
    table = doc.add_table(rows=4, cols=5)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    doc.add_paragraph("数据来源：测试职业技术学院学生工作处")
    path = tmp_path / "2022年度报告.docx"
    doc.save(path)
    ex = extract_report(path, school="测试职业技术学院")
    (t,) = ex.tables
    assert t.title == "2021-2022学年国家奖助学金发放情况" and t.source == "学生工作处" and t.total_row == "合计"
    assert t.rows[0] == ["1", "国家奖学金", "", "", ""] and t.previous[1][3] == "1359.60"
    out = tmp_path / "2023.xlsx"
    write_extract(ex, out)
    wb = load_workbook(out)
    reg = [c.value for c in wb["表格"][2]]
    assert reg[:5] == [t.id, t.title, t.id[:31], "学生工作处", "合计"]
    assert wb[t.id[:31]]["C2"].value is None and wb[t.id[:31]]["B2"].value == "国家奖学金"
    assert any(n.startswith("上年_") and wb[n]["C3"].value == 4120 for n in wb.sheetnames)
    yd = load_year_data(out)  # an empty table loads (nothing to compare yet) and is listed by data check
    assert yd.tables[t.id].rows[0][1] == "国家奖学金" and yd.problems == []
    before = out.read_bytes()
    again = write_extract(extract_report(path, school="测试职业技术学院"), out)
    assert again.tables_added == [] and again.added == [] and out.read_bytes() == before


def test_a_part_after_qizhong_takes_no_catalog_id_unless_the_whole_is_the_schools(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("## 一、发展概述\n\n学校有教职工 959人，其中专任教师 796人。\n\n"
                    "团队由 16名成员组成，其中兼职教师 5名。\n", encoding="utf-8")
    rows = {r.previous: r for r in extract_report(path).rows}
    assert rows[796].id == "teachers_fulltime" and rows[959].id == "staff_total"
    assert not rows[5].catalog and rows[5].name == "兼职教师"


def test_respectively_gives_each_figure_its_item(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("## 二、人才培养\n\n毕业生对工作内容、职业发展前景、薪酬的满意度分别为 93.16%、87.11%、80.99%。"
                    "2021-2023年，通过率分别为 50%、83%、98.5%。\n", encoding="utf-8")
    names = {r.previous: r.name for r in extract_report(path).rows}
    assert names[93.16] == "毕业生对工作内容满意度" and names[80.99] == "毕业生对薪酬满意度"
    assert names[87.11] == "毕业生对职业发展前景满意度"
    assert names[50] == "2021年通过率" and names[98.5] == "2023年通过率"


@pytest.mark.parametrize("verb", ["提高到", "扩大到", "增至"])
def test_from_a_to_b_is_one_row_of_b(tmp_path, verb):
    path = tmp_path / "r.md"
    path.write_text(f"## 二、人才培养\n\n学校将创新创业教育学分由 2学分{verb} 3学分。\n", encoding="utf-8")
    (row,) = extract_report(path).rows
    assert row.previous == 3 and row.unit == "学分" and "创新创业教育学分" in row.name
    assert "上一年为 2学分" in row.note()


def test_rate_raised_to_is_a_level_and_a_rate_change_is_named_after_the_rate(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("## 二、人才培养\n\n“双带头人”教师党支部书记占比提高到 96.7%。"
                    "2022届毕业生 5604人，毕业去向落实率 94.90%，较上年提高 0.25个百分点。\n\n"
                    "本校毕业生 5604人。\n", encoding="utf-8")
    rows = {r.previous: r for r in extract_report(path).rows}
    assert rows[96.7].kind == "share" and rows[96.7].name.endswith("书记占比")
    assert rows[0.25].kind == "growth" and rows[0.25].name == "毕业去向落实率增幅"
    assert len(rows[5604].occurrences) == 2  # 毕业生 5604人 twice: one row (a 4-digit value is no coincidence)


def test_names_keep_quotes_so_next_years_sentence_still_contains_them(tmp_path):
    path = tmp_path / "r.md"
    path.write_text("## 三、服务贡献\n\n学校开展“田间课堂”156场。\n", encoding="utf-8")
    (row,) = extract_report(path).rows
    assert row.name == "开展“田间课堂”" and row.name in path.read_text(encoding="utf-8")


def test_a_name_never_holds_the_next_figure(tmp_path):
    """"5门课程重构为12个项目化模块": the row of 5门 must not be named after 12个 (the checker then
    linked 12个 to it and found 12 ≠ 5 in the report the workbook came from)."""
    from draftkit.check import check_file
    from draftkit.data import load_year_data

    path = tmp_path / "r.md"
    path.write_text("## 二、人才培养\n\n将“基础护理技术”“老年护理”等5门课程重构为12个项目化模块。\n", encoding="utf-8")
    rows = {r.previous: r for r in extract_report(path).rows}
    assert not any(ch.isdigit() for ch in rows[5].name + rows[5].id), rows[5].name
    out = tmp_path / "2024.xlsx"
    write_extract(extract_report(path), out, year=2024)
    _fill(out, scale=1.0)
    assert not [f.figure for f in check_file(path, load_year_data(out)).findings if f.rule == "data-mismatch"]
