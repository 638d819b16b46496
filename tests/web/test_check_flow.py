"""核对 through the web: /api/check answers exactly what the CLI prints; the page highlights and annotates."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import csrf_headers, make_client, wrong_figure_docx

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def cli_json(cwd: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``draftkit check … --format json`` run in ``cwd``, as a user would in the project folder."""
    from draftkit.cli import app

    monkeypatch.chdir(cwd)
    res = CliRunner().invoke(app, ["check", *args, "--format", "json"])
    assert res.exit_code in (0, 1), res.output
    return json.loads(res.stdout)


def same_but_timing(a: dict[str, Any], b: dict[str, Any]) -> None:
    a, b = json.loads(json.dumps(a)), json.loads(json.dumps(b))
    a["summary"].pop("seconds")
    b["summary"].pop("seconds")
    assert a == b


@pytest.fixture
def wrong_docx(built_project: Path, tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    return wrong_figure_docx(built_project / "outputs" / "2023" / "report.docx", tmp_path / "in" / "审核稿.docx")


def test_api_check_equals_the_cli_json_with_project_data(project: Path, wrong_docx: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    with make_client(project) as c:
        r = c.post("/api/check", files={"file": ("审核稿.docx", wrong_docx.read_bytes(), DOCX)})
    assert r.status_code == 200
    api = r.json()
    # the CLI in the project folder, given the same file name and no --data: it picks the project's data too
    shutil.copy(wrong_docx, project / "审核稿.docx")
    cli = cli_json(project, ["审核稿.docx"], monkeypatch)
    same_but_timing(api, cli)
    assert api["file"] == "审核稿.docx" and api["summary"]["data"] == str(project / "data" / "2023.yaml")
    errors = [f for f in api["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["figure"], f["expected"]) for f in errors] == [("data-mismatch", "17420人", "17402人")]


def test_api_check_picks_the_data_of_the_year_in_the_file_name_like_the_cli(project: Path, wrong_docx: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A report named for a year the project has no data for is checked internally, as the CLI does."""
    name = "2021年质量报告.docx"
    with make_client(project) as c:
        api = c.post("/api/check", files={"file": (name, wrong_docx.read_bytes(), DOCX)}).json()
    shutil.copy(wrong_docx, project / name)
    same_but_timing(api, cli_json(project, [name], monkeypatch))
    assert api["summary"]["data"] is None


def test_api_check_without_data_equals_the_cli_without_data(client, built_project: Path, wrong_docx: Path,
                                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    api = client.post("/api/check", files={"file": ("审核稿.docx", wrong_docx.read_bytes(), DOCX)},
                      data={"no_data": "1"}).json()
    shutil.copy(wrong_docx, tmp_path / "审核稿.docx")
    same_but_timing(api, cli_json(tmp_path, ["审核稿.docx", "--no-data"], monkeypatch))
    assert api["summary"]["data"] is None


def test_api_check_with_an_uploaded_workbook_equals_the_cli(client, wrong_docx: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = client.get("/data/template.xlsx").content  # the data as the Excel fill-in workbook
    (tmp_path / "2023.xlsx").write_bytes(workbook)
    shutil.copy(wrong_docx, tmp_path / "审核稿.docx")
    api = client.post("/api/check", files={"file": ("审核稿.docx", wrong_docx.read_bytes(), DOCX),
                                           "data": ("2023.xlsx", workbook, "application/octet-stream")}).json()
    same_but_timing(api, cli_json(tmp_path, ["审核稿.docx", "--data", "2023.xlsx"], monkeypatch))
    assert api["summary"]["errors"] == 1


def test_api_check_of_a_text_report_equals_the_cli(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "一、发展概述\n学校全日制在校生17420人，专任教师796人，硕士以上学历教师368人，占46.23%。\n"
    with make_client(project) as c:
        api = c.post("/api/check", files={"file": ("摘要.txt", text.encode(), "text/plain")}).json()
    (project / "摘要.txt").write_text(text, encoding="utf-8")
    same_but_timing(api, cli_json(project, ["摘要.txt"], monkeypatch))
    assert api["summary"]["errors"] >= 1


def test_bad_data_upload_is_a_400_naming_the_upload_not_a_temp_path(client, wrong_docx: Path) -> None:
    r = client.post("/api/check", files={"file": ("审核稿.docx", wrong_docx.read_bytes(), DOCX),
                                         "data": ("2023.yaml", "school: [broken\n".encode(), "text/yaml")})
    assert r.status_code == 400
    body = r.json()
    assert body["file"] == "审核稿.docx" and "2023.yaml" in body["error"] and "draftkit-web-" not in body["error"]


def test_check_page_highlights_the_wrong_figure_and_annotates_the_docx(client, wrong_docx: Path) -> None:
    headers = csrf_headers(client)
    r = client.post("/check", files={"file": ("审核稿.docx", wrong_docx.read_bytes(), DOCX)}, headers=headers)
    assert r.status_code == 200
    url = r.json()["url"]
    page = client.get(url).text
    # the wrong figure is highlighted as an error, with its explanation, and listed under its chapter
    assert 'class="fig f-error" id="f' in page
    assert "17420人</mark>" in page and "数据为 17402人" in page
    assert "fig f-ok" in page  # figures that match the data are highlighted as verified
    assert "前言" in page and "<svg" in page  # grouped by chapter, with the chart
    assert "数据：<code>data/2023.yaml</code>" in page  # the project's data named as in the project, not by its full path
    # the annotated copy has a Word comment on exactly that figure
    from docx import Document

    annotated = client.get(url + "/annotated.docx")
    assert annotated.status_code == 200 and "attachment" in annotated.headers["content-disposition"]
    doc = Document(io.BytesIO(annotated.content))
    ours = [c for c in doc.comments if c.author == "draftkit 核对"]  # the report's writer notes are comments too
    assert len(ours) == 1 and "17402人" in ours[0].text
    start = doc.element.body.xpath(f'//w:commentRangeStart[@w:id="{ours[0].comment_id}"]')[0]
    assert start.getnext().xpath("string(.//w:t)") == "17420人"
    assert client.get(url + "/result.json").json()["summary"]["errors"] == 1


def test_check_page_can_check_the_built_report(client) -> None:
    headers = csrf_headers(client)
    r = client.post("/check", data={"report": "report.docx"}, headers=headers)
    assert r.status_code == 200 and r.json()["summary"]["errors"] == 0
    page = client.get(r.json()["url"]).text
    assert "outputs/2023/report.docx" in page and "没有发现问题" in page


def test_a_forgotten_result_is_a_404_with_advice(client) -> None:
    r = client.get("/check/AAAAAAAAAAAAAAAAAAAAAAAA")
    assert r.status_code == 404 and "重新上传" in r.text
