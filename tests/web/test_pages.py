"""Every page renders with the sample project and shows what its users need."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import make_client


def test_overview_shows_school_sections_states_and_the_latest_report(project: Path) -> None:
    # every section of the sample starts from last year's report, so no draft has a stub: write one
    md = project / "outputs" / "2023" / "drafts" / "overview-media.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n【待补充：本年度媒体报道清单。】\n", encoding="utf-8")
    with make_client(project) as client:
        r = client.get("/")
    assert r.status_code == 200
    html = r.text
    assert "示例职业技术学院" in html and "2023" in html
    assert "data/2023.yaml" in html and "指标" in html
    for title in ("就业质量", "基本情况", "一、发展概述", "二、人才培养"):
        assert title in html
    assert "已起草" in html and 'href="/sections/talent-employment"' in html
    assert 'href="/reports/report.docx"' in html
    assert "待补充" in html  # a draft with a 【待补充】 stub is flagged
    for label in ("入库", "起草全部", "组装"):
        assert f">{label}</button>" in html


def test_report_download_is_the_built_file(client, built_project: Path) -> None:
    r = client.get("/reports/report.docx")
    assert r.status_code == 200
    assert r.content == (built_project / "outputs" / "2023" / "report.docx").read_bytes()


def test_data_page_lists_metrics_by_chapter_tables_charts_and_problems(client) -> None:
    r = client.get("/data")
    assert r.status_code == 200
    html = r.text
    assert "全日制在校生数" in html and "17402人" in html and "17630人" in html and "-1.29%" in html
    assert "教务处" in html  # source
    assert "+1.87个百分点" in html  # a share's change is in 百分点, not a growth rate of a percentage
    assert "专业设置情况统计表" in html
    charts = re.findall(r'src="(/data/charts/[a-z_]+\.png)"', html)
    assert "/data/charts/employment_destinations.png" in charts
    png = client.get(charts[0])
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    assert "没有问题" in html


def test_excel_template_download_is_a_workbook_with_the_metrics(client) -> None:
    from openpyxl import load_workbook

    r = client.get("/data/template.xlsx")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    assert "指标" in wb.sheetnames
    ids = {row[0].value for row in wb["指标"].iter_rows()}
    assert "students_total" in ids


def test_chart_not_in_the_report_is_404(client) -> None:
    assert client.get("/data/charts/not_a_chart.png").status_code == 404


def test_section_page_shows_draft_facts_exemplars_provenance_and_notes(client) -> None:
    r = client.get("/sections/talent-employment")
    assert r.status_code == 200
    html = r.text
    assert "<h1>就业质量" in html
    assert "毕业去向落实率96.12%" in html  # the draft, rendered
    assert "应届毕业生数" in html and "graduates_total" in html  # facts used
    assert "2022-quality-report.docx" in html  # an exemplar's source, looked up in the vector store
    assert "人才培养" in html and "就业质量" in html  # its section path
    assert "offline" in html  # provenance
    assert "写作要点" in html  # writer notes
    assert "毕业去向图" not in html or "组装时插入" in html  # chart marker shown as a placeholder, not markup
    assert "[[chart:" not in html and "::: note" not in html


def test_sections_index_goes_to_the_first_section(client) -> None:
    r = client.get("/sections", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sections/preface-process"


def test_check_page_offers_upload_and_the_built_report(client) -> None:
    html = client.get("/check").text
    assert 'type="file" name="file"' in html and '<option value="report.docx"' in html
    assert "50 MB" in html and "data/2023.yaml" in html


def test_every_page_has_the_navigation_built_from_one_list(client, monkeypatch: pytest.MonkeyPatch) -> None:
    from draftkit.web import pages

    assert [p.title for p in pages.NAV] == ["总览", "数据", "章节", "核对", "滚动更新"]
    for path in ("/", "/data", "/sections/talent-employment", "/check", "/rollforward"):
        html = client.get(path).text
        assert all(f'href="{p.path}"' in html for p in pages.NAV), path
    # a page added later only needs an entry in the list to appear in every page's navigation
    monkeypatch.setattr(pages, "NAV", [*pages.NAV, pages.Page("archive", "归档", "/archive")])
    assert 'href="/archive"' in client.get("/data").text


def test_api_sections_lists_every_section_with_state(client) -> None:
    data = client.get("/api/sections").json()
    ids = [s["id"] for s in data["sections"]]
    assert ids[0] == "preface-process" and "talent-employment" in ids and len(ids) == 38
    row = next(s for s in data["sections"] if s["id"] == "talent-employment")
    assert row["state"] == "drafted" and row["chars"] > 100 and row["target_chars"] == 1500


def test_hand_edited_and_missing_drafts_are_told_apart(project: Path) -> None:
    drafts = project / "outputs" / "2023" / "drafts"
    (drafts / "talent-employment.md").write_text("审稿人重写的就业质量一节。\n", encoding="utf-8")
    (drafts / "talent-party.md").unlink()
    with make_client(project) as c:
        states = {s["id"]: s["state"] for s in c.get("/api/sections").json()["sections"]}
        assert states["talent-employment"] == "edited" and states["talent-party"] == "missing"
        html = c.get("/sections/talent-employment").text
        assert "人工修改" in html and 'name="overwrite_edit"' in html


def test_broken_data_file_is_shown_with_its_location_not_a_crash(project: Path) -> None:
    data = project / "data" / "2023.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("metrics:", "metrics: [", 1), encoding="utf-8")
    with make_client(project) as c:
        for path in ("/", "/data", "/check", "/rollforward"):
            r = c.get(path)
            assert r.status_code == 200, path
            assert "2023.yaml:12" in r.text and "YAML 格式错误" in r.text, path


def test_api_key_is_never_on_any_page_or_api_answer(built_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-web-secret-4f2a9c"
    monkeypatch.setenv("OPENAI_API_KEY", secret)
    monkeypatch.setenv("OPENAI_BASE_URL", "https://user:pass-7d1@llm.example.edu/v1")
    with make_client(built_project) as c:
        bodies = [c.get(p).text for p in ("/", "/data", "/sections/talent-employment", "/check", "/rollforward",
                                             "/api/sections", "/api/jobs")]
        section = bodies[2]
    assert all(secret not in b and "pass-7d1" not in b for b in bodies)
    assert 'value="openai"' in section and "https://llm.example.edu/v1" in section  # endpoint shown, no user info


def test_unknown_page_is_a_chinese_404(client) -> None:
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "找不到" in r.text
    assert client.get("/api/no-such").json()["error"]


def test_figures_roll_forward_could_not_update_are_counted_for_the_writer(client) -> None:
    rows = client.get("/api/sections").json()["sections"]
    marked = [s for s in rows if s["unverified"] > 0]
    assert marked  # the sample starts every section from last year's report: some figures stay 【待核实】
    html = client.get("/").text
    assert f"待核实 {marked[0]['unverified']}</span>" in html and "【待核实】" in html
    section = client.get(marked[0]["url"]).text
    assert f"【待核实】{marked[0]['unverified']} 处" in section and '<span class="gap">【待核实：' in section
