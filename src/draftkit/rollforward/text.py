"""Roll forward as plain text: a section of last year's report → draft Markdown for this year.

The same planner as for Word documents decides every figure; the result is written into the
text instead of as revisions: updated figures carry this year's value (as last year wrote them),
a figure that cannot be updated becomes ``【待核实：原文数字】`` (so it is never mistaken for a
checked figure), year expressions move on. Last year's tables, captions, 数据来源 lines and
典型案例 are left out: this year's tables and cases come from this year's data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..grammar import UNVERIFIED
from .result import KEPT, MOVED, UNRESOLVED, UPDATED, Change

__all__ = ["RolledText", "roll_blocks"]
_PROSE = ("paragraph", "heading")


@dataclass
class RolledText:
    """A rolled-forward section as draft Markdown, and what was done to it."""

    text: str
    source: str = ""
    updated: int = 0
    unresolved: int = 0
    moved: int = 0
    values: list[tuple[float, str, str]] = field(default_factory=list)  # (value, unit, why) written from the data
    cases: list[str] = field(default_factory=list)  # last year's 典型案例 as ``::: case`` boxes, rolled forward

    @property
    def chars(self) -> int:
        """Characters of text and cases without white space (what the spec's targets count)."""
        return len("".join((self.text + "".join(self.cases)).split()))

    def add(self, other: "RolledText") -> None:
        """Count ``other``'s changes and values with these (a case rolled on its own)."""
        self.updated += other.updated
        self.unresolved += other.unresolved
        self.moved += other.moved
        self.values.extend(other.values)


def roll_blocks(blocks: list, yd: Any, report_year: int, *, source: str = "", skip_title: str = "") -> RolledText:
    """``blocks`` (reader blocks of one section and its sub-sections) rolled forward with ``yd``."""
    from ..check.document import build_doc
    from .link import link_mentions
    from .plan import plan_changes

    from dataclasses import replace

    kept = [replace(b, index=i, box=None) for i, b in enumerate(  # the planner addresses passages by paragraph index
        b for b in blocks if b.kind in _PROSE and b.text.strip() and not (b.tag or "").startswith("典型案例"))]
    doc = build_doc(Path(source or "section"), "docx", kept)
    changes = plan_changes(doc, yd, link_mentions(doc, yd), report_year)
    by_block: dict[int, list[Change]] = {}
    for c in changes:
        if c.key and c.key[0] == "p":
            by_block.setdefault(c.key[1], []).append(c)
    out = RolledText("", source)
    lines: list[str] = []
    for i, b in enumerate(kept):
        text = _apply(b.text.strip(), by_block.get(i, []), out)
        if b.kind == "heading":
            if _same_title(text, skip_title):
                continue
            lines.append(("### " if (b.level or 3) <= 3 else "#### ") + text)
        else:
            lines.append(text)
    out.text = "\n\n".join(lines) + ("\n" if lines else "")
    return out


def _apply(text: str, changes: list[Change], out: RolledText) -> str:
    lead = len(text) - len(text.lstrip())
    for c in sorted(changes, key=lambda x: x.span[0], reverse=True):
        a, b = c.span[0] + lead, c.span[1] + lead
        if text[a:b] != c.before:
            continue
        if c.status in (UPDATED, KEPT, MOVED) and c.after is not None:
            text = text[:a] + c.after + text[b:]
            if c.status == MOVED:
                out.moved += 1
            else:
                out.updated += c.status == UPDATED
                _remember(c, out)
        elif c.status == UNRESOLVED:
            text = text[:a] + UNVERIFIED.format(c.before) + text[b:]
            out.unresolved += 1
    return text


def _remember(c: Change, out: RolledText) -> None:
    """The value a rolled figure now states, for the draft binder's check of raw numbers."""
    from ..grammar import extract_figures

    for f in extract_figures(c.after or ""):
        out.values.append((f.value, f.unit, f"rollforward:{c.metric or c.kind}"))


def _same_title(heading: str, title: str) -> bool:
    from ..grammar import strip_numbering

    return bool(title) and strip_numbering(heading).replace(" ", "") == strip_numbering(title).replace(" ", "")
