"""``draftkit data extract``: last year's report → the fill-in workbook a quality office sends to
the departments (one row per figure, 上年值 filled, 数值 empty; sheets as ``data export-xlsx``).

    >>> ex = extract_report("corpus/reports/2022-quality-report.docx")
    >>> ex.rows[0].id, ex.rows[0].name, ex.rows[0].previous
    >>> res = write_extract(ex, "data/2023.xlsx")      # adds rows to an existing workbook, never erases
"""

from __future__ import annotations

from .report import Extraction, extract_report
from .rows import ExtractRow, Occurrence, chapter_key
from .workbook import ExtractResult, write_extract

__all__ = ["extract_report", "Extraction", "ExtractRow", "Occurrence", "chapter_key", "write_extract",
           "ExtractResult"]
