"""A .wps or .doc that is a .docx inside is read; a real legacy file is named by its own format (issue 12)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from draftkit.errors import DocumentError
from draftkit.readers import read_document, sniff

FIX = Path(__file__).parents[1] / "fixtures" / "check" / "report.docx"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024  # the compound-file header of .doc/.wps/.xls


@pytest.mark.parametrize("name", ["报告.wps", "报告.doc", "报告.WPS"])
def test_docx_content_under_a_wps_or_doc_name_is_read(tmp_path, name):
    path = tmp_path / name
    shutil.copy(FIX, path)
    doc = read_document(path)
    assert doc.format == "docx"
    assert [b.text for b in doc.blocks] == [b.text for b in read_document(FIX).blocks]


@pytest.mark.parametrize("name, content, said", [
    ("旧报告.wps", OLE, "WPS 文字的旧格式"),
    ("旧报告.doc", OLE, "Word 97-2003 格式"),
    ("改名.docx", OLE, "Word 97-2003 格式（.doc 二进制文件），只是扩展名为 .docx"),
    ("富文本.doc", b"{\\rtf1\\ansi hello}", "RTF 格式"),
    ("网页.doc", b"MIME-Version: 1.0\r\n", "网页格式"),
    ("表格.wps", None, "没有 Word 文档"),
])
def test_a_legacy_file_is_named_by_its_own_format(tmp_path, name, content, said):
    path = tmp_path / name
    if content is None:
        import zipfile

        with zipfile.ZipFile(path, "w") as z:
            z.writestr("xl/workbook.xml", "<workbook/>")
    else:
        path.write_bytes(content)
    with pytest.raises(DocumentError) as exc:
        read_document(path)
    assert said in exc.value.message and ".doc 请先另存为" not in str(exc.value)
    assert "另存为" in exc.value.hint


def test_sniff():
    assert sniff(FIX) == "zip"


def test_check_annotates_a_wps_that_is_a_docx(tmp_path):
    from draftkit.check import annotate, check_file

    src = tmp_path / "报告.wps"
    shutil.copy(FIX, src)
    assert annotate(src, check_file(src), tmp_path / "报告.核对.docx") >= 1
