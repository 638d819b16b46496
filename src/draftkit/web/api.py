"""The JSON API for other tools (and the pages' buttons).

    POST /api/check            multipart: file, optional data (default: the project's year data)
                               → exactly the JSON of ``draftkit check FILE --data DATA --format json``
    POST /api/rollforward      multipart: file (last year's report), optional data (default: the project's data of
                               the year after the report's) → waits for the job (under the project lock), then
                               exactly the JSON of ``draftkit rollforward FILE --format json``; 409 when busy
    GET  /api/sections         every section with its draft state
    POST /api/draft/{id}       redraft one section (JSON or form: backend, model, overwrite_edit)  → 202 job
    POST /api/draft            draft every section (unchanged ones cost nothing)                 → 202 job
    POST /api/build            assemble the Word report                                          → 202 job
    POST /api/ingest           index the corpus                                                  → 202 job
    GET  /api/jobs/{id}        a job's progress;  GET /api/jobs: the running/latest job and the lock

Errors are ``{"error": "…"}`` (Chinese) with 400 / 404 / 409 (busy) / 413 (too large).
"""

from __future__ import annotations

import re
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..errors import ConfigError, DraftkitError
from ..lock import lock_holder
from .pages.common import web

__all__ = ["api_routes"]

_MODEL_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,99}$")
_BACKENDS = ("offline", "openai")


async def api_check(request: Request) -> Response:
    from .pages.check import check_request

    try:
        run = await check_request(request, annotate=False)
    except DraftkitError as exc:  # the CLI's --format json error object, same keys
        return JSONResponse({"file": getattr(request.state, "check_name", ""), "error": str(exc)}, status_code=400)
    return JSONResponse(run.json)


async def api_rollforward(request: Request) -> Response:
    from .pages.rollforward import start_roll, wait_for

    state = web(request)
    run = await start_roll(request)
    try:
        job = await wait_for(request, run)
    except BaseException:  # the client went away: the job may still read the upload
        state.rolls.add(run)  # its folder goes when the run is forgotten
        raise
    if job is not None and job.state == "running":
        state.rolls.add(run)
        return JSONResponse({"error": "滚动更新超时，仍在后台运行；进度见总览页"}, status_code=504)
    try:
        if job is None or job.state != "done":
            return JSONResponse({"error": job.error if job else "任务记录已不在服务器上"}, status_code=400)
        return JSONResponse(run.result())
    finally:
        run.remove()  # the API keeps nothing but the .docx in outputs/


def api_sections(request: Request) -> Response:
    return JSONResponse({"sections": [r.to_json() for r in web(request).project.section_rows()]})


async def _options(request: Request) -> dict[str, Any]:
    """Parameters from a JSON body or a form (empty body: none)."""
    ctype = request.headers.get("content-type", "")
    if "application/json" in ctype:
        try:
            body = await request.json()
        except ValueError:
            raise ConfigError("请求体不是合法的 JSON") from None
        if not isinstance(body, dict):
            raise ConfigError("请求体应是 JSON 对象，如 {\"backend\": \"offline\"}")
        return body
    if "form" in ctype:
        form = await request.form(max_files=0, max_fields=10)
        return dict(form)
    return {}


def _draft_overrides(options: dict[str, Any]) -> dict[str, Any]:
    backend = options.get("backend") or None
    if backend is not None and backend not in _BACKENDS:
        raise ConfigError(f"未知的起草后端「{str(backend)[:40]}」", hint="backend 只能是 offline 或 openai。")
    model = options.get("model") or None
    if model is not None and not _MODEL_RE.match(str(model)):
        raise ConfigError("模型名无效", hint="模型名只能含字母、数字和 . _ : / @ + -，如 deepseek-chat。")
    return {"llm_backend": backend, "model": model}


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("1", "true", "on", "yes")


async def api_draft_section(request: Request) -> Response:
    state = web(request)
    found = state.project.section(request.path_params["section_id"])
    if found is None:
        raise HTTPException(404, "报告提纲中没有这个节")
    section, _ = found
    options = await _options(request)
    overrides = _draft_overrides(options)
    row = next(r for r in state.project.section_rows() if r.id == section.id)
    if row.state == "edited" and not _truthy(options.get("overwrite_edit")):
        raise HTTPException(409, f"草稿 {section.id}.md 已被人工修改；重新起草会覆盖这些修改。"
                                 "确认要覆盖时勾选“覆盖人工修改”（API：overwrite_edit=true）。")
    job = state.jobs.start("draft", f"起草「{section.title}」", {"section": section.id, "force": True}, overrides)
    return JSONResponse({"job": job.to_json()}, status_code=202)


async def api_draft_all(request: Request) -> Response:
    options = await _options(request)
    job = web(request).jobs.start("draft", "起草全部", {"force": False}, _draft_overrides(options))
    return JSONResponse({"job": job.to_json()}, status_code=202)


async def api_build(request: Request) -> Response:
    state = web(request)
    job = state.jobs.start("build", "组装 Word 报告", {"paginate": state.config.paginate})
    return JSONResponse({"job": job.to_json()}, status_code=202)


async def api_ingest(request: Request) -> Response:
    job = web(request).jobs.start("ingest", "入库往年语料")
    return JSONResponse({"job": job.to_json()}, status_code=202)


def api_job(request: Request) -> Response:
    job = web(request).jobs.get(request.path_params["job_id"])
    if job is None:
        raise HTTPException(404, "没有这个任务（服务器重启后任务记录会清空）")
    return JSONResponse(job.to_json())


def api_jobs(request: Request) -> Response:
    state = web(request)
    latest = state.jobs.latest()
    holder = lock_holder(state.project.settings().state_dir) if state.jobs.running() is None else None
    return JSONResponse({"latest": latest.to_json() if latest else None,
                         "recent": [j.to_json() for j in state.jobs.recent()],
                         "busy": holder.describe() if holder else None})


def api_routes() -> list[Route]:
    return [
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/rollforward", api_rollforward, methods=["POST"]),
        Route("/api/sections", api_sections),
        Route("/api/draft", api_draft_all, methods=["POST"]),
        Route("/api/draft/{section_id}", api_draft_section, methods=["POST"]),
        Route("/api/build", api_build, methods=["POST"]),
        Route("/api/ingest", api_ingest, methods=["POST"]),
        Route("/api/jobs", api_jobs),
        Route("/api/jobs/{job_id}", api_job),
    ]
