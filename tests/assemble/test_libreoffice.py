"""The built report through LibreOffice: it opens, renders CJK text, and the page count is sane."""

from __future__ import annotations

import pytest

from draftkit.assemble.pdf import convert_to_pdf, find_soffice, pdf_page_texts
from draftkit.assemble.toc import roman

pytestmark = [pytest.mark.slow, pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")]


def test_pdf_page_count_and_toc_page_numbers(project, tmp_path):
    import docx

    from draftkit.assemble import build
    from draftkit.config import load_settings

    result = build(load_settings(project), paginate=True)
    pdf = convert_to_pdf(result.path, tmp_path)
    texts = pdf_page_texts(pdf)
    # cover, 前言, 目录, one page per chapter at least, 附表
    assert 6 <= len(texts) <= 30
    assert result.pages == len(texts)
    pages = ["".join(t.split()) for t in texts]
    joined = "".join(pages)
    for heading in ("前言", "一、发展概述", "二、人才培养", "附表", "表1-1教师队伍情况表", "典型案例1-1"):
        assert heading in joined
    # no number on the cover; the body is numbered from 1 on its first chapter, 共 N counts the body
    body_start = next(i for i, t in enumerate(pages) if t.startswith("一、发展概述"))
    body = len(texts) - body_start
    assert result.body_pages == body and result.toc_unnumbered is None
    assert "页" not in pages[0]
    assert pages[body_start].endswith(f"第1页共{body}页") and pages[-1].endswith(f"第{body}页共{body}页")
    assert all(pages[i].endswith(roman(i)) for i in range(1, body_start))  # 前言 and 目录: I, II …
    # the TOC shows the printed page where each chapter starts
    doc = docx.Document(str(result.path))
    entries = {p.text.split("\t")[0]: p.text.split("\t")[1] for p in doc.paragraphs
               if p.style.name.startswith("toc ") and "\t" in p.text}
    assert entries["前言"] == "I" and entries["一、发展概述"] == "1"
    page = int(entries["二、人才培养"])
    assert "二、人才培养" in pages[body_start + page - 1]
    # 仿宋/楷体 render with a serif CJK face and 黑体 with a sans one: no fallback boxes
    from pypdf import PdfReader

    fonts = set()
    for pg in PdfReader(str(pdf)).pages:
        for f in (pg.get("/Resources", {}).get("/Font", {}) or {}).values():
            fonts.add(str(f.get_object().get("/BaseFont")))
    assert any("Serif" in f and ("SC" in f or "CJK" in f) for f in fonts), fonts
    assert any("Sans" in f and ("SC" in f or "CJK" in f) for f in fonts), fonts
