"""Each rule, positive (a planted error is found where it was planted) and negative (the clean
twin of the same report has no finding), without and with year data."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.check import check_file

FIX = Path(__file__).parents[1] / "fixtures" / "check"


@pytest.fixture(scope="module")
def data():
    from draftkit.data import load_year_data

    return load_year_data(FIX / "data.yaml")


@pytest.fixture(scope="module")
def planted():
    return check_file(FIX / "planted.md")


@pytest.fixture(scope="module")
def clean():
    return check_file(FIX / "clean.md")


def _by(result, rule):
    return [f for f in result.findings if f.rule == rule and f.severity == "error"]


def test_clean_report_has_no_finding(clean):
    assert clean.findings == []
    assert clean.figures > 20


def test_part_whole(planted):
    (f,) = _by(planted, "part-whole")
    assert f.figure == "49.15%" and "49.51%" in f.message and f.expected is None  # no data: no figure verified
    assert "402" in f.message and "812" in f.message
    assert f.context.startswith("学校现有教职工") and f.location["paragraph"] == 3


def test_part_whole_rounding_to_digits_written_is_fine(clean):
    # clean.md writes 301/812 = 37.07% as 37.1%: rounding half-up to the digits written
    assert not _by(clean, "part-whole")


def test_per_capita(planted):
    (f,) = _by(planted, "per-capita")
    assert f.figure == "41.00平方米" and "= 40.00" in f.message and f.expected is None
    assert "15000" in f.message


def test_growth_rate_text_and_direction(planted):
    figs = {f.figure: f for f in _by(planted, "growth-rate")}
    assert "10.00%" in figs["12%"].message and figs["12%"].expected is None
    assert "方向" in figs["10%"].message  # 增长 written where the value fell
    assert figs["12.00%"].location["table"] == 1  # the 增长率 column of 表1-2


def test_table_total(planted):
    (f,) = _by(planted, "table-total")
    assert f.figure == "2402" and "2412" in f.message and f.expected is None
    assert f.location["table"] == 0 and f.location["row"] == 4 and f.location["column"] == 2


def test_cross_mention(planted):
    figs = sorted(f.figure for f in _by(planted, "cross-mention"))
    assert figs == ["302个", "320个"]
    f = next(f for f in _by(planted, "cross-mention") if f.figure == "302个")
    assert "320个" in f.message and f.expected is None and f.chapter == "三、教学改革"


def test_cross_mention_needs_same_name(tmp_path):
    p = tmp_path / "r.md"
    p.write_text("## 一、概况\n\n市级课题 18项，省级课题 6项。\n\n## 二、科研\n\n市级课题 18项。\n", encoding="utf-8")
    assert check_file(p).findings == []


def test_growth_with_previous_in_data(data, tmp_path):
    p = tmp_path / "r.md"
    p.write_text("学校经费收入总额 22000万元，较上年增长 12%。横向技术服务到款 450万元，较上年增长 10%。\n",
                 encoding="utf-8")
    res = check_file(p, data)
    figs = {f.figure: f for f in _by(res, "growth-rate")}
    assert figs["12%"].metric == "funding_income" and figs["12%"].expected == "10%"
    assert "方向" in figs["10%"].message and figs["10%"].metric == "horizontal_income"


def test_data_mismatch_beyond_precision(data, tmp_path):
    p = tmp_path / "r.md"
    p.write_text(
        "全日制在校生 1.5万人，专任教师 812人，其中硕士以上学历教师 402人，占比 49.5%。\n\n"
        "教职工 1021人，二级学院 11个。\n\n学校完成技能微课 230个。\n",
        encoding="utf-8",
    )
    res = check_file(p, data)
    errors = {f.figure: f for f in res.findings if f.severity == "error"}
    assert set(errors) == {"1021人", "230个"}, errors  # 1.5万人 and 49.5% are right at the digits written
    assert errors["1021人"].metric == "staff_total" and errors["1021人"].expected == "1020人"
    assert "1020" in errors["1021人"].message


def test_share_wrong_against_data_is_an_error(data, tmp_path):
    p = tmp_path / "r.md"
    p.write_text("专任教师 812人，硕士以上学历教师 402人，占比 39.41%。\n", encoding="utf-8")
    res = check_file(p, data)
    (f,) = [f for f in res.findings if f.severity == "error"]
    assert f.figure == "39.41%" and f.metric == "teachers_master_share" and f.expected == "49.51%"


def test_unsupported_is_a_warning_only_with_data(data, tmp_path):
    p = tmp_path / "r.md"
    p.write_text("学校举办技能节活动 36场，参与学生 5200人次。\n", encoding="utf-8")
    assert check_file(p).findings == []
    res = check_file(p, data)
    assert {f.rule for f in res.findings} == {"unsupported"}
    assert all(f.severity == "warning" for f in res.findings) and res.errors == 0


def test_ambiguous_name_is_not_guessed(tmp_path):
    from draftkit.data import load_year_data

    d = tmp_path / "d.yaml"
    d.write_text(
        "school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n"
        "  a_count: {name: 培训项目数, aliases: [培训项目], value: 12, unit: 个}\n"
        "  b_count: {name: 社会培训项目数, aliases: [培训项目], value: 30, unit: 个}\n",
        encoding="utf-8",
    )
    p = tmp_path / "r.md"
    p.write_text("全年开展培训项目 12个。\n", encoding="utf-8")
    res = check_file(p, load_year_data(d))
    assert res.errors == 0 and res.linked == 0


def test_table_cells_link_by_row_label(data):
    res = check_file(FIX / "planted.md", data)
    cells = [f for f in res.findings if f.location.get("table") == 1 and f.severity == "error"]
    assert {f.figure for f in cells} == {"12.00%"}  # 20000.00 / 22000.00 match funding_income


def test_shares_in_a_table_add_up_to_100(tmp_path):
    table = ("| 产业 | 专业数 | 占比 |\n| --- | --- | --- |\n| 第一产业 | 4 | 8.5% |\n"
             "| 第二产业 | 19 | {}% |\n| 第三产业 | 24 | 51.1% |\n")
    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text(table.format("40.4"), encoding="utf-8")
    bad.write_text(table.format("42.4"), encoding="utf-8")
    assert check_file(good).findings == []
    found = check_file(bad).findings
    (total,) = [f for f in found if f.rule == "table-total"]
    assert "102.0%" in total.message
    # the shares add up to about 100%, so the column sum (47) is their base: 19 ÷ 47 = 40.4%
    (share,) = [f for f in found if f.rule == "part-whole"]
    assert share.figure == "42.4%" and "40.4%" in share.message and share.expected is None


def test_scoped_sentence_makes_a_smaller_figure_a_warning(data, tmp_path):
    p = tmp_path / "r.md"
    p.write_text("依托校企共建课程资源平台，学校完成技能微课 120个。\n\n学校完成技能微课 120个。\n", encoding="utf-8")
    res = check_file(p, data)
    sev = [f.severity for f in res.findings if f.rule == "data-mismatch"]
    assert sorted(sev) == ["error", "warning"]


@pytest.mark.parametrize("label", ["合计", "合 计", "合\u3000计"])  # Word tables often space 合　计 with U+3000
def test_total_row_label_with_any_spacing_is_checked(tmp_path, label):
    p = tmp_path / "r.md"
    p.write_text("| 专业大类 | 专业数 | 在校生 |\n|---|---|---|\n| 装备制造大类 | 6 | 6000 |\n"
                 f"| 财经商贸大类 | 5 | 5000 |\n| {label} | 12 | 11000 |\n", encoding="utf-8")
    (total,) = [f for f in check_file(p).findings if f.rule == "table-total"]
    assert total.figure == "12"


def test_a_change_over_last_year_is_a_value_the_data_holds(tmp_path):
    """"专任教师796人，较上学年增加25人": 25 is 796 − 771, not an unknown figure (roll forward writes it)."""
    from draftkit.check import check_file
    from draftkit.data import load_year_data

    d = tmp_path / "d.yaml"
    d.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n"
                 "  teachers_fulltime: {name: 专任教师数, value: 796, previous: 771, unit: 人}\n", encoding="utf-8")
    p = tmp_path / "p.md"
    p.write_text("# 一、发展概述\n\n学校专任教师796人，较上学年增加25人；专任教师中新入职31人。\n", encoding="utf-8")
    warned = {f.figure for f in check_file(p, load_year_data(d)).findings if f.rule == "unsupported"}
    assert "25人" not in warned and "31人" in warned


def test_a_change_needs_the_words_that_make_it_one(tmp_path):
    from draftkit.check import check_file
    from draftkit.data import load_year_data

    d = tmp_path / "d.yaml"
    d.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n"
                 "  teachers_fulltime: {name: 专任教师数, value: 796, previous: 771, unit: 人}\n"
                 "  teachers_senior: {name: 专任教师中高级职称人数, value: 300, previous: 280, unit: 人}\n"
                 "  teachers_master: {name: 专任教师中硕士人数, value: 368, previous: 342, unit: 人}\n"
                 "  teachers_new: {name: 新入职专任教师数, value: 40, previous: 38, unit: 人}\n"
                 "  teachers_left: {name: 离职专任教师数, value: 12, previous: 10, unit: 人}\n", encoding="utf-8")
    p = tmp_path / "p.md"
    p.write_text("# 一、发展概述\n\n学校专任教师796人，较上学年增加25人。\n\n另有外聘教师25人。\n", encoding="utf-8")
    found = [f for f in check_file(p, load_year_data(d)).findings if f.rule == "unsupported"]
    assert [f.context for f in found] == ["另有外聘教师25人。"]  # the same 25 without 较上年 is not a change


def test_a_count_with_a_share_of_its_own_is_a_sibling_not_the_whole(tmp_path):
    p = tmp_path / "r.md"
    p.write_text("# 一、发展概述\n\n学校现有专任教师768人。专任教师中，具有硕士及以上学历的459人，占比59.77%，"
                 "其中博士58人；具有高级职称的283人，占比36.85%。\n\n"
                 "毕业生6370人，其中协议就业4257人，占比66.83%；灵活就业1030人，占比16.71%。\n\n"
                 "学校有教职工959人，其中专任教师796人，专任教师占教职工比例83.00%。专任教师中，硕士以上学历教师368人，"
                 "占46.32%。\n", encoding="utf-8")
    res = check_file(p)
    assert [(f.figure, f.inputs[1].fig.text) for f in _by(res, "part-whole")] == [("16.71%", "6370人"), ("46.32%", "796人")]
