"""Low-level WordprocessingML helpers python-docx lacks: fonts, fields, shading, borders, bookmarks.

Kept apart from the layout code so each helper can be tested on a bare element.
"""

from __future__ import annotations

from typing import Iterable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run  # noqa: F401  (type of add_field's style_run)

__all__ = [
    "THEME_FONT_ATTRS", "set_rfonts", "strip_theme_fonts", "add_field",
    "shade_paragraph", "border_paragraph", "shade_cell", "cell_margins", "set_cell_valign",
    "repeat_header", "keep_rows_together", "set_table_widths", "add_bookmark", "set_table_borders",
    "insert_ppr", "insert_ordered", "TBLPR_ORDER", "TCPR_ORDER",
]

THEME_FONT_ATTRS = ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme")


def strip_theme_fonts(rfonts) -> None:
    """Remove ``w:*Theme`` attributes: they win over explicit font names in Word."""
    for attr in THEME_FONT_ATTRS:
        key = qn(attr)
        if key in rfonts.attrib:
            del rfonts.attrib[key]


def set_rfonts(rpr, east_asia: str, latin: str | None = None) -> None:
    """Set ``w:rFonts`` on an ``w:rPr``: East Asian font + Latin font, theme attributes removed."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    strip_theme_fonts(rfonts)
    latin = latin or east_asia
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _fld_char(run_el, kind: str, dirty: bool = False) -> None:
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), kind)
    if dirty:
        fc.set(qn("w:dirty"), "true")
    run_el.append(fc)


def add_field(paragraph: Paragraph, instr: str, cached: str = "", *, dirty: bool = False,
              style_run: Run | None = None) -> list[Run]:
    """Append a complex field (``PAGE``, ``NUMPAGES``, ``PAGEREF x \\h``…) showing ``cached``.

    Returns the runs making up the field, so callers can format them.
    """
    runs: list[Run] = []
    begin = paragraph.add_run()
    _fld_char(begin._r, "begin", dirty)
    runs.append(begin)
    ins = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} "
    ins._r.append(it)
    runs.append(ins)
    sep = paragraph.add_run()
    _fld_char(sep._r, "separate")
    runs.append(sep)
    if cached:
        runs.append(paragraph.add_run(cached))
    end = paragraph.add_run()
    _fld_char(end._r, "end")
    runs.append(end)
    if style_run is not None:
        for r in runs:
            r.bold = style_run.bold
    return runs


TBLPR_ORDER = ["w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders",
               "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"]
TCPR_ORDER = ["w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
              "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"]


def insert_ordered(parent, el, order: list[str]) -> None:
    """Put ``el`` into ``parent`` at its schema position, replacing an element of the same tag."""
    old = parent.find(el.tag)
    if old is not None:
        parent.remove(old)
    rank = {qn(n): i for i, n in enumerate(order)}
    mine = rank.get(el.tag, len(order))
    for i, existing in enumerate(list(parent)):
        if rank.get(existing.tag, -1) > mine:
            parent.insert(i, el)
            return
    parent.append(el)


def _ppr(paragraph: Paragraph):
    return paragraph._p.get_or_add_pPr()


def _insert_ppr_child(ppr, el) -> None:
    """Insert into ``w:pPr`` keeping schema order for the few children we add."""
    order = ["w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
             "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
             "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
             "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
             "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
             "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
             "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"]
    tag = el.tag
    names = {qn(n): i for i, n in enumerate(order)}
    mine = names.get(tag, len(order))
    for i, existing in enumerate(list(ppr)):
        if names.get(existing.tag, -1) > mine:
            ppr.insert(i, el)
            return
    ppr.append(el)


def insert_ppr(ppr, el) -> None:
    """Public wrapper: add ``el`` to a ``w:pPr`` in schema order (replacing one of the same tag)."""
    old = ppr.find(el.tag)
    if old is not None:
        ppr.remove(old)
    _insert_ppr_child(ppr, el)


def _shd(fill: str):
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    return shd


def shade_paragraph(paragraph: Paragraph, fill: str) -> None:
    """Background colour of a paragraph (hex ``F2F2F2``)."""
    insert_ppr(_ppr(paragraph), _shd(fill))


def border_paragraph(paragraph: Paragraph, color: str = "7F7F7F", size: int = 6, space: int = 4,
                     sides: Iterable[str] = ("top", "left", "bottom", "right")) -> None:
    """Border around a paragraph; consecutive paragraphs with equal borders form one box."""
    bdr = OxmlElement("w:pBdr")
    for side in sides:
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), str(space))
        el.set(qn("w:color"), color)
        bdr.append(el)
    insert_ppr(_ppr(paragraph), bdr)


def _tcpr(cell):
    return cell._tc.get_or_add_tcPr()


def shade_cell(cell, fill: str) -> None:
    """Background colour of a table cell."""
    insert_ordered(_tcpr(cell), _shd(fill), TCPR_ORDER)


def set_cell_valign(cell, val: str = "center") -> None:
    """Vertical alignment of a cell's content."""
    v = OxmlElement("w:vAlign")
    v.set(qn("w:val"), val)
    insert_ordered(_tcpr(cell), v, TCPR_ORDER)


def cell_margins(table, top: int = 40, bottom: int = 40, left: int = 80, right: int = 80) -> None:
    """Default cell margins of a table (twips)."""
    mar = OxmlElement("w:tblCellMar")
    for side, val in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(val))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    insert_ordered(table._tbl.tblPr, mar, TBLPR_ORDER)


def set_table_borders(table, color: str = "000000", size: int = 4, outer: int = 8) -> None:
    """Single-line grid borders (thicker outer frame, like printed statistical tables)."""
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(outer if side in ("top", "bottom", "left", "right") else size))
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), color)
        borders.append(el)
    insert_ordered(tblpr, borders, TBLPR_ORDER)


def repeat_header(row) -> None:
    """Repeat this row at the top of every page the table spans; never split it."""
    for tag in ("w:cantSplit", "w:tblHeader"):
        _trpr_flag(row._tr, tag)


def _trpr_flag(row_el, tag: str) -> None:
    """Set an empty on/off element (``w:cantSplit``) on a row, before ``w:tblHeader`` as the schema wants."""
    trpr = row_el.get_or_add_trPr()
    if trpr.find(qn(tag)) is None:
        el = OxmlElement(tag)
        header = trpr.find(qn("w:tblHeader"))
        if tag == "w:cantSplit" and header is not None:
            header.addprevious(el)
        else:
            trpr.append(el)


def keep_rows_together(rows, tied: set[int]) -> None:
    """Rows never split inside; each row index in ``tied`` stays on the page of the next row.

    Keep-with-next on every paragraph of a row is how Word (and LibreOffice) keep table rows together.
    """
    for i, row in enumerate(rows):
        _trpr_flag(row._tr, "w:cantSplit")
        if i not in tied:
            continue
        for tc in row._tr.tc_lst:
            for p in tc.iter(qn("w:p")):
                insert_ppr(p.get_or_add_pPr(), OxmlElement("w:keepNext"))


def set_table_widths(table, twips: list[int]) -> None:
    """Column widths written the same way everywhere: ``w:tblGrid``, every ``w:tcW`` (merged cells: the
    sum of the columns they span) and ``w:tblW``. WPS lays tables out from the grid, Word from the cells."""
    tbl = table._tbl
    grid = tbl.tblGrid
    for col in list(grid):
        grid.remove(col)
    for w in twips:
        col = OxmlElement("w:gridCol")
        col.set(qn("w:w"), str(w))
        grid.append(col)
    for tr in tbl.tr_lst:
        pos = 0
        for tc in tr.tc_lst:
            span = tc.grid_span
            tcw = tc.get_or_add_tcPr().get_or_add_tcW()
            tcw.set(qn("w:type"), "dxa")
            tcw.set(qn("w:w"), str(sum(twips[pos:pos + span])))
            pos += span
    tblw = OxmlElement("w:tblW")
    tblw.set(qn("w:w"), str(sum(twips)))
    tblw.set(qn("w:type"), "dxa")
    insert_ordered(tbl.tblPr, tblw, TBLPR_ORDER)


def add_bookmark(paragraph: Paragraph, name: str, bm_id: int) -> None:
    """Wrap the paragraph's content in a bookmark (TOC entries and PAGEREF fields point at it)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bm_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bm_id))
    p = paragraph._p
    ppr = p.pPr
    idx = list(p).index(ppr) + 1 if ppr is not None else 0
    p.insert(idx, start)
    p.append(end)
