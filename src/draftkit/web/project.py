"""What the pages show about a project: data, outline, each section's draft, the latest build.

Read-only, and cheap enough to run on every page view: the year data and the report outline are
loaded once and reloaded when their file changes; drafts are judged from their files alone
(``.md`` against the hash its provenance recorded), never by building prompts.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..config import Settings, load_settings
from ..errors import DraftkitError
from ..grammar import UNVERIFIED_RE

__all__ = ["ProjectView", "SectionRow", "BuildInfo", "SECTION_ID_RE", "STATE_LABELS"]

SECTION_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")  # = spec's id rule, bounded
REPORT_NAME_RE = re.compile(r"^[^/\\\x00]{1,200}\.docx$")
STATE_LABELS = {"missing": "未起草", "drafted": "已起草", "edited": "人工修改", "needs-data": "缺数据"}


@dataclass
class SectionRow:
    """One section as the overview and /api/sections show it."""

    id: str
    title: str
    chapter: str
    state: str  # missing | drafted | edited | needs-data
    chars: int = 0
    target: int = 0
    todo: bool = False  # the draft still says 【待补充…】 or 【缺数据…】
    unverified: int = 0  # 【待核实：…】 marks: last year's figures roll forward could not update
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # what the data lacks for it
    backend: str = ""
    model: str = ""
    updated: str = ""

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "chapter": self.chapter, "state": self.state,
                "state_label": self.label, "chars": self.chars, "target_chars": self.target, "todo": self.todo,
                "unverified": self.unverified,
                "warnings": self.warnings, "problems": self.problems, "backend": self.backend,
                "model": self.model, "updated": self.updated, "url": f"/sections/{self.id}"}


@dataclass
class BuildInfo:
    """The newest report .docx in ``outputs/<year>/`` and its check, if any."""

    name: str
    path: Path
    size: int
    modified: str
    edited: bool  # differs from what draftkit wrote (a person changed it)
    check: dict[str, Any] | None = None  # summary of <name>.check.json when newer than the report


class ProjectView:
    """The project behind ``draftkit serve``; thread-safe, caches what it parses by file mtime."""

    def __init__(self, project: Path, overrides: dict[str, Any] | None = None):
        self.project = project
        self.overrides = dict(overrides or {})
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[Any, Any]] = {}

    # -- loading ------------------------------------------------------------------------------
    def settings(self, **extra: Any) -> Settings:
        """Settings of the project (the server's overrides, then ``extra``); reread when .env or draftkit.toml change."""
        if extra:
            return load_settings(self.project, **{**self.overrides, **extra})
        return self._cached("settings", _stamp(self.project / ".env", self.project / "draftkit.toml"),
                            lambda: load_settings(self.project, **self.overrides))

    def _cached(self, key: str, stamp: Any, load: Any) -> Any:
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == stamp:
                return hit[1]
        value = load()
        with self._lock:
            self._cache[key] = (stamp, value)
        return value

    def data(self) -> tuple[Any, str | None]:
        """(YearData or None, the Chinese error that stopped it loading)."""
        try:
            path = self.settings().data_file()
        except DraftkitError as exc:
            return None, str(exc)

        def load() -> tuple[Any, str | None]:
            from ..data import load_year_data

            try:
                return load_year_data(path), None
            except DraftkitError as exc:
                return None, str(exc)

        return self._cached("data", _stamp(path, *sorted((self.project / "data" / "tables").rglob("*.csv"))), load)

    def spec(self) -> tuple[Any, str | None]:
        """(ReportSpec or None, error)."""
        path = self.project / "prompts" / "report.yaml"

        def load() -> tuple[Any, str | None]:
            from ..spec import load_spec

            try:
                return load_spec(path), None
            except DraftkitError as exc:
                return None, str(exc)

        return self._cached("spec", _stamp(path), load)

    def problems(self) -> list[Any]:
        """What the outline needs that the data lacks (SpecProblem list; empty when either is missing)."""
        yd, _ = self.data()
        spec, _ = self.spec()
        if yd is None or spec is None:
            return []
        from ..spec import validate_against

        return self._cached("problems", (id(yd), id(spec)), lambda: validate_against(spec, yd))

    # -- sections -----------------------------------------------------------------------------
    def drafts_dir(self) -> Path | None:
        yd, _ = self.data()
        return self.settings().outputs_dir(yd.year) / "drafts" if yd is not None else None

    def section_rows(self) -> list[SectionRow]:
        """Every section of the outline in report order, with its draft's state."""
        spec, _ = self.spec()
        if spec is None:
            return []
        by_section: dict[str, list[str]] = {}
        for p in self.problems():
            by_section.setdefault(p.section_id, []).append(str(p))
        drafts = self.drafts_dir()
        rows = []
        for chapter in spec.chapters:
            for s in chapter.sections:
                row = SectionRow(s.id, s.title, chapter.heading, "missing", target=s.target_chars,
                                 problems=by_section.get(s.id, []))
                if drafts is not None:
                    self._fill(row, drafts)
                if row.problems and row.state == "missing":
                    row.state = "needs-data"
                rows.append(row)
        return rows

    def _fill(self, row: SectionRow, drafts: Path) -> None:
        """:func:`_fill_from_files`, remembered until the section's two files change."""
        from ..draft.provenance import draft_paths

        md, js = draft_paths(drafts, row.id)

        def read() -> dict[str, Any]:
            probe = SectionRow(row.id, row.title, row.chapter, "missing")
            _fill_from_files(probe, drafts)
            return {k: getattr(probe, k) for k in ("state", "chars", "todo", "unverified", "updated", "warnings", "backend", "model")}

        for key, value in self._cached(f"draft:{row.id}", _stamp(md, js), read).items():
            setattr(row, key, list(value) if isinstance(value, list) else value)

    def section(self, section_id: str) -> tuple[Any, Any] | None:
        """(SectionSpec, ChapterSpec) for a valid id of the outline; None otherwise (never touches files)."""
        if not SECTION_ID_RE.match(section_id or ""):
            return None
        spec, _ = self.spec()
        if spec is None:
            return None
        for chapter in spec.chapters:
            for s in chapter.sections:
                if s.id == section_id:
                    return s, chapter
        return None

    # -- outputs ------------------------------------------------------------------------------
    def reports(self) -> list[Path]:
        """Report .docx files in ``outputs/<year>/``, newest first (Word lock files skipped)."""
        yd, _ = self.data()
        if yd is None:
            return []
        folder = self.settings().outputs_dir(yd.year)
        if not folder.is_dir():
            return []
        found = [p for p in folder.glob("*.docx") if p.is_file() and not p.name.startswith(("~$", "."))]
        return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)

    def report(self, name: str) -> Path | None:
        """A report of :meth:`reports` by file name; None for any other name (no path from a request is opened)."""
        if not REPORT_NAME_RE.match(name or ""):
            return None
        return next((p for p in self.reports() if p.name == name), None)

    def build_info(self) -> BuildInfo | None:
        """The newest built report (not roll forward's) and whether a person edited it since draftkit wrote it."""
        from .rolling import is_rolled

        reports = [p for p in self.reports() if not is_rolled(p.name)]  # roll forward's draft is not the build
        if not reports:
            return None
        p = reports[0]
        from ..assemble.outputs import load_manifest
        from ..fsutil import sha256_file

        settings = self.settings()
        manifest = load_manifest(settings.state_dir)
        key = p.resolve().relative_to(settings.project.resolve()).as_posix()
        st = p.stat()
        edited = manifest.get(key) not in (None, sha256_file(p))
        return BuildInfo(p.name, p, st.st_size, _when(st.st_mtime), edited, _check_summary(p))


def _stamp(*paths: Path) -> tuple:
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), None, None))
    return tuple(out)


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def _fill_from_files(row: SectionRow, drafts: Path) -> None:
    """State, length and warnings of one section from ``<id>.md`` and ``<id>.json``."""
    from ..draft.provenance import draft_paths, read_provenance
    from ..draft.bind import NOTE_RE
    from ..draft.run import body_chars
    from ..fsutil import sha256_file

    md, js = draft_paths(drafts, row.id)
    if not md.is_file():
        return
    text = md.read_text(encoding="utf-8", errors="replace")
    prov = read_provenance(js)
    row.state = "drafted" if prov is not None and sha256_file(md) == prov.output_hash else "edited"
    row.chars = body_chars(text)
    row.todo = "【待补充" in text or "【缺数据" in text
    row.unverified = len(UNVERIFIED_RE.findall(NOTE_RE.sub("", text)))  # in the body, not the notes
    row.updated = _when(md.stat().st_mtime)
    if prov is not None:
        row.warnings = list(prov.warnings) + list(prov.errors)
        row.backend, row.model = prov.backend, prov.model


def _check_summary(report: Path) -> dict[str, Any] | None:
    """``summary`` of ``<report>.check.json`` written after the report (None when absent or older)."""
    path = report.with_name(report.stem + ".check.json")
    try:
        if path.stat().st_mtime + 1 < report.stat().st_mtime:
            return None
        return dict(json.loads(path.read_text(encoding="utf-8")).get("summary") or {})
    except (OSError, ValueError, AttributeError):
        return None
