"""A zip named .docx that is not a Word document: a Chinese reason, not python-docx's English one."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from draftkit.errors import DocumentError
from draftkit.readers.docx_reader import read_docx


def test_zip_that_is_not_word_is_said_in_chinese(tmp_path: Path) -> None:
    p = tmp_path / "report.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DocumentError) as exc:
        read_docx(p)
    text = str(exc.value)
    assert "report.docx" in text and "Word" in text
    assert "There is no item" not in text and "Content_Types" not in text and "Package not found" not in text
