"""Tracked changes, highlights and comments written on python-docx's element tree."""

from __future__ import annotations

from datetime import datetime, timezone

import docx
from docx.oxml.ns import qn

from draftkit.rollforward.tracked import Comments, ParaText, Revisions, highlight, split_run

WHEN = datetime(2024, 11, 30, 8, 0)  # local time, as Word writes w:date


def para(*runs):
    d = docx.Document()
    p = d.add_paragraph()
    for text, bold in runs:
        p.add_run(text).bold = bold
    return d, p


def test_split_run_keeps_properties_on_both_halves():
    d, p = para(("教职工959人", True))
    r = p.runs[0]._r
    twin = split_run(r, 3)
    assert ParaText.of(p._p).text == "教职工959人"
    assert [x.text for x in p.runs] == ["教职工", "959人"]
    assert twin.find(qn("w:rPr")) is not None and all(x.bold for x in p.runs)


def test_replacement_across_runs_is_one_deletion_and_one_insertion_with_author_and_date():
    d, p = para(("学校有教职工 9", False), ("59人，", True), ("其中", False))
    rev = Revisions(d, when=WHEN)
    text = ParaText.of(p._p).text
    i = text.index("959")
    new_runs = rev.replace(p._p, i, i + 3, "985")
    assert new_runs
    dels, inss = p._p.findall(qn("w:del")), p._p.findall(qn("w:ins"))
    assert len(dels) == 1 and len(inss) == 1
    for el in dels + inss:
        assert el.get(qn("w:author")) == "draftkit" and el.get(qn("w:date")) == "2024-11-30T08:00:00Z"
    assert dels[0].get(qn("w:id")) != inss[0].get(qn("w:id"))
    assert "".join(t.text for t in dels[0].iter(qn("w:delText"))) == "959"
    assert ParaText.of(p._p).text == "学校有教职工 985人，其中"
    # the bold part of the old figure stays bold where it was not replaced; the text around is untouched
    bold = [r.text for r in p.runs if r.bold]
    assert "人，" in bold


def test_inserted_run_copies_the_formatting_of_the_replaced_figure():
    d, p = para(("在校生", False), ("17402", True), ("人", False))
    Revisions(d, when=WHEN).replace(p._p, 3, 8, "18241")
    ins_run = p._p.find(qn("w:ins")).find(qn("w:r"))
    assert ins_run.find(qn("w:rPr")).find(qn("w:b")) is not None


def test_existing_tracked_changes_and_comments_are_kept_and_offsets_skip_deleted_text():
    d, p = para(("合作企业 ", False), ("436", False), ("家。", False))
    # someone else's revisions: a deletion before the figure and a comment on the word after it
    old = Revisions(d, author="张老师", when=WHEN)
    old.replace(p._p, 0, 4, "合作单位")
    Comments(d, author="张老师").add([p.runs[-1]._r], "请核实")
    text = ParaText.of(p._p).text
    assert text == "合作单位 436家。"  # the deleted 合作企业 does not count
    i = text.index("436")
    Revisions(d, when=WHEN).replace(p._p, i, i + 3, "451")
    xml = p._p.xml
    authors = [el.get(qn("w:author")) for el in p._p.iter(qn("w:del"), qn("w:ins"))]
    assert authors.count("张老师") == 2 and authors.count("draftkit") == 2
    assert "commentRangeStart" in xml and "commentReference" in xml
    assert ParaText.of(p._p).text == "合作单位 451家。"


def test_a_figure_inside_someone_elses_insertion_is_deleted_inside_it():
    d, p = para(("共有", False))
    Revisions(d, author="张老师", when=WHEN).replace(p._p, 0, 0, "")  # nothing to isolate: no change
    assert not p._p.findall(qn("w:del"))
    rev = Revisions(d, author="张老师", when=WHEN)
    p.add_run("49个")
    rev.replace(p._p, 2, 5, "45个")  # 张老师 typed 45个 over 49个
    text = ParaText.of(p._p).text
    assert text == "共有45个"
    Revisions(d, when=WHEN).replace(p._p, 2, 4, "52")
    ins = [el for el in p._p.iter(qn("w:ins")) if el.get(qn("w:author")) == "张老师"][0]
    assert any(el.get(qn("w:author")) == "draftkit" for el in ins.iter(qn("w:del")))
    assert ParaText.of(p._p).text == "共有52个"


def test_highlight_and_comment_cover_exactly_the_figure():
    d, p = para(("获国家级奖项 12项，", False))
    runs = highlight(p._p, 7, 10)
    assert ParaText.of(p._p).text == "获国家级奖项 12项，"
    assert "".join(r.text for r in runs) == "12项"
    assert all(r.find(qn("w:rPr")).find(qn("w:highlight")) is not None for r in runs)
    notes = Comments(d, date="2024-11-30T08:00:00Z")
    assert notes.add(runs, "未能更新：没有对应指标")
    assert notes.add([], "x") is False
    comments = d.comments._comments_elm.findall(qn("w:comment"))
    assert len(comments) == 1 and comments[0].get(qn("w:author")) == "draftkit"
    start = p._p.find(qn("w:commentRangeStart"))
    assert start.getnext() is runs[0]


def _annotation_ids(document) -> list[str]:
    """Every w:id of a revision or a comment (each comment counted once, by its w:comment)."""
    marks = ("w:ins", "w:del", "w:rPrChange", "w:pPrChange", "w:moveFrom", "w:moveTo")
    body = [el.get(qn("w:id")) for el in document.element.iter(*(qn(t) for t in marks))]
    notes = [el.get(qn("w:id")) for el in document.comments._comments_elm.iter(qn("w:comment"))]
    return body + notes


def test_revision_and_comment_ids_never_repeat_in_the_document():
    from docx.oxml.parser import parse_xml
    from docx.oxml.ns import nsdecls

    d, p = para(("在校生 17402人，专任教师 796人，社团 45个，", False), ("合作企业 436家。", True))
    Comments(d, author="张老师").add([p.runs[1]._r], "请核实")  # someone's comment: id 0
    # someone's tracked formatting change on the run that holds three of the figures
    p.runs[0]._r.get_or_add_rPr().append(parse_xml(
        f'<w:rPrChange {nsdecls("w")} w:id="5" w:author="张老师" w:date="2024-01-01T00:00:00Z"><w:rPr/></w:rPrChange>'))
    rev = Revisions(d, when=WHEN)
    notes = Comments(d, ids=rev.ids)
    text = ParaText.of(p._p).text
    for old, new in (("436", "451"), ("17402", "18241")):
        i = text.index(old)
        rev.replace(p._p, i, i + len(old), new)
        text = ParaText.of(p._p).text
    for figure in ("45个", "796人"):
        i = ParaText.of(p._p).text.index(figure)
        assert notes.add(highlight(p._p, i, i + len(figure), ids=rev.ids), "未能更新")
    ids = _annotation_ids(d)
    assert len(p._p.findall(qn("w:del"))) == 2 and len(d.comments._comments_elm) == 3
    assert len(list(p._p.iter(qn("w:rPrChange")))) >= 4  # the formatting change stays on every piece
    assert len(set(ids)) == len(ids), sorted(ids)
    # the inserted figure is draftkit's text: it carries no one's formatting-change record
    assert all(ins.find(f".//{qn('w:rPrChange')}") is None for ins in p._p.iter(qn("w:ins")))


def test_revision_dates_are_the_local_time_word_and_libreoffice_show(monkeypatch):
    """Word and LibreOffice show w:date as written (Word 365 keeps UTC apart, in w16du:dateUtc):
    a change made at 16:00 in Beijing must read 16:00, not the UTC 08:00."""
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        d, p = para(("在校生17402人", False))
        rev = Revisions(d, when=datetime(2024, 11, 30, 8, 0, tzinfo=timezone.utc))
        rev.replace(p._p, 3, 8, "18241")
        assert {el.get(qn("w:date")) for el in p._p.iter(qn("w:ins"), qn("w:del"))} == {"2024-11-30T16:00:00Z"}
        assert Revisions(d, when=datetime(2024, 11, 30, 9, 30)).date == "2024-11-30T09:30:00Z"  # naive: local already
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_highlight_someone_set_is_kept():
    d, p = para(("获国家级奖项 ", False), ("12项", False), ("，", False))
    p.runs[1].font.highlight_color = 4  # WD_COLOR_INDEX.BRIGHT_GREEN: the writer's own mark
    runs = highlight(p._p, 7, 10)
    assert [r.find(qn("w:rPr")).find(qn("w:highlight")).get(qn("w:val")) for r in runs] == ["green"]
    runs = highlight(p._p, 0, 2)
    assert [r.find(qn("w:rPr")).find(qn("w:highlight")).get(qn("w:val")) for r in runs] == ["yellow"]


def _reject(p_elm, author: str) -> str:
    """The paragraph's accepted text after rejecting ``author``'s insertions and deletions."""
    import copy as _copy

    p2 = _copy.deepcopy(p_elm)
    for ins in [e for e in p2.iter(qn("w:ins")) if e.get(qn("w:author")) == author]:
        ins.getparent().remove(ins)
    for de in [e for e in p2.iter(qn("w:del")) if e.get(qn("w:author")) == author]:
        for t in de.iter(qn("w:delText")):
            t.tag = qn("w:t")
        parent, i = de.getparent(), de.getparent().index(de)
        for k, child in enumerate(list(de)):
            parent.insert(i + k, child)
        parent.remove(de)
    from docx.oxml.parser import parse_xml
    from lxml import etree

    return ParaText.of(parse_xml(etree.tostring(p2))).text  # re-parsed: retagged w:t read as text


def test_our_insertion_inside_someone_elses_splits_theirs_so_each_can_be_rejected_alone():
    d, p = para(("共有", False), ("49个", False))
    Revisions(d, author="张老师", when=WHEN).replace(p._p, 2, 5, "45个学生社团")  # 张老师 typed over 49个
    Revisions(d, when=WHEN).replace(p._p, 2, 4, "52")
    ours = [e for e in p._p.iter(qn("w:ins")) if e.get(qn("w:author")) == "draftkit"]
    assert len(ours) == 1 and not any(a.tag == qn("w:ins") for a in ours[0].iterancestors())
    theirs = [e for e in p._p.iter(qn("w:ins")) if e.get(qn("w:author")) == "张老师"]
    assert len(theirs) == 2 and theirs[0].get(qn("w:id")) != theirs[1].get(qn("w:id"))
    assert ParaText.of(p._p).text == "共有52个学生社团"
    assert _reject(p._p, "draftkit") == "共有45个学生社团"   # 张老师's text, our figure undone
    assert _reject(p._p, "张老师") == "共有49个52"            # their insertion gone, ours stays
