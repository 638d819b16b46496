"""`draftkit check` on a PDF of draftkit's own clean report: no false errors.

The fixture (tests/fixtures/readers/report_pdf.txt) is pages of `draftkit run`'s sample report
exported with LibreOffice and extracted with draftkit.readers.pdf_reader.pdf_text; the report
was written from data/2023.yaml, so every figure in it agrees with that data.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from draftkit.check.document import build_doc
from draftkit.check.runner import check_doc
from draftkit.readers import rejoin_lines

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "readers" / "report_pdf.txt"


@pytest.fixture(scope="module")
def data():
    from draftkit.data import load_year_data

    return load_year_data(ROOT / "data" / "2023.yaml")


def _problems(result) -> list[str]:
    return [f"{f.severity} {f.rule} {f.figure} {f.message}" for f in result.findings
            if f.severity in ("error", "warning")]


def test_pdf_blocks_of_clean_report_have_no_error(data) -> None:
    doc = build_doc(Path("report.pdf"), "pdf", rejoin_lines(FIXTURE.read_text(encoding="utf-8")))
    result = check_doc(doc, data)
    assert _problems(result) == []
    assert result.summary["linked"] >= 60  # the tables' cells are linked and compared, not skipped


def test_pdf_extracted_txt_of_clean_report_has_no_error(data, tmp_path: Path) -> None:
    """The same text saved as .txt is recognised as PDF-extracted (its table of contents'
    dot-leader lines and table rows do not count as prose) and rejoined before checking."""
    from draftkit.check import check_file

    p = tmp_path / "report.txt"
    p.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    result = check_file(p, data)
    assert _problems(result) == []
    assert result.summary["linked"] >= 60
