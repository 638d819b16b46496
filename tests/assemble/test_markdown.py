"""The draft Markdown subset parser."""

from draftkit.assemble.markdown import (
    CaseBox, Heading, ListBlock, Note, Paragraph, Placeholder, inline_runs, parse_draft,
)


def test_paragraphs_join_wrapped_lines_without_spaces_between_chinese():
    blocks = parse_draft("学校位于\n示例市，\nhas English\nwords here。\n\n第二段。")
    assert blocks == [Paragraph("学校位于示例市，has English words here。"), Paragraph("第二段。")]


def test_headings_lists_and_placeholders():
    text = "### 1.学校简介\n\n#### （1）小节\n\n1. 甲\n2. 乙\n\n- 丙\n- 丁\n\n[[table:majors]]\n[[chart:funding_by_year]]\n"
    blocks = parse_draft(text)
    assert blocks[0] == Heading(3, "1.学校简介")
    assert blocks[1] == Heading(4, "（1）小节")
    assert blocks[2] == ListBlock(ordered=True, items=["甲", "乙"], start=1)
    assert blocks[3] == ListBlock(ordered=False, items=["丙", "丁"])
    assert blocks[4] == Placeholder("table", "majors")
    assert blocks[5] == Placeholder("chart", "funding_by_year")


def test_case_box_holds_its_blocks_and_note_keeps_lines():
    text = "正文。\n\n::: case 典型案例 2-1：标题\n第一段。\n\n- 要点\n:::\n\n::: note\n范例一\n\n\n范例二\n:::\n"
    blocks = parse_draft(text)
    assert blocks[0] == Paragraph("正文。")
    case = blocks[1]
    assert isinstance(case, CaseBox) and case.title == "典型案例 2-1：标题"
    assert case.blocks == [Paragraph("第一段。"), ListBlock(ordered=False, items=["要点"])]
    assert blocks[2] == Note("范例一\n\n范例二")
    assert len(blocks) == 3


def test_unclosed_fence_does_not_swallow_silently():
    blocks = parse_draft("::: case 未闭合\n内容。\n")
    assert isinstance(blocks[0], CaseBox) and blocks[0].blocks == [Paragraph("内容。")]


def test_numbered_list_start_number_kept():
    blocks = parse_draft("3. 第三\n4. 第四\n")
    assert blocks == [ListBlock(ordered=True, items=["第三", "第四"], start=3)]


def test_inline_bold_runs():
    assert inline_runs("坚持**党建引领**，推进**改革**。") == [
        ("坚持", False), ("党建引领", True), ("，推进", False), ("改革", True), ("。", False)]
    assert inline_runs("没有加粗") == [("没有加粗", False)]


def test_stray_markdown_is_cleaned():
    from draftkit.assemble.markdown import plain

    assert inline_runs("见[官网](http://x)的`代码`与*斜体*，**加粗**<br>") == [("见官网的代码与斜体，", False), ("加粗", True)]
    assert plain("**1.学校简介**") == "1.学校简介"
    blocks = parse_draft("段落一。\n\n---\n\n> 引用的话\n")
    assert blocks == [Paragraph("段落一。"), Paragraph("引用的话")]
