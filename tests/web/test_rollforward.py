"""滚动更新 through the web: /api/rollforward answers exactly what the CLI prints; the page runs a job,
shows the summary and offers the rolled-forward .docx, the JSON and the fill-in workbook."""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import csrf_headers, make_client, wait_job

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LAST = "2022-quality-report.docx"


def cli_json(cwd: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``draftkit rollforward … --format json`` run in ``cwd``, as a user would in the project folder."""
    from draftkit.cli import app

    monkeypatch.chdir(cwd)
    res = CliRunner().invoke(app, ["rollforward", *args, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def without_timing(js: dict[str, Any]) -> dict[str, Any]:
    js = json.loads(json.dumps(js))
    js["summary"].pop("seconds")
    return js


def kept(folder: Path) -> list[Path]:
    """The server's private upload folders still there."""
    return list(folder.glob("draftkit-web-*"))


@pytest.fixture
def last_year(project: Path) -> bytes:
    return (project / "corpus" / "reports" / LAST).read_bytes()


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the server's private upload folders go during the test (to see that they are removed)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_api_rollforward_equals_the_cli_json(project: Path, last_year: bytes, private_tmp: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    with make_client(project) as c:
        r = c.post("/api/rollforward", files={"file": (LAST, last_year, DOCX)})
    assert r.status_code == 200, r.text
    api = r.json()
    out = project / "outputs" / "2023" / "rollforward.docx"
    assert api["source"] == LAST and api["output"] == str(out) and out.is_file()
    assert api["summary"]["updated"] > 0 and api["summary"]["years_moved"] > 0
    assert not kept(private_tmp)  # the upload is gone; only the .docx in outputs/ stays
    # the CLI in the project folder, given the same file name and no --data: the same data, the same JSON
    (project / LAST).write_bytes(last_year)
    assert without_timing(api) == without_timing(cli_json(project, [LAST], monkeypatch))


def test_api_rollforward_with_an_uploaded_workbook_equals_the_cli_with_data(project: Path, last_year: bytes,
                                                                           tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    with make_client(project) as c:
        workbook = c.get("/data/template.xlsx").content  # the year data as the Excel fill-in workbook
        api = c.post("/api/rollforward", files={"file": ("上年报告.docx", last_year, DOCX), "data": ("2023.xlsx", workbook)},
                     headers=csrf_headers(c)).json()
    (project / "上年报告.docx").write_bytes(last_year)
    (tmp_path / "2023.xlsx").write_bytes(workbook)
    assert without_timing(api) == without_timing(cli_json(project, ["上年报告.docx", "--data", str(tmp_path / "2023.xlsx")],
                                                          monkeypatch))
    assert api["summary"]["updated"] > 0


def test_api_rollforward_is_refused_while_the_cli_holds_the_project(project: Path, last_year: bytes,
                                                                   private_tmp: Path) -> None:
    from draftkit.lock import project_lock

    with make_client(project) as c, project_lock(project / ".draftkit", "draftkit build"):
        r = c.post("/api/rollforward", files={"file": (LAST, last_year, DOCX)})
    assert r.status_code == 409 and "项目正被另一个任务使用：draftkit build" in r.json()["error"]
    assert not (project / "outputs" / "2023" / "rollforward.docx").exists()
    assert not kept(private_tmp)


@pytest.mark.parametrize(("name", "body", "says"), [
    ("上年报告.docx", b"PK not really a zip", "文件内容不是Word 文档"),
    ("上年报告.doc", b"\xd0\xcf\x11\xe0 old Word", "不支持的文件类型：.doc"),
    ("../../etc/passwd.txt", b"", "上传的文件是空的"),
])
def test_bad_uploads_start_no_job_and_keep_nothing(client, private_tmp: Path, name: str, body: bytes, says: str) -> None:
    r = client.post("/api/rollforward", files={"file": (name, body)})
    assert r.status_code == 400 and says in r.json()["error"]
    assert client.get("/api/jobs").json()["latest"] is None
    assert not kept(private_tmp)


def test_the_page_rolls_forward_in_a_job_and_offers_the_docx_the_json_and_the_workbook(project: Path, last_year: bytes,
                                                                                       private_tmp: Path) -> None:
    from openpyxl import load_workbook

    with make_client(project) as c:
        form = c.get("/rollforward")
        assert form.status_code == 200 and 'href="/rollforward" title=' in form.text and "data/2023.yaml" in form.text
        r = c.post("/rollforward", files={"file": (LAST, last_year, DOCX)}, headers=csrf_headers(c))
        assert r.status_code == 200
        url = r.json()["url"]
        job = wait_job(c, c.get("/api/jobs").json()["latest"]["id"])
        assert job["state"] == "done" and job["kind"] == "rollforward", job
        assert job["details"]["output"] == "outputs/2023/rollforward.docx" and job["details"]["data"] == "data/2023.yaml"
        page = c.get(url)
        result = c.get(url + "/result.json").json()
        s = result["summary"]
        for label, n in (("已更新（Word 修订）", s["updated"]), ("写法不变仍成立", s["kept"]),
                         ("未能更新（标黄并批注）", s["unresolved"]), ("学年 / 届 / 年度顺延", s["years_moved"])):
            assert f'{n}</div><div>{label}</div>' in page.text
        for chapter, n in s["unresolved_by_chapter"].items():
            assert f'{chapter} <span class="badge b-warn">{n}</span>' in page.text

        rolled = c.get(url + "/rollforward.docx")
        assert rolled.status_code == 200 and rolled.headers["content-type"] == DOCX
        xml = zipfile.ZipFile(io.BytesIO(rolled.content)).read("word/document.xml").decode("utf-8")
        assert xml.count("<w:ins ") >= s["updated"] and "<w:del " in xml
        assert rolled.content == (project / "outputs" / "2023" / "rollforward.docx").read_bytes()

        made = c.post(url + "/workbook", headers=csrf_headers(c))
        assert made.status_code == 200 and made.json()["name"] == "2023.xlsx", made.text
        xlsx = c.get(made.json()["url"])
        assert xlsx.status_code == 200 and 'filename="2023.xlsx"' in xlsx.headers["content-disposition"]
        wb = load_workbook(io.BytesIO(xlsx.content))
        assert "指标" in wb.sheetnames and wb["指标"].max_row > 50
        assert not (project / "data" / "2023.xlsx").exists()  # a download, not a change to the project's data

        overview = c.get("/").text  # roll forward's draft is not taken for the built report
        assert "下载 report.docx" in overview and "下载 rollforward.docx" not in overview
        assert len(kept(private_tmp)) == 1  # the upload waits for the workbook button ...
    assert not kept(private_tmp)  # ... until the server stops


def test_only_the_workbook_needs_no_data_and_no_job(project: Path, last_year: bytes) -> None:
    for p in (project / "data").glob("2023.*"):
        p.unlink()  # a school that has not collected this year's figures yet
    with make_client(project) as c:
        assert "项目中还没有年度数据" in c.get("/rollforward").text
        r = c.post("/rollforward?action=workbook", files={"file": (LAST, last_year, DOCX)}, headers=csrf_headers(c))
        assert r.status_code == 200, r.text
        page = c.get(r.json()["url"]).text
        assert "下载 <span class=\"wb-name\">2023.xlsx</span>" in page and "下载滚动后的" not in page
        assert c.get(r.json()["url"] + "/workbook.xlsx").status_code == 200
        assert c.get("/api/jobs").json()["latest"] is None


def test_a_roll_forward_without_any_data_fails_saying_why(project: Path, last_year: bytes) -> None:
    shutil.rmtree(project / "data")
    with make_client(project) as c:
        r = c.post("/api/rollforward", files={"file": (LAST, last_year, DOCX)})
    assert r.status_code == 400 and "data/ 下没有年度数据文件" in r.json()["error"]


@pytest.mark.parametrize("path", ["/rollforward/..%2F..%2Fetc%2Fpasswd", "/rollforward/not-a-run-id-at-all-000/rollforward.docx",
                                  "/rollforward/%2E%2E/result.json", "/rollforward/x/workbook.xlsx"])
def test_unknown_or_traversal_run_ids_are_404(client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and "root:" not in r.text


def test_a_report_over_the_upload_limit_is_413_and_nothing_is_kept(project: Path, last_year: bytes,
                                                                   private_tmp: Path) -> None:
    with make_client(project, upload_limit=len(last_year) // 2) as c:
        r = c.post("/api/rollforward", files={"file": (LAST, last_year, DOCX)})
        assert r.status_code == 413 and "上传的内容太大" in r.json()["error"]
        assert c.get("/api/jobs").json()["latest"] is None
    assert not kept(private_tmp)
