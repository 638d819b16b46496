"""Pure helpers: header layout, numeric cells, 数据来源, numbering, TOC page location."""

from draftkit.assemble.tables import HeaderCell, header_layout, is_numeric, source_text
from draftkit.assemble.toc import TocEntry, locate_pages
from draftkit.assemble.writer import chapter_heading, cn_number, section_heading, strip_number


def test_single_level_header():
    rows, cells = header_layout(["序号", "名称"])
    assert rows == 1 and cells == [HeaderCell("序号", 0, 0), HeaderCell("名称", 0, 1)]


def test_two_level_header_groups_adjacent_equal_prefixes():
    rows, cells = header_layout(["年份", "收入|本年", "收入|上年", "支出|本年", "备注"])
    assert rows == 2
    assert cells == [
        HeaderCell("年份", 0, 0, rowspan=2),
        HeaderCell("收入", 0, 1, colspan=2), HeaderCell("本年", 1, 1), HeaderCell("上年", 1, 2),
        HeaderCell("支出", 0, 3, colspan=1), HeaderCell("本年", 1, 3),
        HeaderCell("备注", 0, 4, rowspan=2),
    ]


def test_is_numeric():
    assert is_numeric("17402") and is_numeric("46.23%") and is_numeric("15.85：1") and is_numeric("1,234")
    assert not is_numeric("合计") and not is_numeric("") and not is_numeric("2022-2023学年")


def test_source_text():
    assert source_text("教务处", "示例学院") == "数据来源：示例学院教务处"
    assert source_text("第三方机构新锦成 2023 届毕业生调查", "示例学院") == "数据来源：第三方机构新锦成 2023 届毕业生调查"
    assert source_text("数据来源：示例学院人事处", "示例学院") == "数据来源：示例学院人事处"
    assert source_text(None, "x") is None


def test_chinese_numbering():
    assert [cn_number(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]
    assert chapter_heading(2, "人才培养") == "二、人才培养" and chapter_heading(None, "前言") == "前言"
    assert section_heading(3, "在校体验") == "（三）在校体验"
    assert strip_number("（一）基本情况") == "基本情况" and strip_number("1. 学校简介") == "学校简介"


def test_locate_pages_skips_the_toc_pages():
    entries = [TocEntry(1, "前言", "a", front=True), TocEntry(1, "一、发展概述", "b"),
               TocEntry(2, "（一）基本情况", "c"), TocEntry(1, "附表", "d")]
    pages = ["封面", "前 言\n正文", "目  录\n前言…2\n一、发展概述…4\n（一）基本情况…4",
             "附表…6", "一、发展概述\n（一）基本\n情况", "正文", "附表\n表1"]
    assert locate_pages(entries, pages) == [2, 5, 5, 7]


def test_column_alignment_is_per_column():
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A

    from draftkit.assemble.tables import column_alignments
    from draftkit.data import Table

    t = Table(id="t", title="t", columns=["序号", "名称", "说明", "人数"],
              rows=[["1", "甲", "一段相当长的说明文字超过十六个字符宽度", "12"], ["合计", "", "", "12"]],
              total_row="合计")
    assert column_alignments(t) == [A.CENTER, A.CENTER, A.LEFT, A.RIGHT]
