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
]

SUPPORTED_SUFFIXES = (".docx", ".md", ".markdown", ".txt", ".pdf")


def read_text(path: Path) -> str:
    """A text file's content: UTF-8 (with or without BOM), else GB18030 (common for Chinese files)."""
    data = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DocumentError("无法识别文本编码（既不是 UTF-8 也不是 GBK/GB18030）", location=str(path),
                        hint="用编辑器另存为 UTF-8 编码。")


def read_document(path: str | os.PathLike[str]) -> Document:
    """Read a .docx / .md / .txt / .pdf into a :class:`Document`; DocumentError if unreadable."""
    p = Path(path)
    if not p.is_file():
        raise DocumentError("文件不存在", location=str(p), hint="检查路径是否正确。")
    suffix = p.suffix.lower()
    if suffix == ".docx":
        from .docx_reader import read_docx

        blocks, meta = read_docx(p)
        return Document(p, blocks, "docx", meta)
    if suffix in (".md", ".markdown"):
        from .text_reader import read_markdown, split_front_matter

        meta, body = split_front_matter(read_text(p))
        return Document(p, read_markdown(body), "md", meta)
    if suffix == ".txt":
        from .text_reader import read_plain_text

        return Document(p, read_plain_text(read_text(p)), "txt")
    if suffix == ".pdf":
        from .pdf_reader import read_pdf

        return Document(p, read_pdf(p), "pdf")
    raise DocumentError(f"不支持的文件类型：{suffix or '（无扩展名）'}", location=str(p),
                        hint="支持 .docx、.md、.txt、.pdf；.doc 请先另存为 .docx。")
