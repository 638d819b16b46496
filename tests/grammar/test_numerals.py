"""Chinese numerals, both ways."""

from __future__ import annotations

import pytest

from draftkit.grammar import cn_int, cn_numeral, parse_cn_number


@pytest.mark.parametrize("raw, value", [
    ("十二", 12), ("两", 2), ("一百", 100), ("千", 1000), ("三千五百", 3500), ("一万零五", 10005),
    ("二〇二三", 2023), ("十", 10), ("二十一", 21), ("一亿二千万", 120000000),
])
def test_parse(raw, value):
    assert parse_cn_number(raw) == value


@pytest.mark.parametrize("n", [1, 2, 9, 10, 11, 12, 19, 20, 21, 99, 100, 101, 110, 1000, 1005, 2300, 10005, 34118,
                               100000, 120000000])
def test_numeral_round_trips(n):
    assert parse_cn_number(cn_numeral(n)) == n


def test_heading_numbers_are_small_integers():
    assert [cn_int(t) for t in ("三", "十二", "二十", "一百", "一二", "")] == [3, 12, 20, None, None, None]
    assert [cn_numeral(n) for n in (1, 10, 12, 20)] == ["一", "十", "十二", "二十"]
