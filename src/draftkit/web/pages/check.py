"""核对: upload a report (or pick a built one) and optionally a data file; see the findings by chapter,
the text with every checked figure highlighted, a chart per chapter; download the annotated .docx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ...errors import DocumentError
from ..checking import CheckRun, load_data_file, run_check
from ..uploads import DATA_SUFFIXES, REPORT_SUFFIXES, private_dir, save_upload
from . import Page
from .common import render, web

PAGE = Page("check", "核对", "/check", "核对报告中的每个数字")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def check_form(request: Request) -> Response:
    project = web(request).project
    yd, error = project.data()
    context = {"reports": [p.name for p in project.reports()], "data_error": error,
               "data_file": _project_data_name(project), "suffixes": REPORT_SUFFIXES, "data_suffixes": DATA_SUFFIXES,
               "limit_mb": web(request).config.upload_limit // (1024 * 1024),
               "preselect": request.query_params.get("report", "")}
    return render(request, "check.html", context, active="check")


async def check_submit(request: Request) -> Response:
    """Run a check from the page's form (fetch, multipart); answers where its result page is."""
    run = await check_request(request, annotate=True)
    web(request).checks.add(run)
    return JSONResponse({"id": run.id, "url": f"/check/{run.id}", "summary": run.json["summary"]})


async def check_request(request: Request, *, annotate: bool) -> CheckRun:
    """The shared part of the page's form and ``POST /api/check``: read the form, check, clean up.

    Fields: ``file`` (upload) or ``report`` (a built report's name); ``data`` (upload, optional);
    ``no_data`` (any value: internal consistency only).
    """
    state = web(request)
    form = await request.form(max_files=2, max_fields=10)
    try:
        with private_dir() as folder:
            upload = form.get("file")
            if hasattr(upload, "filename") and upload.filename:
                request.state.check_name = str(upload.filename)[:200]
                saved = await save_upload(upload, folder / "report", REPORT_SUFFIXES)
                report, name = saved.path, saved.name
            elif form.get("report"):
                path = state.project.report(str(form.get("report")))
                if path is None:
                    raise HTTPException(404, "没有这个已生成的报告")
                report, name = path, path.relative_to(state.project.project).as_posix()
            else:
                raise DocumentError("没有选择要核对的文件", hint="上传 .docx / .pdf / .txt / .md 文件，或选择一份已生成的报告。")
            data_upload = form.get("data")
            if form.get("no_data"):
                data, data_name = None, None
            elif hasattr(data_upload, "filename") and data_upload.filename:
                saved_data = await save_upload(data_upload, folder / "data", DATA_SUFFIXES)
                data = await run_in_threadpool(load_data_file, saved_data.path, saved_data.name)
                data_name = saved_data.name
            else:
                data, data_name = await run_in_threadpool(_project_data, state.project, report)
            request.state.check_name = name
            return await run_in_threadpool(run_check, report, name, data, data_name, annotate=annotate,
                                           work_dir=folder)
    finally:
        await form.close()


def _project_data_name(project: Any) -> str:
    try:
        return project.settings().data_file().relative_to(project.project).as_posix()
    except Exception:  # noqa: BLE001 - the page shows the data error instead
        return ""


def _project_data(project: Any, report: Path) -> tuple[Any, str | None]:
    """The project's data of the report's year, chosen as ``draftkit check FILE`` does in the project folder
    (:func:`draftkit.config.report_data`); (None, None) when there is none (internal check only)."""
    from ...config import report_data

    path = report_data(project.settings(), report).path
    if path is None:
        return None, None
    return load_data_file(path, path.name), str(path)


def _run(request: Request) -> CheckRun:
    run = web(request).checks.get(request.path_params["run_id"])
    if run is None:
        raise HTTPException(404, "这次核对的结果已不在服务器上（只保留最近几次），请重新上传核对。")
    return run


def check_result(request: Request) -> Response:
    from ..checkview import RULE_CN, SEVERITY_CN, build_view

    run = _run(request)
    view = build_view(run.result, run.data)
    context = {"run": run, "view": view, "summary": run.json["summary"], "sev_cn": SEVERITY_CN, "rule_cn": RULE_CN,
               "data_shown": _shown(web(request).project.project, run.json["summary"]["data"])}
    return render(request, "check_result.html", context, active="check")


def _shown(project: Path, data: str | None) -> str:
    """The data file as the page names it: relative to the project (data/2023.yaml), else as given."""
    if not data:
        return ""
    path = Path(data)
    return path.relative_to(project).as_posix() if path.is_absolute() and path.is_relative_to(project) else data


def check_json(request: Request) -> Response:
    run = _run(request)
    return JSONResponse(run.json, headers={"content-disposition": 'inline; filename="check.json"'})


def annotated_docx(request: Request) -> Response:
    run = _run(request)
    if run.annotated is None:
        raise HTTPException(404, "只有 .docx 报告才能生成带批注的副本")
    from urllib.parse import quote

    return Response(run.annotated, media_type=DOCX_TYPE, headers={
        "content-disposition": f"attachment; filename=\"checked.docx\"; filename*=UTF-8''{quote(run.annotated_name)}"})


ROUTES = [
    Route("/check", check_form, name="check"),
    Route("/check", check_submit, methods=["POST"], name="check_submit"),
    Route("/check/{run_id}", check_result, name="check_result"),
    Route("/check/{run_id}/result.json", check_json, name="check_json"),
    Route("/check/{run_id}/annotated.docx", annotated_docx, name="check_annotated"),
]
