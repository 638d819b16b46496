"""Small parts of the web layer: draft Markdown → HTML, highlights, upload typing."""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.web.render import draft_html, draft_notes

DRAFT = """### 1.就业情况

学校2023届毕业生**6370人**，已就业6123人。<b>不是标签</b>

1. 第一条
2. 第二条

[[table:majors]]

::: case 典型案例 2-1：送教下乡
案例正文【待补充：执笔人补写】。
:::

::: note
写作要点：就业质量。
:::
"""


def test_draft_html_renders_the_draft_subset_and_escapes_the_rest() -> None:
    html = str(draft_html(DRAFT, {"majors": "专业设置情况统计表"}))
    assert "<h4>1.就业情况</h4>" in html
    assert "<strong>6370人</strong>" in html
    assert "&lt;b&gt;不是标签&lt;/b&gt;" in html and "<b>不是标签" not in html
    assert '<ol start="1"><li>第一条</li><li>第二条</li></ol>' in html
    assert "〔表：专业设置情况统计表，组装时插入〕" in html
    assert '<div class="case-title">典型案例 2-1：送教下乡</div>' in html
    assert '<span class="gap">【待补充：执笔人补写】</span>' in html
    assert "写作要点：就业质量" not in html  # notes are Word comments, shown apart
    assert draft_notes(DRAFT) == ["写作要点：就业质量。"]


def test_highlight_marks_a_finding_and_verified_figures() -> None:
    from draftkit.check.model import CheckResult, Finding, Mark, TextBlock
    from draftkit.web.checkview import build_view

    text = "学校全日制在校生17420人，专任教师796人。"
    loc = {"paragraph": 0, "block": 0}
    result = CheckResult("x.md", [Finding("data-mismatch", "error", "17420人", text, loc, "与数据不符 <b>",
                                          metric="students_total", expected="17402人", span=(8, 14))])
    result.marks = [Mark("17420人", loc, (8, 14), "students_total"), Mark("796人", loc, (19, 23), "teachers_fulltime")]
    result.text = [TextBlock("paragraph", text, loc)]
    view = build_view(result)
    html = str(view.blocks[0]["html"])
    assert '<mark class="fig f-error" id="f0" data-fid="0"' in html and ">17420人</mark>" in html
    assert "与数据不符 &lt;b&gt;（应为 17402人）" in html
    assert '<mark class="fig f-ok"' in html and ">796人</mark>" in html and view.verified == 1
    assert view.groups[0].chapter == "（未分章）" and view.groups[0].errors == 1


@pytest.mark.parametrize("name, content, ok", [
    ("a.txt", "学校在校生17402人。".encode("gb18030"), True),
    ("a.md", "# 标题\n正文".encode(), True),
    ("a.pdf", b"%PDF-1.7\n...", True),
    ("a.yaml", b"school: x\n", True),
    ("a.xlsx", b"not a zip", False),
    ("a.md", b"\x89PNG\r\n\x1a\n\x00\x00", False),
])
def test_sniff_types_files_by_content(tmp_path: Path, name: str, content: bytes, ok: bool) -> None:
    from draftkit.errors import DocumentError
    from draftkit.web.uploads import sniff

    path = tmp_path / "upload"
    path.write_bytes(content)
    if ok:
        sniff(path, name)
    else:
        with pytest.raises(DocumentError):
            sniff(path, name)


@pytest.mark.parametrize("raw, shown", [
    ("C:\\Users\\王老师\\桌面\\质量年报.docx", "质量年报.docx"),
    ("../../etc/passwd.docx", "passwd.docx"),
    ("报告.DOCX", "报告.DOCX"),
])
def test_display_name_keeps_only_the_base_name(raw: str, shown: str) -> None:
    from draftkit.web.uploads import REPORT_SUFFIXES, display_name

    assert display_name(raw, REPORT_SUFFIXES) == shown


@pytest.mark.parametrize("raw", ["..", "", "a\x00.docx", "report.doc", "noext"])
def test_display_name_refuses_bad_names(raw: str) -> None:
    from draftkit.errors import DocumentError
    from draftkit.web.uploads import REPORT_SUFFIXES, display_name

    with pytest.raises(DocumentError):
        display_name(raw, REPORT_SUFFIXES)
