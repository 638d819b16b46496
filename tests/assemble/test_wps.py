"""WPS-safe Word: read the XML of the built report and of a ``--template`` build (issue 12).

WPS lays tables out from ``w:tblGrid``, reports theme fonts as missing, sets East Asian text in a
Japanese face when a style has no ``w:eastAsia``, and does not update fields: the TOC must show its
pre-filled entries.
"""

from __future__ import annotations

import re
import zipfile

from docx.oxml.ns import qn

from draftkit.assemble.audit import Package, THEME_ATTRS, audit_docx, toc_field, wps_problems

from school_template import SCHOOL


def _theme_attrs_by_part(path) -> dict[str, int]:
    with zipfile.ZipFile(path) as z:
        return {n: len(re.findall(r"w:(?:%s)=" % "|".join(THEME_ATTRS), z.read(n).decode("utf-8")))
                for n in z.namelist() if n.startswith("word/") and n.endswith(".xml") and "/theme/" not in n}


def _assert_wps_safe(path) -> None:
    counts = _theme_attrs_by_part(path)
    assert "word/comments.xml" in counts and any(n.startswith("word/footer") for n in counts)
    assert {n: c for n, c in counts.items() if c} == {}
    assert wps_problems(Package(path)) == []


def test_built_report_is_wps_safe(built):
    result, doc, _ = built
    _assert_wps_safe(result.path)
    # the comment part's style exists and names a Chinese font
    assert doc.styles["annotation text"].style_id == "CommentText"
    assert doc.styles["annotation text"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋"


def test_toc_shows_its_entries_without_a_field_update(built):
    result, doc, _ = built
    toc = toc_field(Package(result.path))
    shown = "".join(toc["result"])
    headings = [p.text for p in doc.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    pos = [shown.find(h) for h in headings]
    assert all(p >= 0 for p in pos) and pos == sorted(pos)


def test_the_school_template_is_not_wps_safe_itself(template_build):
    """The fixture has every fault the build must remove (else the next test proves nothing)."""
    _, _, ref = template_build
    checks = {(p.check, p.where) for p in wps_problems(Package(ref))}
    assert {("theme-font", "word/styles.xml"), ("theme-font", "word/header1.xml"),
            ("theme-font", "word/footer1.xml"), ("east-asia", "styles.xml docDefaults")} <= checks


def test_template_build_is_wps_safe_and_keeps_the_template_fonts(template_build):
    result, doc, _ = template_build
    _assert_wps_safe(result.path)
    assert audit_docx(result.path) == []
    styles = doc.styles
    assert styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"  # named wins
    assert styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "等线 Light"   # theme's Hans face
    defaults = next(styles.element.find(qn("w:docDefaults")).iter(qn("w:rFonts")))
    assert defaults.get(qn("w:eastAsia")) == "等线" and defaults.get(qn("w:ascii")) == "Cambria"
    # the template's header stays on the body (not on the cover); its text keeps a concrete font
    body = doc.sections[-1]
    assert SCHOOL in body.header.paragraphs[0].text
    assert doc.sections[0].header.is_linked_to_previous
    run = body.header.paragraphs[0].runs[0]._r
    assert run.rPr.rFonts.get(qn("w:eastAsia")) == "等线"


def test_built_report_and_template_build_fail_the_audit_on_a_theme_font(built, tmp_path):
    """The audit sees a theme font wherever it is (here: in a comment's run)."""
    result, _, _ = built
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(result.path) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/comments.xml":
                data = data.replace(b"<w:t>", b'<w:rPr><w:rFonts w:eastAsiaTheme="minorEastAsia"/></w:rPr><w:t>', 1)
            dst.writestr(item, data)
    assert any(p.check == "theme-font" and p.where == "word/comments.xml" for p in wps_problems(Package(bad)))
