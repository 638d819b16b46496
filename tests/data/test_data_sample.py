"""The catalog and the sample project data are complete and consistent."""

import collections
from pathlib import Path

import pytest

from draftkit.data import CHAPTERS, load_catalog, load_year_data
from draftkit.data.formula import parse_formula, references
from draftkit.units import UNITS

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "2023.yaml"


@pytest.fixture(scope="module")
def yd():
    return load_year_data(SAMPLE)


def test_catalog_is_large_valid_and_unambiguous():
    cat = load_catalog()
    assert len(cat) >= 120
    names = collections.Counter()
    for e in cat.values():
        assert e.unit in UNITS, e.id
        assert e.chapter in CHAPTERS, e.id
        for n in (e.name, *e.aliases):
            names[n] += 1
        if e.formula:
            assert all(r in cat for r in references(parse_formula(e.formula))), e.id
    assert [n for n, k in names.items() if k > 1] == []
    groups = {e.group for e in cat.values()}
    for g in ("students", "teachers", "majors", "facilities", "funding", "employment", "awards", "research",
              "training", "international", "cooperation", "policy_quality"):
        assert g in groups


def test_sample_is_complete(yd):
    assert yd.school == "示例职业技术学院" and yd.year == 2023 and yd.period == "2022-2023学年"
    assert len(yd.metrics) >= 150
    assert len(yd.tables) >= 8
    chapters = collections.Counter(m.chapter for m in yd.metrics.values())
    assert set(chapters) == set(CHAPTERS)
    assert sum(m.previous is not None for m in yd.metrics.values()) >= 100
    assert sum(m.is_derived for m in yd.metrics.values()) >= 20
    assert yd.problems == []


def test_sample_figures_agree_with_each_other(yd):
    v = yd.value
    assert v("graduates_contract") + v("graduates_flexible") + v("graduates_further_study") \
        + v("graduates_entrepreneurship") == v("graduates_employed")
    assert v("funding_fiscal") + v("funding_tuition") + v("funding_other_income") == pytest.approx(v("funding_income"))
    assert yd.format("teachers_master_share") == "46.23%"
    assert yd.format("employment_rate") == "96.12%"


@pytest.mark.parametrize("table_id, column, metric", [
    ("majors", "在校生", "students_total"), ("majors", "专业数", "majors_total"),
    ("employment_destinations", "毕业人数", "graduates_total"), ("social_training", "培训人次", "social_training_total"),
    ("cert_1x", "考核人数", "cert_1x_candidates"), ("cert_1x", "通过人数", "cert_1x_passed"),
    ("student_clubs", "社团数量", "clubs_total"), ("skill_awards", "合计", "awards_student_total"),
    ("teachers_title", "人数", "teachers_fulltime"), ("funding_income_structure", "金额（万元）", "funding_income"),
    ("funding_expenditure_structure", "金额（万元）", "funding_expenditure"),
    ("majors_by_industry", "专业数", "majors_total"), ("majors_by_industry", "在校生", "students_total"),
])
def test_table_totals_match_metrics(yd, table_id, column, metric):
    t = yd.tables[table_id]
    assert t.number(t.total_index(), t.column(column)) == pytest.approx(yd.value(metric))


def test_report_phrases_find_their_metric(yd):
    for phrase, mid in [("在校生", "students_total"), ("全日制在校生", "students_total"), ("专任教师", "teachers_fulltime"),
                        ("生均经费收入", "funding_income_per_student"), ("就业率", "employment_rate"),
                        ("双师素质教师", "teachers_dual"), ("生师比", "student_teacher_ratio")]:
        assert [m.id for m in yd.find_by_name(phrase)] == [mid]


def test_industry_shares_match_table(yd):
    t = yd.tables["majors_by_industry"]
    for row, mid in enumerate(["majors_primary", "majors_secondary", "majors_tertiary"]):
        assert t.number(row, t.column("专业数")) == yd.value(mid)
        assert t.rows[row][t.column("专业数占比")] == yd.format(mid + "_share")


def test_sample_names_are_unambiguous(yd):
    seen = {}
    for m in yd.metrics.values():
        for n in m.names:
            assert n not in seen, f"{n} names both {seen[n]} and {m.id}"
            seen[n] = m.id
