"""Background jobs: build and redraft through the API, one at a time, under the CLI's project lock."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from conftest import csrf_headers, make_client, wait_job
from fakeserver import OpenAIServer, Reply


def test_build_job_writes_the_report_and_reports_progress(project: Path) -> None:
    report = project / "outputs" / "2023" / "report.docx"
    before = report.stat().st_mtime_ns
    with make_client(project) as c:
        r = c.post("/api/build")
        assert r.status_code == 202
        job = r.json()["job"]
        assert job["state"] == "running" and job["kind"] == "build"
        done = wait_job(c, job["id"])
        assert done["state"] == "done", done
        assert done["summary"].startswith("已生成 report.docx") and done["details"]["report"] == "report.docx"
        assert c.get("/api/jobs").json()["latest"]["id"] == job["id"]
        assert "组装 Word 报告" in c.get("/").text  # the job bar shows the last job after a reload
    assert report.stat().st_mtime_ns > before


def test_job_is_refused_while_the_cli_holds_the_project(project: Path) -> None:
    from draftkit.lock import project_lock

    with make_client(project) as c, project_lock(project / ".draftkit", "draftkit draft"):
        r = c.post("/api/build")
        assert r.status_code == 409
        assert "项目正被另一个任务使用：draftkit draft（进程" in r.json()["error"]
        assert "draftkit draft" in c.get("/").text  # the overview says who is busy
        assert c.get("/api/jobs").json()["busy"].startswith("draftkit draft")


def test_redraft_one_section_against_an_openai_compatible_server(project: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    drafts = project / "outputs" / "2023" / "drafts"
    with OpenAIServer() as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-local-test")
        with make_client(project) as c:
            assert 'value="openai" ' in c.get("/sections/talent-employment").text  # offered: a key is set
            r = c.post("/api/draft/talent-employment", json={"backend": "openai", "model": "test-model"},
                       headers=csrf_headers(c))
            assert r.status_code == 202
            job = wait_job(c, r.json()["job"]["id"])
        assert job["state"] == "done", job
        assert job["details"]["counts"] == {"drafted": 1}
        assert srv.calls == 1 and srv.requests[0]["body"]["model"] == "test-model"
    text = (drafts / "talent-employment.md").read_text(encoding="utf-8")
    assert "学校相关指标达到" in text  # the fake model's answer, figures bound
    prov = json.loads((drafts / "talent-employment.json").read_text(encoding="utf-8"))
    assert prov["backend"] == "openai" and prov["model"] == "test-model"
    assert "sk-local-test" not in json.dumps(job, ensure_ascii=False)


def test_redraft_keeps_a_hand_edited_draft_unless_asked(project: Path) -> None:
    md = project / "outputs" / "2023" / "drafts" / "talent-employment.md"
    md.write_text("审稿人重写的一节。\n", encoding="utf-8")
    with make_client(project) as c:
        headers = csrf_headers(c)
        r = c.post("/api/draft/talent-employment", json={"backend": "offline"}, headers=headers)
        assert r.status_code == 409 and "人工修改" in r.json()["error"]
        assert md.read_text(encoding="utf-8") == "审稿人重写的一节。\n"
        r = c.post("/api/draft/talent-employment", json={"backend": "offline", "overwrite_edit": True}, headers=headers)
        assert r.status_code == 202
        assert wait_job(c, r.json()["job"]["id"])["state"] == "done"
    assert "毕业去向落实率" in md.read_text(encoding="utf-8")


def test_a_failing_job_says_why_in_chinese(project: Path) -> None:
    with make_client(project) as c:
        r = c.post("/api/draft/talent-employment", json={"backend": "openai"}, headers=csrf_headers(c))
        job = wait_job(c, r.json()["job"]["id"])
    assert job["state"] == "failed" and "OPENAI_API_KEY" in job["error"]


@pytest.mark.parametrize("body, expected", [
    ({"backend": "gpt"}, "未知的起草后端"),
    ({"backend": "openai", "model": "x; rm -rf /"}, "模型名无效"),
])
def test_draft_options_are_validated(client, body: dict, expected: str) -> None:
    r = client.post("/api/draft/talent-employment", json=body, headers=csrf_headers(client))
    assert r.status_code == 400 and expected in r.json()["error"]


def test_progress_survives_a_reload_and_a_second_job_waits(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drafting every section against a slow model: the page shows the running job, the API counts sections."""
    with OpenAIServer(Reply(delay=0.25)) as srv:
        monkeypatch.setenv("OPENAI_BASE_URL", srv.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-local-test")
        with make_client(project) as c:
            r = c.post("/api/draft", json={"backend": "openai"}, headers=csrf_headers(c))
            job_id = r.json()["job"]["id"]
            deadline = time.monotonic() + 60
            while c.get(f"/api/jobs/{job_id}").json()["done"] < 2 and time.monotonic() < deadline:
                time.sleep(0.1)
            page = c.get("/sections/talent-employment").text  # any page, opened anew
            assert f'data-job-id="{job_id}"' in page and 'data-job-state="running"' in page
            running = c.get(f"/api/jobs/{job_id}").json()
            assert running["state"] == "running" and running["total"] == 38 and 2 <= running["done"] < 38
            second = c.post("/api/build", headers=csrf_headers(c))
            assert second.status_code == 409 and "已有任务在运行：起草全部" in second.json()["error"]
            done = wait_job(c, job_id, timeout=180)
        assert done["state"] == "done" and done["details"]["counts"].get("drafted", 0) >= 30, done
