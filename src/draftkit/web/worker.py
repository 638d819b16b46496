"""The child-process side of a web job: take the project lock, run one library call, report.

Runs in a process of its own (``multiprocessing`` spawn) so that drafting or embedding never
slows the pages down; messages go back over a queue as plain tuples:
``("progress", done, total, message)``, then ``("done", summary, details)`` or ``("failed", message)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

__all__ = ["JobSpec", "run_job", "KINDS"]

Report = Callable[[int, "int | None", str], None]


@dataclass(frozen=True)
class JobSpec:
    """What to run, picklable: the project, settings overrides, the kind and its parameters."""

    project: Path
    kind: str  # ingest | draft | build | rollforward
    title: str
    overrides: dict[str, Any] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)


def run_job(spec: JobSpec, queue: Any) -> None:
    """Entry point of the job process."""
    from ..config import load_settings
    from ..errors import DraftkitError
    from ..lock import project_lock

    def report(done: int, total: int | None, message: str) -> None:
        queue.put(("progress", done, total, message))

    try:
        settings = load_settings(spec.project, **{k: v for k, v in spec.overrides.items() if v is not None})
        with project_lock(settings.state_dir, f"draftkit serve 的网页任务「{spec.title}」"):
            summary, details = KINDS[spec.kind](settings, spec.params, report)
        queue.put(("done", summary, details))
    except DraftkitError as exc:
        queue.put(("failed", str(exc)))
    except Exception as exc:  # noqa: BLE001 - the page must say what happened, not hang
        queue.put(("failed", f"{type(exc).__name__}: {exc}"))


def _ingest(settings: Any, params: dict[str, Any], report: Report) -> tuple[str, dict[str, Any]]:
    from ..corpus import ingest

    corpus = settings.corpus_dir
    if not corpus.is_dir() or not any(corpus.iterdir()):
        return f"没有语料目录 {corpus.name}/ 或其中没有文件，未入库", {}
    s = ingest(settings, [corpus], progress=lambda done, total, msg: report(done, total, msg))
    text = (f"入库完成：文档 {s.documents}（未变化 {s.unchanged}，失败 {s.failed}），文本块 {s.chunks}，"
            f"新向量化 {s.embedded}，用时 {s.seconds:.1f} 秒")
    return text, {"documents": s.documents, "unchanged": s.unchanged, "failed": s.failed, "chunks": s.chunks,
                  "embedded": s.embedded, "errors": list(s.errors)}


_STATUS_CN = {"drafted": "已起草", "cached": "未变化", "kept": "人工修改保留", "failed": "失败", "invalid": "缺数据"}


def _draft(settings: Any, params: dict[str, Any], report: Report) -> tuple[str, dict[str, Any]]:
    from ..draft import run_draft
    from ..spec import load_spec

    spec = load_spec(settings.prompts_dir / "report.yaml")
    section = params.get("section")
    total = 1 if section else len(spec.sections())
    done = 0
    report(0, total, "准备起草…")

    def progress(event: str, outcome: Any, sec: Any) -> None:
        nonlocal done
        if event == "done":
            done += 1
            report(done, total, f"{sec.title}（{sec.id}）：{_STATUS_CN.get(outcome.status, outcome.status)}")

    res = run_draft(settings, section=section, force=bool(params.get("force")), progress=progress, spec=spec)
    counts = {k: res.count(k) for k in _STATUS_CN if res.count(k)}
    text = "，".join(f"{_STATUS_CN[k]} {n}" for k, n in counts.items())
    text = f"起草完成：{text or '没有节'}；模型调用 {res.llm_calls} 次，成本估算 ${res.cost_estimate:.4f}，用时 {res.seconds:.1f} 秒"
    failed = [{"section": o.section_id, "title": o.title, "errors": o.errors} for o in res.failed]
    warnings = [{"section": o.section_id, "warning": w} for o in res.outcomes for w in o.warnings][:50]
    return text, {"counts": counts, "failed": failed, "warnings": warnings, "backend": res.backend, "model": res.model}


def _build(settings: Any, params: dict[str, Any], report: Report) -> tuple[str, dict[str, Any]]:
    from ..assemble import build

    report(0, None, "正在组装 Word 报告…")
    r = build(settings, paginate=params.get("paginate"))
    text = f"已生成 {r.path.name}：章 {r.chapters} · 节 {r.sections} · 表 {r.tables} · 图 {r.charts} · 典型案例 {r.cases}"
    text += (f" · 共 {r.pages} 页" if r.pages else "") + f"，用时 {r.seconds:.1f} 秒"
    if r.diverted_from is not None:
        text += f"（{r.diverted_from.name} 已被人工修改，为保留修改另存为 {r.path.name}）"
    return text, {"report": r.path.name, "placeholders": r.placeholders, "to_write": r.to_write,
                  "warnings": r.warnings, "diverted_from": r.diverted_from.name if r.diverted_from else None}


def _rollforward(settings: Any, params: dict[str, Any], report: Report) -> tuple[str, dict[str, Any]]:
    """``draftkit rollforward FILE [--data DATA] --format json`` in the project folder, FILE being the upload;
    the JSON is written to ``params["result"]``."""
    import json

    from ..errors import DraftkitError
    from ..fsutil import atomic_write
    from .uploads import rename_error

    source, name = Path(params["report"]), str(params["name"])
    data = Path(params["data"]) if params.get("data") else None
    try:
        result, data_shown, why = _roll(settings, source, data, params.get("data_name"), report)
    except DraftkitError as exc:
        rename_error(exc, source, name)
        if data is not None:
            rename_error(exc, data, str(params.get("data_name")))
        raise
    result.source = Path(name)  # as the CLI prints the FILE it was given
    atomic_write(Path(params["result"]), json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n")
    s = result.summary()
    out = _relative(result.output, settings.project)
    text = (f"已生成 {out}：已更新 {s['updated']}，仍成立 {s['kept']}，未能更新 {s['unresolved']}，"
            f"学年/届/年度顺延 {s['years_moved']} 处，用时 {result.seconds:.1f} 秒")
    if result.diverted_from is not None:
        text += f"（{result.diverted_from.name} 已被人工修改，为保留修改另存为 {result.output.name}）"
    return text, {"output": out, "summary": s, "data": data_shown, "data_why": why,
                  "diverted_from": result.diverted_from.name if result.diverted_from else None,
                  "warnings": result.warnings}


def _roll(settings: Any, source: Path, data: Path | None, data_name: str | None, report: Report) -> tuple[Any, str, str]:
    from ..config import report_data
    from ..data import load_year_data
    from ..rollforward import roll_forward
    from .rolling import OUTPUT_NAME

    report(0, None, "正在读取年度数据…")
    if data is None:
        choice = report_data(settings, source, roll_forward=True)
        data, shown, why = choice.path, _relative(choice.path, settings.project), choice.why
    else:
        shown, why = str(data_name), "上传的数据文件"
    yd = load_year_data(data)
    report(0, None, f"正在滚动上年报告（{yd.year} 年度数据）…")
    result = roll_forward(source, yd, settings.outputs_dir(yd.year) / OUTPUT_NAME, project=settings.project,
                          state_dir=settings.state_dir)
    return result, shown, why


def _relative(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.name


KINDS: dict[str, Callable[[Any, dict[str, Any], Report], tuple[str, dict[str, Any]]]] = {
    "ingest": _ingest, "draft": _draft, "build": _build, "rollforward": _rollforward,
}
