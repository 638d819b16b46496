"""Retries with exponential backoff for HTTP 429 / 5xx / timeouts, honouring Retry-After.

After the last attempt the error becomes LLMRateLimitError / LLMTimeoutError / LLMError with
a Chinese message that says what happened and what to do. Secrets never appear in messages.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, TypeVar

from ...errors import LLMError, LLMRateLimitError, LLMTimeoutError

__all__ = ["RetryPolicy", "with_retries", "classify", "retry_after_seconds"]

T = TypeVar("T")
MAX_RETRY_AFTER = 120.0


@dataclass(frozen=True)
class RetryPolicy:
    """``max_retries`` extra attempts; delay = base * 2**n (jittered, capped) or Retry-After."""

    max_retries: int = 4
    base_delay: float = 1.0
    max_delay: float = 30.0
    jitter: float = 0.1

    def backoff(self, attempt: int) -> float:
        delay = min(self.max_delay, self.base_delay * (2 ** attempt))
        return delay * (1 + random.uniform(-self.jitter, self.jitter))


def _status(exc: BaseException) -> int | None:
    code = getattr(exc, "status_code", None)
    if code is None:
        resp = getattr(exc, "response", None)
        code = getattr(resp, "status_code", None)
    return int(code) if isinstance(code, int) else None


def retry_after_seconds(exc: BaseException) -> float | None:
    """Seconds asked for by ``Retry-After`` / ``retry-after-ms`` on the error's response."""
    resp = getattr(exc, "response", None)
    headers = getattr(resp, "headers", None)
    if not headers:
        return None
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(raw) if raw else None
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


def classify(exc: BaseException) -> str:
    """``rate`` | ``timeout`` | ``server`` | ``connection`` (retryable) or ``fatal``."""
    name = type(exc).__name__
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) or "Timeout" in name:
        return "timeout"
    status = _status(exc)
    if status == 429 or "RateLimit" in name:
        return "rate"
    if status is not None and status >= 500:
        return "server"
    if isinstance(exc, ConnectionError) or any(k in name for k in ("ConnectionError", "ConnectError", "RemoteProtocolError")):
        return "connection"  # openai.APIConnectionError, langchain-openai's OpenAIConnectionError, httpx.ConnectError
    return "fatal"


def _final_error(kind: str, exc: BaseException, attempts: int, ctx: dict[str, Any], scrub: Callable[[str], str]) -> LLMError:
    where = ctx.get("where") or ""
    status = _status(exc)
    detail = scrub(str(exc))[:300]
    if kind == "rate":
        return LLMRateLimitError(
            f"模型服务持续限流（HTTP 429），共尝试 {attempts} 次仍失败", location=where,
            hint="稍后重跑 draftkit draft（已完成的节不会重复调用），或用 --concurrency 调低并发。")
    if kind == "timeout":
        return LLMTimeoutError(
            f"模型服务在 {ctx.get('timeout', '?')} 秒内没有响应，共尝试 {attempts} 次", location=where,
            hint="检查 OPENAI_BASE_URL 是否可达；生成较慢时调大 DRAFTKIT_TIMEOUT。")
    if kind == "connection" and not status:
        url = ctx.get("base_url") or "默认的 OpenAI 地址"
        said = "" if detail.strip().rstrip(".").lower() in ("", "connection error") else f"：{detail}"
        return LLMError(f"无法连接模型服务 {url}，共尝试 {attempts} 次{said}", location=where,
                        hint="检查 OPENAI_BASE_URL 是否正确、服务是否已启动、网络或代理是否可达；"
                             "已完成的节不会重复调用。没有可用的模型服务时可用 --backend offline 离线起草。")
    if kind in ("server", "connection"):
        what = f"HTTP {status}" if status else "连接失败"
        return LLMError(f"模型服务出错（{what}），共尝试 {attempts} 次：{detail}", location=where,
                        hint="检查 OPENAI_BASE_URL 与服务状态后重跑；已完成的节不会重复调用。")
    if status in (401, 403):
        return LLMError(f"模型服务拒绝了请求（HTTP {status}）：API key 无效或无权限", location=where,
                        hint="检查 OPENAI_API_KEY 是否正确、是否有该模型的权限。")
    if status == 404:
        return LLMError(f"模型服务找不到该模型或接口（HTTP 404）：{detail}", location=where,
                        hint="检查 DRAFTKIT_MODEL 与 OPENAI_BASE_URL（通常以 /v1 结尾）。")
    return LLMError(f"调用模型失败（{type(exc).__name__}）：{detail}", location=where,
                    hint="检查模型服务配置；设置 DRAFTKIT_DEBUG=1 可查看详细信息。")


def _too_long(kind: str, wait: float, attempts: int, ctx: dict[str, Any]) -> LLMError:
    """The server asked for a wait beyond MAX_RETRY_AFTER (e.g. a daily quota): stop and say when."""
    when = f"{wait / 3600:.1f} 小时" if wait >= 3600 else f"{wait / 60:.0f} 分钟" if wait >= 120 else f"{wait:.0f} 秒"
    cls = LLMRateLimitError if kind == "rate" else LLMError
    return cls(f"模型服务要求 {when}后再试（Retry-After {wait:.0f} 秒，超过 {MAX_RETRY_AFTER:.0f} 秒的等待上限），"
               "可能是调用额度已用尽", location=ctx.get("where") or "",
               hint="到时再重跑 draftkit draft（已完成的节不会重复调用），或检查账户额度、换用其他模型服务。")


async def with_retries(
    call: Callable[[], Awaitable[T]],
    policy: RetryPolicy,
    *,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    scrub: Callable[[str], str] = lambda s: s,
    context: dict[str, Any] | None = None,
    on_attempt: Callable[[int], None] | None = None,
) -> T:
    """Run ``call`` until it succeeds or a non-retryable error / the retry limit is reached."""
    ctx = context or {}
    attempt = 0
    while True:
        if on_attempt:
            on_attempt(attempt + 1)
        try:
            return await call()
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001 - every backend error is classified here
            kind = classify(exc)
            if kind == "fatal" or attempt >= policy.max_retries:
                err = _final_error(kind, exc, attempt + 1, ctx, scrub)
                err.attempts = attempt + 1  # type: ignore[attr-defined]  # calls made, for the run's accounting
                err.kind = kind  # type: ignore[attr-defined]  # "connection"/"timeout": the run stops calling
                raise err from None
            wait = retry_after_seconds(exc) if kind in ("rate", "server") else None
            if wait is not None and wait > MAX_RETRY_AFTER:  # a spent quota, not a burst: don't sit silently
                err = _too_long(kind, wait, attempt + 1, ctx)
                err.attempts, err.kind = attempt + 1, kind  # type: ignore[attr-defined]
                raise err from None
            delay = wait if wait is not None else policy.backoff(attempt)
            attempt += 1
            await sleep(delay)
