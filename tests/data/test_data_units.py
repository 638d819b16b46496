"""Unit conversion and number formatting."""

import pytest

from draftkit.errors import DataError
from draftkit.units import UNITS, convert, format_value


@pytest.mark.parametrize(
    "value, src, dst, expected",
    [
        (7.49, "亿元", "万元", 74900.0),
        (34118.10, "万元", "亿元", 3.41181),
        (12.5, "万元", "元", 125000.0),
        (1, "亩", "平方米", 10000 / 15),
        (945450.66, "平方米", "亩", 945450.66 * 15 / 10000),
        (46.23, "%", "", 0.4623),
        (2.5, "百分点", "%", 2.5),
        (1.96, "万元/人", "元/生", 19600.0),
        (3, "万人次", "人次", 30000.0),
    ],
)
def test_convert(value, src, dst, expected):
    assert convert(value, src, dst) == pytest.approx(expected)


def test_convert_round_trip():
    assert convert(convert(123.45, "万元", "元"), "元", "万元") == pytest.approx(123.45)


def test_convert_refuses_different_dimensions():
    with pytest.raises(DataError, match="量纲"):
        convert(1, "万元", "平方米")
    with pytest.raises(DataError, match="量纲"):
        convert(1, "人", "%")


def test_unknown_unit_is_a_data_error():
    with pytest.raises(DataError, match="未知单位"):
        convert(1, "万圆", "元")


@pytest.mark.parametrize(
    "value, unit, precision, expected",
    [
        (46.2311, "%", 2, "46.23%"),
        (17402, "人", None, "17402人"),
        (34118.1, "万元", None, "34118.10万元"),
        (1.2, "百分点", None, "1.20个百分点"),
        (2.345, "%", 2, "2.35%"),  # half up, not banker's rounding
        (15.849, ":1", 2, "15.85:1"),
        (-0.001, "%", 2, "0.00%"),  # no negative zero
        (None, "人", None, "—"),
    ],
)
def test_format_value(value, unit, precision, expected):
    assert format_value(value, unit, precision) == expected


def test_units_table_has_the_report_units():
    for sym in ("元", "万元", "亿元", "平方米", "亩", "%", "百分点", "人", "人次", "个", "项", "万元/人", "元/生"):
        assert sym in UNITS
    assert UNITS["万元"].precision == 2 and UNITS["人"].precision == 0
