"""Figure extraction: what counts as a figure, its value, unit, precision and approximation."""

from __future__ import annotations

import pytest

from draftkit.grammar import cell_figure, extract_figures, parse_cn_number


def _one(text: str):
    figs = extract_figures(text)
    assert len(figs) == 1, [f.text for f in figs]
    return figs[0]


@pytest.mark.parametrize(
    "text, figure, value, unit, decimals",
    [
        ("全日制在校生 17402人。", "17402人", 17402, "人", 0),
        ("占比 46.23%；", "46.23%", 46.23, "%", 2),
        ("经费收入 34,118.10万元", "34,118.10万元", 34118.10, "万元", 2),
        ("固定资产总值 7.49亿元", "7.49亿元", 7.49, "亿元", 2),
        ("建筑面积 63.26万平方米", "63.26万平方米", 63.26, "万平方米", 2),
        ("在校生 1.74万人", "1.74万人", 1.74, "万人", 2),
        ("最大带宽 10000Mbps", "10000Mbps", 10000, "Mbps", 0),
        ("数字资源总量 189784GB", "189784GB", 189784, "GB", 0),
        ("新增面积 21149㎡", "21149㎡", 21149, "平方米", 0),
        ("共计 4965个学时", "4965个学时", 4965, "学时", 0),
        ("提高 1.2个百分点", "1.2个百分点", 1.2, "百分点", 1),
        ("占地 1418亩", "1418亩", 1418, "亩", 0),
    ],
)
def test_arabic_figures(text, figure, value, unit, decimals):
    f = _one(text)
    assert (f.text, f.value, f.unit, f.decimals) == (figure, value, unit, decimals)


def test_ratio_is_one_figure():
    f = _one("学校生师比为 15.85：1，较上年下降")
    assert (f.text, f.value, f.unit, f.kind) == ("15.85：1", 15.85, ":1", "ratio")


@pytest.mark.parametrize(
    "text, value, unit, approx",
    [
        ("副科级及以上干部 200余人参加", 200, "人", "余"),
        ("共 100 余人参加论坛", 100, "人", "余"),
        ("服务 2万余人次", 2, "万人次", "余"),
        ("组织师生近 90人前往", 90, "人", "近"),
        ("新增田径场面积约 18000㎡", 18000, "平方米", "约"),
        ("捐赠衣物 780余件", 780, "件", "余"),
        ("辐射带动 50多户", 50, "户", "多"),
    ],
)
def test_approximate_figures(text, value, unit, approx):
    f = _one(text)
    assert (f.value, f.unit, f.approx) == (value, unit, approx)


def test_approximate_interval_is_open_above():
    f = _one("200余人")
    lo, hi = f.interval()
    assert lo == 200 and 250 < hi <= 300


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("从九个方面开展建设", 9, "个"),
        ("获批两项省级课题", 2, "项"),
        ("共一百余人参加", 100, "人"),
        ("开展了十二个专项", 12, "个"),
        ("组织了五十余次研讨", 50, "次"),
        ("近千人参加活动", 1000, "人"),
        ("六名教师获奖", 6, "名"),
    ],
)
def test_chinese_numerals(text, value, unit):
    f = _one(text)
    assert (f.value, f.unit, f.chinese) == (value, unit, True)


@pytest.mark.parametrize(
    "text",
    [
        "2023年学校在党委领导下",                      # a year
        "2022-2023学年",                               # a school year
        "于 2023年 5月 27日在《中国教育在线》报道",      # a date
        "11月 15日晚 8时走访",                         # date and time
        "参加第五届中华经典诵写讲大赛",                 # ordinal
        "获一等奖第 1名",                              # ordinal with space
        "紧密对接湖北省“51020”产业集群",               # a number inside quotes is a name
        "全国首批 1+X证书试点院校",                    # 1+X
        "按照“1+5+N”模式",                            # formula inside quotes
        "践行“三全育人”理念",                          # Chinese numeral in a name
        "（教职成司函[2023]28号）",                     # document number
        "（教发〔2004〕2号）",                          # document number with 〔〕
        "1.学校简介",                                  # list numbering
        "（3）心理健康工作有温度",                      # list numbering
        "一、发展概述",                                # chapter numbering
        "见表 1-6，图 2-3",                            # table / figure references
        "《“健康中国 2030”规划纲要》",                 # inside a book title
        "学号 2014864，护理专业 6班",                   # codes and class names
        "CCTV17频道报道",                              # letters and digits
        "每周三下午 5-6节课",                          # a range
        "统一组织一次培训",                            # 一 as an article
        "参加全国 2023届毕业生",                        # graduating class (届 after a year)
        "各项占比保留两位小数",                          # decimal places, not persons (位)
        "结果保留 2位小数",                              # the same in digits
    ],
)
def test_not_figures(text):
    assert extract_figures(text) == [], [f.text for f in extract_figures(text)]


def test_figure_after_rejoined_line_break_is_one_figure():
    """PDF-style text (wrapped lines): 21149 / ㎡ and 120 / 余人 sit on two lines but are one figure."""
    from pathlib import Path

    from draftkit.check.document import load_document

    doc = load_document(Path(__file__).parents[1] / "fixtures" / "check" / "wrapped.txt")
    texts = [m.fig.text for m in doc.mentions]
    assert "21149㎡" in texts and "120余人" in texts and "2244 个" in texts
    m = next(m for m in doc.mentions if m.fig.text == "120余人")
    assert m.fig.approx == "余" and m.location["line"] == 7  # the source line where the figure starts
    assert next(m for m in doc.mentions if m.fig.text == "21149㎡").location["line"] == 3


def test_parse_cn_number():
    assert [parse_cn_number(s) for s in ("十二", "两", "一百零五", "三万五千二百", "千")] == [12, 2, 105, 35200, 1000]


def test_cell_figure():
    assert cell_figure("17402").value == 17402
    assert cell_figure("46.23%").unit == "%"
    assert cell_figure(" 1,234.5 ").decimals == 1
    assert cell_figure("合计") is None and cell_figure("1177/118063") is None


def test_whole_counts_are_exact_but_decimals_round():
    assert _one("796人").interval() == (796, 796)
    lo, hi = _one("46.2%").interval()
    assert lo == pytest.approx(46.15) and hi == pytest.approx(46.25)


def test_a_label_name_drops_its_leading_year_and_trailing_unit():
    from draftkit.grammar import bare_year, label_name

    assert label_name("2022年湖北省企业“科技副总”") == "湖北省企业“科技副总”"
    assert label_name("A类课（课程数比例）%") == "A类课（课程数比例）"
    assert label_name("经费收入总额（万元）") == "经费收入总额"
    assert label_name("专业（群）建设") == "专业（群）建设"
    assert bare_year(" 2022 ").group(1) == "2022" and bare_year("2022年") is None and bare_year("20221") is None
