"""Section tree, chapter run, 前言 sub-sections, case boundaries, standalone case documents."""

from __future__ import annotations

from pathlib import Path

from draftkit.corpus.sections import chapter_key, cn_number, parse_document, strip_numbering
from draftkit.readers import read_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def _parse(path: Path):
    return parse_document(read_document(path))


def test_chapters_and_preface() -> None:
    p = _parse(FIXTURES / "reports" / "2022-report.txt")
    assert p.title.startswith("示例职业技术学院")
    assert [c.title for c in p.chapters] == ["前言", "一、发展概述", "二、服务贡献", "三、国际合作"]
    preface_children = [s.title for s in p.sections if s.path[0] == "前言" and s.level == 2]
    assert preface_children == ["一、编制过程", "二、特色亮点"]
    intro = next(s for s in p.sections if s.title == "1.学校简介")
    assert intro.path == ["一、发展概述", "（一）基本情况", "1.学校简介"]
    assert intro.level == 3


def test_case_with_inner_headings_ends_at_next_section() -> None:
    p = _parse(FIXTURES / "reports" / "2022-report.txt")
    assert len(p.cases) == 1
    case = p.cases[0]
    assert (case.case_id, case.title) == ("2-1", "送教下乡培养农民大学生")
    assert case.chapter == "二、服务贡献"
    assert case.path == ["二、服务贡献", "（一）服务乡村振兴"]
    # 一、主要做法 / 二、取得成效 inside the case start no chapter; the case ends before （二）
    assert "一、主要做法" in case.text and "96人当选村干部" in case.text
    assert "横向技术服务" not in case.text
    service = next(s for s in p.sections if s.title == "（二）服务行业企业")
    assert service.path == ["二、服务贡献", "（二）服务行业企业"]
    rural = next(s for s in p.sections if s.title == "（一）服务乡村振兴")
    assert all("当选村干部" not in b.text for b in rural.blocks)


def test_standalone_case_documents() -> None:
    txt = _parse(FIXTURES / "cases" / "dingdan.txt")
    assert txt.is_case_document and len(txt.cases) == 1
    c = txt.cases[0]
    assert c.title == "校企共办订单班 实现招生即招工"
    assert c.chapter == "产教融合" and txt.meta["year"] == "2021"
    assert "章节" not in c.text and "订单班毕业生共计230人" in c.text
    md = _parse(FIXTURES / "cases" / "shequ.md")
    assert md.cases[0].title == "社区老年大学开设智能手机课堂" and md.cases[0].chapter == "服务贡献"
    assert not md.cases[0].text.startswith("社区老年大学开设")


def test_numbering_helpers() -> None:
    assert [cn_number(x) for x in ("一", "十", "十二", "二十三", "甲")] == [1, 10, 12, 23, None]
    assert strip_numbering("（一）党建引领") == "党建引领"
    assert strip_numbering("前 言") == "前言"
    assert chapter_key("三、服务贡献") == "服务贡献"
