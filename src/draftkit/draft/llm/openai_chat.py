"""The ``openai`` backend: LangChain ``ChatOpenAI`` against any OpenAI-compatible endpoint.

OpenAI, DeepSeek, Qwen, vLLM and Ollama all speak this protocol; ``OPENAI_BASE_URL`` and
``DRAFTKIT_MODEL`` pick one. The client's own retries are off: :mod:`.retry` retries with
backoff and honours Retry-After. The API key stays a ``SecretStr`` and is scrubbed from every
error message.
"""

from __future__ import annotations

import asyncio
import os
import ssl
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from pydantic import SecretStr

from ...errors import ConfigError
from ..budget import count_tokens
from .base import Completion
from .retry import RetryPolicy, with_retries

if TYPE_CHECKING:
    from ..prompt import Prompt

__all__ = ["OpenAIBackend"]


@lru_cache(maxsize=1)
def _ssl_context() -> ssl.SSLContext:
    """One TLS context per process: building it (loading the CA bundle) costs ~0.1 s each time."""
    cafile = os.environ.get("SSL_CERT_FILE")
    if not cafile:
        import certifi

        cafile = certifi.where()
    return ssl.create_default_context(cafile=cafile)


@lru_cache(maxsize=4)
def _sync_client(timeout: float) -> Any:
    """ChatOpenAI always builds a sync client too; share one (we only call it async)."""
    import httpx

    return httpx.Client(timeout=timeout, verify=_ssl_context())


class OpenAIBackend:
    """Chat completions through LangChain; usage captured from the response (or counted)."""

    name = "openai"
    makes_calls = True

    def __init__(
        self,
        *,
        model: str,
        api_key: SecretStr | str | None,
        base_url: str | None = None,
        timeout: float = 120.0,
        policy: RetryPolicy | None = None,
        stream: bool = False,
        temperature: float = 0.3,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ):
        self._key = api_key if isinstance(api_key, SecretStr) or api_key is None else SecretStr(api_key)
        self.model = model
        self.base_url = base_url
        self.timeout = timeout
        self.policy = policy or RetryPolicy()
        self.stream = stream
        self._sleep = sleep
        self.temperature = temperature
        self.calls = 0  # HTTP requests, retries included
        self._client: Any = None
        self._client_loop: Any = None

    def check(self) -> None:
        """Raise ConfigError before a run when the backend cannot work (no key)."""
        if self._key is None or not self._key.get_secret_value():
            raise ConfigError("使用 openai 后端需要 API key", hint="设置环境变量 OPENAI_API_KEY（或写入项目的 .env），或改用 --backend offline。")

    @property
    def _llm(self) -> Any:
        """One client per event loop: an httpx pool must not outlive the loop it was made in."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._client_loop is not loop:
            self.check()
            import httpx
            from langchain_openai import ChatOpenAI

            self._client = ChatOpenAI(
                model=self.model, api_key=self._key, base_url=self.base_url, timeout=self.timeout, max_retries=0,
                temperature=self.temperature, streaming=self.stream, stream_usage=True,
                http_async_client=httpx.AsyncClient(timeout=self.timeout, verify=_ssl_context()),
                http_client=_sync_client(self.timeout),
            )
            self._client_loop = loop
        return self._client

    def __repr__(self) -> str:  # never show the key
        return f"OpenAIBackend(model={self.model!r}, base_url={self.base_url!r})"

    def _scrub(self, text: str) -> str:
        secret = self._key.get_secret_value() if self._key else ""
        return text.replace(secret, "***") if secret else text

    async def _once(self, messages: list[tuple[str, str]]) -> tuple[str, dict[str, int] | None]:
        self.calls += 1
        if not self.stream:
            msg = await asyncio.wait_for(self._llm.ainvoke(messages), timeout=self.timeout * 1.5)
            return str(msg.content), getattr(msg, "usage_metadata", None)
        parts: list[str] = []
        usage: dict[str, int] | None = None

        async def consume() -> None:
            nonlocal usage
            async for chunk in self._llm.astream(messages):
                if chunk.content:
                    parts.append(str(chunk.content))
                if getattr(chunk, "usage_metadata", None):
                    usage = chunk.usage_metadata

        await asyncio.wait_for(consume(), timeout=self.timeout * 1.5)
        return "".join(parts), usage

    async def complete(self, prompt: "Prompt") -> Completion:
        attempts = 0

        def count(n: int) -> None:
            nonlocal attempts
            attempts = n

        text, usage = await with_retries(
            lambda: self._once(prompt.messages), self.policy, sleep=self._sleep, scrub=self._scrub,
            context={"where": f"节 {prompt.section.id}", "timeout": self.timeout,
                     "base_url": self._scrub(self.base_url or "")}, on_attempt=count,
        )
        if usage:
            tin, tout = int(usage.get("input_tokens", 0)), int(usage.get("output_tokens", 0))
        else:
            tin, tout = prompt.tokens_in, count_tokens(text, self.model)
        return Completion(text=text, tokens_in=tin, tokens_out=tout, model=self.model,
                          attempts=attempts, usage_reported=bool(usage))

    @classmethod
    def from_settings(cls, settings: Any, **kwargs: Any) -> "OpenAIBackend":
        policy = kwargs.pop("policy", None) or RetryPolicy(max_retries=settings.max_retries)
        return cls(
            model=kwargs.pop("model", None) or settings.model,
            api_key=kwargs.pop("api_key", None) or settings.openai_api_key,
            base_url=kwargs.pop("base_url", None) or settings.openai_base_url,
            timeout=kwargs.pop("timeout", None) or settings.timeout,
            policy=policy, **kwargs,
        )
