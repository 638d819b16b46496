"""What the checker reports: :class:`Finding` and :class:`CheckResult` (the JSON contract)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Finding", "CheckResult", "Mark", "TextBlock", "SEVERITIES", "RULES"]

SEVERITIES = ("error", "warning", "info")
RULES = (
    "data-mismatch", "part-whole", "per-capita", "growth-rate", "table-total",
    "cross-mention", "unsupported", "trend",
)


@dataclass
class Finding:
    """One problem with one figure, as design.md's checker output describes it."""

    rule: str
    severity: str
    figure: str
    context: str
    location: dict[str, Any]
    message: str
    metric: str | None = None
    expected: str | None = None
    found: str | None = None
    chapter: str | None = None
    link: dict[str, Any] | None = None  # why the figure stands for ``metric``: rule, words, strength
    # where the figure sits inside its paragraph/cell text (for --annotate); not in JSON
    span: tuple[int, int] | None = field(default=None, repr=False)
    # the mention found at, and the other mentions the finding was computed from (not in JSON)
    mention: Any = field(default=None, repr=False, compare=False)
    inputs: list[Any] = field(default_factory=list, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of this finding (design.md keys first, extras after)."""
        d: dict[str, Any] = {
            "rule": self.rule, "severity": self.severity, "figure": self.figure,
            "context": self.context, "location": self.place(), "message": self.message,
        }
        for key in ("metric", "expected", "found", "chapter", "link"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        return d

    def place(self) -> dict[str, Any]:
        """The location as people count: paragraph, table, row and column from 1 (the console, the
        JSON and the comments say the same "第94段"); ``line`` is a source line, already 1-based."""
        out = dict(self.location)
        for key in ("paragraph", "block", "table", "row", "column", "box"):
            if isinstance(out.get(key), int):
                out[key] += 1
        return out

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.get("block", 0), loc.get("row", 0), loc.get("column", 0), (self.span or (0, 0))[0])


@dataclass
class Mark:
    """A figure the checker read: where it stands and the metric it linked to (for highlighting; not in JSON)."""

    figure: str
    location: dict[str, Any]  # as a finding's location
    span: tuple[int, int]     # offsets in its paragraph/cell text, as Finding.span
    metric: str | None = None


@dataclass
class TextBlock:
    """A paragraph or table of the document as the checker read it (for showing the text; not in JSON)."""

    kind: str  # heading | paragraph | caption | source | table
    text: str  # a table's caption
    location: dict[str, Any]  # {"paragraph", "block"} or {"table", "block"}: what findings and marks carry
    rows: list[list[str]] | None = None  # tables: cells, indexed as a cell finding's row/column


@dataclass
class CheckResult:
    """All findings for one file plus a summary (counts by severity and rule)."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    figures: int = 0
    linked: int = 0
    data: str | None = None
    seconds: float = 0.0
    # every figure read and the text it was read from (draftkit serve highlights them); not in JSON
    marks: list[Mark] = field(default_factory=list, repr=False)
    text: list[TextBlock] = field(default_factory=list, repr=False)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def summary(self) -> dict[str, Any]:
        """Counts by severity and by rule, figures seen and linked, the data file used."""
        by_sev = {s: sum(1 for f in self.findings if f.severity == s) for s in SEVERITIES}
        by_rule: dict[str, int] = {}
        for f in self.findings:
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        return {
            "errors": by_sev["error"], "warnings": by_sev["warning"], "infos": by_sev["info"],
            "by_rule": by_rule, "figures": self.figures, "linked": self.linked,
            "data": self.data, "seconds": round(self.seconds, 3),
        }

    def to_dict(self) -> dict[str, Any]:
        """``{"file": …, "findings": […], "summary": {…}}`` exactly as design.md specifies."""
        return {
            "file": self.file,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary,
        }

    @property
    def name(self) -> str:
        return Path(self.file).name
