"""Tables: CSV reading, numbers in cells, declared totals that do or do not add up."""

import pytest

from draftkit.data import load_year_data, parse_number
from draftkit.data.model import Table

HEAD = "school: 测试学院\nyear: 2023\nmetrics:\n  students_total: 1\ntables:\n"


def table(rows, total="合计"):
    return Table(id="t", title="测试表", columns=rows[0], rows=rows[1:], total_row=total, location="t.csv:1")


@pytest.mark.parametrize("text, expected", [("1,234", 1234.0), ("46.23%", 46.23), ("34118.10", 34118.1), ("-2", -2.0),
                                            ("12万元", 12.0), ("", None), ("甲", None), ("15.85：1", None)])
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_totals_that_add_up():
    t = table([["类", "数", "占比"], ["甲", "1", "33.33%"], ["乙", "2", "66.67%"], ["合计", "3", "100.00%"]])
    assert t.total_problems() == []
    assert t.total_index() == 2 and t.number(2, 1) == 3.0


def test_integer_total_off_by_one_is_reported():
    t = table([["类", "数"], ["甲", "1"], ["乙", "2"], ["合计", "4"]])
    problems = t.total_problems()
    assert len(problems) == 1 and "“数”列合计为 4" in problems[0] and "3" in problems[0]


def test_decimal_total_allows_rounding_only():
    ok = table([["类", "金额"], ["甲", "0.33"], ["乙", "0.33"], ["丙", "0.33"], ["合计", "1.00"]])
    assert ok.total_problems() == []
    bad = table([["类", "金额"], ["甲", "0.33"], ["乙", "0.33"], ["合计", "1.00"]])
    assert bad.total_problems()


def test_text_columns_and_blank_totals_are_skipped():
    t = table([["项目", "对象", "人次"], ["甲", "农民", "5"], ["乙", "职工", "6"], ["合计", "", "11"]])
    assert t.total_problems() == []


def test_declared_total_row_missing():
    t = table([["类", "数"], ["甲", "1"]])
    assert "没有这一行" in t.total_problems()[0]


def test_total_row_in_second_column():
    t = table([["序号", "类", "数"], ["1", "甲", "2"], ["2", "乙", "2"], ["", "合计", "4"]])
    assert t.total_index() == 2 and t.total_problems() == []


def test_loaded_table_problem_is_reported_not_raised(write, tmp_path):
    write("tables/a.csv", "类,数\n甲,1\n乙,2\n合计,5\n")
    yd = load_year_data(write("d.yaml", HEAD + "  a: {title: 甲乙表, file: tables/a.csv, source: 教务处, total_row: 合计}\n"))
    assert len(yd.problems) == 1 and "甲乙表" in yd.problems[0]
    assert yd.problems[0].startswith(str(tmp_path / "tables" / "a.csv") + ":4: ")  # the total row's line
    t = yd.tables["a"]
    assert t.columns == ["类", "数"] and t.rows[-1] == ["合计", "5"] and t.source == "教务处"


def test_csv_with_bom_quotes_and_blank_lines(write):
    write("tables/b.csv", "\ufeff名称,人数\n\"甲,乙\",3\n\n合计,3\n")
    yd = load_year_data(write("d.yaml", HEAD + "  b: {title: 表, file: tables/b.csv, total_row: 合计}\n"))
    assert yd.tables["b"].columns == ["名称", "人数"] and yd.tables["b"].rows[0] == ["甲,乙", "3"]
    assert yd.problems == []


def test_table_without_title_is_an_error(write):
    from draftkit.errors import DataError

    write("tables/c.csv", "a,b\n1,2\n")
    with pytest.raises(DataError, match="title") as info:
        load_year_data(write("d.yaml", HEAD + "  c: {file: tables/c.csv}\n"))
    assert info.value.location.endswith("d.yaml:6")
