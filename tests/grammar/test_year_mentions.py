"""Years as reports write them, one reading for qualifiers, roll forward and extract."""

from __future__ import annotations

from draftkit.grammar import year_mentions


def kinds(text):
    return [(y.kind, y.years, y.dated, y.since, y.quoted) for y in year_mentions(text)]


def test_kinds_of_year_expressions():
    assert kinds("2022-2023学年，2023届毕业生，2021级学生，2023年度，2019—2023年") == [
        ("school_year", (2022, 2023), False, False, False), ("cohort", (2023,), False, False, False),
        ("grade", (2021,), False, False, False), ("year", (2023,), False, False, False),
        ("range", (2019, 2023), False, False, False)]


def test_dated_events_spans_and_names():
    assert kinds("2023年5月27日") == [("year", (2023,), True, False, False)]
    assert kinds("2017年起实施") == [("year", (2017,), False, True, False)]
    assert kinds("《“健康中国 2030”规划纲要》，2030年") == [("year", (2030,), False, False, False)]
    assert kinds("获“2022年度优秀”称号") == [("year", (2022,), False, False, True)]
    assert year_mentions("学号 2014864，12023年") == []
