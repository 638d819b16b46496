"""Rejoin of a PDF of draftkit's own report (LibreOffice export read with pypdf).

The fixture tests/fixtures/readers/report_pdf.txt holds pages of `draftkit run`'s sample report
converted with `soffice --convert-to pdf` and extracted with draftkit.readers.pdf_reader.pdf_text
(cover, table of contents with dot leaders, chapter 一 with 表1-1/1-2, 表2-2, a 典型案例 set in a
smaller font, and the appendix tables).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from draftkit.readers import rejoin_lines

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "readers" / "report_pdf.txt"


@pytest.fixture(scope="module")
def blocks():
    return rejoin_lines(FIXTURE.read_text(encoding="utf-8"))


def _paras(blocks) -> list[str]:
    return [re.sub(r"\s+", "", b.text) for b in blocks if b.kind == "paragraph"]


def test_toc_dot_leaders_do_not_widen_the_body(blocks) -> None:
    """Body lines (~27 wide) ending in a figure or a word continue: the TOC's long leader
    lines must not make them look short."""
    paras = _paras(blocks)
    assert "学校现设12个教学单位，全日制在校生17402人，招生专业42个。" in paras
    assert "本年度学校横向技术服务到款额626.00万元，较上年增长22.17%。" in paras
    assert any(p.startswith("全日制在校生17402人，较上年下降1.29%。") and p.endswith("应届毕业生6370人。") for p in paras)
    assert "长22.17%。" not in paras


def test_case_box_lines_measured_apart(blocks) -> None:
    """The case box is set wider than the body: its short last lines still end paragraphs."""
    paras = _paras(blocks)
    assert any(p.startswith("校赛全覆盖，夯实参赛基础。") and p.endswith("“练兵场”。") for p in paras)
    assert any(p.startswith("成果转化，反哺课堂教学。") and p.endswith("赛标进课堂”。") for p in paras)


def _table_after(blocks, tag: str):
    for k, b in enumerate(blocks):
        if b.kind == "caption" and b.tag == tag:
            nxt = blocks[k + 1]
            assert nxt.kind == "table", (tag, nxt.kind, nxt.text)
            return nxt, blocks[k + 2]
    raise AssertionError(f"{tag} not found")


def test_page_break_inside_a_table(blocks) -> None:
    """表1-2 runs over a page: no "第 8 页 共 38 页" row, the repeated column headers dropped."""
    table, after = _table_after(blocks, "表1-2")
    assert table.rows == [
        ["产业", "专业数", "专业数占比", "在校生", "在校生占比"],
        ["第一产业", "4", "9.5%", "757", "4.35%"],
        ["第二产业", "15", "35.7%", "4247", "24.41%"],
        ["第三产业", "23", "54.8%", "12398", "71.24%"],
        ["合计", "42", "100.0%", "17402", "100.00%"],
    ]
    assert after.kind == "source"


def test_repeated_source_and_column_header_lines_are_not_running_headers(blocks) -> None:
    """数据来源 lines and the appendix tables' "序号 指标 单位 …" repeat on many pages but are
    no running headers: they stay (a source block; the header row of each table)."""
    sources = [b.text for b in blocks if b.kind == "source"]
    assert sources.count("数据来源：示例职业技术学院教务处") >= 2
    table, after = _table_after(blocks, "表1")
    assert table.rows[0][:3] == ["序号", "指标", "单位"] and table.rows[1][1] == "全日制在校生数"
    assert after.kind == "source"
    table4, _ = _table_after(blocks, "表4")  # split by a page break after its second row
    assert [r[1] for r in table4.rows[1:]] == ["留学生人数", "中外合作办学项目数", "境外合作院校数"]


def test_running_header_still_dropped() -> None:
    body = "学校坚持产教融合，与本地龙头企业共建产业学院，年均开展社会培训八千余人次，服务地方"
    pages = [f"示例职业技术学院质量年度报告\n{body}\n产业发展。\n{n}\n" for n in range(1, 5)]
    texts = [b.text for b in rejoin_lines("\n".join(pages))]
    assert "示例职业技术学院质量年度报告" not in texts
    assert texts.count(body + "产业发展。") == 4


def test_split_year_headers_and_spanning_total_label(blocks) -> None:
    """"2023 年度" is one column header; "合计 6370 100.00%" under four columns leaves the
    毕业去向 cell empty (as the .docx reader gives it), so the figures stay in their columns."""
    table, _ = _table_after(blocks, "表1")
    assert table.rows[0] == ["序号", "指标", "单位", "2023年度", "2022年度"]
    assert {len(r) for r in table.rows} == {5}
    table, _ = _table_after(blocks, "表2-2")
    assert table.rows[-1] == ["合计", "", "6370", "100.00%"]
    assert {len(r) for r in table.rows} == {4}


def test_total_row_not_padded_when_columns_are_ambiguous() -> None:
    """"合计 18732" under 培训学时 | 培训人次 | 培训对象: the body's last column is text, so the
    figure's column cannot be told and the row is left as it is."""
    text = ("表 3-1 主要社会培训统计表\n培训项目 培训学时 培训人次 培训对象\n企业新型学徒制 480 63 企业职工\n"
            "社区教育与老年学堂 8 4860 社区居民\n合计 4923\n数据来源：示例职业技术学院继续教育学院\n")
    table = next(b for b in rejoin_lines(text) if b.kind == "table")
    assert table.rows[-1] == ["合计", "4923"]


def test_letter_spaced_justified_lines(blocks) -> None:
    """A justified line stretched by letter spacing ("学 校 数 字 资 源 总 量 达 到") reached the
    margin, so the paragraph goes on; its spaces between Chinese characters go."""
    paras = _paras(blocks)
    assert "数字化资源持续丰富。学校数字资源总量达到189784GB，自主建设技能微课643门。" in paras
    texts = [b.text for b in blocks if b.kind == "paragraph"]
    assert any("其中协议和合同就业 4257 人，占 66.83%；灵活就业 1030 人" in t for t in texts)
    assert any("专任教师中，硕士以上学历教师 368 人，占" in t for t in texts)


def test_wrapped_case_title(blocks) -> None:
    """A 典型案例 title running to a second short line is one heading, not a paragraph "系"."""
    cases = [b for b in blocks if b.kind == "heading" and (b.tag or "").startswith("典型案例")]
    assert [b.text for b in cases] == ["典型案例 2-1：以赛促教 以赛促学 构建“校—省—国”三级技能竞赛体系"]
    assert "系" not in [b.text for b in blocks]
    first = blocks[blocks.index(cases[0]) + 1]
    assert first.kind == "paragraph" and first.text.startswith("学校把技能竞赛作为检验人才培养质量")
