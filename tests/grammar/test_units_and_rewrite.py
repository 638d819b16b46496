"""Figures as the grammar reads them: open units after numbers, and rewriting a value as written."""

from __future__ import annotations

import pytest

from draftkit.grammar import extract_figures, label_unit


def one(text, units=()):
    figs = extract_figures(text, units)
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0]


@pytest.mark.parametrize("text, unit, value", [
    ("开展讲座 12场次", "场次", 12), ("建成实训楼 3栋", "栋", 3), ("发放问卷 2000张", "张", 2000),
    ("完成 3轮评估", "轮", 3), ("共 45分钟", "分钟", 45), ("回收废品 12吨", "吨", 12),
    ("生师比 15.85：1", ":1", 15.85), ("生师比 15.85∶1", ":1", 15.85), ("生师比 15.85:1", ":1", 15.85),
])
def test_measure_words_after_numbers_are_units(text, unit, value):
    f = one(text)
    assert (f.unit, f.value) == (unit, value)


def test_a_data_file_unit_is_read_after_numbers():
    assert extract_figures("处理安全事件 3起") == []
    f = one("处理安全事件 3起", units=("起",))
    assert (f.unit, f.value, f.text) == ("起", 3, "3起")
    g = one("新增设备 120台（套）", units=("台（套）",))
    assert g.text == "120台（套）" and g.unit == "台套"
    assert one("新增设备 120台(套)", units=("台（套）",)).unit == "台套"


@pytest.mark.parametrize("text, value, expected", [
    ("在校生17402人", 17630, "17630人"),
    ("经费 34118.10万元", 35000.456, "34118.10万元".replace("34118.10", "35000.46")),
    ("学生 1.74万人", 1.8123, "1.81万人"),
    ("合计 1,234人", 12345, "12,345人"),
    ("十二个专业", 15, "十五个"),
    ("200余人", 236, "200余人"),   # written to the hundred: 余 rounds down, never "236余" (more than 236)
    ("200余人", 312, "300余人"),
    ("2万余人次", 2.53, "2万余人次"),
    ("约 300人", 352, "400人"),     # 约 rounds to the nearest hundred (the word itself is outside the figure)
    ("1.5万余元", 1.63, "1.6万余元"),
    ("占比 46.23%", 47.1, "47.10%"),
    ("生师比 15.85：1", 16.2, "16.20：1"),
    ("经费 3.4亿", 3.5e8, "3.5亿"),
])
def test_rewrite_keeps_the_written_form(text, value, expected):
    assert one(text).rewrite(value) == expected


@pytest.mark.parametrize("label, unit", [
    ("经费收入总额（万元）", "万元"), ("比例（%）", "%"), ("在校生人数", "人"), ("培训人次", "人次"),
    ("生师比", ""),
])
def test_units_named_in_labels(label, unit):
    assert label_unit(label) == unit


@pytest.mark.parametrize("text, ok", [
    ("17402", True), ("46.23%", True), ("1,234", True), ("1，234", True), ("12万元", True), ("120人", True),
    ("15.85：1", True), ("1:2", True), ("合计", False), ("2022年", False), ("约100", False), ("十二个", False),
])
def test_number_tokens_of_tables(text, ok):
    from draftkit.grammar import is_number_token

    assert is_number_token(text) is ok


def test_a_number_marked_for_checking_is_not_a_figure():
    """Roll forward writes last year's numbers it could not update as 【待核实：931人】: the writer
    must see them, the binder and the checker must not take them for this year's figures."""
    figs = extract_figures("学校有教职工【待核实：931人】，专任教师796人。")
    assert [f.text for f in figs] == ["796人"]
    # as PDF text gives it back: justified spacing, a line break inside the mark
    assert extract_figures("比例提高到 【待 核实 ：57.1%】。设置【待核实：\n2460 人】") == []
    # a page break cut the mark in two paragraphs
    assert extract_figures("在籍学员【待核实：2460人") == []
    assert [f.text for f in extract_figures("2460 人】，设置专业 18个。")] == ["18个"]


def test_a_score_is_a_figure_and_a_wrapped_unverified_mark_is_not():
    from draftkit.grammar import extract_figures

    assert [(f.text, f.unit) for f in extract_figures("学生评教平均分为92.80分。")] == [("92.80分", "分")]
    assert extract_figures("分析了 5分析的数据，设 3分院") == []
    assert extract_figures("【待核实\n1 名】") == [] and extract_figures("【待核实：1名】") == []
