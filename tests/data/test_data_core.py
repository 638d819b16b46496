"""Core YearData API on the sample data file."""

from pathlib import Path

import pytest

from draftkit.data import load_year_data
from draftkit.errors import MissingMetricError
from draftkit.units import convert

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def yd():
    return load_year_data(ROOT / "data" / "2023.yaml")


def test_header(yd):
    assert yd.school == "示例职业技术学院"
    assert yd.year == 2023
    assert yd.period == "2022-2023学年"


def test_derived_share_and_per_capita(yd):
    share = yd.value("teachers_master") / yd.value("teachers_fulltime") * 100
    assert yd.value("teachers_master_share") == pytest.approx(share)
    assert yd.format("teachers_master_share") == f"{share:.2f}%"
    per_yuan = yd.value("funding_income") * 10000 / yd.value("students_total")
    m = yd.get("funding_income_per_student")
    assert convert(m.value, m.unit, "元/人") == pytest.approx(per_yuan)
    assert yd.get("teachers_master_share").is_derived


def test_format_and_lookup(yd):
    assert yd.format("students_total") == f"{int(yd.value('students_total'))}人"
    assert yd.format("funding_income").endswith("万元")
    assert "students_total" in [m.id for m in yd.find_by_name("在校生")]
    with pytest.raises(MissingMetricError):
        yd.value("no_such_metric")
    assert yd.get("no_such_metric") is None


def test_growth_rate(yd):
    m = yd.get("funding_income")
    assert m.growth_rate == pytest.approx((m.value - m.previous) / m.previous * 100)
