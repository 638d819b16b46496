"""Figure binding: placeholders become formatted values; raw numbers are checked against the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.draft.bind import bind, find_raw_numbers, normalize_draft


@pytest.fixture
def yd(project: Path):
    return load_year_data(project / "data" / "2023.yaml")


def test_placeholders_bind_with_unit_and_precision(yd) -> None:
    r = bind("在校生{{students_total}}，占比{{ teachers_master_share }}，经费{{funding_income}}。", yd)
    assert r.text == f"在校生{yd.format('students_total')}，占比{yd.format('teachers_master_share')}，经费{yd.format('funding_income')}。"
    assert "17402人" in r.text and "46.23%" in r.text and "34118.10万元" in r.text
    assert r.metrics_used == ["students_total", "teachers_master_share", "funding_income"]
    assert r.issues == []


def test_growth_previous_and_trend(yd) -> None:
    r = bind("上年{{funding_income.previous}}，增长率{{funding_income.growth}}，较上年{{funding_income.trend}}。", yd)
    assert r.text == "上年33144.21万元，增长率2.94%，较上年增长2.94%。"
    yd.metrics["funding_income"].previous = 35000.0
    assert "较上年下降2.52%" in bind("较上年{{funding_income.trend}}", yd).text


def test_unknown_metric_is_an_error_and_leaves_no_braces(yd) -> None:
    r = bind("专任教师{{teachers_phd}}。", yd)
    assert "{{" not in r.text and "teachers_phd" in r.text
    assert [(i.kind, i.severity, i.metric) for i in r.issues] == [("unknown-metric", "error", "teachers_phd")]
    no_prev = bind("{{teachers_fulltime.trend}}", yd)
    assert no_prev.errors[0].kind == "no-previous"


def test_repeated_unit_after_placeholder_is_dropped(yd) -> None:
    assert bind("在校生{{students_total}}人。", yd).text == "在校生17402人。"
    assert bind("经费{{funding_income}}万元", yd).text == "经费34118.10万元"


def test_raw_numbers_matching_the_data_pass_in_any_unit(yd) -> None:
    text = "在校生17402人，经费3.41亿元，即341181000元，占比46.23%，即0.4623，上年33144.21万元。"
    r = bind(text, yd)
    assert r.warnings == [], [i.text for i in r.warnings]


def test_raw_numbers_not_in_the_data_are_unsupported(yd) -> None:
    r = bind("学校有教职工959人，经费3.52亿元。", yd)
    assert sorted(i.text for i in r.warnings) == ["3.52亿元", "959人"]
    assert all(i.kind == "unsupported" for i in r.warnings) and "959" in r.warnings[0].context


def test_years_ordinals_dates_and_numbering_are_not_figures(yd) -> None:
    text = ("### 1.师生规模\n\n1. 第一点\n（2）第二点\n2023年学校获第3名，2022-2023学年，12月31日，"
            "表1-2与图2-3，典型案例 2-1，1+X证书，5G基站。")
    assert [f.raw for f in find_raw_numbers(text)] == []
    assert [f.raw for f in find_raw_numbers("生师比为15：1")] == ["15"]


def test_numbers_inside_writer_notes_are_not_checked(yd) -> None:
    r = bind("正文。\n\n::: note\n范文：教职工959人。\n:::\n", yd)
    assert r.warnings == []


def test_normalize_draft_strips_fences_and_repeated_title() -> None:
    raw = "```markdown\n## （四）就业质量\n\n正文一段。\n\n\n\n第二段。\n```"
    assert normalize_draft(raw, "就业质量") == "正文一段。\n\n第二段。\n"


def test_trend_of_a_share_is_in_percentage_points(yd) -> None:
    share = yd.metrics["teachers_master_share"]
    share.previous = 44.58
    assert bind("较上年{{teachers_master_share.trend}}", yd).text == "较上年提高1.65个百分点"
    share.previous = share.value
    assert bind("较上年{{teachers_master_share.trend}}", yd).text == "较上年持平"


def test_trend_of_a_small_count_has_one_decimal_and_of_none_last_year_is_new(yd) -> None:
    """5 → 7 is "增长40.0%", not "增长40.00%" (issue 12); counts of 100 or more keep two decimals."""
    m = yd.metrics["teachers_fulltime"]  # 人: a count
    m.value, m.previous = 7.0, 5.0
    assert bind("较上年{{teachers_fulltime.trend}}", yd).text == "较上年增长40.0%"
    m.value, m.previous = 771.0, 796.0
    assert bind("较上年{{teachers_fulltime.trend}}", yd).text == "较上年下降3.14%"
    m.value, m.previous = 2.0, 0.0
    assert bind("较上年{{teachers_fulltime.trend}}", yd).text == "较上年新增2人"
    money = yd.metrics["funding_income"]  # 万元 is no count: two decimals even under 100
    money.value, money.previous = 7.0, 5.0
    assert bind("较上年{{funding_income.trend}}", yd).text == "较上年增长40.00%"
