"""The house style of a Chinese official report: fonts, sizes, spacing, page setup, page numbers.

黑体 headings, 楷体 second level, 仿宋 body, first-line indent of two characters, fixed 28 pt line
spacing, A4 with 公文 margins (GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm).
Fonts are set on styles (never on runs) through ``w:eastAsia`` with the theme attributes removed,
so a ``--template`` reference document can restyle everything (``fonts.make_fonts_concrete`` then
resolves whatever theme fonts are left, in every part, on the finished document).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .ooxml import add_field, set_rfonts

__all__ = [
    "StyleIds", "StyleSpec", "HOUSE_STYLES", "FONT_FALLBACKS", "apply_house_style", "setup_page", "add_page_footer",
    "split_page_sections", "set_body_page_count",
    "TEXT_WIDTH_CM", "LATIN_FONT", "S",
]

LATIN_FONT = "Times New Roman"
BODY_PT = 16.0          # 三号
LINE_PT = 28.0          # fixed line spacing
PAGE_W_CM, PAGE_H_CM = 21.0, 29.7
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
TEXT_WIDTH_CM = PAGE_W_CM - MARGINS_CM["left"] - MARGINS_CM["right"]

# Where Windows fonts are missing (Linux, LibreOffice), these render the same script without
# fallback boxes; they are written to the font table as alternate names.
FONT_FALLBACKS = {
    "仿宋": "Noto Serif CJK SC",
    "楷体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}


class S:
    """Style names used by the writer (UI names, as python-docx spells them)."""

    NORMAL = "Normal"
    H = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}
    COVER_SCHOOL = "Cover School"
    COVER_TITLE = "Cover Title"
    COVER_DATE = "Cover Date"
    PREFACE_TITLE = "Heading 1"
    TOC_HEADING = "TOC Heading"
    TOC = {1: "toc 1", 2: "toc 2", 3: "toc 3"}
    CAPTION = "Caption"
    SOURCE = "Source Note"
    TABLE_TEXT = "Table Text"
    TABLE_HEADER = "Table Header"
    FIGURE = "Figure"
    CASE_TITLE = "Case Title"
    CASE_TEXT = "Case Text"
    LIST = "List Paragraph"
    PLACEHOLDER = "Placeholder"
    FOOTER = "Footer"
    COMMENT = "annotation text"  # Word's built-in comment text style (id CommentText), used by python-docx


@dataclass(frozen=True)
class StyleSpec:
    """Everything the house style fixes about one paragraph style."""

    name: str
    east_asia: str = "仿宋"
    size: float = BODY_PT
    bold: bool = False
    align: str = "justify"          # left | center | right | justify
    first_line_chars: float = 2.0   # first-line indent in characters
    left_chars: float = 0.0
    line_pt: float | None = LINE_PT  # exact line spacing; None = single
    before_pt: float = 0.0
    after_pt: float = 0.0
    outline: int | None = None       # 0-based outline level (headings)
    page_break_before: bool = False
    keep_next: bool = False
    based_on: str | None = "Normal"
    next_style: str | None = None
    color: str | None = None
    tabs_right_cm: float | None = None  # a right tab with dot leader (TOC entries)
    style_id: str | None = None         # Word's built-in id when it is not the name without spaces
    extra: dict = field(default_factory=dict)


def _h(level: int, font: str, size: float, bold: bool, **kw) -> StyleSpec:
    return StyleSpec(name=S.H[level], east_asia=font, size=size, bold=bold, outline=level - 1,
                     keep_next=True, next_style="Normal", **kw)


HOUSE_STYLES: list[StyleSpec] = [
    StyleSpec(S.NORMAL, based_on=None),
    _h(1, "黑体", 18.0, False, align="center", first_line_chars=0, before_pt=12, after_pt=12,
       line_pt=36.0, page_break_before=True),
    _h(2, "楷体", BODY_PT, True, before_pt=6),
    _h(3, "仿宋", BODY_PT, True),
    _h(4, "仿宋", BODY_PT, False),
    StyleSpec(S.COVER_SCHOOL, east_asia="黑体", size=22.0, align="center", first_line_chars=0,
              line_pt=None, before_pt=120, after_pt=24),
    StyleSpec(S.COVER_TITLE, east_asia="宋体", size=26.0, bold=True, align="center", first_line_chars=0,
              line_pt=None, after_pt=18),
    StyleSpec(S.COVER_DATE, east_asia="楷体", size=BODY_PT, align="center", first_line_chars=0,
              line_pt=None, before_pt=200),
    StyleSpec(S.TOC_HEADING, east_asia="黑体", size=18.0, align="center", first_line_chars=0,
              line_pt=36.0, after_pt=12, page_break_before=True, next_style="Normal"),
    # two levels of about 50 entries fit in two pages
    StyleSpec(S.TOC[1], east_asia="黑体", size=14.0, align="left", first_line_chars=0, line_pt=22.0,
              tabs_right_cm=TEXT_WIDTH_CM),
    StyleSpec(S.TOC[2], east_asia="仿宋", size=14.0, align="left", first_line_chars=0, left_chars=2,
              line_pt=20.0, tabs_right_cm=TEXT_WIDTH_CM),
    StyleSpec(S.TOC[3], east_asia="仿宋", size=12.0, align="left", first_line_chars=0, left_chars=4.7,
              line_pt=22.0, tabs_right_cm=TEXT_WIDTH_CM),
    StyleSpec(S.CAPTION, east_asia="黑体", size=12.0, align="center", first_line_chars=0, line_pt=None,
              before_pt=9, after_pt=6, next_style="Normal"),
    StyleSpec(S.SOURCE, east_asia="仿宋", size=10.5, align="left", first_line_chars=0, line_pt=None,
              before_pt=3, after_pt=9),
    StyleSpec(S.TABLE_TEXT, east_asia="仿宋", size=10.5, align="center", first_line_chars=0, line_pt=None),
    StyleSpec(S.TABLE_HEADER, east_asia="黑体", size=10.5, align="center", first_line_chars=0, line_pt=None,
              based_on=S.TABLE_TEXT),
    StyleSpec(S.FIGURE, align="center", first_line_chars=0, line_pt=None, before_pt=6, keep_next=True),
    StyleSpec(S.CASE_TITLE, east_asia="黑体", size=14.0, align="center", first_line_chars=0,
              line_pt=28.0, before_pt=6, keep_next=True),
    # a little space before: LibreOffice leaves unshaded strips beside bordered paragraphs without it
    StyleSpec(S.CASE_TEXT, east_asia="楷体", size=14.0, line_pt=26.0, before_pt=1.5),
    StyleSpec(S.LIST),
    StyleSpec(S.PLACEHOLDER, color="C00000", extra={"italic": True}),
    StyleSpec(S.FOOTER, east_asia="宋体", size=10.5, align="center", first_line_chars=0, line_pt=None),
    StyleSpec(S.COMMENT, size=10.5, align="left", first_line_chars=0, line_pt=None, style_id="CommentText"),
]

_ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}


def apply_house_style(doc: DocxDocument, only_missing: bool = False) -> None:
    """Define the house styles; with ``only_missing`` keep every style a template already has."""
    if not only_missing:
        _doc_defaults(doc)
    existing = {s.name for s in doc.styles}
    for spec in HOUSE_STYLES:
        if only_missing and spec.name in existing:
            continue
        _define(doc, spec)
    _font_table_fallbacks(doc)


def _doc_defaults(doc: DocxDocument) -> None:
    """docDefaults: 仿宋 + Times New Roman, Chinese language, no theme fonts, no extra spacing, Latin words
    may break at the line end."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is not None:
        set_rfonts(rpr, "仿宋", LATIN_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))
    if ppr is not None:
        sp = ppr.find(qn("w:spacing"))
        if sp is not None:
            ppr.remove(sp)
        # 允许西文在单词中间换行: Word and WPS break a long number or Latin word at the line end instead
        # of letter-spacing the justified line before it (LibreOffice ignores it; see build.unspread)
        from .ooxml import insert_ppr

        wrap = OxmlElement("w:wordWrap")
        wrap.set(qn("w:val"), "0")
        insert_ppr(ppr, wrap)


def _define(doc: DocxDocument, spec: StyleSpec) -> None:
    styles = doc.styles
    try:
        style = styles[spec.name]
    except KeyError:
        style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    if spec.name.startswith("toc "):
        style.style_id = "TOC" + spec.name.split()[-1]  # Word's built-in id for "toc N"
    elif spec.style_id:
        style.style_id = spec.style_id
    style.hidden = False
    style.unhide_when_used = False
    style.quick_style = True
    if spec.based_on and spec.name != spec.based_on:
        style.base_style = styles[spec.based_on]
    if spec.next_style:
        style.next_paragraph_style = styles[spec.next_style]
    el = style.element
    for tag in ("w:pPr", "w:rPr"):
        old = el.find(qn(tag))
        if old is not None:
            el.remove(old)
    pf = style.paragraph_format
    pf.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                    "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[spec.align]
    pf.space_before = Pt(spec.before_pt)
    pf.space_after = Pt(spec.after_pt)
    if spec.line_pt:
        pf.line_spacing = Pt(spec.line_pt)  # python-docx writes lineRule="exact" for a Length
    else:
        pf.line_spacing = 1.0
    pf.keep_with_next = spec.keep_next
    pf.page_break_before = spec.page_break_before
    pf.widow_control = True
    _indent(style.element.get_or_add_pPr(), spec)
    if spec.tabs_right_cm:
        pf.tab_stops.add_tab_stop(Cm(spec.tabs_right_cm), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    if spec.outline is not None:
        ol = OxmlElement("w:outlineLvl")
        ol.set(qn("w:val"), str(spec.outline))
        from .ooxml import insert_ppr

        insert_ppr(style.element.get_or_add_pPr(), ol)
    font = style.font
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = bool(spec.extra.get("italic", False))
    rpr = style.element.get_or_add_rPr()
    set_rfonts(rpr, spec.east_asia, LATIN_FONT)
    if spec.color:
        from docx.shared import RGBColor

        font.color.rgb = RGBColor.from_string(spec.color)


def _indent(ppr, spec: StyleSpec) -> None:
    """``w:ind`` in characters (``firstLineChars``) with a twips fallback for older readers."""
    from .ooxml import insert_ppr

    ind = OxmlElement("w:ind")
    twips_per_char = int(spec.size * 20)
    if spec.left_chars:
        ind.set(qn("w:leftChars"), str(int(spec.left_chars * 100)))
        ind.set(qn("w:left"), str(int(spec.left_chars * twips_per_char)))
    else:
        ind.set(qn("w:left"), "0")
    ind.set(qn("w:firstLineChars"), str(int(spec.first_line_chars * 100)))
    ind.set(qn("w:firstLine"), str(int(spec.first_line_chars * twips_per_char)))
    insert_ppr(ppr, ind)


def _font_table_fallbacks(doc: DocxDocument) -> None:
    """Declare the Chinese fonts in fontTable.xml with charset GB2312 and a Noto alternate name."""
    font_part = _font_table_part(doc)
    if font_part is None:
        return
    from lxml import etree

    root = etree.fromstring(font_part.blob)
    names = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name, alt in FONT_FALLBACKS.items():
        if name in names:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        alt_el = etree.SubElement(font, qn("w:altName"))
        alt_el.set(qn("w:val"), alt)
        cs = etree.SubElement(font, qn("w:charset"))
        cs.set(qn("w:val"), "86")
        fam = etree.SubElement(font, qn("w:family"))
        fam.set(qn("w:val"), "modern" if name == "黑体" else "roman")
    font_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _font_table_part(doc: DocxDocument):
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable") and not rel.is_external:
            return rel.target_part
    return None


def setup_page(doc: DocxDocument) -> None:
    """A4 portrait with 公文 margins; different first page so the cover has no page number."""
    for section in doc.sections:
        section.page_width = Cm(PAGE_W_CM)
        section.page_height = Cm(PAGE_H_CM)
        section.top_margin = Cm(MARGINS_CM["top"])
        section.bottom_margin = Cm(MARGINS_CM["bottom"])
        section.left_margin = Cm(MARGINS_CM["left"])
        section.right_margin = Cm(MARGINS_CM["right"])
        section.header_distance = Cm(1.5)
        section.footer_distance = Cm(2.0)


def add_page_footer(doc: DocxDocument) -> None:
    """Footer 「第 X 页 共 Y 页」 with PAGE and SECTIONPAGES fields (Y counts the body's pages only).

    ``split_page_sections`` later gives the cover no footer and the front matter its own numbering.
    SECTIONPAGES shows ``SECTIONPAGES_CACHE`` until a word processor updates it (LibreOffice never
    does: ``set_body_page_count`` writes the count it laid out).
    """
    for section in doc.sections:
        footer = section.footer
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for r in list(p.runs):
            r._r.getparent().remove(r._r)
        _footer_style(doc, p)
        p.add_run("第 ")
        add_field(p, "PAGE", "1")
        p.add_run(" 页 共 ")
        add_field(p, "SECTIONPAGES", "")
        p.add_run(" 页")


def _footer_style(doc: DocxDocument, p) -> None:
    try:
        p.style = doc.styles[S.FOOTER]
    except KeyError:
        pass
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


_SECT_ORDER = ["w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
               "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
               "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid",
               "w:printerSettings", "w:sectPrChange"]


def _sect_child(sect, tag: str, **attrs: str):
    from .ooxml import insert_ordered

    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), v)
    insert_ordered(sect, el, _SECT_ORDER)
    return el


def _drop(sect, *tags: str) -> None:
    for tag in tags:
        for el in sect.findall(qn(tag)):
            sect.remove(el)


def split_page_sections(doc: DocxDocument, cover_end, front_end) -> None:
    """Cover, front matter (前言, 目录) and body as three sections: the cover without header or footer,
    the front matter numbered I, II … apart, the body numbered from 1 on its first page.

    ``cover_end``/``front_end`` are the last paragraphs of the cover and of the TOC; the body keeps the
    document's own (template's) section properties, header and footer. The front matter's break goes
    in an empty paragraph of its own: inside the TOC field's last paragraph LibreOffice loses it.
    """
    import copy

    from .ooxml import insert_ppr

    body = doc.sections[-1]._sectPr
    _drop(body, "w:titlePg", "w:pgNumType")
    _sect_child(body, "w:pgNumType", start="1")
    _sect_child(body, "w:type", val="nextPage")
    cover = copy.deepcopy(body)
    _drop(cover, "w:headerReference", "w:footerReference", "w:pgNumType", "w:type")
    front = copy.deepcopy(body)
    _drop(front, "w:footerReference", "w:pgNumType")
    _sect_child(front, "w:pgNumType", fmt="upperRoman", start="1")
    insert_ppr(cover_end._p.get_or_add_pPr(), cover)
    holder = OxmlElement("w:p")
    front_end._p.addnext(holder)
    style = front_end._p.pPr.find(qn("w:pStyle")) if front_end._p.pPr is not None else None
    if style is not None:
        holder.get_or_add_pPr().append(copy.deepcopy(style))
    insert_ppr(holder.get_or_add_pPr(), front)
    footer = doc.sections[1].footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    _footer_style(doc, p)
    add_field(p, "PAGE", "I")


def set_body_page_count(doc: DocxDocument, pages: int) -> None:
    """Write the body's page count as the shown result of every SECTIONPAGES field of its footers."""
    for section in doc.sections:
        for footer in (section.footer, section.first_page_footer, section.even_page_footer):
            if footer.is_linked_to_previous:
                continue
            _set_field_result(footer._element, "SECTIONPAGES", str(pages))


def _set_field_result(root, name: str, text: str) -> None:
    """The shown text of each ``name`` field in ``root``: one run between its separate and end."""
    import copy

    def kind(r) -> str | None:
        fc = r.find(qn("w:fldChar"))
        return fc.get(qn("w:fldCharType")) if fc is not None else None

    runs = list(root.iter(qn("w:r")))
    for i, r in enumerate(runs):
        it = r.find(qn("w:instrText"))
        if it is None or (it.text or "").split() != [name]:
            continue
        sep = next((j for j in range(i + 1, len(runs)) if kind(runs[j]) in ("separate", "end")), None)
        end = next((j for j in range(i + 1, len(runs)) if kind(runs[j]) == "end"), None)
        if sep is None or end is None or kind(runs[sep]) != "separate":
            continue
        for old in runs[sep + 1:end]:
            old.getparent().remove(old)
        shown = copy.deepcopy(runs[sep])
        shown.remove(shown.find(qn("w:fldChar")))
        t = OxmlElement("w:t")
        t.text = text
        shown.append(t)
        runs[sep].addnext(shown)


class StyleIds:
    """Style name → style id, looked up once (python-docx's by-name lookup is slow per paragraph)."""

    def __init__(self, doc: DocxDocument):
        self._ids = {s.name: s.style_id for s in doc.styles}

    def apply(self, paragraph, name: str) -> None:
        """Give a paragraph the named style (silently none when the style does not exist)."""
        sid = self._ids.get(name)
        if sid is not None:
            paragraph._p.style = sid

    def add(self, container, text: str, name: str):
        """``container.add_paragraph(text)`` with the named style."""
        p = container.add_paragraph()
        self.apply(p, name)
        if text:
            p.add_run(text)
        return p
