"""Retry policy: classification, Retry-After parsing, backoff, the sample project drafted offline."""

from __future__ import annotations

import asyncio
import email.utils
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from draftproj import REPO

from draftkit.config import load_settings
from draftkit.draft import run_draft
from draftkit.draft.llm.retry import RetryPolicy, classify, retry_after_seconds, with_retries
from draftkit.draft.retrieval import NoExemplars
from draftkit.errors import LLMError, LLMRateLimitError, LLMTimeoutError


class HTTPErr(Exception):
    def __init__(self, status: int, headers: dict[str, str] | None = None):
        super().__init__(f"HTTP {status}")
        self.status_code = status
        self.response = SimpleNamespace(status_code=status, headers=headers or {})


def test_classify() -> None:
    assert classify(HTTPErr(429)) == "rate"
    assert classify(HTTPErr(503)) == "server"
    assert classify(asyncio.TimeoutError()) == "timeout"
    assert classify(HTTPErr(400)) == "fatal"


def test_retry_after_forms() -> None:
    assert retry_after_seconds(HTTPErr(429, {"retry-after": "7"})) == 7.0
    assert retry_after_seconds(HTTPErr(429, {"retry-after-ms": "1500"})) == 1.5
    date = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (retry_after_seconds(HTTPErr(429, {"retry-after": date})) or 0) <= 31
    assert retry_after_seconds(HTTPErr(429)) is None


def test_timeouts_back_off_and_then_fail_in_chinese() -> None:
    waits: list[float] = []

    async def sleep(s: float) -> None:
        waits.append(s)

    async def always_timeout() -> None:
        raise asyncio.TimeoutError()

    with pytest.raises(LLMTimeoutError) as err:
        asyncio.run(with_retries(always_timeout, RetryPolicy(max_retries=2, base_delay=0.5, jitter=0), sleep=sleep,
                                 context={"timeout": 9}))
    assert waits == [0.5, 1.0] and "9 秒" in str(err.value) and err.value.attempts == 3


def test_retry_after_is_capped() -> None:
    waits: list[float] = []

    async def sleep(s: float) -> None:
        waits.append(s)

    calls = iter([HTTPErr(429, {"retry-after": "99999"})])

    async def once() -> str:
        exc = next(calls, None)
        if exc:
            raise exc
        return "ok"

    with pytest.raises(LLMRateLimitError) as err:  # a day's quota: say so at once instead of waiting silently
        asyncio.run(with_retries(once, RetryPolicy(max_retries=1), sleep=sleep))
    assert waits == [] and err.value.attempts == 1 and "27.8 小时" in str(err.value) and err.value.hint

    calls = iter([HTTPErr(429, {"retry-after": "120"})])  # within the cap: honoured exactly
    assert asyncio.run(with_retries(once, RetryPolicy(max_retries=1), sleep=sleep)) == "ok"
    assert waits == [120.0]


def test_fatal_errors_are_not_retried() -> None:
    n = 0

    async def bad() -> None:
        nonlocal n
        n += 1
        raise HTTPErr(400)

    with pytest.raises(LLMError):
        asyncio.run(with_retries(bad, RetryPolicy(max_retries=5)))
    assert n == 1


def test_the_sample_project_drafts_offline_with_every_placeholder_bound(tmp_path: Path) -> None:
    for name in ("prompts", "data"):
        shutil.copytree(REPO / name, tmp_path / name)
    settings = load_settings(tmp_path, llm_backend="offline")
    result = run_draft(settings, exemplars=NoExemplars("测试：不检索范文"))
    assert result.problems == [] and not result.failed and result.count("drafted") == len(result.outcomes) >= 35
    for o in result.outcomes:
        text = o.md_path.read_text(encoding="utf-8")
        assert "{{" not in text and "【缺数据" not in text, o.section_id
        assert not [w for w in o.warnings if "不符" in w], (o.section_id, o.warnings)
