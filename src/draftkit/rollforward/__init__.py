"""Roll forward: last year's report becomes this year's draft, every figure updated as a Word
tracked change.

    from draftkit.rollforward import roll_forward
    res = roll_forward("2023报告.docx", yd, out, project=..., state_dir=...)
    res.updated, res.unresolved, res.years_moved, res.to_json()

Modules, one concern each: :mod:`.link` (the one adapter over the checker's linker), :mod:`.plan`
(evidence → decision per figure), :mod:`.derived` and :mod:`.tables` (figures that follow updated
ones: growth, shares, totals), :mod:`.years` / :mod:`.yearplan` (学年, 届, the report's year),
:mod:`.tracked` (w:del/w:ins, highlights, comments on python-docx's tree), :mod:`.apply` (changes →
document), :mod:`.source` (.pdf/.txt → house-style .docx), :mod:`.text` (plain text, for drafting).
"""

from __future__ import annotations

from .result import KEPT, MOVED, UNRESOLVED, UPDATED, Change, RollResult
from .roll import report_year, roll_document, roll_forward

__all__ = ["roll_forward", "roll_document", "report_year", "RollResult", "Change",
           "UPDATED", "UNRESOLVED", "KEPT", "MOVED"]
