"""Chat backends behind one interface, picked from config by name (a registry, not if-chains)."""

from __future__ import annotations

from typing import Any, Callable

from ...errors import ConfigError
from .base import Completion, LLMBackend
from .fake import FakeBackend
from .offline import OfflineBackend
from .retry import RetryPolicy, with_retries

__all__ = ["BACKENDS", "make_backend", "register_backend", "Completion", "LLMBackend", "FakeBackend",
           "OfflineBackend", "RetryPolicy", "with_retries"]


def _openai(settings: Any, **kwargs: Any) -> LLMBackend:
    from .openai_chat import OpenAIBackend  # imports LangChain only when used

    return OpenAIBackend.from_settings(settings, **kwargs)


BACKENDS: dict[str, Callable[..., LLMBackend]] = {
    "offline": OfflineBackend.from_settings,
    "openai": _openai,
    "fake": FakeBackend.from_settings,
}


def register_backend(name: str, factory: Callable[..., LLMBackend]) -> None:
    """Add a backend factory ``factory(settings, **kwargs)`` under ``name``."""
    BACKENDS[name] = factory


def make_backend(settings: Any, name: str | None = None, **kwargs: Any) -> LLMBackend:
    """The backend ``name`` (default: ``settings.resolved_backend``)."""
    key = name or settings.resolved_backend
    factory = BACKENDS.get(key)
    if factory is None:
        raise ConfigError(f"未知的大模型后端「{key}」", hint=f"可用：{', '.join(BACKENDS)}；用 --backend 或 DRAFTKIT_LLM_BACKEND 设置。")
    return factory(settings, **kwargs)
