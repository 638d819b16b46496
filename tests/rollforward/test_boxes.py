"""Figures in boxes (one-cell or layout tables: 典型案例, highlights) roll forward like prose."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn

from draftkit.rollforward import roll_document
from draftkit.rollforward.tracked import ParaText


def _boxed(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("2022-2023学年，学校全日制在校生 17402人。")
    box = d.add_table(rows=1, cols=1)
    cell = box.cell(0, 0)
    cell.text = "典型案例：校企合作"
    cell.add_paragraph("2022-2023学年，学校合作企业 436家，专任教师 796人，学生社团 45个。")
    d.save(str(path))
    return path


def test_figures_and_years_in_a_box_are_tracked_changes_and_comments(tmp_path, yd):
    document, changes, warnings = roll_document(_boxed(tmp_path / "r.docx"), yd)
    boxed = [c for c in changes if "box" in c.location]
    assert {c.before for c in boxed} == {"2022-2023", "436家", "796人", "45个"}
    assert all(c.written for c in changes), [c.before for c in changes if not c.written]
    assert not any("未能写入" in w for w in warnings)
    inner = document.tables[0].cell(0, 0).paragraphs[1]._p
    assert ParaText.of(inner).text == "2023-2024学年，学校合作企业 451家，专任教师 820人，学生社团 45个。"
    assert len(inner.findall(qn("w:ins"))) == 3 and inner.find(qn("w:commentRangeStart")) is not None


def test_a_box_in_last_years_section_is_rolled_in_the_draft_text(tmp_path, yd):
    from draftkit.readers import read_document
    from draftkit.rollforward.text import roll_blocks

    blocks = read_document(_boxed(tmp_path / "r.docx")).blocks
    assert any(b.box for b in blocks)
    out = roll_blocks(blocks, yd, 2023)
    assert "合作企业 451家，专任教师 820人，学生社团 【待核实：45个】" in out.text
    assert out.text.count("2023-2024学年") == 2
