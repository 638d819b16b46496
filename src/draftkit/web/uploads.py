"""Uploaded files: named safely, typed by their content, kept in a private folder deleted after use.

The name a browser sends is cut to its base name (no folders, no control characters, an allowed
suffix) and only ever joined to a fresh private temp folder, so it can carry the report's year
(``2023年质量报告.docx``) as the CLI would see it. A file is accepted when its content is what its
suffix says (a .docx is a zip holding word/document.xml, a .pdf starts with ``%PDF-`` …).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..errors import DocumentError, DraftkitError

__all__ = ["REPORT_SUFFIXES", "DATA_SUFFIXES", "Upload", "private_dir", "new_private_dir", "save_upload", "display_name",
           "sniff", "rename_error"]

REPORT_SUFFIXES = (".docx", ".pdf", ".txt", ".md")
DATA_SUFFIXES = (".yaml", ".yml", ".xlsx")
_TEXT_SUFFIXES = (".txt", ".md", ".yaml", ".yml")
_ZIP_MEMBER = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_WHAT = {".docx": "Word 文档", ".xlsx": "Excel 工作簿", ".pdf": "PDF 文件"}
_CHUNK = 1 << 20
_WINDOWS_UNSAFE = re.compile(r'[<>:"|?*]')


@dataclass(frozen=True)
class Upload:
    """A saved upload: where its bytes are (private) and the name to show (the browser's, cleaned)."""

    path: Path
    name: str


def new_private_dir() -> Path:
    """A new temp folder only this user can read (0700); the caller removes it (``shutil.rmtree``)."""
    folder = Path(tempfile.mkdtemp(prefix="draftkit-web-"))
    os.chmod(folder, 0o700)
    return folder


@contextmanager
def private_dir() -> Iterator[Path]:
    """A private temp folder (:func:`new_private_dir`), removed with everything in it afterwards."""
    folder = new_private_dir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def display_name(raw: str | None, allowed: tuple[str, ...]) -> str:
    """The base name of an uploaded file (no folders, no control characters); DocumentError otherwise."""
    base = (raw or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    if not base or base in (".", "..") or any(ord(c) < 32 or c == "\x7f" for c in base) or len(base) > 200:
        raise DocumentError("上传的文件名无效", hint="给文件起一个普通的名字（如 质量年报.docx）再上传。")
    suffix = Path(base).suffix.lower()
    if suffix not in allowed:
        raise DocumentError(f"不支持的文件类型：{suffix or '（无扩展名）'}", location=base,
                            hint=f"支持 {'、'.join(allowed)}；.doc 请先在 Word/WPS 中另存为 .docx。")
    return base


async def save_upload(upload: Any, folder: Path, allowed: tuple[str, ...]) -> Upload:
    """Copy a Starlette UploadFile into the private ``folder`` under its cleaned name and check its content."""
    name = display_name(getattr(upload, "filename", None), allowed)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / _WINDOWS_UNSAFE.sub("_", name)
    with open(dest, "wb") as fh:
        while chunk := await upload.read(_CHUNK):
            fh.write(chunk)
    await upload.close()
    sniff(dest, name)
    return Upload(dest, name)


def sniff(path: Path, name: str) -> None:
    """DocumentError unless the content is what the suffix of ``name`` says."""
    suffix = Path(name).suffix.lower()
    if path.stat().st_size == 0:
        raise DocumentError("上传的文件是空的", location=name, hint="检查是否选错了文件。")
    if suffix in _ZIP_MEMBER:
        if not _zip_has(path, _ZIP_MEMBER[suffix]):
            raise DocumentError(f"文件内容不是{_WHAT[suffix]}（扩展名是 {suffix}，但内容不符）", location=name,
                                hint=f"在 Word/WPS/Excel 中打开后另存为 {suffix} 再上传；不要只改扩展名。")
        return
    with open(path, "rb") as fh:
        head = fh.read(64 * 1024)
    if suffix == ".pdf":
        if not head.lstrip()[:5] == b"%PDF-":
            raise DocumentError("文件内容不是 PDF", location=name, hint="上传真正的 PDF 文件，或直接上传 .docx。")
        return
    if suffix in _TEXT_SUFFIXES and not _is_text(head):
        raise DocumentError(f"文件内容不是文本（{suffix} 应为 UTF-8 或 GBK 编码的纯文本）", location=name,
                            hint="Word 文档请直接上传 .docx；文本文件请用编辑器另存为 UTF-8。")


def _zip_has(path: Path, member: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return member in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for enc in ("utf-8-sig", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as exc:
            if exc.start >= len(head) - 4:  # a character cut at the end of the sample
                return True
    return False


def rename_error(exc: DraftkitError, path: Path, name: str) -> None:
    """Make ``exc`` name the file as the user knows it (``name``), never its private temp ``path``."""
    for attr in ("location", "message", "hint"):
        value = getattr(exc, attr, None)
        if isinstance(value, str) and str(path) in value:
            setattr(exc, attr, value.replace(str(path), name))
    exc.args = (exc.message,)
