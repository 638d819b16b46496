"""Roll a small last-year report forward and read the result the way Word would."""

from __future__ import annotations

import copy
import json
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from draftkit.rollforward import roll_document, roll_forward
from draftkit.rollforward.tracked import ParaText

PARAS = [
    [("2022-2023学年，学校全日制在校生 17402人，专任教师 796人，其中", False), ("硕士以上学历教师 368人", True),
     ("，占比 46.23%。", False)],
    "学校固定资产总值 7.49亿元，经费收入总额 34118.10万元，较上年增长 2.94%。",
    "学校合作企业四百三十六家。",
    "培训高素质农民 504人，较上年增长 5.2%。",
    "现有学生社团 45个，开展培训 200余人次。",
    "定向培养覆盖 905个行政村。",
    "2023年 5月 27日，学校召开会议；2023届毕业生就业率高。",
]
TABLES = [
    [["学院", "在校生（人）", "占比"], ["甲学院", "1100", "53.66%"], ["乙学院", "950", "46.34%"],
     ["合计", "2050", "100.00%"]],
    [["指标", "2022年度", "2023年度", "增长率"], ["经费收入总额（万元）", "33144.21", "34118.10", "2.94%"]],
]


@pytest.fixture
def report(tmp_path: Path, make_docx) -> Path:
    return make_docx(tmp_path / "2023年报.docx", PARAS, TABLES)


def texts(document) -> tuple[list[str], list[list[list[str]]]]:
    """Paragraph and cell texts with every tracked change accepted."""
    paras = [ParaText.of(p._p).text for p in document.paragraphs]
    tables = [[["\n".join(ParaText.of(p._p).text for p in c.paragraphs) for c in row.cells] for row in t.rows]
              for t in document.tables]
    return paras, tables


def rejected(document):
    """The document with every tracked change rejected (w:ins dropped, w:del restored)."""
    d = copy.deepcopy(document.element.body)
    for ins in list(d.iter(qn("w:ins"))):
        ins.getparent().remove(ins)
    for de in list(d.iter(qn("w:del"))):
        parent, i = de.getparent(), de.getparent().index(de)
        for k, child in enumerate(list(de)):
            parent.insert(i + k, child)
        parent.remove(de)
    for t in d.iter(qn("w:delText")):
        t.tag = qn("w:t")
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in d.iter(qn("w:p"))]


def test_figures_equal_to_previous_are_updated_in_their_written_form(report, yd):
    document, changes, _ = roll_document(report, yd)
    paras, _ = texts(document)
    assert paras[0].startswith("2023-2024学年，学校全日制在校生 18241人，专任教师 820人，其中硕士以上学历教师 401人")
    assert paras[1].startswith("学校固定资产总值 7.80亿元，经费收入总额 35201.23万元")  # 亿元 stays 亿元
    assert paras[2] == "学校合作企业四百五十一家。"  # Chinese numerals stay Chinese
    assert paras[5] == "定向培养覆盖 921个行政村。"
    by_before = {c.before: c for c in changes}
    assert by_before["17402人"].metric == "students_total" and "上年值相符" in by_before["17402人"].evidence


def test_shares_and_growth_are_recomputed_from_the_data_not_scaled(report, yd):
    document, changes, _ = roll_document(report, yd)
    paras, _ = texts(document)
    assert paras[0].endswith("占比 48.90%。")  # 401 / 820, not 46.23% × 401/368
    assert paras[1].endswith("较上年增长 3.17%。")  # 35201.23 / 34118.10 − 1


def test_a_growth_that_turned_into_a_fall_is_left_with_a_comment(report, yd):
    document, changes, _ = roll_document(report, yd)
    paras, _ = texts(document)
    assert paras[3] == "培训高素质农民 480人，较上年增长 5.2%。"
    c = next(c for c in changes if c.before == "5.2%")
    assert c.status == "unresolved" and "下降" in c.evidence and c.written


def test_unresolved_figures_stay_highlighted_with_a_comment_naming_the_metric(report, yd):
    document, changes, _ = roll_document(report, yd)
    paras, _ = texts(document)
    assert paras[4] == "现有学生社团 45个，开展培训 200余人次。"
    clubs = next(c for c in changes if c.before == "45个")
    assert clubs.status == "unresolved" and clubs.candidates == ["clubs_total"] and "49个" in clubs.evidence
    comments = [c.xpath("string(.)") for c in document.comments._comments_elm.findall(qn("w:comment"))]
    assert any("clubs_total" in t for t in comments)
    unresolved = [c for c in changes if c.status == "unresolved"]
    assert unresolved and all(c.written for c in unresolved)
    assert len(comments) == len(unresolved)
    highlighted = [r for r in document.paragraphs[4].runs if r.font.highlight_color is not None]
    assert "".join(r.text for r in highlighted) == "45个200余人次"


def test_history_stays_and_the_cohort_moves(report, yd):
    document, _, _ = roll_document(report, yd)
    paras, _ = texts(document)
    assert paras[6] == "2023年 5月 27日，学校召开会议；2024届毕业生就业率高。"


def test_table_rows_totals_shares_and_growth_columns(report, yd):
    document, _, _ = roll_document(report, yd)
    _, tables = texts(document)
    assert tables[0][1:] == [["甲学院", "1200", "57.14%"], ["乙学院", "900", "42.86%"], ["合计", "2100", "100.00%"]]
    assert tables[1] == [["指标", "2023年度", "2024年度", "增长率"],
                         ["经费收入总额（万元）", "34118.10", "35201.23", "3.17%"]]


def test_rejecting_every_change_gives_back_last_years_text(report, yd):
    document, _, _ = roll_document(report, yd)
    original = docx.Document(str(report))
    want = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in original.element.body.iter(qn("w:p"))]
    assert rejected(document) == want


def test_run_formatting_is_kept(report, yd):
    document, _, _ = roll_document(report, yd)
    bold = "".join(r.text for r in document.paragraphs[0].runs if r.bold)
    assert bold == "硕士以上学历教师 人"  # the runs outside the replaced digits
    ins = [r for r in document.paragraphs[0]._p.iter(qn("w:ins"))]
    assert any(i.find(qn("w:r")).find(qn("w:rPr")) is not None and "401" in i.xpath("string(.)") for i in ins)


def test_roll_forward_writes_the_output_and_never_overwrites_an_edited_one(report, yd, tmp_path):
    out = tmp_path / "outputs" / "2024" / "rollforward.docx"
    state = tmp_path / ".draftkit"
    res = roll_forward(report, yd, out, project=tmp_path, state_dir=state)
    assert res.output == out and out.exists() and res.summary()["updated"] >= 10
    assert res.summary()["years_moved"] >= 2
    out.write_bytes(out.read_bytes() + b"")  # unchanged: still ours
    again = roll_forward(report, yd, out, project=tmp_path, state_dir=state)
    assert again.output == out and again.diverted_from is None
    d = docx.Document(str(out))
    d.add_paragraph("人工补写的一段")
    d.save(str(out))
    third = roll_forward(report, yd, out, project=tmp_path, state_dir=state)
    assert third.output.name == "rollforward-1.docx" and third.diverted_from == out
    assert "人工补写的一段" in [p.text for p in docx.Document(str(out)).paragraphs]
    js = json.loads(json.dumps(third.to_json(), ensure_ascii=False))
    assert {"before", "after", "metric", "evidence", "status", "location"} <= set(js["changes"][0])


def test_a_text_report_becomes_a_house_style_docx_with_tracked_changes(tmp_path, yd):
    txt = tmp_path / "2023年报.txt"
    txt.write_text("一、发展概述\n\n2022-2023学年，学校全日制在校生 17402人，专任教师 796人。\n", encoding="utf-8")
    out = tmp_path / "out.docx"
    res = roll_forward(txt, yd, out, project=tmp_path, state_dir=tmp_path / ".draftkit")
    d = docx.Document(str(out))
    assert d.paragraphs[0].style.name == "Heading 1"
    xml = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:ins ") == 3 and xml.count("<w:del ") == 3  # 学年, 17402, 796
    assert [c.after for c in res.updated] == ["18241人", "820人"]


@pytest.mark.parametrize("old, new, span", [
    ("626万元", "594万元", (0, 3, "594")),        # 万 stays outside the revision
    ("17402人", "17893人", (0, 5, "17893")),      # the whole number, not its last digits
    ("四百三十六家", "四百五十一家", (0, 5, "四百五十一")),
    ("7.49亿元", "7.80亿元", (0, 4, "7.80")),
    ("2022-2023", "2023-2024", (0, 9, "2023-2024")),
])
def test_a_revision_replaces_the_number_and_keeps_the_unit(old, new, span):
    from draftkit.rollforward.apply import edit_span

    assert edit_span(old, new) == span


def test_a_share_is_not_updated_when_its_whole_in_the_paragraph_could_not_be(tmp_path, yd, make_docx):
    report = make_docx(tmp_path / "r.docx", ["学校专任教师 790人，其中硕士以上学历教师 368人，占比 46.23%。"])
    document, changes, _ = roll_document(report, yd)
    by_before = {c.before: c for c in changes}
    assert by_before["790人"].status == "unresolved"          # not last year's 796: a typo or another count
    assert by_before["368人"].after == "401人"
    share = by_before["46.23%"]
    assert share.status == "unresolved" and "专任教师数" in share.evidence and "48.90%" in share.evidence
    assert texts(document)[0][0] == "学校专任教师 790人，其中硕士以上学历教师 401人，占比 46.23%。"


def test_approximate_figures_keep_their_step_or_are_left_when_the_word_no_longer_fits(tmp_path, make_docx):
    from draftkit.data import load_year_data

    data = tmp_path / "d.yaml"
    data.write_text("school: 示例职业技术学院\nyear: 2024\nperiod: 2023-2024学年\nmetrics:\n"
                    "  partner_enterprises: {name: 合作企业数, value: 512, previous: 436, unit: 家}\n"
                    "  volunteers: {name: 志愿者人数, value: 1020, previous: 980, unit: 人}\n"
                    "  trainees: {name: 培训人数, value: 236, previous: 212, unit: 人}\n", encoding="utf-8")
    yd = load_year_data(data)
    report = make_docx(tmp_path / "r.docx", ["学校合作企业400余家。", "志愿者近千人。", "培训人数200余人。"])
    _, changes, _ = roll_document(report, yd)
    by = {c.before: c for c in changes}
    assert by["400余家"].after == "500余家"           # 余 rounds down to the step written (hundreds)
    assert by["200余人"].status == "kept"             # 236 is still 200余
    assert by["千人"].status == "unresolved" and "近" in by["千人"].evidence


def test_row_numbers_are_not_figures(tmp_path, yd, make_docx):
    report = make_docx(tmp_path / "r.docx", ["表1-1 基本情况"], [
        [["No.", "指标", "数量"], ["1", "全日制在校生", "17402"], ["2", "专任教师", "796"], ["3", "学生社团", "45"]]])
    _, changes, _ = roll_document(report, yd)
    assert sorted(c.before for c in changes if c.kind != "year") == ["17402", "45", "796"]


def test_every_revision_and_comment_id_is_unique_in_the_rolled_document(tmp_path, yd, make_docx):
    from docx.oxml.ns import nsdecls
    from docx.oxml.parser import parse_xml

    d = docx.Document(str(make_docx(tmp_path / "r.docx", [
        "学校全日制在校生 17402人，专任教师 796人，现有学生社团 45个，开展培训 12期。"])))
    # a formatting change someone tracked on the run that holds every figure
    d.paragraphs[0].runs[0]._r.get_or_add_rPr().append(parse_xml(
        f'<w:rPrChange {nsdecls("w")} w:id="3" w:author="张老师" w:date="2024-01-01T00:00:00Z"><w:rPr/></w:rPrChange>'))
    d.save(str(tmp_path / "r.docx"))
    document, changes, _ = roll_document(tmp_path / "r.docx", yd)
    assert sum(c.status == "unresolved" for c in changes) == 2 and sum(c.status == "updated" for c in changes) == 2
    marks = [el.get(qn("w:id")) for el in document.element.iter(qn("w:ins"), qn("w:del"), qn("w:rPrChange"))]
    notes = [el.get(qn("w:id")) for el in document.comments._comments_elm.iter(qn("w:comment"))]
    assert len(notes) == 2 and len(marks) > 4
    assert len(set(marks + notes)) == len(marks + notes), sorted(marks + notes)


def test_school_year_headers_of_a_comparison_table_move_whole(tmp_path, yd, make_docx):
    report = make_docx(tmp_path / "r.docx", ["表1 经费收入"], [[
        ["指标", "2021-2022学年", "2022-2023学年", "增长率"], ["经费收入总额（万元）", "33144.21", "34118.10", "2.94%"]]])
    document, changes, _ = roll_document(report, yd)
    _, tables = texts(document)
    assert tables[0] == [["指标", "2022-2023学年", "2023-2024学年", "增长率"],
                         ["经费收入总额（万元）", "34118.10", "35201.23", "3.17%"]]
    years = [c for c in changes if c.kind == "year"]
    assert sorted((c.before, c.after) for c in years) == [("2021-2022", "2022-2023"), ("2022-2023", "2023-2024")]
    assert all(c.written for c in changes)


def test_bare_year_headers_of_a_comparison_table_move_on(tmp_path, yd, make_docx):
    report = make_docx(tmp_path / "r.docx", ["表1 经费收入"], [[
        ["指标", "2022", "2023", "增长率"], ["经费收入总额（万元）", "33144.21", "34118.10", "2.94%"]]])
    document, changes, _ = roll_document(report, yd)
    _, tables = texts(document)
    assert tables[0] == [["指标", "2023", "2024", "增长率"], ["经费收入总额（万元）", "34118.10", "35201.23", "3.17%"]]


def test_a_change_over_last_year_is_recomputed_with_its_direction(tmp_path, yd, make_docx):
    report = make_docx(tmp_path / "r.docx", ["学校合作企业 436家，较上年增加 16家。", "培训高素质农民 504人，比上年多 30人。",
                                             "定向培养覆盖 905个行政村，较上年减少 3个。"])
    _, changes, _ = roll_document(report, yd)
    by = {c.before: c for c in changes}
    assert by["16家"].after == "15家" and by["16家"].kind == "change"   # 451 − 436
    assert by["30人"].status == "unresolved" and "下降/减少" in by["30人"].evidence  # 480 − 504: now fewer
    assert by["3个"].status == "unresolved" and "增长/增加" in by["3个"].evidence    # 921 − 905: now more


def test_a_small_count_in_chinese_numerals_is_not_updated_by_its_value(tmp_path, yd, make_docx):
    from draftkit.data.model import Metric

    yd.metrics["communities"] = Metric(id="communities", name="产教融合共同体数", aliases=["共同体"], unit="个",
                                       value=6, previous=3, precision=0)
    report = make_docx(tmp_path / "r.docx", ["学校从共同体三个层面推进产教融合，参与共同体 3个。"])
    _, changes, _ = roll_document(report, yd)
    by_before = {c.before: c for c in changes}
    assert by_before["三个"].status != "updated"       # describes: never updated by its value alone
    assert by_before["3个"].after == "6个"              # the same value in Arabic digits, named: updated
