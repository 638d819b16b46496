"""The table of contents: a real ``TOC \\o "1-2"`` field (chapters and sections) whose result is pre-filled.

Word refreshes the field on open (``w:updateFields``); WPS, LibreOffice and previewers that do not
update fields show the pre-filled entries, each a hyperlink to the heading's ``_Toc`` bookmark with
a ``PAGEREF`` field for its page number. Page numbers are as printed: the front matter (前言, 目录)
in roman numerals, the body from 1 (see ``style.split_page_sections``).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .style import S, StyleIds

__all__ = ["TocEntry", "fill_toc", "request_field_update", "TOC_INSTR", "TOC_LEVELS", "locate_pages", "page_labels",
           "set_pages", "roman"]

TOC_LEVELS = 2  # 一、 chapters and （一） sections: the convention of these reports
TOC_INSTR = f'TOC \\o "1-{TOC_LEVELS}" \\h \\z \\u'


@dataclass
class TocEntry:
    """A heading that the TOC lists."""

    level: int
    text: str
    bookmark: str
    page: str | None = None      # as printed: "3", or "II" in the front matter
    front: bool = False          # placed before the TOC (前言)
    result: object = None        # the w:r holding the PAGEREF field's shown page number


def _run(text: str | None = None):
    r = OxmlElement("w:r")
    if text is not None:
        t = OxmlElement("w:t")
        t.set(qn("xml:space"), "preserve")
        t.text = text
        r.append(t)
    return r


def _fld(kind: str, dirty: bool = False):
    r = _run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), kind)
    if dirty:
        fc.set(qn("w:dirty"), "true")
    r.append(fc)
    return r


def _instr(text: str):
    r = _run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {text} "
    r.append(it)
    return r


def _tab():
    r = _run()
    r.append(OxmlElement("w:tab"))
    return r


def _right_tab(p: Paragraph, pos_twips: int) -> None:
    """A right-aligned tab with dot leader at the text's right edge on the entry itself, as Word writes
    TOC entries (a template's own toc styles often define none)."""
    from .ooxml import insert_ppr

    tabs = OxmlElement("w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:leader"), "dot")
    tab.set(qn("w:pos"), str(pos_twips))
    tabs.append(tab)
    insert_ppr(p._p.get_or_add_pPr(), tabs)


def _text_width_twips(doc: DocxDocument) -> int:
    s = doc.sections[-1]
    return int((s.page_width - s.left_margin - s.right_margin) / 635)  # EMU → twips


def _entry_paragraph(ids: StyleIds, marker: Paragraph, entry: TocEntry, width: int) -> Paragraph:
    p = marker.insert_paragraph_before("")
    ids.apply(p, S.TOC[min(entry.level, TOC_LEVELS)])
    _right_tab(p, width)
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), entry.bookmark)
    link.set(qn("w:history"), "1")
    link.append(_run(entry.text))
    link.append(_tab())
    link.append(_fld("begin"))
    link.append(_instr(f"PAGEREF {entry.bookmark} \\h"))
    link.append(_fld("separate"))
    entry.result = _run(entry.page or "")
    link.append(entry.result)
    link.append(_fld("end"))
    p._p.append(link)
    return p


def fill_toc(doc: DocxDocument, marker: Paragraph, entries: list[TocEntry]) -> Paragraph:
    """Replace the ``marker`` paragraph with the TOC field and its pre-filled entries; returns the
    paragraph closing the field (the last of the TOC)."""
    ids = StyleIds(doc)
    width = _text_width_twips(doc)
    paras = [_entry_paragraph(ids, marker, e, width) for e in entries]
    if not paras:
        paras = [marker.insert_paragraph_before("（目录将在 Word 打开时生成）")]
        ids.apply(paras[0], S.TOC[1])
    first = paras[0]._p
    # field begin + instruction + separate before the first entry's content
    ppr = first.pPr
    at = list(first).index(ppr) + 1 if ppr is not None else 0
    for offset, el in enumerate((_fld("begin", dirty=True), _instr(TOC_INSTR), _fld("separate"))):
        first.insert(at + offset, el)
    end_p = marker.insert_paragraph_before("")
    ids.apply(end_p, S.TOC[1])
    end_p._p.append(_fld("end"))
    marker._p.getparent().remove(marker._p)
    return end_p


def request_field_update(doc: DocxDocument) -> None:
    """Ask Word to refresh fields (TOC, page numbers) when the document is opened."""
    settings = doc.settings.element
    el = settings.find(qn("w:updateFields"))
    if el is None:
        el = OxmlElement("w:updateFields")
        # schema position: just before hdrShapeDefaults / footnotePr / endnotePr / compat …
        later = [qn(t) for t in ("w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat",
                                 "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema", "w:themeFontLang",
                                 "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                                 "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                                 "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                                 "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                                 "w:listSeparator")]
        anchor = next((c for c in settings if c.tag in later), None)
        if anchor is not None:
            anchor.addprevious(el)
        else:
            settings.append(el)
    el.set(qn("w:val"), "true")


def _norm(text: str) -> str:
    return "".join(text.split())


def locate_pages(entries: list[TocEntry], page_texts: list[str]) -> list[int | None]:
    """1-based page of each heading in a rendered PDF, searching in document order.

    Front-matter headings are searched from the first page, the rest after the TOC pages (which
    list every heading themselves).
    """
    pages = [_norm(t) for t in page_texts]
    out: list[int | None] = []
    cur = 0

    def find(text: str, start: int) -> int | None:
        key = _norm(text)
        return next((i for i in range(start, len(pages)) if key and key in pages[i]), None)

    front = [e for e in entries if e.front]
    body = [e for e in entries if not e.front]
    for e in front:
        p = find(e.text, cur)
        out.append(None if p is None else p + 1)
        cur = p if p is not None else cur
    toc_start = find("目录", cur)
    if toc_start is not None and body:
        toc_end = find(body[-1].text, toc_start)
        cur = (toc_end + 1) if toc_end is not None else toc_start + 1
    for e in body:
        p = find(e.text, cur)
        out.append(None if p is None else p + 1)
        cur = p if p is not None else cur
    return out


def roman(n: int) -> str:
    """``4`` → ``IV`` (front-matter page numbers, Word's upperRoman)."""
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def page_labels(entries: list[TocEntry], pages: list[int | None], page_texts: list[str]) -> tuple[list[str | None], int | None]:
    """Printed page numbers of the located headings, and the body's first physical page (1-based).

    The front matter starts at the first front heading (else the 目录 page) and counts I, II …; the
    body starts at its first heading and counts from 1.
    """
    body = [p for e, p in zip(entries, pages) if not e.front and p is not None]
    front = [p for e, p in zip(entries, pages) if e.front and p is not None]
    body_start = body[0] if body else None
    toc_page = next((i + 1 for i, t in enumerate(page_texts) if "目录" in _norm(t)), None)
    front_start = front[0] if front else toc_page
    labels: list[str | None] = []
    for e, p in zip(entries, pages):
        if p is None:
            labels.append(None)
        elif e.front:
            labels.append(roman(p - front_start + 1) if front_start and p >= front_start else None)
        else:
            labels.append(str(p - body_start + 1) if body_start else None)
    return labels, body_start


def set_pages(entries: list[TocEntry], labels: list[str | None]) -> int:
    """Write printed page numbers into the pre-filled entries; returns how many were found."""
    found = 0
    for e, label in zip(entries, labels):
        e.page = label
        if e.result is None:
            continue
        t = e.result.find(qn("w:t"))
        if t is not None:
            t.text = label or ""
        found += label is not None
    return found
