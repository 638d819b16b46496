"""Every kind of derived metric, catalog inheritance and precision rules."""

import pytest

from draftkit.data import load_year_data
from draftkit.data.catalog import catalog_entry

BASE = """
school: 测试学院
year: 2023
period: 2022-2023学年
metrics:
  students_total: {value: 10000, previous: 8000, unit: 人, name: 全日制在校生数}
  teachers_fulltime: {value: 500, previous: 400}
  teachers_master: {value: 230, previous: 180}
  funding_income: {value: 25000.50, previous: 20000, unit: 万元}
  campus_area: {value: 600000, unit: 平方米}
  share_a: {name: A占比, value: 40.5, unit: "%"}
  share_b: {name: B占比, value: 38.25, unit: "%"}
"""


def load(write, extra="", name="d.yaml"):
    return load_year_data(write(name, BASE + extra))


def test_share_of_two_counts_is_percent(write):
    yd = load(write, "  m_share: {name: 硕士占比, formula: teachers_master / teachers_fulltime, unit: '%'}\n")
    assert yd.value("m_share") == pytest.approx(46.0)
    assert yd.format("m_share") == "46.00%"
    assert yd.get("m_share").previous == pytest.approx(45.0)


def test_per_capita_money_in_either_unit(write):
    yd = load(write, "  per_wan: {name: 生均万元, formula: funding_income / students_total, unit: 万元/人}\n"
                     "  per_yuan: {name: 生均元, formula: funding_income / students_total, unit: 元/生}\n")
    assert yd.value("per_wan") == pytest.approx(2.50005)
    assert yd.value("per_yuan") == pytest.approx(25000.5)
    assert yd.format("per_yuan") == "25000.50元/生"


def test_unit_conversion_in_a_formula(write):
    yd = load(write, "  income_yi: {name: 收入亿元, formula: funding_income, unit: 亿元, precision: 2}\n"
                     "  area_mu: {name: 面积亩, formula: campus_area, unit: 亩}\n")
    assert yd.format("income_yi") == "2.50亿元"
    assert yd.value("area_mu") == pytest.approx(900.0)


def test_difference_of_shares_in_percentage_points(write):
    yd = load(write, "  gap: {name: 差, formula: share_a - share_b, unit: 百分点}\n")
    assert yd.value("gap") == pytest.approx(2.25)
    assert yd.format("gap") == "2.25个百分点"


def test_sum_and_chained_formulas(write):
    yd = load(write, "  t2: {name: 两倍教师, formula: t1 * 2, unit: 人}\n"
                     "  t1: {name: 教师合计, formula: teachers_fulltime + teachers_master, unit: 人}\n")
    assert yd.value("t1") == 730 and yd.value("t2") == 1460
    assert yd.format("t2") == "1460人"


def test_ratio_unit(write):
    yd = load(write, "  ratio: {name: 生师比, formula: students_total / teachers_fulltime, unit: ':1'}\n")
    assert yd.format("ratio") == "20.00:1"


def test_unit_inferred_when_missing(write):
    yd = load(write, "  s: {name: 占比, formula: teachers_master / teachers_fulltime}\n"
                     "  p: {name: 生均, formula: funding_income / students_total}\n")
    assert yd.get("s").unit == "%" and yd.value("s") == pytest.approx(46.0)
    assert yd.get("p").unit == "万元/人"


def test_growth_rate_of_typed_and_derived(write):
    yd = load(write, "  per: {name: 生均, formula: funding_income / students_total, unit: 元/生}\n")
    st = yd.get("students_total")
    assert st.growth_rate == pytest.approx(25.0)
    per = yd.get("per")
    assert per.previous == pytest.approx(25000.0)
    assert per.growth_rate == pytest.approx((25000.5 - 25000.0) / 25000.0 * 100)
    assert yd.get("campus_area").growth_rate is None


def test_catalog_inheritance_short_form(write):
    yd = load(write, "  graduates_total: 3000\n")
    m = yd.get("graduates_total")
    entry = catalog_entry("graduates_total")
    assert m.name == entry.name and m.unit == entry.unit and m.chapter == entry.chapter
    assert set(entry.aliases) <= set(m.aliases)
    assert m.from_catalog and m.value == 3000
    assert yd.find_by_name(entry.aliases[0]) == [m]


def test_data_file_aliases_add_to_catalog_aliases(write):
    yd = load(write, "  graduates_total: {value: 3000, aliases: [本届毕业生]}\n")
    m = yd.get("graduates_total")
    assert "本届毕业生" in m.aliases and set(catalog_entry("graduates_total").aliases) <= set(m.aliases)


def test_catalog_derived_added_when_inputs_present(write):
    yd = load(write)
    share = yd.get("teachers_master_share")
    assert share is not None and share.auto_derived and share.is_derived
    assert yd.value("teachers_master_share") == pytest.approx(46.0)
    assert yd.get("teachers_dual_share") is None  # teachers_dual is absent


def test_auto_derived_can_be_switched_off(write):
    text = BASE.replace("period: 2022-2023学年", "period: 2022-2023学年\nauto_derived: false")
    yd = load_year_data(write("d.yaml", text))
    assert yd.get("teachers_master_share") is None


def test_catalog_formula_used_when_data_names_the_id_only(write):
    yd = load(write, "  teachers_master_share: {precision: 1}\n")
    m = yd.get("teachers_master_share")
    assert not m.auto_derived and m.formula == catalog_entry("teachers_master_share").formula
    assert yd.format("teachers_master_share") == "46.0%"


def test_precision_rules(write):
    yd = load(write, "  x: {name: X, value: 12.50, unit: 万元}\n  y: {name: Y, value: 3, unit: 万元}\n")
    assert yd.format("funding_income") == "25000.50万元"  # decimals as written
    assert yd.format("x") == "12.50万元"
    assert yd.format("y") == "3万元"
    assert yd.format("students_total") == "10000人"


def test_stated_previous_of_a_derived_metric_wins(write):
    yd = load(write, "  s: {name: S, formula: teachers_master / teachers_fulltime, unit: '%', previous: 44.1}\n")
    assert yd.get("s").previous == 44.1 and yd.value("s") == pytest.approx(46.0)
