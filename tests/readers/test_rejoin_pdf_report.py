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
