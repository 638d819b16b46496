"""``roll_forward``: last year's report + this year's data → this year's .docx with every
updated figure a tracked change (the library entry point behind ``draftkit rollforward``)."""

from __future__ import annotations

import io
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from .result import Change, RollResult

__all__ = ["roll_forward", "roll_document", "report_year"]


def report_year(yd: Any) -> int:
    """The year of the report being rolled forward: the data's year − 1."""
    return int(yd.year) - 1


def roll_document(report: Path, yd: Any, *, when: datetime | None = None) -> tuple[Any, list[Change], list[str]]:
    """(python-docx Document with the changes written, every change, warnings) — nothing saved."""
    from ..check.document import load_document
    from .apply import apply_changes
    from .link import link_mentions
    from .plan import plan_changes
    from .source import open_report

    report = Path(report)
    if report.suffix.lower() == ".docx":
        import docx

        doc = load_document(report)  # the readers check the file first (not a zip, not Word …)
        document = docx.Document(str(report))
    else:
        document, _fmt = open_report(report)  # the house-style copy is what gets the changes: read that one
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / (report.stem + ".docx")
            document.save(str(copy))
            doc = load_document(copy)
    links = link_mentions(doc, yd)
    changes = plan_changes(doc, yd, links, report_year(yd))
    apply_changes(document, changes, when=when)
    warnings = _warnings(doc, changes, yd)
    return document, changes, warnings


def _warnings(doc: Any, changes: list[Change], yd: Any) -> list[str]:
    out = []
    lost = [c for c in changes if c.status != "kept" and not c.written]
    if lost:
        out.append(f"{len(lost)} 处改动未能写入文档（在文档中找不到与读取时一致的文字，如域代码内的数字、结构异常的表格），"
                   "已在 JSON 中列出，请手工处理："
                   + "、".join(c.before for c in lost[:5]))
    year = report_year(yd)
    if not any(c.kind == "year" for c in changes) and not any(str(year) in p.text for p in doc.passages[:80]):
        out.append(f"报告中没有找到 {year} 年度的表述：上年报告应是 {year} 年度的（数据为 {yd.year} 年度），请确认输入文件。")
    return out


def roll_forward(report: Path, yd: Any, out: Path, *, project: Path, state_dir: Path, force: bool = False,
                 when: datetime | None = None) -> RollResult:
    """Roll ``report`` forward with ``yd`` and write the result to ``out`` (or a numbered copy
    when a person edited ``out``; see :mod:`draftkit.assemble.outputs`)."""
    from ..assemble.outputs import plan_output, write_output
    from ..errors import OutputConflictError

    t0 = time.perf_counter()
    report = Path(report)
    if Path(out).resolve() == report.resolve():
        raise OutputConflictError("输出文件不能覆盖上年报告本身", location=str(out),
                                  hint="用 --out 指定另一个文件名，例如 outputs/<年度>/rollforward.docx。")
    document, changes, warnings = roll_document(report, yd, when=when)
    plan = plan_output(Path(out), project, state_dir, force=force)
    buf = io.BytesIO()
    document.save(buf)
    write_output(plan.path, buf.getvalue(), project, state_dir)
    return RollResult(report, plan.path, int(yd.year), changes, time.perf_counter() - t0, plan.diverted_from,
                      warnings)

