"""Heading and list numbering: one reading for readers, corpus, assembly and the checker."""

from __future__ import annotations

import pytest

from draftkit.grammar import heading_number, numbering, numbering_length, strip_numbering


@pytest.mark.parametrize("text, kind, level, number, rest", [
    ("一、发展概述", "cn", 1, 1, "发展概述"),
    ("十二、附录", "cn", 1, 12, "附录"),
    ("第三章 人才培养", "chapter", 1, 3, "人才培养"),
    ("（一）基本情况", "cn_paren", 2, 1, "基本情况"),
    ("(二) 办学条件", "cn_paren", 2, 2, "办学条件"),
    ("1.学校简介", "digit", 3, 1, "学校简介"),
    ("12、专业建设", "digit", 3, 12, "专业建设"),
    ("（3）心理健康", "digit_paren", 4, 3, "心理健康"),
    ("②课程建设", "circled", 5, 2, "课程建设"),
    ("第一，坚持党建引领", "ordinal", 0, 1, "坚持党建引领"),
    ("  二、 服务贡献", "cn", 1, 2, "服务贡献"),
])
def test_numbering_forms(text, kind, level, number, rest):
    n = numbering(text)
    assert (n.kind, n.level, n.number) == (kind, level, number)
    assert text[n.end:] == rest == strip_numbering(text)
    assert heading_number(text) == number and numbering_length(text) == n.end


@pytest.mark.parametrize("text", ["2023年学校", "1.5万人", "学校简介", "十二五规划", "（注：略）"])
def test_text_without_numbering(text):
    assert numbering(text) is None or text == "十二五规划" and numbering(text) is None
    assert numbering_length(text) == 0 and strip_numbering(text) == text.strip()


@pytest.mark.parametrize("text, tag, title, cont", [
    ("表1-1 专业设置情况统计表", "表1-1", "专业设置情况统计表", False),
    ("图 2－3 就业去向分布", "图2-3", "就业去向分布", False),
    ("续表1-2 专业设置", "表1-2", "专业设置", True),
    ("附表1 计分卡", "附表1", "计分卡", False),
    ("表一：教学资源表", "表一", "教学资源表", False),
])
def test_captions(text, tag, title, cont):
    from draftkit.grammar import caption, caption_title

    c = caption(text)
    assert (c.tag, c.title, c.continued) == (tag, title, cont) and caption_title(text) == title


def test_a_caption_is_read_by_readers_only_in_its_plain_form():
    from draftkit.readers.blocks import caption_tag

    assert caption_tag("表1-1 专业设置情况统计表") == "表1-1"
    assert [caption_tag(t) for t in ("表1：见下", "续表1-1 专业", "附表1 计分卡", "表示学校…")] == [None] * 4
