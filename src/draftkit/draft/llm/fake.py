"""A queue-driven fake backend for unit tests (like simonw/llm's mock model)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from .base import Completion

if TYPE_CHECKING:
    from ..prompt import Prompt

__all__ = ["FakeBackend"]


class FakeBackend:
    """Answers from a queue of strings or exceptions; echoes the data sentences when empty.

    ``responses`` may also be a dict keyed by section id (each a list). Every prompt is kept in
    ``prompts`` so tests can look at what the model would have seen.
    """

    name = "fake"
    makes_calls = True

    def __init__(self, responses: list[Any] | dict[str, list[Any]] | None = None, *, model: str = "fake-model",
                 delay: float = 0.0):
        self.responses = responses if responses is not None else []
        self.model = model
        self.delay = delay
        self.calls = 0
        self.prompts: list["Prompt"] = []
        self.active = 0
        self.max_active = 0

    def queue(self, *items: Any) -> None:
        """Add responses (strings or exceptions) to the shared queue."""
        assert isinstance(self.responses, list)
        self.responses.extend(items)

    def _next(self, prompt: "Prompt") -> Any:
        if isinstance(self.responses, dict):
            items = self.responses.get(prompt.section.id) or []
        else:
            items = self.responses
        if items:
            return items.pop(0)
        return prompt.template.data or f"{prompt.section.title}（假模型输出）"

    async def complete(self, prompt: "Prompt") -> Completion:
        self.calls += 1
        self.prompts.append(prompt)
        self.active += 1
        self.max_active = max(self.max_active, self.active)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            item = self._next(prompt)
            if isinstance(item, BaseException):
                if not hasattr(item, "attempts"):
                    item.attempts = 1  # type: ignore[attr-defined]
                raise item
            text = str(item)
            return Completion(text=text, tokens_in=prompt.tokens_in, tokens_out=max(1, len(text) // 2),
                              model=self.model)
        finally:
            self.active -= 1

    @classmethod
    def from_settings(cls, settings: Any, **kwargs: Any) -> "FakeBackend":
        return cls(model=kwargs.pop("model", None) or getattr(settings, "model", "fake-model"), **kwargs)
