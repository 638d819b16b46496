"""The one interface every chat backend implements, and its result type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ..prompt import Prompt

__all__ = ["Completion", "LLMBackend"]


@dataclass
class Completion:
    """A model answer: the raw text (placeholders unbound) and its token usage."""

    text: str
    tokens_in: int = 0
    tokens_out: int = 0
    model: str = ""
    attempts: int = 1  # HTTP calls made, retries included
    usage_reported: bool = False  # True when the endpoint reported usage (else counted locally)


@runtime_checkable
class LLMBackend(Protocol):
    """Drafts one section from its prompt. ``calls`` counts model calls made (for caching tests)."""

    name: str
    model: str
    calls: int
    makes_calls: bool  # False for the offline drafter: nothing is billed or rate-limited

    async def complete(self, prompt: "Prompt") -> Completion:
        """Answer the prompt; raise LLMError (or a subclass) after retries."""
        ...
