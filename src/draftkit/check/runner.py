"""Run every rule over one document (``check_file``) or a folder of them (``check_dir``)."""

from __future__ import annotations

import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .model import CheckResult, Finding, Mark, TextBlock
from .rootcause import resolve

if TYPE_CHECKING:
    from ..data import YearData
    from .document import CheckDoc

__all__ = ["check_file", "check_doc", "check_dir", "REPORT_SUFFIXES"]

REPORT_SUFFIXES = (".docx", ".md", ".markdown", ".txt", ".pdf")


def check_file(path: str | Path, data: "YearData | None" = None) -> CheckResult:
    """Check one report; raises DocumentError when it cannot be read or holds no text at all."""
    from ..errors import DocumentError
    from .document import load_document

    t0 = time.perf_counter()
    doc = load_document(path)
    if not doc.passages and not doc.tables:
        raise DocumentError("文件中没有任何文字（空文件），无从核对", location=str(path),
                            hint="确认选对了文件、文件已保存；扫描件或图片需先转成文字。")
    result = check_doc(doc, data)
    result.seconds = time.perf_counter() - t0
    return result


def check_doc(doc: "CheckDoc", data: "YearData | None" = None) -> CheckResult:
    """All rules over an indexed document; findings sorted by place, one per figure and rule."""
    from .rules_cross import cross_mention
    from .rules_table import growth_pairs, table_rows, table_total
    from .rules_text import growth_rate_text, part_whole, per_capita, student_count

    findings: list[Finding] = []
    linked: dict[int, str] = {}
    students: float | None = None
    if data is not None:
        from .link import Linker
        from .rules_data import data_rules, students_from_data

        linker = Linker(data)
        linked = linker.link_all(doc.mentions)
        students = students_from_data(data)
        findings += data_rules(doc, data, linked)
        from .rules_trend import trend_rule

        findings += trend_rule(doc, data, linked)
    if students is None:
        s = student_count(doc)
        students = s.fig.value if s is not None else None
    findings += part_whole(doc)
    findings += per_capita(doc, students)
    findings += growth_rate_text(doc, growth_pairs(doc))
    findings += table_total(doc)
    findings += table_rows(doc, students)
    findings += cross_mention(doc, linked)
    findings = resolve(findings, doc.verified)
    result = CheckResult(str(doc.path), _dedupe(findings), figures=len(doc.mentions), linked=len(linked),
                         data=str(data.path) if data is not None else None)
    result.marks = [Mark(m.fig.text, m.location, (m.fig.start, m.fig.end), m.metric) for m in doc.mentions]
    result.text = _text_blocks(doc)
    return result


def _text_blocks(doc: "CheckDoc") -> list[TextBlock]:
    """Passages and tables in document order, keyed by the locations findings and marks carry."""
    out = [(p.block, TextBlock(p.kind, p.text, dict(p.location))) for p in doc.passages]
    out += [(t.block, TextBlock("table", t.caption, {"table": t.index, "block": t.block}, [list(r) for r in t.rows]))
            for t in doc.tables]
    return [b for _, b in sorted(out, key=lambda x: x[0])]


_RANK = {"error": 0, "warning": 1, "info": 2}


def _dedupe(findings: list[Finding]) -> list[Finding]:
    """One finding per figure and rule; where a figure has an error, drop its warnings."""
    seen: set[tuple] = set()
    errors_at = {(tuple(sorted(f.location.items())), f.span) for f in findings if f.severity == "error"}
    out: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.sort_key(), _RANK[f.severity])):
        where = (tuple(sorted(f.location.items())), f.span)
        key = (where, f.rule)
        if key in seen or (f.severity != "error" and where in errors_at):
            continue
        seen.add(key)
        out.append(f)
    return out


@lru_cache(maxsize=4)
def _year_data(path: str, mtime_ns: int) -> "YearData":
    """The year data, loaded once per worker process (not once per report of a folder)."""
    from ..data import load_year_data

    return load_year_data(path)


def _check_one(args: tuple[str, str | None]) -> CheckResult | str:
    """One report of a folder; any failure is a string ``path\tmessage``, never an exception, so one
    bad file (unreadable, empty, or one the checker fails on) does not end the batch."""
    path, data_path = args
    from ..errors import DraftkitError

    try:
        data = _year_data(data_path, Path(data_path).stat().st_mtime_ns) if data_path else None
        return check_file(path, data)
    except DraftkitError as exc:
        return f"{path}\t{exc}"
    except Exception as exc:  # noqa: BLE001 - isolate a checker bug to its file
        return f"{path}\t{_unexpected(exc)}"


def _unexpected(exc: BaseException) -> str:
    what = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    return (f"核对该文件时程序出错（{what}），其余文件照常核对\n"
            "  → 这是 draftkit 的缺陷：请把该文件与这行信息反馈给开发者；单独核对时设置 DRAFTKIT_DEBUG=1 可看到详细信息。")


def check_dir(folder: str | Path, data_path: str | Path | None = None, jobs: int = 1) -> list[CheckResult | str]:
    """Check every report in a folder (sorted by name); a string ``path\tmessage`` stands for a file
    that could not be checked (unreadable, empty, or a checker failure — even a worker that died)."""
    files = sorted(p for p in Path(folder).iterdir() if p.suffix.lower() in REPORT_SUFFIXES and p.is_file()
                   and not p.name.startswith(("~$", ".")))
    args = [(str(p), str(data_path) if data_path else None) for p in files]
    if jobs <= 1 or len(files) <= 1:
        return [_check_one(a) for a in args]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_check_one, a) for a in args]
        results = [_outcome(fut) for fut in futures]
    for i, a in enumerate(args):  # a worker died (killed, out of memory): the pool fails every pending file,
        if results[i] is None:    # so each of those is checked again alone, and only the culprit fails
            with ProcessPoolExecutor(max_workers=1) as alone:
                results[i] = _outcome(alone.submit(_check_one, a)) or f"{a[0]}\t{_died()}"
    return results  # type: ignore[return-value]


def _outcome(fut) -> CheckResult | str | None:  # type: ignore[no-untyped-def]
    try:
        return fut.result()
    except BrokenProcessPool:
        return None


def _died() -> str:
    return ("核对该文件的进程意外退出（可能内存不足或被系统终止），其余文件照常核对\n"
            "  → 单独核对该文件看看；若仍失败，请把该文件反馈给开发者。")
