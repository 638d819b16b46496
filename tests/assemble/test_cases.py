"""This year's 典型案例 files (data/cases/<year>/*.md): loader, warnings, placement in the built docx."""

from __future__ import annotations

import textwrap
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from draftkit.assemble import build
from draftkit.assemble.cases import case_titles, cases_dir, load_case, load_cases
from draftkit.config import load_settings
from draftkit.errors import DataError


def write_project(root: Path) -> Path:
    """The assemble mini project (tests/assemble/conftest.py), loaded by path: conftest is no package."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("assemble_conftest", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_project(root)


IDS = ["overview-basic", "overview-conditions", "talent-employment", "talent-missing"]
CHAPTERS = {"overview": IDS[:2], "talent": IDS[2:]}


def write_case(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- loader


def test_front_matter_parsed_and_body_kept(tmp_path):
    p = write_case(tmp_path, "a.md", """\
        ---
        title: 送教下乡培养农民大学生
        section: talent-employment
        order: 3
        department: 继续教育学院
        ---
        第一段，含**加粗**。

        - 要点一
        - 要点二
        """)
    case = load_case(p, IDS)
    assert (case.title, case.section, case.order) == ("送教下乡培养农民大学生", "talent-employment", 3)
    assert case.line == 7 and case.body.startswith("第一段")
    assert case.meta["department"] == "继续教育学院"
    box = case.box()
    assert box.title == "送教下乡培养农民大学生" and len(box.blocks) == 2


def test_cases_ordered_by_report_section_then_order_then_file_name(tmp_path):
    body = "---\ntitle: {t}\nsection: {s}\n{o}---\n正文。\n"
    for name, t, s, o in [("a.md", "无序号甲", "talent-employment", ""),
                          ("b.md", "序号二", "talent-employment", "order: 2\n"),
                          ("c.md", "序号一", "talent-employment", "order: 1\n"),
                          ("0.md", "无序号乙", "talent-employment", ""),
                          ("z.md", "概述", "overview-basic", "order: 9\n")]:
        write_case(tmp_path, name, body.format(t=t, s=s, o=o))
    write_case(tmp_path, "_draft.md", "not a case")  # skipped like corpus generator sources
    cs = load_cases(tmp_path, IDS, year=2023)
    assert cs.problems == []
    assert list(cs.by_section) == ["overview-basic", "talent-employment"]
    assert [c.title for c in cs.for_section("talent-employment")] == ["序号一", "序号二", "无序号乙", "无序号甲"]
    assert cs.total == 5


@pytest.mark.parametrize("text, where, words", [
    ("没有信息块\n", ":1", ["缺少", "YAML"]),
    ("---\ntitle: 甲\nsection: overview-basic\n正文\n", ":1", ["结束行"]),
    ("---\ntitle: [甲\nsection: overview-basic\n---\n正文\n", ":2", ["YAML"]),
    ("---\ntitle: 甲\n---\n正文\n", ":1", ["section"]),
    ("---\ntitle: 甲\nsection: overview-basic\n---\n\n  \n", ":5", ["正文为空"]),
    ("---\ntitle: 甲\nsection: overview-basic\norder: 第一\n---\n正文\n", ":4", ["order"]),
    ("---\nsection: overview-basic\n---\n正文。\n", ":1", ["title"]),
])
def test_bad_case_file_raises_data_error_naming_file_and_line(tmp_path, text, where, words):
    p = write_case(tmp_path, "bad.md", text)
    with pytest.raises(DataError) as info:
        load_case(p, IDS)
    err = info.value
    assert err.location == f"{p}{where}"
    assert all(w in err.message for w in words), err.message
    assert err.hint


def test_unknown_section_names_the_id_and_close_matches(tmp_path):
    p = write_case(tmp_path, "typo.md", "---\ntitle: 甲\nsection: talent-employmnt\n---\n正文。\n")
    with pytest.raises(DataError) as info:
        load_case(p, IDS)
    assert "talent-employmnt" in info.value.message and info.value.location == f"{p}:3"
    assert "talent-employment" in info.value.hint


def test_chapter_id_instead_of_section_lists_the_chapters_sections(tmp_path):
    p = write_case(tmp_path, "ch.md", "---\ntitle: 甲\nsection: talent\n---\n正文。\n")
    with pytest.raises(DataError) as info:
        load_case(p, IDS, chapters=CHAPTERS)
    assert "章" in info.value.message and "talent-employment、talent-missing" in info.value.hint


def test_other_year_is_left_out_with_a_problem(tmp_path):
    write_case(tmp_path, "old.md", "---\ntitle: 旧\nsection: overview-basic\nyear: 2022\n---\n正文。\n")
    write_case(tmp_path, "new.md", "---\ntitle: 新\nsection: overview-basic\nyear: 2023\n---\n正文。\n")
    cs = load_cases(tmp_path, IDS, year=2023)
    assert [c.title for c in cs.for_section("overview-basic")] == ["新"]
    assert len(cs.problems) == 1 and "2022" in cs.problems[0].message
    assert cs.problems[0].location.endswith("old.md:4")


@pytest.mark.parametrize("body, title, first", [
    ("典型案例 2-1：送教下乡\n\n正文第一段。\n", "送教下乡", "正文第一段。"),
    ("### 典型案例3-2 送教下乡\n\n正文第一段。\n", "送教下乡", "正文第一段。"),
    ("# 送教下乡\n\n正文第一段。\n", "送教下乡", "正文第一段。"),
    ("**典型案例 2-1：**学校依托涉农专业，开展送教下乡。\n", "送教下乡", "学校依托涉农专业，开展送教下乡。"),
])
def test_own_label_or_repeated_title_line_is_dropped(tmp_path, body, title, first):
    p = write_case(tmp_path, "l.md", f"---\ntitle: 送教下乡\nsection: overview-basic\n---\n{body}")
    case = load_case(p, IDS)
    assert case.title == title
    assert case.body.lstrip().startswith(first)
    assert "典型案例" not in case.body


def test_label_line_supplies_a_missing_title(tmp_path):
    p = write_case(tmp_path, "t.md", "---\nsection: overview-basic\n---\n典型案例 1-3：订单培养\n\n正文。\n")
    case = load_case(p, IDS)
    assert case.title == "订单培养" and case.body.strip() == "正文。"


def test_case_titles_for_the_prompt(tmp_path):
    folder = cases_dir(tmp_path / "data", 2023)
    write_case(folder, "b.md", "---\ntitle: 乙\nsection: overview-basic\norder: 2\n---\n正文。\n")
    write_case(folder, "a.md", "---\ntitle: 甲\nsection: overview-basic\norder: 1\n---\n正文。\n")
    write_case(folder, "c.md", "---\ntitle: 丙\nsection: talent-employment\n---\n正文。\n")
    write_case(folder, "bad.md", "broken")
    assert case_titles(tmp_path / "data", 2023, "overview-basic") == ["甲", "乙"]
    assert case_titles(tmp_path / "data", 2022, "overview-basic") == []


# --------------------------------------------------------------------------- in the built report


CASES = {
    "kcase-b.md": """\
        ---
        title: 订单培养对接产业
        section: talent-employment
        order: 2
        ---
        学校与合作企业共建订单班，**共同制定**培养方案。

        1. 共定标准
        2. 共同考核
        """,
    "kcase-a.md": """\
        ---
        title: 送教下乡培养农民大学生
        section: talent-employment
        order: 1
        ---
        典型案例 7-7：送教下乡培养农民大学生

        学校把课堂搬到田间地头。
        """,
    "kcase-c.md": """\
        ---
        title: 校园文化
        section: overview-conditions
        ---
        办学条件持续改善。
        """,
    "kcase-typo.md": """\
        ---
        title: 写错节的案例
        section: talent-employmnt
        ---
        正文。
        """,
}


@pytest.fixture(scope="module")
def built_cases(tmp_path_factory):
    """The mini project with case files, built once: (result, Document)."""
    root = write_project(tmp_path_factory.mktemp("cases") / "proj")
    for name, text in CASES.items():
        write_case(root / "data" / "cases" / "2023", name, text)
    write_case(root / "data" / "cases" / "2022", "old.md",
               "---\ntitle: 去年的案例\nsection: overview-basic\n---\n正文。\n")
    result = build(load_settings(root), paginate=False)
    return result, docx.Document(str(result.path))


def _body(doc):
    return [(p.style.name, p.text, p) for p in doc.paragraphs]


def test_case_titles_numbered_per_chapter_after_draft_cases(built_cases):
    result, doc = built_cases
    titles = [t for s, t, _ in _body(doc) if s == "Case Title"]
    # 一、 has two boxes from the overview-basic draft, then overview-conditions' case file
    assert titles == ["典型案例 1-1：红色引领匠心传承", "典型案例 1-2：产教融合新模式", "典型案例 1-3：校园文化",
                      "典型案例 2-1：送教下乡培养农民大学生", "典型案例 2-2：订单培养对接产业"]
    assert result.cases == 5 and result.case_files == 3
    assert "去年的案例" not in "\n".join(p.text for p in doc.paragraphs)


def test_own_label_is_not_repeated_in_the_box(built_cases):
    _, doc = built_cases
    texts = [t for s, t, _ in _body(doc) if s in ("Case Title", "Case Text")]
    assert not any("7-7" in t for t in texts)
    assert sum("送教下乡培养农民大学生" in t for t in texts) == 1


def test_case_boxes_are_shaded_bordered_paragraphs_at_section_end(built_cases):
    _, doc = built_cases
    paras = _body(doc)
    start = next(i for i, (s, t, _) in enumerate(paras) if t == "典型案例 2-1：送教下乡培养农民大学生")
    box = [p for s, _, p in paras[start:start + 6] if s in ("Case Title", "Case Text")]
    assert [p.text for p in box] == ["典型案例 2-1：送教下乡培养农民大学生", "学校把课堂搬到田间地头。",
                                     "典型案例 2-2：订单培养对接产业", "学校与合作企业共建订单班，共同制定培养方案。",
                                     "共定标准"]
    assert all(p._p.pPr.find(qn("w:shd")) is not None and p._p.pPr.find(qn("w:pBdr")) is not None for p in box)
    assert any(r.bold and r.text == "共同制定" for p in box for r in p.runs)
    # after the section's draft text and its table (表 2-1), before the next section heading
    before = [t for _, t, _ in paras[:start]]
    draft_line = max(i for i, t in enumerate(before) if "就业情况良好" in t)
    caption = max(i for i, t in enumerate(before) if t.startswith("表 2-1"))
    assert draft_line < caption < start
    after = next(t for s, t, _ in paras[start:] if s.startswith("Heading"))
    assert after == "（二）创新创业"


def test_unknown_section_is_a_warning_naming_file_and_id(built_cases):
    result, doc = built_cases
    warned = [w for w in result.warnings if "kcase-typo.md" in w]
    assert len(warned) == 1 and "talent-employmnt" in warned[0] and "talent-employment" in warned[0]
    assert "写错节的案例" not in "\n".join(p.text for p in doc.paragraphs)


def test_cases_marker_places_them_inside_the_draft(project):
    write_case(project / "data" / "cases" / "2023", "x.md",
               "---\ntitle: 就业帮扶\nsection: talent-employment\n---\n帮扶正文。\n")
    draft = project / "outputs" / "2023" / "drafts" / "talent-employment.md"
    draft.write_text("第一段。\n\n[[cases]]\n\n最后一段。\n", encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    texts = [p.text for p in docx.Document(str(result.path)).paragraphs]
    i, j, k = texts.index("第一段。"), texts.index("典型案例 2-1：就业帮扶"), texts.index("最后一段。")
    assert i < j < k and texts.count("典型案例 2-1：就业帮扶") == 1


def test_no_cases_folder_changes_nothing(built):
    result, _, _ = built
    assert result.case_files == 0 and not any("典型案例" in w for w in result.warnings)


def test_cli_build_shows_case_count_and_bad_file_warning(project):
    from typer.testing import CliRunner

    from draftkit.cli import app

    folder = project / "data" / "cases" / "2023"
    write_case(folder, "ok.md", "---\ntitle: 就业帮扶\nsection: talent-employment\n---\n帮扶正文。\n")
    write_case(folder, "bad.md", "---\ntitle: 无节\n---\n正文。\n")
    res = CliRunner().invoke(app, ["--project", str(project), "build", "--no-pages"])
    assert res.exit_code == 0, res.output
    assert "典型案例 3（案例文件 1）" in res.output
    assert "bad.md" in res.output and "section" in res.output


def test_a_docx_in_the_cases_folder_is_a_problem_not_silence(tmp_path):
    write_case(tmp_path, "ok.md", "---\ntitle: 甲\nsection: overview-basic\n---\n正文。\n")
    (tmp_path / "部门来稿.docx").write_bytes(b"PK")
    (tmp_path / "_旧稿.docx").write_bytes(b"PK")
    cs = load_cases(tmp_path, IDS, year=2023)
    assert cs.total == 1
    assert [Path(p.location).name for p in cs.problems] == ["部门来稿.docx"] and ".md" in cs.problems[0].message


def test_case_figures_written_as_placeholders_come_from_the_data(project):
    """A case can cite {{metric_id}} like a draft: a corrected figure in the data reaches it on the next build."""
    write_case(project / "data" / "cases" / "2023", "x.md",
               "---\ntitle: 扩招育人\nsection: talent-employment\n---\n"
               "全日制在校生{{students_total}}，硕士以上学历教师占比{{teachers_master_share}}。{{no_such_metric}}\n")
    result = build(load_settings(project), paginate=False)
    texts = [p.text for p in docx.Document(str(result.path)).paragraphs]
    body = next(t for t in texts if t.startswith("全日制在校生"))
    assert body.startswith("全日制在校生17402人，硕士以上学历教师占比46.23%。") and "{{" not in body
    assert "【缺数据：no_such_metric】" in body
    assert any("x.md" in w and "no_such_metric" in w for w in result.warnings)


def test_case_placeholder_problems_are_named_at_their_line(project):
    """A case's unknown {{id}} and an unclosed {{ are warnings at the case file's own line, as for a draft."""
    path = write_case(project / "data" / "cases" / "2023", "y.md",
                      "---\ntitle: 扩招育人\nsection: talent-employment\n---\n第一段。\n\n"
                      "在校生{{students_total}}，项目{{no_such_metric}}个。\n\n教师{{teachers_total人。\n")
    result = build(load_settings(project), paginate=False)
    mine = [w for w in result.warnings if str(path) in w]
    assert any(f"{path}:7:" in w and "no_such_metric" in w for w in mine), mine
    assert any(f"{path}:9:" in w and "未闭合" in w for w in mine), mine


def test_case_line_counts_a_dropped_label_line(tmp_path):
    """The label line the box replaces is dropped, yet Case.line stays the file line of the body kept."""
    path = write_case(tmp_path, "z.md", "---\nsection: overview-basic\n---\n典型案例 1-1：送教下乡\n\n正文第一段。\n")
    case = load_case(path, IDS)
    assert case.title == "送教下乡" and case.body.startswith("正文第一段")
    assert path.read_text(encoding="utf-8").splitlines()[case.line - 1] == "正文第一段。"
