"""The offline drafter: last year's matching section rolled forward, the section's data
sentences, and the best exemplars as writer notes.

Deterministic and free. It writes no figure of its own: every number in the body is either a
``{{metric_id}}`` placeholder of the section template, or a figure of last year's report that
roll forward updated from this year's data (or marked 【待核实：原文数字】 when it could not);
exemplars only appear inside ``::: note`` blocks (Word comments, never body text). A note on
last year's text says it is last year's and must be rewritten to show this year's work.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .base import Completion

if TYPE_CHECKING:
    from ..prompt import Prompt

__all__ = ["OfflineBackend", "note_block", "base_note", "drop_restated", "merge_by_headings"]

NOTE_EXEMPLARS = 2
NOTE_CHARS = 360


def note_block(text: str) -> str:
    """A ``::: note`` block; fence-like lines inside the text are neutralised."""
    body = re.sub(r"^\s*:::", "：：：", text.strip(), flags=re.M)
    return f"::: note\n{body}\n:::"


def base_note(base: Any) -> str:
    """The writer note on last year's text: where it comes from, what was updated, what to do."""
    return (f"本节开头的正文取自上年报告（{base.source}），其中数字已按当年数据更新 {base.updated} 处，"
            f"学年、届别和年度顺延 {base.moved} 处；“【待核实：…】”是未能用当年数据确认的上年数字"
            f"（{base.unresolved} 处），请核实后改为当年数字或删去。这是上年的文字，必须改写为本年度的工作与成效，"
            "不能原样提交；其后的数据句为当年数据。")


def _chunks(text: str) -> list[tuple[str, list[str]]]:
    """(heading line or "", the blocks under it) for draft Markdown split at ``###`` headings."""
    out: list[tuple[str, list[str]]] = [("", [])]
    for block in (b for b in text.split("\n\n") if b.strip()):
        if block.startswith("#") and "\n" not in block:
            out.append((block, []))
        else:
            out[-1][1].append(block)
    return out


def _heading_key(line: str) -> str:
    from ...grammar import strip_numbering

    return re.sub(r"\s+", "", strip_numbering(line.lstrip("# ")))


def merge_by_headings(base: str, data: str) -> str:
    """Last year's text with this year's data sentences placed under the same sub-headings
    (1.学校简介 once, last year's paragraphs first); data under headings last year lacked follow."""
    chunks = _chunks(base)
    index = {_heading_key(h): i for i, (h, _) in enumerate(chunks) if h}
    for head, blocks in _chunks(data):
        i = index.get(_heading_key(head)) if head else 0
        if i is None:
            chunks.append((head, blocks))
        else:
            chunks[i][1].extend(blocks)
    return "\n\n".join(x for h, blocks in chunks for x in ([h] if h else []) + blocks)


def drop_restated(data: str, stated: set[str]) -> str:
    """This year's data sentences without those whose every figure last year's text, rolled
    forward, already states from the data (the same figure twice in a row reads as a slip)."""
    from ..bind import PLACEHOLDER_RE

    out = []
    for block in data.split("\n\n"):
        if block.startswith(("#", ":::", "|")):
            out.append(block)
            continue
        kept = [s for s in re.findall(r"[^。！？]+[。！？]?", block)
                if not (ids := {m.group(1) for m in PLACEHOLDER_RE.finditer(s)}) or not ids <= stated]
        if "".join(kept).strip("，。；、 \n"):
            out.append("".join(kept).strip())
    return "\n\n".join(out)


def _with_note_after_first_paragraph(text: str, note: str) -> list[str]:
    """``text``'s blocks with ``note`` after its first paragraph (a note becomes a Word comment on
    the paragraph before it, so the writer meets it where last year's text begins)."""
    blocks = text.split("\n\n")
    at = next((i for i, b in enumerate(blocks) if not b.startswith("#")), len(blocks) - 1)
    return blocks[: at + 1] + [note] + blocks[at + 1 :]


def _excerpt(text: str, limit: int = NOTE_CHARS) -> str:
    flat = re.sub(r"\s*\n\s*", "", text.strip())
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "……"


def _is_base(ex: Any, base_source: str) -> bool:
    """The exemplar is (a part of) last year's section the draft already starts from."""
    file, _, where = base_source.partition("｜")
    path = " / ".join(ex.section_path)
    return bool(path) and ex.source == file and any(
        p.startswith(path) or path.startswith(p) for p in where.split("；") if p)


class OfflineBackend:
    """Renders drafts without a model."""

    name = "offline"
    version = "5"  # bump when the rendering changes, so cached offline drafts are redone
    model = "offline"
    makes_calls = False

    def __init__(self, *, exemplars_in_notes: int = NOTE_EXEMPLARS):
        self.calls = 0
        self.exemplars_in_notes = exemplars_in_notes

    def render(self, prompt: "Prompt") -> str:
        """The draft text (placeholders still unbound)."""
        section = prompt.section
        parts: list[str] = []
        base = getattr(prompt, "base", None)
        has_base = base is not None and bool(base.text.strip() or base.cases)
        data = prompt.template.data.strip()
        if has_base:
            stated = {why.split(":", 1)[1] for _, _, why in base.values if why.startswith("rollforward:")}
            data = drop_restated(data, stated)
            body = merge_by_headings(base.text.strip(), data) if base.text.strip() else data
            parts.extend(_with_note_after_first_paragraph(body, note_block(base_note(base))))
            parts.extend(base.cases)
        elif data:
            parts.append(data)
        else:
            parts.append(f"【待补充：本节“{section.title}”尚无数据句，请执笔人撰写正文。】")
        guidance = prompt.template.guidance.strip()
        outline = "；".join(section.outline)
        tip = "写作要点：\n" + guidance if guidance else "写作要点："
        if outline:
            tip += f"\n小标题：{outline}"
        if guidance or outline:
            todo = "离线草稿以上年对应章节为底稿，请改写为本年度内容并补写。" if has_base else "离线草稿只含数据句，请补写正文。"
            parts.append(note_block(tip + f"\n目标约 {section.target_chars} 字；{todo}"))
        exemplars = [ex for ex in prompt.exemplars if not (has_base and _is_base(ex, base.source))]
        for i, ex in enumerate(exemplars[: self.exemplars_in_notes], start=1):
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
