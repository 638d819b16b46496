"""A fresh Word document in the house style, or one started from a reference .docx (--template)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.opc.exceptions import PackageNotFoundError

from ..errors import DocumentError
from .style import add_page_footer, apply_house_style, setup_page

__all__ = ["new_document"]


def new_document(template: Path | None = None) -> DocxDocument:
    """The house-style document, or the template's styles and page setup with an empty body."""
    if template is None:
        doc = docx.Document()
        apply_house_style(doc)
        setup_page(doc)
        add_page_footer(doc)
        return doc
    doc = _open_template(template)
    _clear_body(doc)
    apply_house_style(doc, only_missing=True)
    if not _has_footer_text(doc):
        add_page_footer(doc)
    return doc


def _open_template(template: Path) -> DocxDocument:
    path = Path(template)
    if not path.is_file():
        raise DocumentError(f"找不到模板文件 {path}", location=str(path),
                            hint="--template 应指向一个 .docx 参考文档（样式、页面设置取自它）。")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError) as exc:
        raise DocumentError(f"模板不是有效的 .docx 文件：{_why_not_docx(path, exc)}", location=str(path),
                            hint="用 Word 或 LibreOffice 另存为 .docx（不是 .doc/.wps）后再试。") from exc


def _why_not_docx(path: Path, exc: Exception) -> str:
    """python-docx's reasons are English ("Package not found at …"); say what the file is instead."""
    import zipfile

    from ..readers import word_format

    known = word_format(path)
    if known and not zipfile.is_zipfile(path):
        return f"实际是 {known}"
    if not zipfile.is_zipfile(path):
        return "不是 zip 压缩包（.docx 实为 zip），可能是旧版 .doc、.wps 或改了扩展名的文件"
    if isinstance(exc, (PackageNotFoundError, KeyError)):
        return "是压缩包但不是 Word 文档（可能是改了扩展名的 .xlsx/.zip）"
    return f"文件内容无法解析（{type(exc).__name__}）"


def _clear_body(doc: DocxDocument) -> None:
    """Remove the template's content, keeping its final section properties (page setup)."""
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _has_footer_text(doc: DocxDocument) -> bool:
    """True when the template already defines a footer with text or a field (keep it)."""
    for section in doc.sections:
        for ref in section._sectPr.findall(qn("w:footerReference")):
            part = doc.part.related_parts.get(ref.get(qn("r:id")))
            xml = part.blob.decode("utf-8", "ignore") if part is not None else ""
            if "fldChar" in xml or "fldSimple" in xml or "<w:t" in xml:
                return True
    return False
