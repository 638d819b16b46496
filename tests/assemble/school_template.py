"""A school's Word template as Word 2016 (zh-CN) writes one: the fixture of the ``--template`` tests.

What makes real templates hard for WPS is all here: theme fonts on the document defaults
(``minorEastAsia`` → 等线 in the theme's Hans slot, the ``ea`` slot empty), headings that name 黑体
*and* a theme font (the theme wins in Word), styles with theme fonts only (Title, Heading 2),
character styles with theme fonts, a header with the school name and a footer "— PAGE —" whose runs
carry theme fonts, custom TOC and caption styles, 60-odd styles in all, body text and a table (which
the build must drop), A4 with the 公文 margins.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from lxml import etree

THEME_MINOR = {"w:asciiTheme": "minorHAnsi", "w:eastAsiaTheme": "minorEastAsia", "w:hAnsiTheme": "minorHAnsi",
               "w:cstheme": "minorBidi"}
THEME_MAJOR = {"w:asciiTheme": "majorHAnsi", "w:eastAsiaTheme": "majorEastAsia", "w:hAnsiTheme": "majorHAnsi",
               "w:cstheme": "majorBidi"}
SCHOOL = "示例职业技术学院"


def _rfonts(rpr, attrs: dict[str, str]) -> None:
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.insert(0, rf)
    for k, v in attrs.items():
        rf.set(qn(k), v)


def _style(doc, name: str, kind=WD_STYLE_TYPE.PARAGRAPH, size: float | None = None, fonts: dict | None = None,
           based: str | None = "Normal"):
    try:
        style = doc.styles[name]
    except KeyError:
        style = doc.styles.add_style(name, kind)
    if based and kind == WD_STYLE_TYPE.PARAGRAPH and name != based:
        style.base_style = doc.styles[based]
    if size:
        style.font.size = Pt(size)
    if fonts:
        _rfonts(style.element.get_or_add_rPr(), fonts)
    return style


def _theme_hans(doc, minor: str, major: str) -> None:
    """The theme's East Asian faces as Word zh-CN writes them: ``ea`` empty, the Hans script slot set."""
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/theme"))
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    root = etree.fromstring(part.blob)
    for kind, face in (("minor", minor), ("major", major)):
        block = root.find(f".//{{{a}}}{kind}Font")
        block.find(f"{{{a}}}ea").set("typeface", "")
        for f in block.findall(f"{{{a}}}font"):
            if f.get("script") == "Hans":
                f.set("typeface", face)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _header_footer(doc) -> None:
    section = doc.sections[0]
    header = section.header
    header.is_linked_to_previous = False
    hp = header.paragraphs[0]
    run = hp.add_run(f"{SCHOOL}质量年度报告")
    _rfonts(run._r.get_or_add_rPr(), THEME_MINOR)
    footer = section.footer
    footer.is_linked_to_previous = False
    fp = footer.paragraphs[0]
    fp.add_run("— ")
    for xml in ('<w:r %s><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi"/></w:rPr>'
                '<w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r %s><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                '<w:r %s><w:fldChar w:fldCharType="separate"/></w:r>',
                '<w:r %s><w:t>1</w:t></w:r>',
                '<w:r %s><w:fldChar w:fldCharType="end"/></w:r>'):
        fp._p.append(parse_xml(xml % nsdecls("w")))
    fp.add_run(" —")


def make_school_template(path: Path) -> Path:
    """Write the template to ``path`` and return it."""
    doc = docx.Document()
    _theme_hans(doc, minor="等线", major="等线 Light")
    defaults = doc.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    _rfonts(defaults, THEME_MINOR)
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = _style(doc, "Normal", size=16, fonts={"w:eastAsia": "仿宋_GB2312", "w:ascii": "Times New Roman",
                                                    "w:hAnsi": "Times New Roman"}, based=None)
    normal.paragraph_format.first_line_indent = Pt(32)
    _style(doc, "Heading 1", size=22, fonts={**THEME_MAJOR, "w:eastAsia": "方正小标宋简体"})
    _style(doc, "Heading 2", size=16, fonts=THEME_MAJOR)
    _style(doc, "Heading 3", size=16, fonts={"w:eastAsia": "楷体_GB2312"})
    _style(doc, "Title", size=26, fonts=THEME_MAJOR)
    _style(doc, "Caption", size=12, fonts={**THEME_MINOR, "w:eastAsia": "黑体"})
    for n in (1, 2, 3):
        _style(doc, f"toc {n}", size=14, fonts={"w:eastAsia": "仿宋_GB2312"} if n > 1 else THEME_MAJOR)
    _style(doc, "Quote")  # no fonts at all: inherits Normal
    _style(doc, "School Emphasis", WD_STYLE_TYPE.CHARACTER, fonts=THEME_MINOR, based=None)
    _style(doc, "Header", size=10.5, fonts=THEME_MINOR)
    _style(doc, "Footer", size=14, fonts={"w:eastAsia": "宋体"})
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _header_footer(doc)
    doc.add_paragraph("学校简介（模板示例正文，组装时应被删去）", style="Heading 1")
    doc.add_paragraph("模板正文段落。")
    doc.add_table(rows=2, cols=2)
    doc.save(str(path))
    return path
