"""The main job end to end on a copy of the sample project (hash embedder, offline drafter)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from draftkit.config import load_settings
from draftkit.pipeline import run_pipeline

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    for name in ("data", "prompts", "corpus"):
        shutil.copytree(REPO / name, root / name)
    return root


def _hook(stage: str) -> dict:
    return {"paginate": False} if stage == "build" else {}


def test_main_job_offline_then_resume_and_keep_edits(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    settings = load_settings(project, embedder="hash")
    first = run_pipeline(settings, hook=_hook)

    assert first.ingest is not None and first.ingest.chunks > 0
    assert not first.draft.failed and first.draft.problems == []
    assert first.build.path == project / "outputs" / "2023" / "report.docx"
    assert first.build.placeholders == []
    doc = Document(str(first.build.path))
    assert any(p.style.name == "Heading 1" and p.text.startswith("一、") for p in doc.paragraphs)
    assert first.check_json is not None and first.check_json.is_file()
    # Figures in a generated draft are bound from the data, so the checker must find no error.
    errors = [f for f in first.check.findings if f.severity == "error"]
    assert errors == [], [(f.rule, f.figure, f.context[:60]) for f in errors[:5]]

    second = run_pipeline(settings, hook=_hook)
    assert second.ingest.embedded == 0 and second.ingest.unchanged == second.ingest.documents
    assert {o.status for o in second.draft.outcomes} == {"cached"}
    assert second.draft.llm_calls == 0
    assert second.build.path == first.build.path  # unchanged since draftkit wrote it: rewritten in place

    edited = Document(str(second.build.path))
    edited.add_paragraph("审稿人手工补充的一段话。")
    edited.save(str(second.build.path))
    third = run_pipeline(settings, hook=_hook, check=False)
    assert third.build.path.name == "report-1.docx"
    assert "审稿人手工补充的一段话。" in [p.text for p in Document(str(second.build.path)).paragraphs]
