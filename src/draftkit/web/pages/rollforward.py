"""滚动更新: upload last year's report (and optionally a data file), roll it forward as a background job,
see what was updated, still true, unresolved (by chapter) and moved; download the rolled-forward .docx
(tracked changes) and the JSON; make the fill-in workbook (``data extract``) from the same upload."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from ...errors import DocumentError, DraftkitError
from ..checking import load_data_file
from ..rolling import RESULT_FILE, WORKBOOK_FILE, RollRun
from ..uploads import DATA_SUFFIXES, REPORT_SUFFIXES, new_private_dir, save_upload
from . import Page
from .common import render, web

PAGE = Page("rollforward", "滚动更新", "/rollforward", "上年报告 → 当年初稿（数字改动为 Word 修订）与填报工作簿")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_STATUSES = ("updated", "kept", "unresolved", "moved")


def roll_form(request: Request) -> Response:
    state = web(request)
    try:
        newest = state.project.settings().data_file().relative_to(state.project.project).as_posix()
    except (DraftkitError, ValueError):
        newest = ""
    _, data_error = state.project.data()
    context = {"suffixes": REPORT_SUFFIXES, "data_suffixes": DATA_SUFFIXES, "newest": newest, "data_error": data_error,
               "limit_mb": state.config.upload_limit // (1024 * 1024), "last": state.rolls.latest()}
    return render(request, "rollforward.html", context, active="rollforward")


async def start_roll(request: Request, *, workbook_only: bool = False) -> RollRun:
    """The shared part of the page's form and ``POST /api/rollforward``: keep the uploads, start the job
    (``workbook_only``: make the fill-in workbook instead, no job).

    Fields: ``file`` (last year's report), ``data`` (optional year data; default: the project's data of
    the year after the report's, as ``draftkit rollforward FILE`` picks it).
    """
    state = web(request)
    form = await request.form(max_files=2, max_fields=10)
    folder = new_private_dir()
    try:
        upload = form.get("file")
        if not (hasattr(upload, "filename") and upload.filename):
            raise DocumentError("没有选择上年的报告", hint="上传 .docx（最好）、.pdf、.txt 或 .md 文件。")
        saved = await save_upload(upload, folder / "report", REPORT_SUFFIXES)
        run = RollRun.new(folder, saved.path, saved.name)
        if workbook_only:
            run.workbook = await run_in_threadpool(_extract, run)
            return run
        params: dict[str, Any] = {"report": str(saved.path), "name": saved.name, "result": str(folder / RESULT_FILE)}
        data_upload = form.get("data")
        if hasattr(data_upload, "filename") and data_upload.filename:
            data = await save_upload(data_upload, folder / "data", DATA_SUFFIXES)
            await run_in_threadpool(load_data_file, data.path, data.name)  # a bad workbook is said now, not in the job
            params.update(data=str(data.path), data_name=data.name)
            run.data_name = data.name
        run.job_id = state.jobs.start("rollforward", f"滚动更新「{saved.name}」", params).id
        return run
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        await form.close()


async def roll_submit(request: Request) -> Response:
    """The page's form (fetch, multipart): start a roll forward, or (``action=workbook``) only make the
    fill-in workbook; answers where the run's page is."""
    run = await start_roll(request, workbook_only=request.query_params.get("action") == "workbook")
    web(request).rolls.add(run)
    return JSONResponse({"id": run.id, "url": f"/rollforward/{run.id}"})


async def wait_for(request: Request, run: RollRun, timeout: float = 900.0) -> Any:
    """The run's job once it has ended (polled without blocking the server)."""
    jobs = web(request).jobs
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    job = jobs.get(run.job_id)
    while job is not None and job.state == "running" and loop.time() < end:
        await asyncio.sleep(0.1)
    return job


def _run(request: Request) -> RollRun:
    run = web(request).rolls.get(request.path_params["run_id"])
    if run is None:
        raise HTTPException(404, "这次滚动更新的记录已不在服务器上（只保留最近几次，重启后清空），请重新上传。"
                                 "已生成的 .docx 仍在项目的 outputs/ 中。")
    return run


def roll_result(request: Request) -> Response:
    state = web(request)
    run = _run(request)
    job = state.jobs.get(run.job_id) if run.job_id else None
    result = run.result()  # written by the job when it succeeded
    view = _view(result, state.project.project) if result else None
    context = {"run": run, "roll_job": job, "result": result, "view": view, "details": job.details if job else {},
               "show_last_job": True}
    return render(request, "rollforward_result.html", context, active="rollforward")


def _view(result: dict[str, Any], project: Path) -> dict[str, Any]:
    """The summary by chapter: updated / still true / unresolved / moved, and the changes to list."""
    chapters: dict[str, dict[str, int]] = {}
    for c in result["changes"]:
        row = chapters.setdefault(c["chapter"] or "（未分章）", dict.fromkeys(_STATUSES, 0))
        row[c["status"]] = row.get(c["status"], 0) + 1
    unresolved: dict[str, list[dict[str, Any]]] = {}
    for c in result["changes"]:
        if c["status"] == "unresolved":
            unresolved.setdefault(c["chapter"] or "（未分章）", []).append(c)
    output = Path(result["output"] or "")
    return {"output": output.relative_to(project).as_posix() if output.is_relative_to(project) else output.name,
            "chapters": chapters, "updated": [c for c in result["changes"] if c["status"] == "updated"],
            "kept": [c for c in result["changes"] if c["status"] == "kept"], "unresolved": unresolved,
            "moved": [c for c in result["changes"] if c["status"] == "moved"]}


def _output(request: Request, run: RollRun) -> Path:
    """The rolled-forward .docx the run wrote (only inside the project's outputs/, nothing else is opened)."""
    result = run.result()
    project = web(request).project
    outputs = (project.project / "outputs").resolve()
    path = Path(result["output"]).resolve() if result and result.get("output") else None
    if path is None or not path.is_relative_to(outputs) or path.suffix.lower() != ".docx" or not path.is_file():
        raise HTTPException(404, "滚动后的 .docx 不在项目的 outputs/ 中了（被移走或删除），请重新滚动更新。")
    return path


def rolled_docx(request: Request) -> Response:
    path = _output(request, _run(request))
    return FileResponse(path, filename=path.name, media_type=DOCX_TYPE)


def roll_json(request: Request) -> Response:
    run = _run(request)
    result = run.result()
    if result is None:
        raise HTTPException(404, "滚动更新还没有完成")
    name = Path(run.name).stem + ".rollforward.json"
    return JSONResponse(result, headers={
        "content-disposition": f"attachment; filename=\"rollforward.json\"; filename*=UTF-8''{quote(name)}"})


async def make_workbook(request: Request) -> Response:
    """生成填报工作簿: ``draftkit data extract`` on the same upload, kept beside it for download."""
    run = _run(request)
    run.workbook = await run_in_threadpool(_extract, run)
    return JSONResponse({**run.workbook, "url": f"/rollforward/{run.id}/workbook.xlsx"})


def _extract(run: RollRun) -> dict[str, Any]:
    from ...data.extract import extract_report, write_extract
    from ...errors import DataError
    from ..uploads import rename_error

    out = run.folder / WORKBOOK_FILE
    out.unlink(missing_ok=True)
    try:
        ex = extract_report(run.report)
        if ex.data_year is None:
            raise DataError("无法从报告中确定年度", location=run.name,
                            hint="在命令行用 draftkit data extract 报告 --year 2024 指定要填报的年度。")
        res = write_extract(ex, out, year=ex.data_year)
    except DraftkitError as exc:
        rename_error(exc, run.report, run.name)
        raise
    derived = sum(1 for r in res.added if r.formula)
    summary = (f"{ex.figures} 个正文数字 → {len(res.added)} 行（标准指标 {sum(1 for r in res.added if r.catalog)} 行，"
               f"派生/换算公式 {derived} 行，待填写 {len(res.added) - derived} 行）")
    if res.tables_added:
        summary += f"；{len(res.tables_added)} 张表格"
    return {"name": f"{ex.data_year}.xlsx", "summary": summary, "school": ex.school, "year": ex.data_year}


def workbook_xlsx(request: Request) -> Response:
    run = _run(request)
    path = run.folder / WORKBOOK_FILE
    if run.workbook is None or not path.is_file():
        raise HTTPException(404, "还没有生成填报工作簿：先点击“生成填报工作簿”")
    return FileResponse(path, filename=run.workbook["name"], media_type=XLSX_TYPE)


ROUTES = [
    Route("/rollforward", roll_form, name="rollforward"),
    Route("/rollforward", roll_submit, methods=["POST"], name="rollforward_submit"),
    Route("/rollforward/{run_id}", roll_result, name="rollforward_result"),
    Route("/rollforward/{run_id}/rollforward.docx", rolled_docx, name="rollforward_docx"),
    Route("/rollforward/{run_id}/result.json", roll_json, name="rollforward_json"),
    Route("/rollforward/{run_id}/workbook", make_workbook, methods=["POST"], name="rollforward_workbook"),
    Route("/rollforward/{run_id}/workbook.xlsx", workbook_xlsx, name="rollforward_xlsx"),
]
