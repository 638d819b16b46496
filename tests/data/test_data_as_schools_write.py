"""Data files as a school's data office writes them: ids in any case, units as the report writes
them after the number, a conversion typed into a formula."""

from __future__ import annotations

import pytest

from draftkit.data import load_year_data

HEAD = "school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n"


def load(write, body):
    return load_year_data(write("2023.yaml", HEAD + body))


def test_ids_may_use_capital_letters(write):
    yd = load(write, "  gj_fangE: {name: 赴俄访问教师, value: 4, unit: 位}\n"
                     "  share_E: {name: 占比, formula: gj_fangE / gj_fangE, unit: '%'}\n")
    assert yd.value("share_E") == pytest.approx(100)


def test_a_per_capita_formula_with_the_unit_written_after_the_number(write):
    yd = load(write, "  students_total: 17402\n"
                     "  equip: {name: 教学仪器设备值, value: 19500.31, unit: 万元}\n"
                     "  equip_ps: {name: 生均教学仪器设备值, formula: equip / students_total, unit: 万元, precision: 2}\n")
    m = yd.metric("equip_ps")
    assert m.unit == "万元/生" and m.formatted() == "1.12万元"
    assert any("equip_ps" in n and "万元/生" in n for n in yd.notes)


def test_a_unit_conversion_typed_into_a_formula_is_not_applied_twice(write):
    yd = load(write, "  area: {name: 校舍建筑面积, value: 632584.25, unit: 平方米}\n"
                     "  area_w: {name: 校舍建筑面积（万平方米）, formula: area / 10000, unit: 万平方米, precision: 2}\n"
                     "  area_half: {name: 一半, formula: area / 2, unit: 平方米}\n")
    assert yd.value("area_w") == pytest.approx(63.258425)
    assert yd.value("area_half") == pytest.approx(316292.125)  # a real division stays one
    assert any("area_w" in n and "单位换算" in n for n in yd.notes)


def test_a_conversion_constant_typed_rounded_is_still_a_conversion(write):
    yd = load(write, "  land: {name: 占地面积, value: 945450.66, unit: 平方米}\n"
                     "  land_mu: {name: 占地面积（亩）, formula: land / 666.6667, unit: 亩, precision: 0}\n"
                     "  land_part: {name: 三分之一, formula: land / 3, unit: 平方米}\n")
    assert yd.value("land_mu") == pytest.approx(1418.18, abs=0.01)
    assert yd.value("land_part") == pytest.approx(315150.22, abs=0.01)


def test_a_conversion_typed_inside_a_per_student_formula_is_not_applied_twice(write):
    yd = load(write, "  students_total: {value: 16834}\n"
                     "  equip: {name: 教学科研仪器设备总值, value: 32618.27, unit: 万元}\n"
                     "  equip_ps: {name: 生均教学科研仪器设备值, formula: equip * 10000 / students_total, unit: 元}\n"
                     "  books: {name: 纸质图书总量, value: 138.6, unit: 万册}\n"
                     "  books_ps: {name: 生均纸质图书, formula: books * 10000 / students_total, unit: 册}\n")
    assert yd.value("equip_ps") == pytest.approx(19376.42, abs=0.01)
    assert yd.value("books_ps") == pytest.approx(82.33, abs=0.01)
    assert sum("* 10000" in n for n in yd.notes) == 2


def test_a_share_written_times_100_with_unit_percent_is_not_multiplied_twice(write):
    yd = load(write, "  employed: {name: 就业人数, value: 6123, unit: 人}\n"
                     "  grads: {name: 毕业生数, value: 6370, unit: 人}\n"
                     "  rate_a: {name: 就业率, formula: employed / grads * 100, unit: '%'}\n"
                     "  rate_b: {name: 就业率（另一写法）, formula: employed * 100 / grads, unit: '%'}\n"
                     "  double: {name: 两倍就业人数, formula: employed * 2, unit: 人}\n")
    assert yd.value("rate_a") == pytest.approx(96.12, abs=0.01)
    assert yd.value("rate_b") == pytest.approx(96.12, abs=0.01)
    assert yd.value("double") == 12246  # a real multiplication stays
    assert any("rate_a" in n and "百分数" in n for n in yd.notes)


def test_a_plain_wan_is_ten_thousand(write):
    yd = load(write, "  income: {name: 到账金额, value: 118.394, unit: 万}\n")
    from draftkit.units import convert

    assert yd.metric("income").formatted() == "118.394万"
    assert convert(118.394, "万", "") == pytest.approx(1183940)
