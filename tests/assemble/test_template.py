"""--template: styles and page setup come from a reference .docx, its body does not."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from draftkit.assemble import build
from draftkit.config import load_settings
from draftkit.errors import DocumentError


def _reference(path):
    d = docx.Document()
    normal = d.styles["Normal"]
    normal.font.size = Pt(12)
    rfonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), "微软雅黑")
    h1 = d.styles["Heading 1"]
    h1.font.size = Pt(20)
    s = d.sections[0]
    s.left_margin = Cm(1.5)
    s.page_width, s.page_height = Cm(18.2), Cm(25.7)  # B5
    d.add_paragraph("TEMPLATE BODY TEXT")
    d.save(str(path))
    return path


def test_template_styles_and_page_setup_win(project, tmp_path):
    ref = _reference(tmp_path / "ref.docx")
    r = build(load_settings(project), template=ref, paginate=False)
    doc = docx.Document(str(r.path))
    assert doc.styles["Normal"].font.size == Pt(12)
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "微软雅黑"
    assert doc.styles["Heading 1"].font.size == Pt(20)
    assert abs(doc.sections[0].left_margin - Cm(1.5)) < Cm(0.05)
    assert abs(doc.sections[0].page_width - Cm(18.2)) < Cm(0.05)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "TEMPLATE BODY TEXT" not in text
    assert "一、发展概述" in text
    # styles the template lacks are added in the house style
    assert doc.styles["Case Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert len(doc.tables) == r.tables


def test_bad_template_is_a_clear_error(project, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        build(load_settings(project), template=bad, paginate=False)
    assert "模板" in str(exc.value)
    with pytest.raises(DocumentError):
        build(load_settings(project), template=tmp_path / "missing.docx", paginate=False)


def test_bad_template_reason_is_chinese(project, tmp_path):
    """python-docx says "Package not found at '…'" for a renamed .doc/.txt; say what the file is instead."""
    bad = tmp_path / "学校模板.docx"
    bad.write_text("not a zip", encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        build(load_settings(project), template=bad, paginate=False)
    text = str(exc.value)
    assert "Package not found" not in text and "zip" in text and ".doc" in text
