"""Readers: docx / md / txt / PDF-like text → blocks."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from draftkit.errors import DocumentError
from draftkit.readers import caption_tag, case_heading, heading_level, read_document

# A PDF-extracted snippet written for this test: double-spaced lines wrapped at the margin,
# a page number in the middle of a sentence, a flattened table between caption and source.
PDF_LIKE = """\

一、发展概述

（一）基本情况

1.学校简介

示例职业技术学院是一所由省人民政府批准设立的公办高等职业院校，学校

现有全日制在校生 12345人，专任教师 600人，开设招生专业 40个，形成了

以智能制造和现代农业为特色的专业布局。

学校坚持服务地方发展，与本地龙头企业共建产业学院 6个，年均开展社会

 17

培训 8000余人次，毕业生留在本省就业的比例持续保持在六成以上，得到社

会广泛认可。

表1-1 2022-2023学年学校教师队伍情况表

校内教师人数 副高以上职称

人数 比例

600 210 35.00%

数据来源：示例职业技术学院人事处

图 1-1 学历结构图

典型案例 1-1：校企共建产业学院，培养现场工程师队伍

学校联合本地装备制造企业共建产业学院，围绕企业岗位需求共同制定人才培

养方案，实行双导师制，三年累计培养现场工程师 320名，深受企业欢迎。

（二）办学条件

学校占地面积 900亩，校舍建筑面积 40万平方米。
"""


def test_pdf_like_text_is_rejoined(tmp_path: Path) -> None:
    p = tmp_path / "report.txt"
    p.write_text(PDF_LIKE, encoding="utf-8")
    doc = read_document(p)
    kinds = [(b.kind, b.level) for b in doc.blocks]
    assert kinds[:3] == [("heading", 1), ("heading", 2), ("heading", 3)]
    paras = [b for b in doc.blocks if b.kind == "paragraph"]
    # wrapped lines joined into one paragraph, the page number dropped and the sentence rejoined
    assert paras[0].text.startswith("示例职业技术学院是一所") and paras[0].text.endswith("专业布局。")
    assert "学校现有全日制在校生 12345人" in paras[0].text
    assert "年均开展社会培训 8000余人次" in paras[1].text
    assert all(b.text.strip() != "17" for b in doc.blocks)
    assert paras[0].line == 8
    table = next(b for b in doc.blocks if b.kind == "table")
    assert table.rows[-1] == ["600", "210", "35.00%"]
    assert not any("600 210" in b.text for b in paras)
    caps = [b.tag for b in doc.blocks if b.kind == "caption"]
    assert caps == ["表1-1", "图1-1"]
    assert [b.text for b in doc.blocks if b.kind == "source"] == ["数据来源：示例职业技术学院人事处"]
    case = next(b for b in doc.blocks if b.tag and b.tag.startswith("典型案例"))
    assert case.tag == "典型案例1-1" and case.kind == "heading"
    last_heading = [b for b in doc.blocks if b.kind == "heading"][-1]
    assert last_heading.text == "（二）办学条件" and last_heading.level == 2


def test_plain_text_one_paragraph_per_line(tmp_path: Path) -> None:
    p = tmp_path / "case.txt"
    p.write_text("典型案例3-3 职教组团式帮扶\n\n学校选派教师驻村开展技术培训。\n学员返乡创业带动增收。\n", encoding="utf-8")
    doc = read_document(p)
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "paragraph"]
    assert doc.blocks[0].tag == "典型案例3-3"
    assert doc.blocks[2].line == 4


def test_markdown(tmp_path: Path) -> None:
    p = tmp_path / "r.md"
    p.write_text(
        "# 一、人才培养\n\n## （一）党建引领\n\n第一行文字\n接着一行。\n\n"
        "表2-1 社团情况\n\n| 类别 | 数量 |\n|---|---|\n| 学术类 | 11 |\n| 合计 | 49 |\n\n数据来源：学工处\n\n"
        "## 典型案例 2-1：红色工匠\n\n- 要点一\n- 要点二\n",
        encoding="utf-8",
    )
    doc = read_document(p)
    b = doc.blocks
    assert (b[0].kind, b[0].level, b[1].level) == ("heading", 1, 2)
    assert b[2].text == "第一行文字接着一行。"
    assert b[3].kind == "caption" and b[3].tag == "表2-1"
    assert b[4].kind == "table" and b[4].rows == [["类别", "数量"], ["学术类", "11"], ["合计", "49"]]
    assert b[5].kind == "source"
    assert b[6].tag == "典型案例2-1"
    assert [x.text for x in b[7:]] == ["要点一", "要点二"]


def _make_docx(path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("一、发展概述")            # paragraph 0: numbered heading
    d.add_heading("学校简介", level=2)         # 1: styled heading
    d.add_paragraph("")                         # 2: empty, skipped but counted
    d.add_paragraph("学校现有全日制在校生17402人。")  # 3
    d.add_paragraph("表1-1 教师队伍情况表")     # 4: caption
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "人数与比例"
    t.cell(1, 0).merge(t.cell(2, 0)).text = "教师"
    t.cell(1, 1).text = "796"
    t.cell(1, 2).text = "46.23%"
    t.cell(2, 1).text = "368"
    t.cell(2, 2).text = "12%"
    d.add_paragraph("数据来源：人事处")         # 5: source
    d.add_paragraph("典型案例 2-1：红色工匠")   # 6
    d.save(str(path))


def test_docx_blocks_indices_and_merged_cells(tmp_path: Path) -> None:
    p = tmp_path / "r.docx"
    _make_docx(p)
    doc = read_document(p)
    b = doc.blocks
    assert [(x.kind, x.index) for x in b] == [
        ("heading", 0), ("heading", 1), ("paragraph", 3), ("caption", 4), ("table", 0), ("source", 5), ("heading", 6)
    ]
    assert b[0].level == 1 and b[1].level == 2
    rows = b[4].rows
    assert rows[0] == ["项目", "人数与比例", "人数与比例"]
    assert [r[0] for r in rows] == ["项目", "教师", "教师"]
    assert rows[2][1:] == ["368", "12%"]
    # indices agree with python-docx
    assert docx.Document(str(p)).paragraphs[3].text == b[2].text


def test_docx_that_is_text_raises(tmp_path: Path) -> None:
    p = tmp_path / "fake.docx"
    p.write_text("这其实是文本文件", encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        read_document(p)
    assert "fake.docx" in str(exc.value) and "zip" in str(exc.value)


def test_unsupported_and_missing(tmp_path: Path) -> None:
    with pytest.raises(DocumentError):
        read_document(tmp_path / "nope.txt")
    (tmp_path / "a.odt").write_bytes(b"x")
    with pytest.raises(DocumentError, match="不支持"):
        read_document(tmp_path / "a.odt")
    (tmp_path / "a.doc").write_bytes(b"x")
    with pytest.raises(DocumentError, match="不是 Word 文件"):
        read_document(tmp_path / "a.doc")


@pytest.mark.parametrize(
    "text,level",
    [("一、发展概述", 1), ("（一）基本情况", 2), ("(二) 办学条件", 2), ("1.学校简介", 3), ("3、工作成效", 3),
     ("（1）思政教育有高度", 4), ("①专业建设", 5), ("2.5%的学生", None),
     ("（一）探索形成了培训模式。根据企业需求", None), ("学校占地面积 900亩", None)],
)
def test_heading_levels(text: str, level: int | None) -> None:
    assert heading_level(text) == level


def test_case_and_caption_patterns() -> None:
    assert case_heading("典型案例 2-1：红色引领匠心传承") == ("2-1", "红色引领匠心传承")
    assert case_heading("典型案例3-3 职教“组团式”帮扶，助力乡村振兴") == ("3-3", "职教“组团式”帮扶，助力乡村振兴")
    assert case_heading("典型案例 5-2:输出教学装备") == ("5-2", "输出教学装备")
    assert case_heading("典型案例") is None
    assert case_heading("典型案例项目入选教育部名单") is None
    assert caption_tag("表1-1 2022-2023学年学校教师队伍情况表") == "表1-1"
    assert caption_tag("图 2-24“ 1+X”证书考试现场") == "图2-24"
    assert caption_tag("表示学校高度重视") is None


def test_captionless_flattened_table_with_header(tmp_path: Path) -> None:
    p = tmp_path / "t.txt"
    p.write_text(PDF_LIKE + "\n社团类别 学术科技 文化体育 总计\n\n社团数量 11 4 15\n\n现有成员 476 171 647\n\n"
                 "20 “技能工匠”职业技能大赛 市级 4 一等奖1个，二等奖1个，\n", encoding="utf-8")
    tables = [b for b in read_document(p).blocks if b.kind == "table"]
    assert tables[-1].rows[:3] == [["社团类别", "学术科技", "文化体育", "总计"], ["社团数量", "11", "4", "15"],
                                   ["现有成员", "476", "171", "647"]]
    assert tables[-1].rows[3][0] == "20"


def test_docx_table_of_contents_is_skipped(tmp_path: Path) -> None:
    from docx import Document as NewDocument
    from docx.enum.style import WD_STYLE_TYPE

    from draftkit.readers import read_document

    doc = NewDocument()
    for name in ("TOC Heading", "toc 1"):
        if name not in [s.name for s in doc.styles]:
            doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    doc.add_paragraph("目  录", style="TOC Heading")
    doc.add_paragraph("一、发展概述\t6", style="toc 1")
    doc.add_paragraph("一、发展概述", style="Heading 1")
    doc.add_paragraph("学校全日制在校生17402人。")
    path = tmp_path / "r.docx"
    doc.save(str(path))
    blocks = read_document(path).blocks
    assert [(b.kind, b.text) for b in blocks] == [("heading", "一、发展概述"), ("paragraph", "学校全日制在校生17402人。")]
    assert blocks[0].index == 2  # indices still count every paragraph of the document
