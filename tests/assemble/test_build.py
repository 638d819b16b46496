"""The built .docx, opened with python-docx: structure, style, tables, captions, comments."""

from __future__ import annotations

import re

import pytest
from docx.oxml.ns import qn
from docx.shared import Cm

from draftkit.data import load_year_data

HEADINGS = {"Heading 1": 1, "Heading 2": 2, "Heading 3": 3, "Heading 4": 4}


def headings(doc):
    return [(HEADINGS[p.style.name], p.text) for p in doc.paragraphs if p.style.name in HEADINGS]


def east_asia_font(style):
    """The w:eastAsia font a paragraph style resolves to, walking basedOn; theme attrs fail."""
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None:
            attrs = {k.split("}")[1] for k in rpr.rFonts.attrib}
            assert not attrs & {"asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"}, style.name
            if rpr.rFonts.get(qn("w:eastAsia")):
                return rpr.rFonts.get(qn("w:eastAsia"))
        style = style.base_style
    return None


def test_heading_order_and_numbering(built):
    _, doc, _ = built
    assert headings(doc) == [
        (1, "前言"), (2, "编制过程"), (2, "特色亮点"),
        (1, "一、发展概述"), (2, "（一）基本情况"), (3, "1.学校简介"), (3, "2.师生规模"), (4, "（1）专业结构"),
        (2, "（二）办学条件"),
        (1, "二、人才培养"), (2, "（一）就业质量"), (3, "1.就业情况"), (2, "（二）创新创业"),
        (1, "附表"),
    ]


def test_cover_comes_first_with_school_title_and_year(built):
    _, doc, _ = built
    first = [p.text for p in doc.paragraphs[:3]]
    assert first[0] == "测试职业技术学院"
    assert "职业教育质量年度报告" in first[1] and "（2023年度）" in first[1]
    assert re.fullmatch(r"\d{4}年\d{1,2}月", first[2])
    assert doc.core_properties.title == "测试职业技术学院职业教育质量年度报告（2023年度）"


def test_east_asian_fonts_on_body_and_headings(built):
    _, doc, _ = built
    used = {p.style.name: p.style for p in doc.paragraphs}
    assert east_asia_font(used["Normal"]) == "仿宋"
    assert east_asia_font(used["Heading 1"]) == "黑体"
    assert east_asia_font(used["Heading 2"]) == "楷体"
    for name, style in used.items():
        assert east_asia_font(style), f"style {name} has no w:eastAsia font"
    from lxml import etree

    defaults = etree.tostring(doc.styles.element.find(qn("w:docDefaults")), encoding="unicode")
    assert "eastAsiaTheme" not in defaults and 'w:eastAsia="仿宋"' in defaults
    # fonts are never set run by run (a --template restyles everything)
    body_runs = [r for p in doc.paragraphs if p.style.name == "Normal" for r in p.runs]
    assert body_runs and all(r._r.rPr is None or r._r.rPr.rFonts is None for r in body_runs)


def test_body_style_indent_and_fixed_spacing(built):
    _, doc, _ = built
    normal = doc.styles["Normal"]
    ind = normal.element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    spacing = normal.element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact" and spacing.get(qn("w:line")) == "560"


def test_page_setup_a4_and_footer_page_fields(built):
    _, doc, _ = built
    for s in doc.sections:  # cover, front matter, body: the same page
        assert abs(s.page_width - Cm(21)) < Cm(0.05) and abs(s.page_height - Cm(29.7)) < Cm(0.05)
        assert abs(s.top_margin - Cm(3.7)) < Cm(0.05) and abs(s.left_margin - Cm(2.8)) < Cm(0.05)
    body = doc.sections[-1]
    xml = body.footer._element.xml
    assert "第 " in body.footer.paragraphs[0].text and " 页 共 " in body.footer.paragraphs[0].text
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", xml)
    assert re.search(r"<w:instrText[^>]*> SECTIONPAGES </w:instrText>", xml)  # the body's pages, not the cover's


def test_cover_front_matter_and_body_are_numbered_apart(built):
    """No number on the cover, I, II … on 前言 and 目录, the body from 1 on its first chapter."""
    _, doc, _ = built
    cover, front, body = doc.sections
    assert cover.footer.is_linked_to_previous and cover.header.is_linked_to_previous  # the first section: none
    front_num = front._sectPr.find(qn("w:pgNumType"))
    assert front_num.get(qn("w:fmt")) == "upperRoman" and front_num.get(qn("w:start")) == "1"
    assert "PAGE" in front.footer._element.xml and "SECTIONPAGES" not in front.footer._element.xml
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert not body.different_first_page_header_footer  # the body's first page shows its number
    paras = doc.paragraphs
    breaks = [i for i, p in enumerate(paras) if p._p.pPr is not None and p._p.pPr.find(qn("w:sectPr")) is not None]
    assert paras[breaks[0]].style.name == "Cover Date" and paras[breaks[0] + 1].text == "前言"
    assert paras[breaks[1] + 1].text == "一、发展概述"
    assert any(p.style.name == "TOC Heading" for p in paras[breaks[0]:breaks[1]])


def test_toc_field_prefilled_with_headings_up_to_level_2(built):
    _, doc, _ = built
    body = doc.element.body.xml
    assert 'TOC \\o "1-2"' in body
    entries = [p for p in doc.paragraphs if p.style.name.startswith("toc ") and p.text]
    assert not [p for p in entries if p.style.name == "toc 3"]
    expected = [t for lvl, t in headings(doc) if lvl <= 2]
    assert [p.text.split("\t")[0] for p in entries] == expected
    bookmarks = {b.get(qn("w:name")) for b in doc.element.body.iter(qn("w:bookmarkStart"))}
    anchors = [h.get(qn("w:anchor")) for p in entries for h in p._p.iter(qn("w:hyperlink"))]
    assert len(anchors) == len(entries) and set(anchors) <= bookmarks
    assert doc.settings.element.find(qn("w:updateFields")) is not None


def _table_cells(t):
    return [[c.text for c in row.cells] for row in t.rows]


def test_tables_equal_the_data(built):
    result, doc, root = built
    yd = load_year_data(root / "data" / "2023.yaml")
    tables = doc.tables
    # in document order: teachers (placed by [[table:]]), majors, funding (before the chart drawn from it),
    # employment, clubs (unnamed: end of its chapter), 2 appendix tables
    assert len(tables) == result.tables == 7
    by_order = ["teachers", "majors", "funding_by_year", "employment_destinations", "clubs"]
    for t, tid in zip(tables, by_order):
        data = yd.tables[tid]
        cells = _table_cells(t)
        header_rows = 2 if any("|" in c for c in data.columns) else 1
        assert cells[header_rows:] == data.rows, tid
        assert [c.split("|")[-1] for c in data.columns] == cells[header_rows - 1], tid
    # the appendix table built from a data table
    assert _table_cells(tables[6])[1:] == yd.tables["teachers_title"].rows


def test_two_level_header_is_merged(built):
    _, doc, _ = built
    t = doc.tables[0]
    top, sub = _table_cells(t)[:2]
    assert top == ["校内教师人数", "副高以上职称教师", "副高以上职称教师", "硕士学位及以上教师",
                   "硕士学位及以上教师", "生师比"]
    assert sub == ["校内教师人数", "人数", "比例", "人数", "比例", "生师比"]
    row0 = t.rows[0]._tr
    spans = [tc.tcPr.find(qn("w:gridSpan")) for tc in row0.tc_lst]
    assert [int(s.get(qn("w:val"))) if s is not None else 1 for s in spans] == [1, 2, 2, 1]
    assert t.rows[0].cells[0]._tc.tcPr.find(qn("w:vMerge")) is not None
    assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


def test_numbers_right_aligned_and_header_shaded(built):
    _, doc, _ = built
    t = doc.tables[1]  # majors
    row = t.rows[1]
    assert row.cells[1].paragraphs[0].alignment == 2  # RIGHT
    assert row.cells[0].paragraphs[0].alignment != 2
    assert t.rows[0].cells[0]._tc.tcPr.find(qn("w:shd")) is not None


def test_appendix_metric_table(built):
    result, doc, root = built
    yd = load_year_data(root / "data" / "2023.yaml")
    cells = _table_cells(doc.tables[5])
    assert cells[0] == ["序号", "指标", "单位", "2023年度", "2022年度"]
    assert cells[1] == ["1", "全日制在校生数", "人", "17402", "—"]
    assert cells[2][3] == yd.format("teachers_master_share").rstrip("%")
    assert cells[3][3:] == ["34118.10", "33144.21"]
    assert cells[4][3] == "—"
    assert any("no_such_metric" in w for w in result.warnings)


def test_captions_numbered_per_chapter_in_order(built):
    _, doc, _ = built
    caps = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert caps[:3] == ["表 1-1 教师队伍情况表", "表 1-2 专业设置情况统计表", "图 1-1 专任教师学历与职称结构"]
    seen: dict[tuple[str, str], list[int]] = {}
    for c in caps:
        m = re.match(r"^([表图]) (\d+)-(\d+) ", c)
        if m:
            seen.setdefault((m.group(1), m.group(2)), []).append(int(m.group(3)))
    for key, nums in seen.items():
        assert nums == list(range(1, len(nums) + 1)), key
    assert seen[("图", "1")] == [1, 2, 3] and seen[("表", "2")] == [1, 2] and seen[("图", "2")] == [1]
    assert caps.index("表 1-3 办学经费情况统计表") + 1 == caps.index("图 1-3 办学经费收支情况")
    # table captions precede their table, figure captions follow the picture
    body = list(doc.element.body)
    for i, el in enumerate(body):
        if el.tag == qn("w:tbl"):
            assert re.match(r"^(表 \d+-\d+|表1|附表\d)", _text(body[i - 1]))
        if el.tag == qn("w:p") and el.xpath(".//pic:pic"):
            assert _text(body[i + 1]).startswith("图 ")


def _text(el):
    return "".join(t.text or "" for t in el.iter(qn("w:t")))


def test_sources_below_tables(built):
    _, doc, _ = built
    body = list(doc.element.body)
    for i, el in enumerate(body):
        if el.tag == qn("w:tbl"):
            assert _text(body[i + 1]).startswith("数据来源：测试职业技术学院")


def test_writer_notes_become_comments_not_body_text(built):
    result, doc, _ = built
    comments = list(doc.comments)
    assert result.comments == len(comments) == 2
    texts = [c.text for c in comments]
    assert "参考范例：往年报告的编制过程写法。" in texts[0]
    assert "补充生师比" in texts[1] and "第二行提示" in texts[1]
    assert all(c.author == "draftkit" for c in comments)
    body_text = "\n".join(p.text for p in doc.paragraphs)
    assert "参考范例" not in body_text and "写作提示" not in body_text
    # anchored to the paragraph before the note
    anchored = [p.text for p in doc.paragraphs if p._p.find(qn("w:commentRangeStart")) is not None]
    assert anchored[0].startswith("学校高度重视质量年报")
    assert anchored[1].startswith("专任教师796人")


def test_case_boxes_shaded_with_renumbered_titles(built):
    result, doc, _ = built
    titles = [p for p in doc.paragraphs if p.style.name == "Case Title"]
    assert [p.text for p in titles] == ["典型案例 1-1：红色引领匠心传承", "典型案例 1-2：产教融合新模式"]
    assert result.cases == 2
    box = [p for p in doc.paragraphs if p.style.name == "Case Text"]
    assert box and all(p._p.pPr.find(qn("w:shd")) is not None for p in titles + box)
    assert all(p._p.pPr.find(qn("w:pBdr")) is not None for p in titles + box)
    assert any(r.bold and r.text == "加粗" for p in box for r in p.runs)


def test_lists_use_word_numbering_and_restart(built):
    _, doc, _ = built
    items = [p for p in doc.paragraphs if p.style.name == "List Paragraph"]
    nums = [p._p.pPr.numPr.numId.val for p in items]
    assert [p.text for p in items] == ["第一项举措", "第二项举措", "要点甲", "要点乙", "重启编号的列表"]
    assert nums[0] == nums[1] and nums[2] == nums[3] and len({nums[0], nums[2], nums[4]}) == 3


def test_missing_draft_becomes_marked_placeholder(built):
    result, doc, _ = built
    assert result.placeholders == ["talent-missing"]
    ph = [p.text for p in doc.paragraphs if p.style.name == "Placeholder"]
    assert len(ph) == 1 and "待补充" in ph[0] and "talent-missing" in ph[0]


def test_bold_in_body(built):
    _, doc, _ = built
    p = next(p for p in doc.paragraphs if p.text.startswith("坚持党建引领"))
    assert [(r.text, bool(r.bold)) for r in p.runs] == [("坚持", False), ("党建引领", True), ("，推进内涵发展。", False)]


def test_charts_present_and_unknown_chart_warned(built):
    result, doc, _ = built
    pics = [p for p in doc.paragraphs if p._p.xpath(".//pic:pic")]
    assert len(pics) == result.charts == 4
    assert any("no_such_chart" in w for w in result.warnings)
    assert not any("Glyph" in w or "missing from" in w for w in result.warnings)


def test_unnamed_data_table_goes_to_its_chapter_or_before_its_chart(built):
    result, doc, _ = built
    assert result.extra_tables == ["funding_by_year", "clubs"]
    caps = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert "表 2-2 学生社团统计表" in caps


@pytest.mark.parametrize("section", ["overview-basic"])
def test_typed_placeholder_is_bound_without_doubling_the_unit(project, section):
    import docx

    from draftkit.assemble import build
    from draftkit.config import load_settings

    draft = project / "outputs" / "2023" / "drafts" / f"{section}.md"
    draft.write_text("在校生{{students_total}}人。\n", encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    assert "在校生17402人。" in [p.text for p in docx.Document(str(result.path)).paragraphs]
    assert not any(section in w for w in result.warnings)


def test_empty_draft_is_a_placeholder(project):
    from draftkit.assemble import build
    from draftkit.config import load_settings

    (project / "outputs" / "2023" / "drafts" / "overview-conditions.md").write_text("\n\n", encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    assert result.placeholders == ["overview-conditions", "talent-missing"]


def test_placeholder_of_a_section_lacking_data_names_what_is_missing(project):
    """A section the data cannot support was never drafted: "run draft" would not help, adding the data does."""
    import yaml

    from draftkit.assemble import build
    from draftkit.config import load_settings

    spec_path = project / "prompts" / "report.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    section = next(s for c in spec["chapters"] for s in c["sections"] if s["id"] == "talent-missing")
    section["metrics"] = ["graduates_abroad_total"]
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    import docx

    ph = [p.text for p in docx.Document(str(result.path)).paragraphs if p.style.name == "Placeholder"]
    assert len(ph) == 1 and "graduates_abroad_total" in ph[0] and "data/2023.yaml" in ph[0]


def test_cover_date_from_the_data(project):
    import docx

    from draftkit.assemble import build
    from draftkit.config import load_settings

    data = project / "data" / "2023.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("year: 2023\n", "year: 2023\npublished: 2024-01\n", 1),
                    encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    assert [p.text for p in docx.Document(str(result.path)).paragraphs[:3]][2] == "2024年1月"
