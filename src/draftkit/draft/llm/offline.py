"""The offline drafter: the section's data sentences plus the best exemplars as writer notes.

Deterministic and free. It writes no figure of its own: every number in the body comes from a
``{{metric_id}}`` placeholder of the section template; exemplars only appear inside
``::: note`` blocks (Word comments, never body text).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .base import Completion

if TYPE_CHECKING:
    from ..prompt import Prompt

__all__ = ["OfflineBackend", "note_block"]

NOTE_EXEMPLARS = 2
NOTE_CHARS = 360


def note_block(text: str) -> str:
    """A ``::: note`` block; fence-like lines inside the text are neutralised."""
    body = re.sub(r"^\s*:::", "：：：", text.strip(), flags=re.M)
    return f"::: note\n{body}\n:::"


def _excerpt(text: str, limit: int = NOTE_CHARS) -> str:
    flat = re.sub(r"\s*\n\s*", "", text.strip())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "……"


class OfflineBackend:
    """Renders drafts without a model."""

    name = "offline"
    version = "2"  # bump when the rendering changes, so cached offline drafts are redone
    model = "offline"
    makes_calls = False

    def __init__(self, *, exemplars_in_notes: int = NOTE_EXEMPLARS):
        self.calls = 0
        self.exemplars_in_notes = exemplars_in_notes

    def render(self, prompt: "Prompt") -> str:
        """The draft text (placeholders still unbound)."""
        section = prompt.section
        parts: list[str] = []
        data = prompt.template.data.strip()
        if data:
            parts.append(data)
        else:
            parts.append(f"【待补充：本节“{section.title}”尚无数据句，请执笔人撰写正文。】")
        guidance = prompt.template.guidance.strip()
        outline = "；".join(section.outline)
        tip = "写作要点：\n" + guidance if guidance else "写作要点："
        if outline:
            tip += f"\n小标题：{outline}"
        if guidance or outline:
            parts.append(note_block(tip + f"\n目标约 {section.target_chars} 字；离线草稿只含数据句，请补写正文。"))
        for i, ex in enumerate(prompt.exemplars[: self.exemplars_in_notes], start=1):
            origin = "｜".join(p for p in (ex.source, " / ".join(ex.section_path) or ex.title) if p)
            parts.append(note_block(f"参考范文 {i}（{origin}，其中数字属于其他年份，不可直接引用）：{_excerpt(ex.text)}"))
        return "\n\n".join(parts) + "\n"

    async def complete(self, prompt: "Prompt") -> Completion:
        self.calls += 1
        text = self.render(prompt)
        return Completion(text=text, tokens_in=0, tokens_out=0, model=self.model, attempts=0)

    @classmethod
    def from_settings(cls, settings: Any, **kwargs: Any) -> "OfflineBackend":
        return cls(**{k: v for k, v in kwargs.items() if k == "exemplars_in_notes"})
