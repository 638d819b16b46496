"""A {{metric_id}} typed into a hand-edited draft is filled at build time; what cannot be filled is named."""

from __future__ import annotations


def test_typed_placeholders_are_bound_and_unknown_ones_named(project):
    import docx

    from draftkit.assemble import build
    from draftkit.config import load_settings

    draft = project / "outputs" / "2023" / "drafts" / "overview-basic.md"
    draft.write_text("学校概况。\n\n在校生{{students_total}}，新增项目{{ nosuch_metric }}个。\n", encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    text = "\n".join(p.text for p in docx.Document(str(result.path)).paragraphs)
    assert "在校生17402人，新增项目【缺数据：nosuch_metric】个。" in text and "{{" not in text
    warnings = [w for w in result.warnings if "overview-basic" in w]
    assert len(warnings) == 1 and f"{draft}:3" in warnings[0]
    assert "nosuch_metric" in warnings[0] and "students_total" not in warnings[0]


def test_an_unclosed_brace_is_named(project):
    from draftkit.assemble import build
    from draftkit.config import load_settings

    draft = project / "outputs" / "2023" / "drafts" / "overview-basic.md"
    draft.write_text("学校概况。\n在校生{{students_total人。\n", encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    assert any(f"{draft}:2" in w and "未闭合" in w for w in result.warnings)
