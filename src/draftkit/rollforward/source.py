"""Last year's report as a Word document to roll forward.

A .docx is used as it is (its styles, comments and tracked changes stay). A .pdf, .txt or .md
is read by :mod:`draftkit.readers` (PDF lines rejoined, tables recovered) and written as a new
.docx in the house style by the assemble stage's writer: headings, body paragraphs, captions,
data tables and 数据来源 lines; the roll-forward changes are then tracked in that document.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ..errors import DocumentError

__all__ = ["open_report", "house_docx"]


def open_report(path: Path) -> tuple[Any, str]:
    """(python-docx Document, the input's format) for a .pdf/.txt/.md report: a new house-style
    .docx. A .docx is opened by the caller after the readers have checked it."""
    from ..readers import SUPPORTED_SUFFIXES, read_document

    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"不支持的文件类型：{suffix or '（无扩展名）'}", location=str(path),
                            hint="上年报告请用 .docx（推荐）、.pdf、.txt 或 .md；.doc/.wps 请先另存为 .docx。")
    doc = read_document(path)
    if not any(b.text.strip() for b in doc.blocks):
        raise DocumentError("文件中没有可读的正文", location=str(path),
                            hint="扫描版 PDF 没有文字层，请先做文字识别（OCR）或改用 Word 原稿。")
    import docx

    return docx.Document(io.BytesIO(house_docx(doc.blocks))), doc.format


def house_docx(blocks: list) -> bytes:  # noqa: ANN001 - readers.Block
    """Reader blocks as a .docx in the house style (no cover, no TOC: the report's own text)."""
    from ..assemble.document import new_document
    from ..assemble.style import S
    from ..assemble.writer import ReportWriter

    d = new_document()
    w = ReportWriter(d)
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "caption" and (b.tag or "").startswith("表") and i + 1 < len(blocks) and blocks[i + 1].kind == "table":
            source = blocks[i + 2] if i + 2 < len(blocks) and blocks[i + 2].kind == "source" else None
            _table(d, w, blocks[i + 1], b.text, source.text if source else None)
            i += 3 if source else 2
            continue
        if b.kind == "table":
            source = blocks[i + 1] if i + 1 < len(blocks) and blocks[i + 1].kind == "source" else None
            _table(d, w, b, "", source.text if source else None)
            i += 2 if source else 1
            continue
        if b.kind == "heading" and b.level:
            w.heading(min(b.level, 4), b.text)
        else:
            style = {"heading": S.CASE_TITLE, "caption": S.CAPTION, "source": S.SOURCE}.get(b.kind, S.NORMAL)
            w.ids.add(d, b.text, style)
        i += 1
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _table(d: Any, w: Any, block: Any, caption: str, source: str | None) -> None:
    from ..assemble.tables import add_data_table
    from .link import is_total_label
    from ..data.model import Table

    rows = [list(r) for r in (block.rows or []) if any(c.strip() for c in r)]
    if not rows:
        return
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    total = next((r[k] for r in rows[1:] for k in range(min(2, width)) if is_total_label(r[k])), None)
    table = Table(id=f"t{block.index}", title=caption, columns=[c.replace("|", "｜") for c in rows[0]],
                  rows=rows[1:], source=source, total_row=total)
    add_data_table(d, table, caption, ids=w.ids)
