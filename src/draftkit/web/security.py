"""Who may talk to ``draftkit serve``, and how much they may send.

- **Host check** (loopback without a token): only ``127.0.0.1`` / ``localhost`` / ``[::1]`` Host
  headers are served, so a web page cannot reach the workspace through DNS rebinding.
- **Token** (any other address): every request needs the ``dk_auth`` cookie set by the login
  page, or ``Authorization: Bearer <token>`` (tools). Pages redirect to ``/login``.
- **CSRF**: a state-changing request from a browser (it carries a cookie or an Origin header)
  must send the ``X-CSRF-Token`` header equal to the ``dk_csrf`` cookie (double-submit; the
  cookie is SameSite=Strict). Tools without cookies (curl) need no CSRF token.
- **Body limit**: a request body over the limit gets 413 with a Chinese message, whether it
  declares its length or streams it.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
from typing import Any, Awaitable, Callable
from urllib.parse import quote

__all__ = ["SecurityMiddleware", "is_loopback", "auth_cookie_value", "CSRF_COOKIE", "AUTH_COOKIE", "CSRF_HEADER",
           "token_problem", "MIN_TOKEN_CHARS"]

CSRF_COOKIE = "dk_csrf"
AUTH_COOKIE = "dk_auth"
CSRF_HEADER = "x-csrf-token"
MIN_TOKEN_CHARS = 16
_LOOPBACK_NAMES = {"localhost", "localhost.", "ip6-localhost"}
_OPEN_PATHS = ("/static/", "/login", "/favicon.ico")
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
_FORM_PATHS = ("/login", "/logout")  # plain HTML forms: their handlers check the form's csrf_token field

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost: addresses only this computer can reach."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def token_problem(token: str | None) -> str | None:
    """Why a token cannot protect a server (None when it can)."""
    if not token:
        return "没有设置访问令牌"
    if len(token) < MIN_TOKEN_CHARS:
        return f"访问令牌太短（{len(token)} 个字符，至少 {MIN_TOKEN_CHARS} 个）"
    return None


def auth_cookie_value(token: str) -> str:
    """What the login cookie holds: a digest of the token, never the token itself."""
    return hmac.new(token.encode("utf-8"), b"draftkit-web-login", hashlib.sha256).hexdigest()


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookies(header: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep:
            out[name] = value
    return out


def _host_name(host_header: str) -> str:
    if host_header.startswith("["):
        return host_header[: host_header.find("]") + 1]
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


class SecurityMiddleware:
    """Pure ASGI middleware: host check, token, CSRF and the body size limit, in that order."""

    def __init__(self, app: Any, *, token: str | None, max_body: int, check_host: bool):
        self.app = app
        self.token = token
        self.cookie = auth_cookie_value(token) if token else None
        self.max_body = max_body
        self.check_host = check_host

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        path = scope.get("path", "/")
        method = scope.get("method", "GET").upper()
        if self.check_host and not is_loopback(_host_name(headers.get("host", "localhost"))):
            await _plain(send, 400, "此工作台只接受本机地址（127.0.0.1 / localhost）的访问。")
            return
        cookies = _cookies(headers.get("cookie", ""))
        if self.token and not path.startswith(_OPEN_PATHS) and not self._authorised(headers, cookies):
            await self._deny(scope, send, path, method)
            return
        if method not in _SAFE_METHODS and path not in _FORM_PATHS and not _csrf_ok(headers, cookies):
            await _json(send, 403, {"error": "请求缺少有效的 CSRF 令牌（防止其他网站冒用你的身份提交）。请刷新页面后重试；"
                                             "命令行工具调用 API 时不要携带 Cookie。"})
            return
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_body:
            await _json(send, 413, {"error": _too_large(self.max_body)})
            return
        await self._limited(scope, receive, send)

    def _authorised(self, headers: dict[str, str], cookies: dict[str, str]) -> bool:
        bearer = headers.get("authorization", "")
        if bearer.lower().startswith("bearer ") and hmac.compare_digest(bearer[7:].strip().encode(), self.token.encode()):
            return True
        return hmac.compare_digest(cookies.get(AUTH_COOKIE, "").encode(), (self.cookie or "").encode())

    async def _deny(self, scope: Scope, send: Send, path: str, method: str) -> None:
        if method == "GET" and not path.startswith("/api/"):
            target = path + ("?" + scope["query_string"].decode("latin-1") if scope.get("query_string") else "")
            await send({"type": "http.response.start", "status": 303,
                        "headers": [(b"location", f"/login?next={quote(target, safe='')}".encode()),
                                    (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await _json(send, 401, {"error": "需要访问令牌：请先在登录页输入令牌，或在请求头中加 Authorization: Bearer <令牌>。"})

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, counting body bytes; over the limit → 413 and the app sees a disconnect."""
        seen = 0
        started = responded = False

        async def counting_receive() -> dict[str, Any]:
            nonlocal seen, responded
            if responded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body and not started:
                    await _json(send, 413, {"error": _too_large(self.max_body)})
                    responded = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: dict[str, Any]) -> None:
            nonlocal started
            if responded:
                return  # we answered 413; whatever the app says after the disconnect is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception:
            if not responded:
                raise


def _csrf_ok(headers: dict[str, str], cookies: dict[str, str]) -> bool:
    """A browser request must echo the CSRF cookie in the header; a tool without cookies need not."""
    sent, expected = headers.get(CSRF_HEADER, ""), cookies.get(CSRF_COOKIE, "")
    if sent and expected:
        return hmac.compare_digest(sent.encode(), expected.encode())
    return "cookie" not in headers and "origin" not in headers


def _too_large(limit: int) -> str:
    mb = limit / (1024 * 1024)
    shown = f"{mb:.0f} MB" if mb >= 1 else f"{limit} 字节"
    return (f"上传的内容太大（上限 {shown}）。请压缩文件中的图片或拆分文件后再上传；"
            "管理员可用 draftkit serve --max-upload 调整上限。")


async def _json(send: Send, status: int, body: dict[str, Any]) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


async def _plain(send: Send, status: int, text: str) -> None:
    data = text.encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(data)).encode())]})
    await send({"type": "http.response.body", "body": data})


def new_csrf_token() -> str:
    """A fresh value for the CSRF cookie."""
    return secrets.token_urlsafe(24)
