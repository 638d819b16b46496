"""An unreachable endpoint is retried and reported with its URL, whatever class the client raises."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from draftkit.draft.llm.retry import RetryPolicy, classify, with_retries
from draftkit.errors import LLMError


def _connection_errors() -> list[BaseException]:
    import openai
    from langchain_openai.chat_models.base import OpenAIConnectionError  # what langchain-openai ≥ 1 raises

    req = httpx.Request("POST", "http://127.0.0.1:9/v1/chat/completions")
    return [OpenAIConnectionError(message="Connection error.", request=req),
            openai.APIConnectionError(request=req), ConnectionRefusedError(111, "refused")]


@pytest.mark.parametrize("exc", _connection_errors(), ids=lambda e: type(e).__name__)
def test_connection_errors_are_retried_and_name_the_url(exc: BaseException) -> None:
    assert classify(exc) == "connection"
    calls = 0

    async def call() -> str:
        nonlocal calls
        calls += 1
        raise exc

    async def no_sleep(_: float) -> None:
        return None

    with pytest.raises(LLMError) as err:
        asyncio.run(with_retries(call, RetryPolicy(max_retries=1), sleep=no_sleep,
                                 context={"where": "节 x", "base_url": "http://127.0.0.1:9/v1"}))
    assert calls == 2
    assert "http://127.0.0.1:9/v1" in str(err.value) and "无法连接" in str(err.value)
    assert "Connection error" not in err.value.message  # the client's English adds nothing to the Chinese
