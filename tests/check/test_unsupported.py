"""A figure the data cannot account for is reported as `unsupported` (a warning) when data is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.check import check_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def data():
    from draftkit.data import load_year_data

    return load_year_data(ROOT / "data" / "2023.yaml")


def _unsupported(tmp_path, data, text):
    p = tmp_path / "r.md"
    p.write_text("# 四、国际合作\n\n" + text + "\n", encoding="utf-8")
    return [f.figure for f in check_file(p, data).findings if f.rule == "unsupported"]


def test_a_hand_added_small_number_no_metric_names_is_unsupported(tmp_path, data):
    """A small number equal to some metric's value (5) is not supported by a word every other
    metric's name shares (学校, 国家): only by a word of that metric's own."""
    assert _unsupported(tmp_path, data, "学校与来自美国、德国等5个国家的院校开展交流合作。") == ["5个"]


def test_a_count_of_the_items_listed_before_it_is_not_unsupported(tmp_path, data):
    assert _unsupported(tmp_path, data, "联合体下设专业共建、实习就业和技术攻关三个工作组。") == []
    assert _unsupported(tmp_path, data, "联合体下设专业共建、实习就业两个工作组，另设七个专班。") == ["七个"]


def test_without_data_nothing_is_unsupported(tmp_path):
    p = tmp_path / "r.md"
    p.write_text("学校与来自美国、德国等5个国家的院校开展交流合作。\n", encoding="utf-8")
    assert [f for f in check_file(p).findings if f.rule == "unsupported"] == []


def test_messages_name_metrics_by_their_names_not_ids(tmp_path):
    from draftkit.data import load_year_data

    p = tmp_path / "d.yaml"
    p.write_text("school: 示例职业技术学院\nyear: 2023\nperiod: 2022-2023学年\nmetrics:\n"
                 "  graduates_total: {name: 毕业生数, value: 6370, unit: 人}\n"
                 "  graduates_employed: {name: 毕业去向落实人数, value: 6123, unit: 人}\n"
                 "  employment_rate: {name: 毕业去向落实率, formula: graduates_employed / graduates_total, unit: '%'}\n",
                 encoding="utf-8")
    r = tmp_path / "r.md"
    r.write_text("毕业去向落实率为 95.00%。\n", encoding="utf-8")
    msg = next(f.message for f in check_file(r, load_year_data(p)).findings if f.rule == "part-whole")
    assert "毕业去向落实人数 ÷ 毕业生数" in msg and "graduates_" not in msg
