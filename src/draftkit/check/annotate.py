"""Write a copy of a .docx with a Word comment on each flagged figure.

Runs are split so the comment covers exactly the figure ("46.32%"), not the whole run or
paragraph. The original file is never touched; the copy is written atomically. The findings stand
apart from the writer notes ``draftkit build`` leaves in a report: their own author (``draftkit 核对``)
and a ``【核对】`` prefix; the writer notes (author ``draftkit``) are left out of the copy unless
``notes=True``, so a reviewer sees the findings alone. Comments people wrote are always kept.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from ..errors import DocumentError, OutputConflictError
from .model import CheckResult, Finding

__all__ = ["annotate", "writer_note_count", "AUTHOR", "NOTE_AUTHOR", "PREFIX"]

AUTHOR = "draftkit 核对"
INITIALS = "核"
PREFIX = "【核对】"
NOTE_AUTHOR = "draftkit"  # author of the writer notes (assemble.writer.COMMENT_AUTHOR)
_SEV = {"error": "错误", "warning": "提醒", "info": "提示"}
_RULE = {"data-mismatch": "与数据不符", "part-whole": "占比", "per-capita": "生均", "growth-rate": "增长率",
         "table-total": "合计", "cross-mention": "前后不一致", "unsupported": "无对应数据"}


def annotate(docx_in: str | Path, result: CheckResult, docx_out: str | Path, *,
             severities: tuple[str, ...] = ("error", "warning"), skip_rules: tuple[str, ...] = ("unsupported",),
             notes: bool = False) -> int:
    """Copy ``docx_in`` to ``docx_out`` with comments on findings; returns how many were placed.

    ``notes=False`` leaves the writer notes of a built report out of the copy.
    """
    from ..readers import is_docx

    src, out = Path(docx_in), Path(docx_out)
    if not is_docx(src):  # a .wps/.doc WPS saved as .docx content is fine
        raise DocumentError("--annotate 只能用于 .docx 输入", location=str(src),
                            hint="先在 Word/WPS 中另存为 .docx，或去掉 --annotate。")
    if out.resolve() == src.resolve():
        raise OutputConflictError("批注副本不能覆盖原文件", location=str(out), hint="换一个输出文件名，例如 report.checked.docx。")
    if out.exists():
        raise OutputConflictError("批注副本已存在，为免覆盖他人修改，不写入", location=str(out),
                                  hint="换一个输出文件名，或确认不再需要后删除该文件再运行。")
    import docx

    try:
        document = docx.Document(str(src))
    except Exception as exc:  # noqa: BLE001
        raise DocumentError(f"无法读取 Word 文件：{exc}", location=str(src)) from exc
    if not notes:
        _drop_comments(document, NOTE_AUTHOR)
    placed = 0
    for f in result.findings:
        if f.severity not in severities or f.rule in skip_rules:
            continue
        runs = _runs_for(document, f)
        if runs is None:
            continue
        text = f"{PREFIX}{_SEV.get(f.severity, f.severity)}·{_RULE.get(f.rule, f.rule)}：{f.message}"
        if f.expected:
            text += f"（应为 {f.expected}）"
        document.add_comment(runs, text=text, author=AUTHOR, initials=INITIALS)
        placed += 1
    buf = io.BytesIO()
    document.save(buf)
    from ..fsutil import atomic_write

    atomic_write(out, buf.getvalue())
    return placed


def _note_ids(document: Any, author: str) -> set[str]:
    from docx.oxml.ns import qn

    part = _comments_element(document)
    if part is None:
        return set()
    return {c.get(qn("w:id")) for c in part.findall(qn("w:comment")) if c.get(qn("w:author")) == author}


def _comments_element(document: Any):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.COMMENTS).element
    except KeyError:
        return None


def writer_note_count(docx_path: str | Path) -> int:
    """How many writer notes (comments by ``draftkit``) a .docx holds."""
    import docx

    return len(_note_ids(docx.Document(str(docx_path)), NOTE_AUTHOR))


def _drop_comments(document: Any, author: str) -> int:
    """Remove the comments of ``author``: their text, range marks and reference runs; returns how many."""
    from docx.oxml.ns import qn

    ids = _note_ids(document, author)
    if not ids:
        return 0
    part = _comments_element(document)
    for c in list(part.findall(qn("w:comment"))):
        if c.get(qn("w:id")) in ids:
            part.remove(c)
    body = document.element.body
    for tag in ("w:commentRangeStart", "w:commentRangeEnd", "w:commentReference"):
        for el in list(body.iter(qn(tag))):
            if el.get(qn("w:id")) not in ids:
                continue
            parent = el.getparent()
            parent.remove(el)
            if tag == "w:commentReference" and parent.tag == qn("w:r") and \
                    all(child.tag == qn("w:rPr") for child in parent):
                parent.getparent().remove(parent)
    return len(ids)


def _runs_for(document: Any, f: Finding) -> list | None:
    """The runs covering exactly the figure of a finding (splitting runs at its edges)."""
    loc = f.location
    if "box" in loc:  # prose read from a box (one-cell / layout table): that paragraph of the cell
        para = _box_paragraph(document, loc)
        return _cover_figure(para, f) if para is not None else None
    if "paragraph" in loc:
        paras = document.paragraphs
        idx = loc["paragraph"]
        if not 0 <= idx < len(paras):
            return None
        return _cover_figure(paras[idx], f)
    if "table" in loc:
        tables = document.tables
        t = loc["table"]
        if not 0 <= t < len(tables):
            return None
        try:
            cell = tables[t].rows[loc["row"]].cells[loc["column"]]
        except IndexError:
            return None
        for para in cell.paragraphs:
            start = _para_text(para).find(f.figure)
            if start >= 0:
                return _cover(para, start, start + len(f.figure))
    return None


def _cover_figure(para: Any, f: Finding) -> list | None:
    """The runs of a prose figure: at its span (offsets in the stripped text), else its first occurrence."""
    full = _para_text(para)
    lead = len(full) - len(full.lstrip())
    start = lead + f.span[0] if f.span else full.find(f.figure)
    if full[start : start + len(f.figure)] != f.figure:
        start = full.find(f.figure)
    return _cover(para, start, start + len(f.figure)) if start >= 0 else None


def _box_paragraph(document: Any, loc: dict) -> Any:
    """The paragraph a box location (table, row, column, box) points at, as the reader numbered it."""
    from docx.text.paragraph import Paragraph

    from ..readers.docx_reader import box_paragraph

    tables = document.tables
    if not 0 <= loc["table"] < len(tables):
        return None
    p = box_paragraph(tables[loc["table"]]._tbl, loc["row"], loc["column"], loc["box"])
    return Paragraph(p, document) if p is not None else None


def _run_elements(para: Any) -> list:
    """Every w:r of a paragraph in order, hyperlinks included."""
    from docx.oxml.ns import qn

    return [r for r in para._p.iter(qn("w:r"))]


def _para_text(para: Any) -> str:
    from docx.text.run import Run

    return "".join(Run(r, para).text for r in _run_elements(para))


def _cover(para: Any, start: int, end: int) -> list | None:
    """Split runs so that [start, end) is exactly a sequence of runs; return those runs."""
    from docx.text.run import Run

    _split_at(para, end)
    _split_at(para, start)
    out, pos = [], 0
    for r in _run_elements(para):
        run = Run(r, para)
        n = len(run.text)
        if pos >= start and pos + n <= end and n > 0:
            out.append(run)
        pos += n
    return out or None


def _split_at(para: Any, offset: int) -> None:
    from docx.text.run import Run

    pos = 0
    for r in _run_elements(para):
        run = Run(r, para)
        text = run.text
        if pos < offset < pos + len(text):
            k = offset - pos
            twin = copy.deepcopy(r)
            r.addnext(twin)
            Run(r, para).text = text[:k]
            Run(twin, para).text = text[k:]
            return
        pos += len(text)
