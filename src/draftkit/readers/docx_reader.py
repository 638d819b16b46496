"""Read a .docx into blocks: headings by style or numbering, paragraphs, tables (merged cells repeated)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import DocumentError
from .blocks import Block, classify_text

__all__ = ["read_docx"]

_STYLE_LEVEL = re.compile(r"(?:heading|标题)\s*(\d)", re.I)


def read_docx(path: Path) -> tuple[list[Block], dict]:
    """Blocks of a Word file (``index`` is into ``document.paragraphs`` / ``document.tables``) and
    metadata from its core properties (title, subject, keywords, and ``key: value`` pairs in comments)."""
    if not zipfile.is_zipfile(path):
        raise DocumentError(
            "不是有效的 Word 文件（.docx 应为 zip 压缩包），可能是改了扩展名的文本或旧版 .doc",
            location=str(path),
            hint="用 Word/WPS 另存为 .docx；纯文本请改用 .txt 扩展名。",
        )
    import docx  # python-docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds
        raise DocumentError(f"无法读取 Word 文件：{_why_unreadable(exc)}", location=str(path),
                            hint="确认文件未损坏、未加密，可在 Word 中正常打开；必要时用 Word/WPS 另存为 .docx。") from exc
    blocks: list[Block] = []
    p_idx = t_idx = 0
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            block = _paragraph_block(para, p_idx)
            p_idx += 1
            if block is not None:
                blocks.append(block)
        elif tag == "tbl":
            table = Table(child, document)
            rows = [[_cell_text(c) for c in row.cells] for row in table.rows]
            text = "\n".join("\t".join(r) for r in rows)
            blocks.append(Block("table", text, rows=rows, index=t_idx))
            t_idx += 1
    return blocks, _core_meta(document)


def _why_unreadable(exc: Exception) -> str:
    """python-docx's reasons are English (missing [Content_Types].xml, "Package not found")."""
    if isinstance(exc, KeyError) or "Content_Types" in str(exc) or "not a Word file" in str(exc):
        return "是压缩包但不是 Word 文档（可能是改了扩展名的 .xlsx/.pptx/.zip）"
    return f"文件已损坏或格式不受支持（{type(exc).__name__}）"


def _core_meta(document) -> dict:  # type: ignore[no-untyped-def]
    """title / subject / keywords / category and ``chapter: x; year: y`` pairs from the comments."""
    meta: dict = {}
    try:
        cp = document.core_properties
    except Exception:  # noqa: BLE001
        return meta
    for key in ("title", "subject", "keywords", "category"):
        value = (getattr(cp, key, "") or "").strip()
        if value:
            meta[key] = value
    for part in re.split(r"[;；\n]", cp.comments or ""):
        k, sep, v = part.partition(":") if ":" in part else part.partition("：")
        if sep and k.strip() and v.strip():
            meta.setdefault(k.strip().lower(), v.strip())
    return meta


def _cell_text(cell) -> str:  # type: ignore[no-untyped-def]
    texts = (_para_text(p._p) for p in cell.paragraphs)
    return "\n".join(t.strip() for t in texts if t.strip())


def _para_text(p_elm) -> str:  # type: ignore[no-untyped-def]
    """The paragraph as it reads with tracked changes accepted: runs inside ``<w:ins>`` count
    (python-docx's ``Paragraph.text`` skips them), ``<w:del>``/``<w:moveFrom>`` runs and runs of
    nested paragraphs (text boxes) do not."""
    from docx.oxml.ns import qn

    p_tag, skip = qn("w:p"), {qn("w:del"), qn("w:moveFrom")}
    parts: list[str] = []
    for run in p_elm.iter(qn("w:r")):
        anc = run.getparent()
        while anc is not None and anc is not p_elm and anc.tag not in skip and anc.tag != p_tag:
            anc = anc.getparent()
        if anc is p_elm:
            parts.append(getattr(run, "text", "") or "")
    return "".join(parts)


def _style_level(para) -> int | None:  # type: ignore[no-untyped-def]
    try:
        name = para.style.name if para.style is not None else ""
    except Exception:  # noqa: BLE001
        name = ""
    m = _STYLE_LEVEL.search(name or "")
    if m:
        return int(m.group(1))
    return 0 if (name or "").lower() == "title" else None


def _is_toc(para) -> bool:  # type: ignore[no-untyped-def]
    """A table-of-contents entry or title (styles ``toc 1``…, ``TOC Heading``): not report content."""
    try:
        name = (para.style.name if para.style is not None else "") or ""
    except Exception:  # noqa: BLE001
        return False
    return name.lower().startswith("toc")


def _paragraph_block(para, index: int) -> Block | None:  # type: ignore[no-untyped-def]
    text = _para_text(para._p).strip()
    if not text or _is_toc(para):
        return None
    return classify_text(text, styled_level=_style_level(para), index=index)
