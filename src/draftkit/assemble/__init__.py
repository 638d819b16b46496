"""Assemble stage: section drafts, data tables and charts → a Word report in the house style.

    >>> from draftkit.assemble import build
    >>> result = build(settings)            # outputs/<year>/report.docx, never over a hand edit
"""

from __future__ import annotations

from .build import BuildResult, build, build_document
from .outputs import OutputPlan, plan_output, write_output

__all__ = ["BuildResult", "build", "build_document", "OutputPlan", "plan_output", "write_output"]
