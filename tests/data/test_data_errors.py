"""Every validation error names the file and line (YAML) with a Chinese message and a hint."""

import pytest

from draftkit.data import load_year_data
from draftkit.errors import DataError, MissingMetricError

HEAD = "school: 测试学院\nyear: 2023\nmetrics:\n"


def err(write, body, name="bad.yaml", kind=DataError):
    path = write(name, HEAD + body)
    with pytest.raises(kind) as info:
        load_year_data(path)
    e = info.value
    assert e.hint, "every error says how to fix it"
    return e, str(path)


def test_formula_names_unknown_metric(write):
    e, p = err(write, "  students_total: 100\n  x: {name: X, formula: students_total / teachers_nope, unit: '%'}\n",
               kind=MissingMetricError)
    assert e.location == f"{p}:5" and e.metric == "teachers_nope"
    assert "teachers_nope" in str(e) and "x" in e.message


def test_formula_cycle_names_every_metric(write):
    e, p = err(write, "  a: {name: A, formula: b + c, unit: 人}\n  c: {name: C, value: 1, unit: 人}\n"
                      "  b: {name: B, formula: a * 2, unit: 人}\n")
    assert "a → b → a" in e.message
    assert e.location == f"{p}:4"


def test_self_reference_is_a_cycle(write):
    e, _ = err(write, "  a: {name: A, formula: a + a, unit: 人}\n")
    assert "a → a" in e.message


@pytest.mark.parametrize("raw", ["一万七", "17402人多", "true", "[1, 2]"])
def test_non_numeric_value(write, raw):
    e, p = err(write, f"  students_total: {{value: {raw}, unit: 人}}\n")
    assert e.location == f"{p}:4" and "不是数字" in e.message


def test_non_numeric_previous(write):
    e, p = err(write, "  students_total: 10\n  staff_total:\n    value: 5\n    previous: 约五\n")
    assert e.location == f"{p}:7" and "上年值" in e.message


def test_duplicate_metric_id(write):
    e, p = err(write, "  students_total: 1\n  staff_total: 2\n  students_total: 3\n")
    assert e.location == f"{p}:6" and "第 4 行" in e.message and e.metric == "students_total"


def test_duplicate_field_inside_a_metric(write):
    e, p = err(write, "  students_total:\n    value: 1\n    value: 2\n")
    assert e.location == f"{p}:6"


def test_both_value_and_formula(write):
    e, p = err(write, "  students_total: 10\n  staff_total: 5\n"
                      "  s: {name: S, value: 50, formula: staff_total / students_total, unit: '%'}\n")
    assert e.location == f"{p}:6" and "value" in e.message and "formula" in e.message


def test_a_string_that_cannot_be_a_unit_is_located(write):
    e, p = err(write, "  students_total: 10\n  money:\n    name: 钱\n    value: 5\n    unit: 5人\n")
    assert e.location == f"{p}:8" and "5人" in e.message and "单位" in e.message


def test_formula_unit_mismatch(write):
    e, p = err(write, "  students_total: 10\n  staff_total: 5\n"
                      "  s: {name: S, formula: staff_total / students_total, unit: 万元}\n")
    assert e.location == f"{p}:6" and "量纲" in e.message


def test_formula_syntax_error_points_at_formula_line(write):
    e, p = err(write, "  students_total: 10\n  s:\n    name: S\n    formula: (students_total * 2\n    unit: 人\n")
    assert e.location == f"{p}:7" and "括号" in e.message


def test_metric_without_value_or_formula(write):
    e, p = err(write, "  students_total: 10\n  nothing: {name: 空, unit: 人}\n")
    assert e.location == f"{p}:5"


def test_unknown_metric_without_name_or_unit(write):
    e, p = err(write, "  my_metric: 12\n")
    assert e.location == f"{p}:4" and "name" in e.message


def test_bad_id(write):
    e, p = err(write, "  学生数: {name: 学生, value: 1, unit: 人}\n")
    assert e.location == f"{p}:4"


def test_unknown_field(write):
    e, p = err(write, "  students_total: {value: 1, untis: 人}\n")
    assert e.location == f"{p}:4" and "untis" in e.message


def test_malformed_yaml(write):
    e, p = err(write, "  students_total: {value: 17402, unit: 人\n  staff_total: 5\n")
    assert e.location.startswith(f"{p}:") and int(e.location.rsplit(":", 1)[1]) in (4, 5)
    assert "YAML" in e.message


def test_bad_indentation(write):
    e, p = err(write, "  students_total: 1\n staff_total: 2\n")
    assert e.location.startswith(f"{p}:")


def test_missing_year(write):
    path = write("bad.yaml", "school: 测试学院\nyear: 二〇二三\nmetrics: {}\n")
    with pytest.raises(DataError) as info:
        load_year_data(path)
    assert info.value.location == f"{path}:2"


def test_missing_table_file(write):
    e, p = err(write, "  students_total: 1\ntables:\n  majors: {title: 专业, file: tables/none.csv}\n")
    assert e.location == f"{p}:6" and "tables/none.csv" in e.message


def test_ragged_table_names_file_and_row(write, tmp_path):
    write("tables/t.csv", "专业大类,专业数\nA,1\nB,2,9\n合计,3\n")
    e, p = err(write, "  students_total: 1\ntables:\n  majors: {title: 专业, file: tables/t.csv, total_row: 合计}\n")
    assert e.location.endswith("tables/t.csv:3") and "列数" in e.message


def test_missing_file_and_wrong_suffix(tmp_path):
    with pytest.raises(DataError, match="不存在"):
        load_year_data(tmp_path / "nope.yaml")
    (tmp_path / "d.json").write_text("{}")
    with pytest.raises(DataError, match="不支持"):
        load_year_data(tmp_path / "d.json")


def test_error_str_has_location_message_and_hint(write):
    e, p = err(write, "  students_total: {value: abc, unit: 人}\n")
    text = str(e)
    assert text.startswith(f"{p}:4: ") and "→" in text


def test_bad_table_id(write):
    write("tables/t.csv", "a,b\n1,2\n")
    e, p = err(write, "  students_total: 1\ntables:\n  专业表: {title: 专业, file: tables/t.csv}\n")
    assert e.location == f"{p}:6"


@pytest.mark.parametrize("raw, shown", [("2023年12月", "2023年12月"), ("2024-01-15", "2024年1月"), ("'2023.12'", "2023年12月")])
def test_cover_date_forms(write, raw, shown):
    path = write("ok.yaml", f"school: 测试学院\nyear: 2023\npublished: {raw}\nmetrics:\n  students_total: 100\n")
    assert load_year_data(path).published == shown


def test_bad_cover_date_is_located(write):
    path = write("bad.yaml", "school: 测试学院\nyear: 2023\npublished: 年底\nmetrics:\n  students_total: 100\n")
    with pytest.raises(DataError) as info:
        load_year_data(path)
    assert info.value.location == f"{path}:3" and "封面日期" in info.value.message and info.value.hint
