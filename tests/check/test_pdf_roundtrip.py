"""The sample report drafted offline, exported to PDF with LibreOffice and checked: a clean
report read from PDF must not raise the errors and warnings the .docx does not raise."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) not installed")
def test_pdf_of_clean_sample_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from draftkit.check import check_file
    from draftkit.config import load_settings
    from draftkit.data import load_year_data
    from draftkit.pipeline import run_pipeline

    for name in ("data", "prompts", "corpus"):
        shutil.copytree(REPO / name, tmp_path / name)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    result = run_pipeline(load_settings(tmp_path, embedder="hash"), hook=lambda stage: {})
    docx = result.build.path
    out = tmp_path / "pdf"
    subprocess.run([SOFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=180)
    data = load_year_data(tmp_path / "data" / "2023.yaml")
    from_docx = check_file(docx, data)
    from_pdf = check_file(out / "report.pdf", data)
    problems = [(f.severity, f.rule, f.figure, f.message) for f in from_pdf.findings if f.severity in ("error", "warning")]
    assert problems == []
    assert from_pdf.summary["figures"] >= from_docx.summary["figures"] * 0.95
    assert from_pdf.summary["linked"] >= from_docx.summary["linked"] * 0.9
