"""The sample project drafted and built once (hash embedder, offline drafter), and clients for it."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any, Iterator

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ → import fakeserver

REPO = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:8765"


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample project after ``draftkit run`` (read-only for tests: copy it to change it)."""
    import os

    from draftkit.config import load_settings
    from draftkit.pipeline import run_pipeline

    root = tmp_path_factory.mktemp("webproject")
    for name in ("data", "prompts", "corpus"):
        shutil.copytree(REPO / name, root / name)
    saved = os.environ.pop("OPENAI_API_KEY", None)
    try:
        run_pipeline(load_settings(root, embedder="hash", llm_backend="offline"),
                     hook=lambda stage: {"paginate": False} if stage == "build" else {})
    finally:
        if saved is not None:
            os.environ["OPENAI_API_KEY"] = saved
    return root


@pytest.fixture
def project(built_project: Path, tmp_path: Path) -> Path:
    """A private copy of the built sample project (drafts, report, vector store)."""
    dest = tmp_path / "project"
    shutil.copytree(built_project, dest)
    return dest


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """No key from the developer's environment leaks into the pages or the job processes."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "DRAFTKIT_LLM_BACKEND", "DRAFTKIT_WEB_TOKEN", "DRAFTKIT_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DRAFTKIT_EMBEDDER", "hash")


def make_client(project: Path, **config: Any) -> Any:
    from starlette.testclient import TestClient

    from draftkit.web import WebConfig, create_app

    config.setdefault("paginate", False)
    config.setdefault("overrides", {"embedder": "hash"})
    return TestClient(create_app(WebConfig(project=project, **config)), base_url=BASE)


@pytest.fixture
def client(built_project: Path) -> Iterator[Any]:
    """A client on the shared built project: for requests that change nothing."""
    with make_client(built_project) as c:
        yield c


def csrf_headers(client: Any) -> dict[str, str]:
    """Open a page (sets the CSRF cookie) and return the header a page's script sends."""
    client.get("/check")
    return {"X-CSRF-Token": client.cookies["dk_csrf"]}


def wait_job(client: Any, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    """Poll ``GET /api/jobs/{id}`` until the job ends."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] != "running":
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still running after {timeout}s")


def wrong_figure_docx(report: Path, out: Path, right: str = "17402", wrong: str = "17420") -> Path:
    """A copy of a built report with the first ``right`` in body text replaced by ``wrong``."""
    from docx import Document

    doc = Document(str(report))
    for para in doc.paragraphs:
        for run in para.runs:
            if right in run.text:
                run.text = run.text.replace(right, wrong, 1)
                doc.save(str(out))
                return out
    raise AssertionError(f"{right} not found in {report}")
