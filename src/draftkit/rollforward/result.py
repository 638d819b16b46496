"""What roll forward did: one :class:`Change` per figure or year expression, and the summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Change", "RollResult", "UPDATED", "UNRESOLVED", "KEPT", "MOVED"]

UPDATED, UNRESOLVED, KEPT, MOVED = "updated", "unresolved", "kept", "moved"


@dataclass
class Change:
    """One figure (or year expression) of last year's report and what became of it.

    ``status``: updated (a tracked change to this year's value), unresolved (left as it was,
    highlighted, with a comment saying why), kept (an approximate figure still true this year:
    200余人 for 236), moved (a year expression). ``span`` is in the passage text (``key``)."""

    kind: str                 # figure | growth | change | total | share | previous | year
    status: str
    before: str
    after: str | None
    location: dict[str, Any]
    chapter: str
    context: str
    metric: str | None = None
    evidence: str = ""        # why the new value is right (updated) or why not changed (unresolved)
    candidates: list[str] = field(default_factory=list)
    span: tuple[int, int] = (0, 0)
    key: tuple[Any, ...] = ()  # where the passage lives: ("p", paragraph) | ("b", table, row, col, k) | ("c", table, row, col)
    written: bool = False      # the tracked change or comment was placed in the document

    def to_dict(self) -> dict[str, Any]:
        """The change as ``--format json`` lists it (candidates only when there are some)."""
        out = {"kind": self.kind, "status": self.status, "before": self.before, "after": self.after,
               "metric": self.metric, "evidence": self.evidence, "chapter": self.chapter,
               "location": self.location, "context": self.context}
        if self.candidates:
            out["candidates"] = self.candidates
        return out


@dataclass
class RollResult:
    """The rolled-forward document and every change."""

    source: Path
    output: Path | None
    year: int                 # the year of the data (the new report)
    changes: list[Change]
    seconds: float = 0.0
    diverted_from: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def of(self, status: str) -> list[Change]:
        """The changes with ``status`` (updated, unresolved, kept, moved)."""
        return [c for c in self.changes if c.status == status]

    @property
    def updated(self) -> list[Change]:
        """Figures rewritten to this year's value."""
        return [c for c in self.changes if c.status == UPDATED]

    @property
    def unresolved(self) -> list[Change]:
        """Figures left as written, highlighted, with a comment."""
        return [c for c in self.changes if c.status == UNRESOLVED]

    @property
    def years_moved(self) -> list[Change]:
        """School years, cohorts and report years moved on by one."""
        return [c for c in self.changes if c.status == MOVED]

    def unresolved_by_chapter(self) -> dict[str, int]:
        """Chapter → unresolved figures in it (the console summary's table)."""
        return dict(Counter(c.chapter for c in self.unresolved))

    def summary(self) -> dict[str, Any]:
        """The counts the console prints and ``--format json`` puts first."""
        figures = [c for c in self.changes if c.kind != "year"]
        return {
            "figures": len(figures),
            "updated": len(self.updated),
            "unresolved": len(self.unresolved),
            "kept": len(self.of(KEPT)),
            "years_moved": len(self.years_moved),
            "unresolved_by_chapter": self.unresolved_by_chapter(),
            "seconds": round(self.seconds, 3),
        }

    def to_json(self) -> dict[str, Any]:
        """``{"source", "output", "year", "summary", "changes": [...]}`` for ``--format json``."""
        return {
            "source": str(self.source), "output": str(self.output) if self.output else None, "year": self.year,
            "summary": self.summary(), "warnings": self.warnings,
            "changes": [c.to_dict() for c in self.changes],
        }
