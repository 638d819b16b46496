"""What every page shares: rendering with the navigation bar, the CSRF cookie, error pages."""

from __future__ import annotations

import hmac
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..security import CSRF_COOKIE, new_csrf_token

__all__ = ["web", "render", "render_error", "csrf_matches", "safe_next", "backend_choices"]

# pages load only their own script and styles (no inline script, nothing from other sites)
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def web(request: Request) -> Any:
    """The server's WebState."""
    return request.app.state.web


def render(request: Request, template: str, context: dict[str, Any] | None = None, *, active: str = "",
           status: int = 200) -> Response:
    """A page from ``template`` with the navigation bar, school/year and the CSRF token."""
    from . import NAV

    state = web(request)
    token = request.cookies.get(CSRF_COOKIE) or new_csrf_token()
    yd, _ = state.project.data()
    ctx = {
        "nav": NAV, "active": active, "csrf_token": token, "school": getattr(yd, "school", ""),
        "year": getattr(yd, "year", ""), "login": bool(state.config.token), "job": state.jobs.latest(),
        **(context or {}),
    }
    response = state.templates.TemplateResponse(request, template, ctx, status_code=status)
    response.headers["cache-control"] = "no-store"
    response.headers["x-content-type-options"] = "nosniff"
    response.headers["referrer-policy"] = "same-origin"
    response.headers["x-frame-options"] = "DENY"
    response.headers["content-security-policy"] = _CSP
    if request.cookies.get(CSRF_COOKIE) != token:
        response.set_cookie(CSRF_COOKIE, token, samesite="strict", httponly=False)
    return response


def render_error(request: Request, status: int, message: str) -> Response:
    """The error page: what went wrong (Chinese) and a way back."""
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def csrf_matches(request: Request, sent: str) -> bool:
    """True when a form's ``csrf_token`` equals the CSRF cookie."""
    expected = request.cookies.get(CSRF_COOKIE, "")
    return bool(sent and expected) and hmac.compare_digest(sent.encode(), expected.encode())


def safe_next(target: str | None) -> str:
    """A local path to go to after login (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def backend_choices(settings: Any) -> list[dict[str, Any]]:
    """Drafting backends the section page offers; the API key itself is never shown."""
    has_key = settings.openai_api_key is not None and bool(settings.openai_api_key.get_secret_value())
    return [
        {"value": "offline", "label": "离线（按模板写数据句，不调用模型）", "enabled": True},
        {"value": "openai", "label": "大模型（OpenAI 兼容接口）" + ("" if has_key else "——未配置 API key"),
         "enabled": has_key},
    ]


def endpoint_label(settings: Any) -> str:
    """The model endpoint's host, for display (no user info, no key)."""
    from urllib.parse import urlsplit

    url = settings.openai_base_url
    if not url:
        return "OpenAI 官方接口"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "") + (parts.path or "")
