"""The ASGI application behind ``draftkit serve``: pages, the JSON API, login, static files.

    from draftkit.web import WebConfig, create_app
    app = create_app(WebConfig(project=Path("."), host="127.0.0.1"))   # any ASGI server runs it

It calls the library (check, draft, assemble, corpus, data, rollforward), never the CLI. Pages are
server-rendered Jinja templates with a little plain JavaScript; every asset ships in the package.
"""

from __future__ import annotations

import asyncio
import hmac
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import ConfigError, DraftkitError, ProjectBusyError
from .checking import CheckStore
from .jobs import JobManager
from .project import ProjectView
from .rolling import RollStore
from .security import AUTH_COOKIE, SecurityMiddleware, auth_cookie_value, is_loopback, token_problem

__all__ = ["WebConfig", "WebState", "create_app", "DEFAULT_UPLOAD_LIMIT"]

DEFAULT_UPLOAD_LIMIT = 50 * 1024 * 1024


@dataclass
class WebConfig:
    """How the workspace is served."""

    project: Path
    host: str = "127.0.0.1"
    port: int = 8765
    token: str | None = None  # required when ``host`` is not a loopback address
    upload_limit: int = DEFAULT_UPLOAD_LIMIT  # bytes per request body
    paginate: bool | None = None  # 组装: lay out with LibreOffice (None = when installed), as ``build``
    overrides: dict[str, Any] = field(default_factory=dict)  # settings overrides (tests: embedder="hash")

    def validate(self) -> None:
        """ConfigError (Chinese, says why and how) when this server would be reachable without a token."""
        if is_loopback(self.host):
            if self.token and token_problem(self.token):
                raise ConfigError(f"{token_problem(self.token)}", hint="用更长的随机令牌，例如 "
                                  "python -c \"import secrets; print(secrets.token_urlsafe(24))\" 生成。")
            return
        problem = token_problem(self.token)
        if problem:
            raise ConfigError(
                f"拒绝在 {self.host} 上启动：{problem}。绑定到本机以外的地址时，同一网络中的任何人都能打开工作台，"
                "必须用访问令牌保护",
                hint="设置环境变量 DRAFTKIT_WEB_TOKEN（或 --token）为一个至少 16 个字符的随机字符串，例如 "
                     "python -c \"import secrets; print(secrets.token_urlsafe(24))\" 的输出，再把它告诉需要访问的同事；"
                     "只在本机使用时去掉 --host（默认 127.0.0.1）。")


@dataclass
class WebState:
    """What every request handler reaches through ``request.app.state.web``."""

    config: WebConfig
    project: ProjectView
    jobs: JobManager
    checks: CheckStore
    templates: Any
    rolls: RollStore = field(default_factory=RollStore)


def create_app(config: WebConfig) -> Any:
    """The workspace as an ASGI app (security middleware around a Starlette app); ``.web`` is its state."""
    config.validate()
    config.project = config.project.resolve()
    project = ProjectView(config.project, config.overrides)
    settings = project.settings()
    state = WebState(config, project, JobManager(config.project, settings.state_dir, config.overrides),
                     CheckStore(), _templates())

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        await asyncio.to_thread(state.jobs.shutdown)
        state.rolls.close()

    from .api import api_routes
    from .pages import page_routes

    routes = [
        *page_routes(),
        *api_routes(),
        Route("/login", login_page, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("draftkit.web", "static")]), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, exception_handlers={
        HTTPException: _http_error, DraftkitError: _draftkit_error})
    app.state.web = state
    wrapped = SecurityMiddleware(app, token=config.token, max_body=config.upload_limit,
                                 check_host=not config.token and is_loopback(config.host))
    wrapped.web = state  # type: ignore[attr-defined]
    return wrapped


def _templates() -> Any:
    from jinja2 import Environment, PackageLoader, select_autoescape
    from starlette.templating import Jinja2Templates

    env = Environment(loader=PackageLoader("draftkit.web", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    return Jinja2Templates(env=env)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.method != "GET"


async def _http_error(request: Request, exc: Exception) -> Response:
    status = getattr(exc, "status_code", 500)
    detail = getattr(exc, "detail", "")
    if not isinstance(detail, str) or detail in ("Not Found", "Method Not Allowed", ""):
        detail = {404: "找不到这个页面或文件", 405: "不支持这种请求方式"}.get(status, "请求无效")
    if _wants_json(request):
        return JSONResponse({"error": detail}, status_code=status)
    from .pages.common import render_error

    return render_error(request, status, detail)


async def _draftkit_error(request: Request, exc: Exception) -> Response:
    status = 409 if isinstance(exc, ProjectBusyError) else 400
    if _wants_json(request):
        return JSONResponse({"error": str(exc)}, status_code=status)
    from .pages.common import render_error

    return render_error(request, status, str(exc))


async def login_page(request: Request) -> Response:
    """Ask for the access token once; keep a digest of it in a cookie (SameSite=Strict, HttpOnly)."""
    from .pages.common import render, safe_next

    web: WebState = request.app.state.web
    target = safe_next(request.query_params.get("next"))
    if not web.config.token:
        return RedirectResponse(target, status_code=303)
    error = ""
    if request.method == "POST":
        form = await request.form(max_files=0, max_fields=5)
        from .pages.common import csrf_matches

        if not csrf_matches(request, str(form.get("csrf_token", ""))):
            error = "页面已过期，请重新输入令牌。"
        elif hmac.compare_digest(str(form.get("token", "")).strip().encode(), web.config.token.encode()):
            response = RedirectResponse(safe_next(str(form.get("next", ""))), status_code=303)
            response.set_cookie(AUTH_COOKIE, auth_cookie_value(web.config.token), httponly=True, samesite="strict",
                                max_age=30 * 24 * 3600)
            return response
        else:
            await asyncio.sleep(1.0)  # slows down guessing
            error = "令牌不正确。"
    return render(request, "login.html", {"next": target, "error": error}, status=401 if error else 200)


async def logout(request: Request) -> Response:
    """Forget the login cookie (a form with the CSRF field, so another site cannot log you out)."""
    from .pages.common import csrf_matches

    form = await request.form(max_files=0, max_fields=5)
    if not csrf_matches(request, str(form.get("csrf_token", ""))):
        return JSONResponse({"error": "页面已过期，请刷新后再退出。"}, status_code=403)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(AUTH_COOKIE)
    return response
