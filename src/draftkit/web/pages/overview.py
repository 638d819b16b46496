"""总览: school and year, data status, every section's draft, the latest build, the job buttons."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from ...lock import lock_holder
from . import Page
from .common import render, web

PAGE = Page("overview", "总览", "/", "数据、各节草稿、组装与任务")


def overview(request: Request) -> Response:
    state = web(request)
    project = state.project
    yd, data_error = project.data()
    spec, spec_error = project.spec()
    rows = project.section_rows()
    chapters: dict[str, list[Any]] = {}
    for r in rows:
        chapters.setdefault(r.chapter, []).append(r)
    counts = {k: sum(1 for r in rows if r.state == k) for k in ("drafted", "edited", "missing", "needs-data")}
    holder = lock_holder(project.settings().state_dir)
    running = state.jobs.running()
    context = {
        "yd": yd, "data_error": data_error, "spec_error": spec_error, "chapters": chapters, "counts": counts,
        "rows": rows, "problems": project.problems(), "data_problems": list(getattr(yd, "problems", []) or []),
        "build": project.build_info(), "data_file": _data_name(project), "busy": holder.describe()
        if holder is not None and running is None else "",
        "todo": sum(1 for r in rows if r.todo),
        "unverified": sum(r.unverified for r in rows),
    }
    return render(request, "overview.html", context, active="overview")


def _data_name(project: Any) -> str:
    try:
        path = project.settings().data_file()
    except Exception:  # noqa: BLE001 - shown as the data error instead
        return ""
    return path.relative_to(project.project).as_posix()


def download_report(request: Request) -> Response:
    """A report .docx of outputs/<year>/, by a name from the listing (nothing else is opened)."""
    path = web(request).project.report(request.path_params["name"])
    if path is None:
        raise HTTPException(404, "没有这个报告文件")
    return FileResponse(path, filename=path.name,
                        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


ROUTES = [
    Route("/", overview, name="overview"),
    Route("/reports/{name}", download_report, name="report"),
]
