"""Checking a report from the browser or the API, and keeping the last results for their pages.

The JSON is what ``draftkit check FILE --format json`` prints when run in the project folder:
``file`` is the uploaded file's name (or ``outputs/<year>/<name>`` for a built report); the data is
the project's data of the report's year, as the CLI picks it (``summary.data`` its path), or an
uploaded data file (as ``--data NAME``), or none (as ``--no-data``). Results live in memory (the
last few), addressed by a random id.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DraftkitError
from .uploads import rename_error

__all__ = ["CheckRun", "CheckStore", "run_check", "load_data_file", "CHECK_ID_RE"]

CHECK_ID_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_KEEP = 12


@dataclass
class CheckRun:
    """One check: the result, its JSON, the annotated copy (for .docx) and what was checked."""

    id: str
    name: str
    result: Any
    json: dict[str, Any]
    data: Any = None  # the YearData used (for tooltips), or None
    data_name: str | None = None
    annotated: bytes | None = None
    comments: int = 0
    created: float = field(default_factory=time.time)

    @property
    def annotated_name(self) -> str:
        return Path(self.name).stem + ".checked.docx"


class CheckStore:
    """The last few check runs, in memory."""

    def __init__(self, keep: int = _KEEP):
        self.keep = keep
        self._runs: OrderedDict[str, CheckRun] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, run: CheckRun) -> None:
        with self._lock:
            self._runs[run.id] = run
            while len(self._runs) > self.keep:
                self._runs.popitem(last=False)

    def get(self, run_id: str) -> CheckRun | None:
        if not CHECK_ID_RE.match(run_id or ""):
            return None
        with self._lock:
            return self._runs.get(run_id)


def run_check(report: Path, name: str, data: Any, data_name: str | None, *, annotate: bool,
              work_dir: Path) -> CheckRun:
    """Check ``report`` (shown as ``name``) against ``data``; with ``annotate``, a .docx copy with comments.

    DraftkitError messages name the file as the user knows it, never the private temp path.
    """
    from ..check import annotate as annotate_docx
    from ..check import check_file, to_json

    try:
        result = check_file(report, data)
    except DraftkitError as exc:
        rename_error(exc, report, name)
        raise
    result.file = name
    result.data = data_name if data is not None else None
    run = CheckRun(secrets.token_urlsafe(18), name, result, to_json(result), data, result.data)
    if annotate and report.suffix.lower() == ".docx":
        out = work_dir / "annotated.docx"
        run.comments = annotate_docx(report, result, out)
        run.annotated = out.read_bytes()
    return run


def load_data_file(path: Path, name: str) -> Any:
    """Year data from an uploaded or project file; errors name ``name``, not the temp path."""
    from ..data import load_year_data

    try:
        return load_year_data(path)
    except DraftkitError as exc:
        rename_error(exc, path, name)
        raise
