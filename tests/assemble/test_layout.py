"""Layout a quality office would not send back, read from the built .docx's XML (issue 12).

Charts once, table rows that never split and short tables kept whole, a two-level TOC, page
numbers restarting on the body, the appendix's label columns aligned alike, balanced case titles,
growth of small counts in plain words. The rendered pages are checked by the slow test
(test_libreoffice.py) and bench/render_report.py.
"""

from __future__ import annotations

import textwrap

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from draftkit.assemble import build
from draftkit.assemble.audit import Package, audit_docx, layout_problems
from draftkit.assemble.tables import add_data_table

KEEP_WHOLE_ROWS = 15  # tables.KEEP_WHOLE_ROWS: a table this long never breaks
from draftkit.assemble.typeset import balanced_lines, spread_lines, text_width
from draftkit.config import load_settings
from draftkit.data.model import Table


def test_built_report_has_no_layout_problem(built):
    result, _, _ = built
    assert layout_problems(Package(result.path)) == []


def test_a_chart_named_twice_is_drawn_once_with_a_warning(project):
    spec = project / "prompts" / "report.yaml"
    spec.write_text(spec.read_text(encoding="utf-8").replace(
        "tables: [employment_destinations]\n        charts: [employment_destinations]",
        "tables: [employment_destinations]\n        charts: [employment_destinations, funding_by_year]"),
        encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    doc = docx.Document(str(result.path))
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption" and p.text.startswith("图")]
    assert sum("办学经费收支情况" in c for c in captions) == 1
    assert any("funding_by_year" in w and "图 1-3" in w and "不再重复" in w for w in result.warnings)
    assert not [p for p in layout_problems(Package(result.path)) if p.check == "chart-twice"]


def _table(n_rows: int) -> Table:
    return Table(id="t", title="测试表", columns=["项目", "数量"], rows=[[f"项目{i}", str(i)] for i in range(n_rows)])


def _keeps(row) -> bool:
    return all(p._p.pPr is not None and p._p.pPr.find(qn("w:keepNext")) is not None
               for c in row.cells for p in c.paragraphs)


def test_no_row_splits_and_a_short_table_stays_whole():
    doc = docx.Document()
    t = add_data_table(doc, _table(KEEP_WHOLE_ROWS), "表 1-1 测试表")
    assert all(r._tr.trPr is not None and r._tr.trPr.find(qn("w:cantSplit")) is not None for r in t.rows)
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(_keeps(r) for r in t.rows)  # the last row too: it stays with its 数据来源 line


def test_a_long_table_breaks_between_rows_leaving_no_row_alone():
    doc = docx.Document()
    t = add_data_table(doc, _table(KEEP_WHOLE_ROWS + 10), "表 1-1 测试表")
    keeps = [_keeps(r) for r in t.rows]
    assert keeps[:2] == [True, True]          # header + first body row stay with the second body row
    assert keeps[-2:] == [True, True]         # the last two rows (and the source line) stay together
    assert not any(keeps[3:-2])                # in between the table may break
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in t.rows)


def test_table_grid_agrees_with_every_cell_width(built):
    _, doc, _ = built
    for t in doc.tables:
        grid = [int(c.get(qn("w:w"))) for c in t._tbl.tblGrid.findall(qn("w:gridCol"))]
        for tr in t._tbl.tr_lst:
            pos = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                tcw = tc.tcPr.find(qn("w:tcW"))
                assert tcw.get(qn("w:type")) == "dxa" and int(tcw.get(qn("w:w"))) == sum(grid[pos:pos + span])
                pos += span
            assert pos == len(grid)
        assert int(t._tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)


def test_appendix_label_columns_are_left_aligned_in_every_table(built):
    _, doc, _ = built
    appendix = doc.tables[-2:]  # 表1 计分卡 (metrics) and 附表2 职称结构 (a data table)
    assert [c.text for c in appendix[0].rows[0].cells][:2] == ["序号", "指标"]
    assert {r.cells[1].paragraphs[0].alignment for r in appendix[0].rows[1:]} == {WD_ALIGN_PARAGRAPH.LEFT}
    assert {r.cells[0].paragraphs[0].alignment for r in appendix[1].rows[1:]} == {WD_ALIGN_PARAGRAPH.LEFT}


def test_a_case_title_too_long_for_one_line_is_broken_in_two_balanced_lines(project):
    case = project / "data" / "cases" / "2023" / "contest.md"
    case.parent.mkdir(parents=True)
    case.write_text(textwrap.dedent("""\
        ---
        title: 以赛促教 以赛促学 构建“校—省—国”三级技能竞赛体系
        section: talent-employment
        ---
        学校把技能竞赛作为检验人才培养质量的重要抓手。
        """), encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    doc = docx.Document(str(result.path))
    title = next(p for p in doc.paragraphs if p.style.name == "Case Title" and "竞赛体系" in p.text)
    lines = title.text.split("\n")
    assert lines == ["典型案例 2-1：以赛促教 以赛促学", "构建“校—省—国”三级技能竞赛体系"]


@pytest.mark.parametrize("text, capacity, lines", [
    ("典型案例 1-1：红色引领匠心传承", 30, ["典型案例 1-1：红色引领匠心传承"]),
    ("典型案例 2-1：以赛促教 以赛促学 构建“校—省—国”三级技能竞赛体系", 30,
     ["典型案例 2-1：以赛促教 以赛促学", "构建“校—省—国”三级技能竞赛体系"]),
    ("一二三四五六七八九十一二三四五六七八九十一二", 20, ["一二三四五六七八九十一", "二三四五六七八九十一二"]),
    ("项目名称10000Mbps出口带宽建设完成", 12, ["项目名称10000Mbps", "出口带宽建设完成"]),
])
def test_balanced_lines(text, capacity, lines):
    out = balanced_lines(text, capacity)
    assert out == lines
    assert all(text_width(line) <= capacity for line in out)


def test_spread_lines_finds_letter_spaced_justified_lines_only():
    normal = [(80 + 16.4 * i, 600, 16, ch) for i, ch in enumerate("学校持续加强基层党组织建设")]
    spread = [(80 + 17.8 * i, 572, 16, ch) for i, ch in enumerate("校园网出口带宽达到")] + [(240, 572, 16, "10000Mbps")]
    table = [(80, 540, 10.5, "专业大类"), (200, 540, 10.5, "专业数"), (300, 540, 10.5, "在校生")]
    assert spread_lines(normal + spread + table) == ["校园网出口带宽达到10000Mbps"]


def test_audit_catches_what_it_checks(built, tmp_path):
    """Each layout check fails on a report that has the fault (so a clean audit means something)."""
    result, _, _ = built
    doc = docx.Document(str(result.path))
    tr = doc.tables[0].rows[-1]._tr
    tr.trPr.remove(tr.trPr.find(qn("w:cantSplit")))
    body_sect = doc.sections[-1]._sectPr
    body_sect.remove(body_sect.find(qn("w:pgNumType")))
    doc.tables[-1].rows[1].cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    bad = tmp_path / "bad.docx"
    doc.save(str(bad))
    checks = {p.check for p in audit_docx(bad)}
    assert {"row-split", "page-numbers", "appendix-align"} <= checks


def test_toc_entries_carry_their_own_dot_leader_tab_and_start_a_page(template_build):
    """A school template's toc styles often have no tab: the page number would float mid-line."""
    _, doc, _ = template_build
    s = doc.sections[-1]
    width = int((s.page_width - s.left_margin - s.right_margin) / 635)
    entries = [p for p in doc.paragraphs if p.style.name.startswith("toc ") and "\t" in p.text]
    assert entries
    for p in entries:
        tab = p._p.pPr.find(qn("w:tabs")).find(qn("w:tab"))
        assert (tab.get(qn("w:val")), tab.get(qn("w:leader")), int(tab.get(qn("w:pos")))) == ("right", "dot", width)
    heading = next(p for p in doc.paragraphs if p.text == "目  录")
    assert heading.paragraph_format.page_break_before
