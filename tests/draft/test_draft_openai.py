"""The openai backend with the real openai client through LangChain, against a local server."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fakeserver import Reply, Slow, Status

from draftkit.config import load_settings
from draftkit.data import load_year_data
from draftkit.draft import run_draft
from draftkit.draft.llm import RetryPolicy, make_backend
from draftkit.draft.prompt import build_prompt
from draftkit.errors import LLMError, LLMRateLimitError, LLMTimeoutError
from draftkit.spec import load_spec

KEY = "sk-local-SECRET-0123456789"


class Sleeps:
    """Records backoff waits instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def oa_settings(project: Path, server):
    return load_settings(project, llm_backend="openai", openai_base_url=server.base_url, openai_api_key=KEY,
                         model="gpt-4o-mini", timeout=5.0, max_retries=2)


@pytest.fixture
def prompt(project: Path):
    spec = load_spec(project / "prompts" / "report.yaml")
    yd = load_year_data(project / "data" / "2023.yaml")
    return build_prompt(spec, spec.section("overview-funding"), yd, [], model="gpt-4o-mini", context_tokens=16000)


def complete(settings, prompt, **kw):
    backend = make_backend(settings, **kw)
    return backend, asyncio.run(backend.complete(prompt))


def test_plain_completion_captures_usage(oa_settings, prompt, server) -> None:
    server.script(Reply("经费收入{{funding_income}}。", usage=(321, 12)))
    backend, c = complete(oa_settings, prompt)
    assert c.text == "经费收入{{funding_income}}。" and (c.tokens_in, c.tokens_out) == (321, 12) and c.usage_reported
    req = server.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["body"]["model"] == "gpt-4o-mini"
    assert [m["role"] for m in req["body"]["messages"]] == ["system", "user"]
    assert not req["body"].get("stream")


def test_streamed_completion_with_usage(oa_settings, prompt, server) -> None:
    text = "学校经费收入总额{{funding_income}}，较上年{{funding_income.trend}}。" * 3
    server.script(Reply(text, usage=(400, 55)))
    _, c = complete(oa_settings, prompt, stream=True)
    body = server.requests[0]["body"]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert c.text == text and (c.tokens_in, c.tokens_out) == (400, 55)


def test_429_honours_retry_after_then_succeeds(oa_settings, prompt, server) -> None:
    server.script(Status(429, retry_after=2.5), Reply("好"))
    sleeps = Sleeps()
    _, c = complete(oa_settings, prompt, sleep=sleeps)
    assert c.text == "好" and c.attempts == 2 and server.calls == 2
    assert sleeps.waits == [2.5]


def test_persistent_429_becomes_rate_limit_error(oa_settings, prompt, server) -> None:
    server.script(*[Status(429, retry_after=0.01)] * 3)
    with pytest.raises(LLMRateLimitError) as err:
        complete(oa_settings, prompt, sleep=Sleeps())
    assert server.calls == 3  # 1 + max_retries
    assert "429" in str(err.value) and "--concurrency" in str(err.value)


def test_500_is_retried_with_backoff(oa_settings, prompt, server) -> None:
    server.script(Status(500), Status(502), Reply("恢复"))
    sleeps = Sleeps()
    _, c = complete(oa_settings, prompt, sleep=sleeps, policy=RetryPolicy(max_retries=3, base_delay=1.0, jitter=0))
    assert c.text == "恢复" and sleeps.waits == [1.0, 2.0]
    server.script(*[Status(500)] * 4)
    with pytest.raises(LLMError) as err:
        complete(oa_settings, prompt, sleep=Sleeps())
    assert "HTTP 500" in str(err.value) and not isinstance(err.value, LLMRateLimitError)


def test_response_slower_than_timeout(project, server, prompt) -> None:
    settings = load_settings(project, llm_backend="openai", openai_base_url=server.base_url, openai_api_key=KEY,
                             timeout=0.5, max_retries=1)
    server.script(Slow(2.0), Slow(2.0))
    t0 = time.perf_counter()
    with pytest.raises(LLMTimeoutError) as err:
        complete(settings, prompt, sleep=Sleeps())
    assert time.perf_counter() - t0 < 3.0 and server.calls == 2
    assert "0.5 秒" in str(err.value)


def test_client_errors_are_not_retried(oa_settings, prompt, server) -> None:
    server.script(Status(401, message=f"Incorrect API key provided: {KEY}"))
    with pytest.raises(LLMError) as err:
        complete(oa_settings, prompt, sleep=Sleeps())
    assert server.calls == 1 and "401" in str(err.value) and KEY not in str(err.value)


def test_full_run_against_the_server_binds_everything_and_reruns_free(oa_settings, server, exemplars,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.script(Status(429, retry_after=0.01))
    result = run_draft(oa_settings, exemplars=exemplars, concurrency=3)
    assert result.count("drafted") == 6 and not result.failed
    assert server.calls == 7  # one 429 retried
    assert result.llm_calls == 7  # counted per section even when sections run concurrently
    assert all(r["headers"].get("Authorization", r["headers"].get("authorization")) == f"Bearer {KEY}"
               for r in server.requests)
    d = oa_settings.outputs_dir(2023) / "drafts"
    for o in result.outcomes:
        md = (d / f"{o.section_id}.md").read_text(encoding="utf-8")
        assert "{{" not in md and "【缺数据" not in md
        prov = json.loads((d / f"{o.section_id}.json").read_text(encoding="utf-8"))
        assert prov["backend"] == "openai" and prov["tokens_in"] > 0 and prov["tokens_out"] > 0
        assert prov["cost_estimate"] > 0
    assert "17402人" in (d / "talent-employment.md").read_text(encoding="utf-8")
    calls = server.calls
    again = run_draft(oa_settings, exemplars=exemplars)
    assert again.llm_calls == 0 and server.calls == calls and again.count("cached") == 6
    # the key is never written or logged
    for path in d.iterdir():
        assert KEY not in path.read_text(encoding="utf-8")
    assert KEY not in caplog.text
    assert KEY not in repr(make_backend(oa_settings))


def test_killed_run_resumes_with_only_the_missing_sections(project, server) -> None:
    server.default = Reply(delay=0.4)
    spec = project / "prompts" / "report.yaml"  # no exemplars: keep the subprocess from loading a corpus
    spec.write_text(spec.read_text(encoding="utf-8").replace("        query:", "        k: 0\n        query:"),
                    encoding="utf-8")
    env = {**os.environ, "OPENAI_BASE_URL": server.base_url, "OPENAI_API_KEY": KEY, "DRAFTKIT_EMBEDDER": "hash",
           "DRAFTKIT_LLM_BACKEND": "openai"}
    cmd = [sys.executable, "-c", "from draftkit.cli import main; main()", "--project", str(project),
           "draft", "--all", "--concurrency", "1"]
    drafts = project / "outputs" / "2023" / "drafts"
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 60
        while len(list(drafts.glob("*.md"))) < 2 and time.time() < deadline:
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    done = {p.stem for p in drafts.glob("*.md")}
    assert 2 <= len(done) < 6
    before = server.calls
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert server.calls - before == 6 - len(done)
    assert len(list(drafts.glob("*.md"))) == 6 and len(list(drafts.glob("*.json"))) == 6
    assert KEY not in out.stdout + out.stderr
