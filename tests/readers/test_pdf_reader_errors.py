"""A file named .pdf that is not one: one clear DocumentError, no pypdf log noise on the console."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from draftkit.errors import DocumentError
from draftkit.readers import read_document


def test_renamed_text_file_is_named_not_a_pdf(tmp_path: Path) -> None:
    f = tmp_path / "fake.pdf"
    f.write_text("hello", encoding="utf-8")
    with pytest.raises(DocumentError) as exc:
        read_document(f)
    assert "不是有效的 PDF" in str(exc.value) and str(f) in str(exc.value)


def test_broken_pdf_logs_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"%PDF-1.4\ngarbage without trailer")
    before = logging.getLogger("pypdf").level
    with caplog.at_level(logging.WARNING), pytest.raises(DocumentError):
        read_document(f)
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == before  # restored
