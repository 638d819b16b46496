"""The figure-consistency checker: every cited figure matches the data, the report agrees
with itself.

    from draftkit.check import check_file, to_json, annotate
    result = check_file("report.docx", data)   # data: YearData or None (internal rules only)
    to_json(result)                            # {"file": …, "findings": […], "summary": {…}}
    annotate("report.docx", result, "report.checked.docx")

Stages: figures (extraction) → document (passages, tables, mentions) → link (figure → metric)
→ rules_text / rules_table / rules_cross / rules_data → model (Finding, CheckResult).
Imports stay light: nothing here loads chromadb, langchain or matplotlib.
"""

from __future__ import annotations

from typing import Any

from .model import CheckResult, Finding
# imported here (it is light: no python-docx until called) so that `draftkit.check.annotate` stays this
# function: importing the submodule later would otherwise rebind the package attribute to the module
from .annotate import annotate

__all__ = ["check_file", "check_dir", "to_json", "annotate", "Finding", "CheckResult"]


def check_file(path, data=None) -> CheckResult:  # noqa: ANN001 - see runner.check_file
    """Check one report (.docx/.md/.txt/.pdf) against optional year data."""
    from .runner import check_file as _check

    return _check(path, data)


def check_dir(folder, data_path=None, jobs: int = 1) -> list:  # noqa: ANN001
    """Check every report in a folder; see runner.check_dir."""
    from .runner import check_dir as _check_dir

    return _check_dir(folder, data_path, jobs)


def to_json(result: CheckResult) -> dict[str, Any]:
    """The JSON object of design.md: ``{"file", "findings", "summary"}``."""
    return result.to_dict()

