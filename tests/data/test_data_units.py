"""Unit conversion and number formatting."""

import pytest

from draftkit.errors import DataError
from draftkit.units import UNITS, compatible, convert, format_value, is_known_unit, normalize_unit, unit_info


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


def test_an_unknown_measure_word_converts_only_to_itself_and_its_scaled_forms():
    assert convert(3, "万场次", "场次") == pytest.approx(30000)
    assert convert(2, "万栋", "栋") == pytest.approx(20000)
    with pytest.raises(DataError, match="量纲"):
        convert(1, "万圆", "元")
    with pytest.raises(DataError, match="量纲"):
        convert(1, "栋", "个")


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


@pytest.mark.parametrize("written, canonical", [
    ("％", "%"), ("：1", ":1"), ("∶1", ":1"), (": 1", ":1"), ("㎡", "平方米"), ("个百分点", "百分点"),
    ("台(套)", "台套"), ("台（套）", "台套"), (" 场次 ", "场次"),
])
def test_written_variants_are_one_unit(written, canonical):
    assert normalize_unit(written) == canonical


@pytest.mark.parametrize("unit", ["分钟", "场次", "台（套）", "栋", "批次", "起", "轮", "卷", "张", "学分", "吨", "：1"])
def test_every_unit_a_report_uses_is_a_unit(unit):
    info = unit_info(unit)
    assert info.symbol and compatible(unit, unit)


def test_unknown_measure_words_are_units_of_their_own():
    assert not is_known_unit("起") and unit_info("起").dim_map == {"count": 1}
    assert compatible("起", "万起") and not compatible("起", "个") and not compatible("场次", "人次")
    assert convert(1, "小时", "分钟") == pytest.approx(60)


def test_a_ratio_written_full_width_is_formatted_as_written():
    assert format_value(15.849, ":1", 2, written="：1") == "15.85：1"
