"""Documents beyond the stated limits (text, pages, file size) are refused quickly with a message
naming the limit and its variable, instead of minutes of work (a 16 MB .txt took 126 s, 50 MB never
finished)."""

from __future__ import annotations

import pytest

from draftkit.errors import DocumentError
from draftkit.readers import read_document

LINE = "学校现有全日制在校生17402人，专任教师796人，开设专业42个。\n"


@pytest.mark.parametrize("mb", [16, 50])
def test_a_huge_text_file_is_refused_within_seconds(tmp_path, bounded, mb):
    from draftkit.check import check_file

    path = tmp_path / "big.txt"
    with open(path, "w", encoding="utf-8") as fh:
        for _ in range(mb * 1024 * 1024 // len(LINE.encode()) + 1):
            fh.write(LINE)
    out = bounded(check_file, path, seconds=5, mb=500)
    assert out.raised("DocumentError"), out
    assert "文字量" in out.message and "超过上限 1000000 字" in out.message and "DRAFTKIT_MAX_TEXT_CHARS" in out.message


def test_the_text_limit_is_changed_by_its_variable(tmp_path, monkeypatch):
    path = tmp_path / "r.md"
    path.write_text(LINE * 100, encoding="utf-8")
    monkeypatch.setenv("DRAFTKIT_MAX_TEXT_CHARS", "1000")
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "超过上限 1000 字" in info.value.message
    monkeypatch.setenv("DRAFTKIT_MAX_TEXT_CHARS", "100000")
    assert read_document(path).blocks


def test_a_pdf_with_too_many_pages_is_refused(tmp_path, monkeypatch):
    from pypdf import PdfWriter

    w = PdfWriter()
    for _ in range(30):
        w.add_blank_page(width=200, height=200)
    path = tmp_path / "many.pdf"
    with open(path, "wb") as fh:
        w.write(fh)
    monkeypatch.setenv("DRAFTKIT_MAX_PDF_PAGES", "20")
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "PDF 页数 30 页，超过上限 20 页" in info.value.message and "DRAFTKIT_MAX_PDF_PAGES" in info.value.hint


def test_a_document_over_the_file_size_limit_is_refused_unread(tmp_path, monkeypatch):
    path = tmp_path / "r.docx"
    path.write_bytes(b"PK" + b"\0" * (2 * 1024 * 1024))
    monkeypatch.setenv("DRAFTKIT_MAX_FILE_MB", "1")
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert "文件大小 2.0 MB，超过上限 1 MB" in info.value.message
