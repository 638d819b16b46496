"""A {{…}} left in a hand-edited draft: the warning names the placeholder, file:line and whether the metric exists."""

from __future__ import annotations


def test_unbound_placeholder_warning_says_which_where_and_how(project):
    from draftkit.assemble import build
    from draftkit.config import load_settings

    draft = project / "outputs" / "2023" / "drafts" / "overview-basic.md"
    draft.write_text("学校概况。\n\n在校生{{students_total}}，新增项目{{ nosuch_metric }}个。\n", encoding="utf-8")
    result = build(load_settings(project), paginate=False)
    warning = next(w for w in result.warnings if "overview-basic" in w and "{{" in w)
    assert f"{draft}:3" in warning
    assert "{{students_total}}" in warning and "{{nosuch_metric}}" in warning
    assert "数据中没有指标 nosuch_metric" in warning and "students_total" not in warning.split("数据中没有指标")[1]
    assert "→" in warning and "draftkit data show" in warning
