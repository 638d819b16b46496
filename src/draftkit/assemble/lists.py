"""Numbered and bulleted lists as real Word numbering (restarting at each list)."""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .ooxml import insert_ppr

__all__ = ["ListNumbering"]

_BODY_FIRST_LINE = 640  # two characters of 16 pt, the body's first-line indent


class ListNumbering:
    """Creates the abstract list definitions once and a fresh ``w:num`` for every list."""

    def __init__(self, doc: DocxDocument):
        self._numbering = doc.part.numbering_part.element
        self._abstract: dict[bool, int] = {}

    def new_list(self, ordered: bool, start: int = 1) -> int:
        """A numId for a new list (numbering restarts at ``start``)."""
        abstract_id = self._abstract.get(ordered)
        if abstract_id is None:
            abstract_id = self._add_abstract(ordered)
            self._abstract[ordered] = abstract_id
        num = self._numbering.add_num(abstract_id)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(start)
        return int(num.numId)

    def apply(self, paragraph: Paragraph, num_id: int) -> None:
        """Attach list numbering ``num_id`` (level 0) to a paragraph."""
        ppr = paragraph._p.get_or_add_pPr()
        numpr = OxmlElement("w:numPr")
        ilvl = OxmlElement("w:ilvl")
        ilvl.set(qn("w:val"), "0")
        nid = OxmlElement("w:numId")
        nid.set(qn("w:val"), str(num_id))
        numpr.append(ilvl)
        numpr.append(nid)
        insert_ppr(ppr, numpr)

    def _add_abstract(self, ordered: bool) -> int:
        existing = [int(a.get(qn("w:abstractNumId"))) for a in self._numbering.findall(qn("w:abstractNum"))]
        aid = max(existing, default=-1) + 1
        absn = OxmlElement("w:abstractNum")
        absn.set(qn("w:abstractNumId"), str(aid))
        mlt = OxmlElement("w:multiLevelType")
        mlt.set(qn("w:val"), "singleLevel")
        absn.append(mlt)
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), "0")
        for tag, val in (("w:start", "1"), ("w:numFmt", "decimal" if ordered else "bullet"),
                         ("w:suff", "nothing" if ordered else "space"),
                         ("w:lvlText", "%1." if ordered else "•"), ("w:lvlJc", "left")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), val)
            lvl.append(el)
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), "0")
        ind.set(qn("w:firstLine"), str(_BODY_FIRST_LINE))
        ind.set(qn("w:firstLineChars"), "200")
        ppr.append(ind)
        lvl.append(ppr)
        if not ordered:
            rpr = OxmlElement("w:rPr")
            fonts = OxmlElement("w:rFonts")
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), "宋体" if attr == "w:eastAsia" else "Times New Roman")
            rpr.append(fonts)
            lvl.append(rpr)
        absn.append(lvl)
        first_num = self._numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(absn)
        else:
            self._numbering.append(absn)
        return aid
