"""Year expressions of a whole document (paragraphs, headings, captions, table cells) as changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .plan import passage_key
from .result import MOVED, Change
from .years import year_moves

if TYPE_CHECKING:
    from ..check.document import CheckDoc

__all__ = ["year_changes"]

_CAPTION_KINDS = ("caption", "source")


def year_changes(doc: "CheckDoc", year: int, claimed: set[tuple[Any, ...]] | None = None) -> list[Change]:
    """A ``moved`` change for every year expression of the report year ``year`` that moves on
    (see :mod:`.years`); spans in ``claimed`` (already planned) are skipped."""
    claimed = claimed or set()
    out: list[Change] = []
    for p in doc.passages:
        key = passage_key(p)
        for mv in year_moves(p.text, year, caption=p.kind in _CAPTION_KINDS):
            out.append(_change(mv, key, p.location, p.chapter, p.text, p.kind))
    for t in doc.tables:
        seen: set[int] = set()
        for r, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                if c > 0 and cell == row[c - 1] and (r, c - 1) in seen:
                    continue  # a merged cell repeated across the grid
                key = ("c", t.index, r, c)
                moves = [mv for mv in year_moves(cell, year, caption=r < t.header_rows)
                         if not any(k == key and a <= mv.start < b for k, a, b in claimed)]
                if moves:
                    seen.add((r, c))
                for mv in moves:
                    out.append(_change(mv, key, t.location(r, c), t.chapter, cell, "cell"))
    return out


def _change(mv: Any, key: tuple[Any, ...], location: dict[str, Any], chapter: str, text: str, kind: str) -> Change:
    why = {"学年": "学年随报告年度后移", "届": "届别随报告年度后移", "年": "本年度的时间表述随报告年度后移"}[mv.rule]
    if kind in _CAPTION_KINDS:
        why += "（表题、图题与数据来源中的本年度）"
    return Change("year", MOVED, mv.old, mv.new, location, chapter, text, None, why, [], (mv.start, mv.end), key)
