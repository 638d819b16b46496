"""Read a .pdf with pypdf and rejoin its lines into blocks."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from ..errors import DocumentError
from ..limits import limit, read_limited
from .blocks import Block
from .rejoin import rejoin_lines

__all__ = ["read_pdf", "pdf_text"]


def pdf_text(path: Path) -> str:
    """The text of every page, pages separated by a blank line (page numbers are dropped later)."""
    data = read_limited(path, "file_mb")
    head = data[:1024]
    if b"%PDF" not in head:
        raise DocumentError("不是有效的 PDF 文件（文件头不是 %PDF），可能是改了扩展名的其它文件", location=str(path),
                            hint="用原软件另存为 PDF，或改用 .docx / .txt 版本。")
    quiet = logging.getLogger("pypdf")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # pypdf logs warnings ("EOF marker not found" …) straight to the console
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        pages = _page_texts(reader, path)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds
        raise DocumentError(f"无法读取 PDF：{exc}", location=str(path),
                            hint="确认文件是未加密的 PDF；扫描件需先做文字识别（OCR）。") from exc
    finally:
        quiet.setLevel(level)
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentError("PDF 中没有可提取的文字（可能是扫描件）", location=str(path),
                            hint="先做文字识别（OCR），或提供 .docx / .txt 版本。")
    return text


def _page_texts(reader, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Each page's text, within the page and text limits."""
    pages_limit, chars_limit = limit("pdf_pages"), limit("text_chars")
    if len(reader.pages) > pages_limit.value:
        raise pages_limit.error(f" {len(reader.pages)} 页", location=str(path))
    pages, chars = [], 0
    for page in reader.pages:
        text = page.extract_text() or ""
        chars += len(text)
        if chars > chars_limit.value:
            raise chars_limit.error(None, location=str(path))
        pages.append(text)
    return pages


def read_pdf(path: Path) -> list[Block]:
    """Blocks of a PDF (PDF lines wrap mid-sentence, so they always go through rejoin)."""
    return rejoin_lines(pdf_text(path))
