"""Write the planned changes into the .docx: tracked replacements, highlights and comments.

Each change names its passage (a body paragraph, a paragraph of a box or a table cell, as the
readers index them) and a span in the passage text; the span is found again in the paragraph's
accepted text and must read exactly as planned, else the change is not written (and reported).
Within a paragraph, changes are written right to left so that earlier offsets stay valid.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from ..grammar import CN_DIGITS
from .result import MOVED, UNRESOLVED, UPDATED, Change
from .tracked import AUTHOR, Comments, ParaText, Revisions, highlight

__all__ = ["apply_changes", "comment_text", "edit_span"]

_DIGITS = set("0123456789.．,，") | set(CN_DIGITS) - set("万亿")  # 万/亿 belong to a number only between digits


def _numeral(text: str, i: int, step: int) -> bool:
    """``text[i]`` belongs to a number: a digit, or 万/亿 between two digits (一万二千)."""
    if not 0 <= i < len(text):
        return False
    if text[i] in _DIGITS:
        return True
    j = i + step
    return text[i] in "万亿" and 0 <= j < len(text) and text[j] in _DIGITS and 0 <= i - step < len(text) \
        and text[i - step] in _DIGITS


def edit_span(old: str, new: str) -> tuple[int, int, str]:
    """The part of ``old`` to replace and its replacement: the changed number as a whole
    (17402人 → 17893人 replaces 17402, not 402), the unit, 万/亿 and approximation words kept."""
    i = 0
    while i < min(len(old), len(new)) and old[i] == new[i]:
        i += 1
    j = 0
    while j < min(len(old), len(new)) - i and old[len(old) - 1 - j] == new[len(new) - 1 - j]:
        j += 1
    while i > 0 and _numeral(old, i - 1, -1):
        i -= 1
    while j > 0 and _numeral(old, len(old) - j, 1):
        j -= 1
    return i, len(old) - j, new[i : len(new) - j]


def comment_text(c: Change) -> str:
    """The Word comment on an unresolved figure: why, and the closest metric ids."""
    text = f"draftkit 未更新此数字：{c.evidence}。"
    if c.candidates:
        text += "最接近的指标：" + "、".join(c.candidates) + "。"
    return text + "请核实后改为当年数据。"


class _Place:
    """Finds the paragraph element and offset of a span of a passage."""

    def __init__(self, document: Any):
        self.paragraphs = [p._p for p in document.paragraphs]
        self.tables = document.tables
        self.cells_done: set[Any] = set()  # w:tc elements (held, so identity is stable)

    def segments(self, key: tuple[Any, ...]) -> list[tuple[Any, int, int]] | None:
        """(w:p, offset of the passage text in it, start of this paragraph in the passage text)."""
        if key[0] == "p":
            idx = key[1]
            if idx is None or not 0 <= idx < len(self.paragraphs):
                return None
            return self._whole(self.paragraphs[idx])
        if key[0] == "b":
            return self._box(*key[1:])
        _, t, r, c = key
        try:
            cell = self.tables[t].rows[r].cells[c]
        except (IndexError, TypeError, ValueError):  # ValueError: a forged vertical merge in the first row
            return None
        if cell._tc in self.cells_done:
            return []  # a merged cell already written through another grid position
        self.cells_done.add(cell._tc)
        out, pos = [], 0
        for para in cell.paragraphs:
            text = ParaText.of(para._p).text
            if not text.strip():
                continue
            out.append((para._p, len(text) - len(text.lstrip()), pos))
            pos += len(text.strip()) + 1
        return out

    @staticmethod
    def _whole(p: Any) -> list[tuple[Any, int, int]]:
        text = ParaText.of(p).text
        return [(p, len(text) - len(text.lstrip()), 0)]

    def _box(self, t: int, row: int, column: int, k: int) -> list[tuple[Any, int, int]] | None:
        """A paragraph of a box, found the way the reader numbered it (:func:`box_paragraph`)."""
        from ..readers.docx_reader import box_paragraph

        if not 0 <= t < len(self.tables):
            return None
        p = box_paragraph(self.tables[t]._tbl, row, column, k)
        return None if p is None else self._whole(p)


def apply_changes(document: Any, changes: list[Change], *, author: str = AUTHOR, when: datetime | None = None) -> int:
    """Write ``changes`` into ``document`` (python-docx); sets ``change.written``; returns how many
    tracked changes were made."""
    rev = Revisions(document, author=author, when=when)
    notes = Comments(document, author=author, date=rev.date, ids=rev.ids)
    place = _Place(document)
    by_key: dict[tuple[Any, ...], list[Change]] = defaultdict(list)
    for c in changes:
        if c.status in (UPDATED, MOVED, UNRESOLVED) and c.key:
            by_key[c.key].append(c)
    for key, group in by_key.items():
        segs = place.segments(key)
        if segs is None:
            continue
        if not segs:
            for c in group:
                c.written = True  # the same merged cell, written once
            continue
        for c in sorted(group, key=lambda x: x.span[0], reverse=True):
            seg = next((s for s in reversed(segs) if s[2] <= c.span[0]), None)
            if seg is not None:
                _write(rev, notes, c, seg)
    return rev.count


def _write(rev: Revisions, notes: Comments, c: Change, seg: tuple[Any, int, int]) -> None:
    p, lead, base = seg
    start = lead + c.span[0] - base
    end = lead + c.span[1] - base
    if ParaText.of(p).text[start:end] != c.before:
        return
    if c.status == UNRESOLVED:
        runs = highlight(p, start, end, ids=rev.ids)
        c.written = notes.add(runs, comment_text(c))
        return
    a, b, new = edit_span(c.before, c.after or "")
    if a == b and not new:
        c.written = True
        return
    c.written = bool(rev.replace(p, start + a, start + b, new))
