"""The one figure grammar every stage imports: numbers, units after them, Chinese numerals,
approximations and heading numbering.

Readers (heading levels), the corpus (section numbers), drafting (raw numbers in a draft),
assembly (heading numbers), the checker and roll-forward must agree on what a figure is; they
all read it here. Units themselves (dimensions, conversion, groups) live in :mod:`draftkit.units`.
"""

from __future__ import annotations

from .figures import (
    UNVERIFIED, UNVERIFIED_RE, Figure, cell_figure, extract_figures, is_number_token, is_unit_cell, label_name, label_unit,
    number_cell, text_units,
)
from .numbering import (
    Caption, Numbering, caption, caption_title, heading_number, numbering, numbering_length, strip_numbering,
)
from .numerals import CN_DIGITS, CN_NUM, cn_int, cn_numeral, parse_cn_number
from .years import LEADING_YEAR, YearMention, bare_year, in_quotes, year_mentions

__all__ = [
    "Figure", "extract_figures", "cell_figure", "number_cell", "is_number_token", "label_unit", "is_unit_cell",
    "text_units", "UNVERIFIED", "UNVERIFIED_RE",
    "Numbering", "numbering", "numbering_length", "strip_numbering", "heading_number", "Caption", "caption",
    "caption_title",
    "CN_NUM", "CN_DIGITS", "parse_cn_number", "cn_int", "cn_numeral", "YearMention", "year_mentions", "in_quotes",
    "bare_year", "LEADING_YEAR", "label_name",
]
