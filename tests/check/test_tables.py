"""Tables of a report against the year's data: a row of a breakdown table is a part (its column
header does not make it the school's metric), share columns may divide by the column total,
and a table that reproduces a data table is compared with it cell by cell."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.check import check_file

DATA = """\
school: 示例职业技术学院
year: 2023
period: 2022-2023学年
metrics:
  students_total: {value: 15000, source: 教务处}
  majors_total: {value: 15, source: 教务处}
  graduates_total: {value: 5000}
  graduates_contract: {value: 3000}
  graduates_flexible: {value: 1200}
  contract_sub: {name: 协议和合同就业人数, aliases: [小计], value: 3000, unit: 人}
tables:
  majors: {title: 专业设置情况统计表, file: tables/majors.csv, source: 教务处, total_row: 合计}
"""

MAJORS_CSV = """\
专业大类,专业数,在校生,在校生占比
装备制造大类,6,6000,40.00%
财经商贸大类,5,5000,33.33%
电子与信息大类,4,4000,26.67%
合计,15,15000,100.00%
"""


def _data(tmp_path: Path, with_table: bool = True):
    from draftkit.data import load_year_data

    d = tmp_path / "data"
    (d / "tables").mkdir(parents=True)
    text = DATA if with_table else DATA.split("tables:")[0]
    (d / "2023.yaml").write_text(text, encoding="utf-8")
    (d / "tables" / "majors.csv").write_text(MAJORS_CSV, encoding="utf-8")
    return load_year_data(d / "2023.yaml")


def _report(tmp_path: Path, caption: str, header: str, rows: list[str], name: str = "r.md") -> Path:
    width = header.count("|") - 1
    lines = ["# 一、发展概述", "", "学校全日制在校生 15000人。", "", caption, "", header,
             "|" + " --- |" * width, *rows, "", "数据来源：教务处", ""]
    p = tmp_path / name
    p.write_text("\n".join(lines), encoding="utf-8")
    return p


MAJORS_ROWS = [
    "| 装备制造大类 | 6 | 6000 | 40.00% |",
    "| 财经商贸大类 | 5 | 5000 | 33.33% |",
    "| 电子与信息大类 | 4 | 4000 | 26.67% |",
    "| 合计 | 15 | 15000 | 100.00% |",
]
MAJORS_HEAD = "| 专业大类 | 专业数 | 在校生 | 在校生占比 |"


def _errors(result):
    return [f for f in result.findings if f.severity == "error"]


def test_breakdown_rows_are_parts_not_the_school_metric(tmp_path):
    data = _data(tmp_path, with_table=False)
    res = check_file(_report(tmp_path, "表 1-1 各专业大类在校生分布", MAJORS_HEAD, MAJORS_ROWS), data)
    assert _errors(res) == []
    linked_rows = {(f.location.get("row")) for f in res.findings if f.metric}
    assert linked_rows <= {4}


def test_total_row_still_links_to_the_school_metric(tmp_path):
    data = _data(tmp_path, with_table=False)
    rows = MAJORS_ROWS[:-1] + ["| 合计 | 15 | 14000 | 100.00% |"]
    rows[0] = "| 装备制造大类 | 6 | 5000 | 35.71% |"
    res = check_file(_report(tmp_path, "表 1-1 各专业大类在校生分布", MAJORS_HEAD, rows), data)
    (f,) = [f for f in _errors(res) if f.rule == "data-mismatch"]
    assert f.metric == "students_total" and f.location["row"] == 4 and f.figure == "14000"


def test_group_label_over_several_rows_is_not_the_metric(tmp_path):
    data = _data(tmp_path, with_table=False)
    head = "| 去向类别 | 毕业去向 | 毕业人数 |"
    rows = ["| 协议和合同就业 | 签劳动合同形式就业 | 2000 |", "| 协议和合同就业 | 签就业协议形式就业 | 1000 |",
            "| 灵活就业 | 自由职业 | 1200 |", "| 待就业 | 待就业 | 800 |", "| 合计 |  | 5000 |"]
    res = check_file(_report(tmp_path, "表 2-1 毕业去向分布表", head, rows), data)
    assert _errors(res) == []
    assert not any(f.metric == "graduates_contract" for f in res.findings)


def test_share_column_based_on_the_column_total(tmp_path):
    head = "| 产业 | 专业数 | 专业数占比 | 在校生 |"
    good = ["| 第一产业 | 4 | 9.5% | 757 |", "| 第二产业 | 15 | 35.7% | 4247 |",
            "| 第三产业 | 23 | 54.8% | 12398 |", "| 合计 | 42 | 100.0% | 17402 |"]
    assert _errors(check_file(_report(tmp_path, "表 1-2 专业与产业对接情况表", head, good))) == []
    bad = list(good)
    bad[1] = "| 第二产业 | 15 | 37.5% | 4247 |"
    bad[2] = "| 第三产业 | 23 | 53.0% | 12398 |"
    res = check_file(_report(tmp_path, "表 1-2 专业与产业对接情况表", head, bad, "bad.md"))
    shares = [f for f in _errors(res) if f.rule == "part-whole"]
    assert {(f.location["row"], f.figure, f.message.split("= ")[1][:5]) for f in shares} == {(2, "37.5%", "35.7%"), (3, "53.0%", "54.8%")}
    assert all("本列合计" in f.message for f in shares)


def test_share_of_the_row_whole_when_it_fits(tmp_path):
    head = "| 证书 | 考核人数 | 通过人数 | 通过率 |"
    rows = ["| 智能财税 | 156 | 138 | 88.46% |", "| 网店运营 | 96 | 85 | 88.54% |", "| 合计 | 252 | 223 | 88.49% |"]
    assert _errors(check_file(_report(tmp_path, "表 2-4 1+X证书试点统计表", head, rows))) == []
    rows[1] = "| 网店运营 | 96 | 85 | 85.54% |"
    res = check_file(_report(tmp_path, "表 2-4 1+X证书试点统计表", head, rows, "bad.md"))
    (f,) = [f for f in _errors(res) if f.rule == "part-whole"]
    assert f.location["row"] == 2 and "88.54%" in f.message


@pytest.mark.parametrize("caption", ["表 1-1 2022-2023学年专业设置情况统计表", "表 1-1 专业设置情况统计表"])
def test_table_compared_cell_by_cell_with_the_data_table(tmp_path, caption):
    data = _data(tmp_path)
    assert _errors(check_file(_report(tmp_path, caption, MAJORS_HEAD, MAJORS_ROWS), data)) == []
    rows = list(MAJORS_ROWS)
    rows[1] = "| 财经商贸大类 | 4 | 5000 | 33.33% |"  # 专业数 is 5 in the data; the total row now adds up wrong
    res = check_file(_report(tmp_path, caption, MAJORS_HEAD, rows, "bad.md"), data)
    (f,) = [f for f in _errors(res) if f.rule == "data-mismatch"]
    assert (f.location["row"], f.location["column"], f.figure, f.expected) == (2, 1, "4", "5")
    assert "专业设置情况统计表" in f.message and "majors.csv" in f.message


def test_data_table_match_needs_the_same_rows_and_columns(tmp_path):
    """A table with the data table's title but other rows is not compared (no false alarm)."""
    data = _data(tmp_path)
    head = "| 二级学院 | 专业数 | 在校生 |"
    rows = ["| 智能制造学院 | 7 | 7000 |", "| 商学院 | 8 | 8000 |", "| 合计 | 15 | 15000 |"]
    res = check_file(_report(tmp_path, "表 1-1 专业设置情况统计表", head, rows), data)
    assert _errors(res) == []


def test_prose_figure_equal_to_a_data_value_is_not_unsupported(tmp_path):
    data = _data(tmp_path)
    p = tmp_path / "p.md"
    p.write_text("# 一、发展概述\n\n其中装备制造大类6000人；另有外聘兼职人员2345人。"
                 "\n\n本学年新建实训室5个。\n", encoding="utf-8")
    res = check_file(p, data)
    warned = {f.figure for f in res.findings if f.rule == "unsupported"}
    assert "6000人" not in warned  # a cell of the data table majors
    assert "2345人" in warned      # no such value anywhere in the data
    assert "5个" in warned          # small numbers recur by chance: a name must be near


def test_total_of_a_partial_table_below_the_school_figure_is_a_warning(tmp_path):
    data = _data(tmp_path, with_table=False)
    head = "| 企业名称 | 合作形式 | 在校生 |"
    rows = ["| 示例装备公司 | 订单班 | 86 |", "| 示例康养集团 | 学徒制 | 52 |", "| 合计 |  | 138 |"]
    res = check_file(_report(tmp_path, "表 6-1 主要合作企业情况表", head, rows), data)
    (f,) = [f for f in res.findings if f.rule == "data-mismatch"]
    assert f.severity == "warning" and f.figure == "138"
    res = check_file(_report(tmp_path, "表 6-1 合作企业情况表", head, rows, "all.md"), data)
    (f,) = [f for f in res.findings if f.rule == "data-mismatch"]
    assert f.severity == "error"


def test_share_subtotal_is_still_a_sum(tmp_path):
    """A 小计 of shares (8.82% + 0.02%) is a sum even when it lies between its parts."""
    head = "| 去向 | 人数 | 占比 |"
    rows = ["| 升学 | 562 | 8.82% |", "| 出国、出境 | 1 | 0.02% |", "| 小计 | 563 | {} |"]
    good = check_file(_report(tmp_path, "表 3-1 毕业去向", head, [r.format("8.84%") for r in rows]))
    assert _errors(good) == []
    bad = check_file(_report(tmp_path, "表 3-1 毕业去向", head, [r.format("8.48%") for r in rows], "bad.md"))
    assert any(f.rule == "table-total" and f.figure == "8.48%" for f in _errors(bad))


def test_a_label_that_stands_under_every_group_names_no_single_row(tmp_path):
    data = _data(tmp_path, with_table=False)  # the data gave 小计 as an alias of one group's subtotal
    head = "| 去向类别 | 毕业去向 | 毕业人数 |"
    rows = ["| 协议和合同就业 | 签劳动合同形式就业 | 2000 |", "| 协议和合同就业 | 签就业协议形式就业 | 1000 |",
            "| 小计 |  | 3000 |", "| 灵活就业 | 自由职业 | 1200 |", "| 小计 |  | 1200 |", "| 合计 |  | 4200 |"]
    res = check_file(_report(tmp_path, "表 2-1 毕业去向分布表", head, rows), data)
    assert not any(f.metric == "contract_sub" for f in res.findings)
    one = check_file(_report(tmp_path, "表 2-1 毕业去向分布表", head, rows[:2] + ["| 小计 |  | 2900 |"]), data)
    assert [f.figure for f in one.findings if f.metric == "contract_sub"] == ["2900"]  # once: it names the row


def test_a_comparison_table_headed_by_bare_years_checks_its_growth_column(tmp_path):
    path = _report(tmp_path, "表 1-4 经费收入对比", "| 指标 | 2022 | 2023 | 增长率 |",
                   ["| 经费收入总额（万元） | 33144.21 | 34118.10 | 4.94% |"])
    res = check_file(path)
    assert [f.figure for f in res.findings if f.severity == "error"] == ["4.94%"]
