"""Concrete fonts everywhere, for WPS: theme font attributes resolved, ``w:eastAsia`` on every used style.

WPS reports theme fonts (``w:eastAsiaTheme="minorEastAsia"``) as missing and lays East Asian text
out in a Japanese face when a style names no ``w:eastAsia`` font. ``make_fonts_concrete`` runs on
the finished document (comments, headers and footers exist by then): every theme attribute in
every part is replaced by the font the theme names for Simplified Chinese (what Word would show),
and every style that text uses resolves to a ``w:eastAsia`` font.
"""

from __future__ import annotations

import re

from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

__all__ = ["make_fonts_concrete", "theme_fonts", "DEFAULT_EAST_ASIA"]

DEFAULT_EAST_ASIA = "宋体"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_THEME_TO_PLAIN = {"w:asciiTheme": "w:ascii", "w:hAnsiTheme": "w:hAnsi", "w:eastAsiaTheme": "w:eastAsia",
                   "w:cstheme": "w:cs"}
#: styles python-docx writes into the comments part without defining them
_COMMENT_STYLES = {"CommentText": ("annotation text", WD_STYLE_TYPE.PARAGRAPH),
                   "CommentReference": ("annotation reference", WD_STYLE_TYPE.CHARACTER)}


def theme_fonts(doc: DocxDocument) -> dict[str, str]:
    """``minorHAnsi``/``majorEastAsia``/… → the typeface the theme gives it (East Asian: the Hans script face)."""
    part = next((r.target_part for r in doc.part.rels.values()
                 if r.reltype.endswith("/theme") and not r.is_external), None)
    out: dict[str, str] = {}
    if part is None:
        return out
    root = etree.fromstring(part.blob)
    for kind in ("major", "minor"):
        block = root.find(f".//{{{_A}}}{kind}Font")
        if block is None:
            continue

        def face(tag: str) -> str:
            el = block.find(f"{{{_A}}}{tag}")
            return el.get("typeface", "") if el is not None else ""

        hans = next((f.get("typeface", "") for f in block.findall(f"{{{_A}}}font") if f.get("script") == "Hans"), "")
        latin = face("latin")
        out[f"{kind}HAnsi"] = out[f"{kind}Ascii"] = latin
        out[f"{kind}EastAsia"] = face("ea") or hans or DEFAULT_EAST_ASIA
        out[f"{kind}Bidi"] = face("cs") or latin
    return out


def _xml_parts(doc: DocxDocument):
    """(root element, save callback) of every XML part of the package that may hold run fonts."""
    for part in doc.part.package.iter_parts():
        name = str(part.partname)
        if not name.endswith(".xml") or name.startswith("/word/theme/"):
            continue
        element = getattr(part, "_element", None)
        if element is not None:
            yield element, None
        elif b"rFonts" in part.blob:
            root = etree.fromstring(part.blob)
            yield root, (lambda r, p=part: setattr(p, "_blob", etree.tostring(
                r, xml_declaration=True, encoding="UTF-8", standalone=True)))


def _resolve(rfonts, fonts: dict[str, str]) -> bool:
    changed = False
    for theme_attr, plain in _THEME_TO_PLAIN.items():
        value = rfonts.get(qn(theme_attr))
        if value is None:
            continue
        del rfonts.attrib[qn(theme_attr)]
        changed = True
        if rfonts.get(qn(plain)) is None and fonts.get(value):
            rfonts.set(qn(plain), fonts[value])
    return changed


def _used_style_ids(doc: DocxDocument) -> tuple[set[str], set[str]]:
    """Paragraph and character style ids that text uses (document, comments, headers, footers)."""
    para, char = set(), set()
    for root, _ in _xml_parts(doc):
        if not re.search(r"}(document|comments|hdr|ftr|footnotes|endnotes)$", root.tag):
            continue
        para |= {el.get(qn("w:val")) for el in root.iter(qn("w:pStyle"))}
        char |= {el.get(qn("w:val")) for el in root.iter(qn("w:rStyle"))}
    return para, char


def _east_asia_of(style) -> str | None:
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None and rpr.rFonts.get(qn("w:eastAsia")):
            return rpr.rFonts.get(qn("w:eastAsia"))
        style = style.base_style
    return None


def _set_east_asia(style, font: str) -> None:
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), font)
    rfonts.set(qn("w:hint"), "eastAsia")


def _default_east_asia(doc: DocxDocument) -> str:
    rfonts = doc.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr") + "/" + qn("w:rFonts"))
    return (rfonts.get(qn("w:eastAsia")) if rfonts is not None else None) or DEFAULT_EAST_ASIA


def _ensure_default_east_asia(doc: DocxDocument, font: str) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        doc.styles.element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    if not rfonts.get(qn("w:eastAsia")):
        rfonts.set(qn("w:eastAsia"), font)


def make_fonts_concrete(doc: DocxDocument) -> None:
    """Resolve every theme font attribute, then give every used style a ``w:eastAsia`` font."""
    fonts = theme_fonts(doc)
    for root, save in _xml_parts(doc):
        changed = [_resolve(rf, fonts) for rf in root.iter(qn("w:rFonts"))]
        if save is not None and any(changed):
            save(root)
    default = _default_east_asia(doc)
    _ensure_default_east_asia(doc, default)
    para, char = _used_style_ids(doc)
    by_id = {s.style_id: s for s in doc.styles}
    for sid, (name, kind) in _COMMENT_STYLES.items():
        if sid in para | char and sid not in by_id:
            style = doc.styles.add_style(name, kind)
            style.style_id = sid
            if kind == WD_STYLE_TYPE.PARAGRAPH and "Normal" in by_id:
                style.base_style = by_id["Normal"]
            by_id[sid] = style
    default_para = next((s for s in doc.styles if s.type == WD_STYLE_TYPE.PARAGRAPH
                         and s.element.get(qn("w:default")) in ("1", "true")), None)
    targets = [by_id[s] for s in para if s in by_id] + ([default_para] if default_para is not None else [])
    for style in targets:
        if not _east_asia_of(style):
            _set_east_asia(style, _east_asia_of(default_para) or default)
    for sid in char:
        style = by_id.get(sid)
        rpr = style.element.rPr if style is not None else None
        if rpr is not None and rpr.rFonts is not None and not rpr.rFonts.get(qn("w:eastAsia")):
            _set_east_asia(style, default)
