"""Documents → blocks for every stage that reads reports (corpus ingestion and the checker).

    from draftkit.readers import read_document
    doc = read_document("report.docx")      # .docx .md .txt .pdf
    for b in doc.blocks: b.kind, b.text, b.level, b.rows, b.index, b.line, b.tag

See docs/ARCHITECTURE.md (Readers) for the contract.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DocumentError
from .blocks import Block, Document, caption_tag, case_heading, heading_level, is_source_line, is_special_heading
from .rejoin import looks_pdf_extracted, rejoin_lines

__all__ = [
    "read_document",
    "read_text",
    "Block",
    "Document",
    "rejoin_lines",
    "looks_pdf_extracted",
    "heading_level",
    "caption_tag",
    "case_heading",
    "is_source_line",
    "is_special_heading",
    "SUPPORTED_SUFFIXES",
    "WORD_SUFFIXES",
    "sniff",
    "is_docx",
    "word_format",
]

SUPPORTED_SUFFIXES = (".docx", ".md", ".markdown", ".txt", ".pdf")
#: Word-like files: read as .docx when their content is one (WPS and Word often save .docx content
#: under these names); a real legacy binary file is told by its own format
WORD_SUFFIXES = (".docx", ".doc", ".wps", ".docm", ".dotx", ".dot", ".wpt")

_MAGIC = ((b"PK\x03\x04", "zip"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), (b"{\\rtf", "rtf"),
          (b"%PDF", "pdf"), (b"MIME-Version", "mht"))


def sniff(path: str | os.PathLike[str]) -> str | None:
    """What a file is by its first bytes: ``zip`` (.docx …), ``ole`` (Word 97-2003 .doc, WPS .wps),
    ``rtf``, ``pdf``, ``mht``/``html`` (a web page saved as .doc), or None."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return None
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:5].lower() in (b"<html", b"<!doc"):
        return "html"
    return None


def is_docx(path: str | os.PathLike[str]) -> bool:
    """A zip holding ``word/document.xml``: a .docx whatever the file is named (.wps, .doc …)."""
    import zipfile

    if sniff(path) != "zip":
        return False
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" in z.namelist()
    except (OSError, zipfile.BadZipFile):
        return False


def word_format(path: str | os.PathLike[str]) -> str | None:
    """What a Word-like file that is no .docx really is, in words (``Word 97-2003 格式（.doc 二进制文件）``);
    None when its first bytes say nothing known."""
    p = Path(path)
    suffix = p.suffix.lower()
    kind = sniff(p)
    if kind == "ole":
        what = ("WPS 文字的旧格式（.wps 二进制文件）" if suffix in (".wps", ".wpt")
                else "Word 97-2003 格式（.doc 二进制文件）")
        return what + ("" if suffix in (".doc", ".dot", ".wps", ".wpt") else f"，只是扩展名为 {suffix}")
    return {"rtf": "RTF 格式", "pdf": "PDF 文件", "mht": "网页格式（MHT，“单个文件网页”）", "html": "网页格式（HTML）",
            "zip": "zip 压缩包，但里面没有 Word 文档（可能是改了扩展名的 .xlsx/.pptx）"}.get(kind or "")


def _not_docx(p: Path, suffix: str) -> DocumentError:
    """The error for a Word-like file that is no .docx inside: named by what it really is."""
    what = word_format(p)
    save_as = "用 Word 或 WPS 打开，“文件 → 另存为”选“Word 文档（*.docx）”后再试"
    if sniff(p) == "ole":
        return DocumentError(f"这是 {what}，draftkit 只读 .docx", location=str(p),
                             hint=f"{save_as}；也可以 soffice --headless --convert-to docx \"{p.name}\"。")
    if what is None:
        return DocumentError("不是 Word 文件（既不是 .docx，也不是旧版 .doc/.wps）", location=str(p), hint=f"{save_as}。")
    hint = "把扩展名改回 .pdf 即可核对。" if sniff(p) == "pdf" else f"{save_as}。"
    return DocumentError(f"扩展名是 {suffix}，内容却是 {what}", location=str(p), hint=hint)


def read_text(path: Path) -> str:
    """A text file's content: UTF-8 (with or without BOM), else GB18030 (common for Chinese files);
    within the file and text limits of :mod:`draftkit.limits` (a 50 MB .txt is refused, not read)."""
    from ..limits import limit, read_limited

    data = read_limited(path, "file_mb")
    most = limit("text_chars")
    if len(data) > 4 * most.value:  # no encoding takes more than 4 bytes a character: refuse unread
        raise most.error(f"约 {len(data) // 3} 字", location=str(path))
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if len(text) > most.value:
            raise most.error(f" {len(text)} 字", location=str(path))
        return text
    raise DocumentError("无法识别文本编码（既不是 UTF-8 也不是 GBK/GB18030）", location=str(path),
                        hint="用编辑器另存为 UTF-8 编码。")


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read a .docx / .md / .txt / .pdf into a :class:`Document`; DocumentError if unreadable.

    A .wps or .doc (and the other ``WORD_SUFFIXES``) whose content is a .docx is read as one; a real
    legacy binary file, RTF or web page is an error naming its own format.
    """
    p = Path(path)
    if not p.is_file():
        raise DocumentError("文件不存在", location=str(p), hint="检查路径是否正确。")
    suffix = p.suffix.lower()
    if suffix in WORD_SUFFIXES:
        if suffix != ".docx" and not is_docx(p) or suffix == ".docx" and sniff(p) in ("ole", "rtf", "mht", "html"):
            raise _not_docx(p, suffix)
        from .docx_reader import read_docx

        blocks, meta = read_docx(p)
        return Document(p, blocks, "docx", meta)
    if suffix in (".md", ".markdown"):
        from .text_reader import read_markdown, split_front_matter

        meta, body = split_front_matter(read_text(p), str(p))
        return Document(p, read_markdown(body), "md", meta)
    if suffix == ".txt":
        from .text_reader import read_plain_text

        return Document(p, read_plain_text(read_text(p)), "txt")
    if suffix == ".pdf":
        from .pdf_reader import read_pdf

        return Document(p, read_pdf(p), "pdf")
    raise DocumentError(f"不支持的文件类型：{suffix or '（无扩展名）'}", location=str(p),
                        hint="支持 .docx（及内容为 .docx 的 .wps/.doc）、.md、.txt、.pdf。")
