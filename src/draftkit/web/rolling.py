"""滚动更新 from the browser or the API: last year's report, uploaded, rolled forward by a background job.

The upload (and an uploaded data file) waits in a private folder of its own while the job runs and
while the run is kept (the last few, in memory), because the page's 生成填报工作簿 button reads the
same upload again; the folder is deleted when the run is forgotten or the server stops. The job
writes ``outputs/<year>/rollforward.docx`` in the project under the project lock, exactly as
``draftkit rollforward FILE`` does in the project folder, and leaves the CLI's ``--format json``
beside the upload (``result.json``).
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["RollRun", "RollStore", "ROLL_ID_RE", "RESULT_FILE", "WORKBOOK_FILE", "OUTPUT_NAME", "is_rolled"]

ROLL_ID_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
OUTPUT_NAME = "rollforward.docx"  # in outputs/<year>/, as draftkit rollforward writes it by default
_ROLLED_RE = re.compile(r"^rollforward(-\d+)?\.docx$")  # … or its numbered copy when a person edited it
RESULT_FILE = "result.json"
WORKBOOK_FILE = "workbook.xlsx"
_KEEP = 8


def is_rolled(name: str) -> bool:
    """True for roll forward's output in outputs/<year>/ (not a built report)."""
    return bool(_ROLLED_RE.match(name))


@dataclass
class RollRun:
    """One roll forward: the upload's private folder, its name, the job, the data it was given."""

    id: str
    name: str                   # the uploaded file's (cleaned) name, as the JSON's "source"
    folder: Path                # private: the upload, an uploaded data file, result.json, workbook.xlsx
    report: Path                # the upload inside ``folder``
    job_id: str = ""
    data_name: str | None = None  # an uploaded data file's name; None = the project's data
    workbook: dict[str, Any] | None = None  # what 生成填报工作簿 made: name, summary
    created: float = field(default_factory=time.time)

    @staticmethod
    def new(folder: Path, report: Path, name: str) -> "RollRun":
        return RollRun(secrets.token_urlsafe(18), name, folder, report)

    def result(self) -> dict[str, Any] | None:
        """The JSON of ``draftkit rollforward --format json`` once the job has written it."""
        path = self.folder / RESULT_FILE
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class RollStore:
    """The last few roll-forward runs; a forgotten run's folder is deleted."""

    def __init__(self, keep: int = _KEEP):
        self.keep = keep
        self._runs: OrderedDict[str, RollRun] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, run: RollRun) -> None:
        with self._lock:
            self._runs[run.id] = run
            while len(self._runs) > self.keep:  # one job at a time: the oldest runs have ended
                self._runs.popitem(last=False)[1].remove()

    def get(self, run_id: str) -> RollRun | None:
        if not ROLL_ID_RE.match(run_id or ""):
            return None
        with self._lock:
            return self._runs.get(run_id)

    def latest(self) -> RollRun | None:
        with self._lock:
            return next(reversed(self._runs.values()), None)

    def close(self) -> None:
        """Delete every run's folder (the server is stopping)."""
        with self._lock:
            for run in self._runs.values():
                run.remove()
            self._runs.clear()
