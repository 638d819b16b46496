"""A section draft (the draft Markdown subset) as HTML for the 章节 page.

Parsed with :func:`draftkit.assemble.markdown.parse_draft`, the parser the Word writer uses, so
the page shows what the report will hold. Writer notes are returned apart (they become Word
comments, not body text); gaps the writer must fill (【待补充…】, 【缺数据：…】) are highlighted.
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

__all__ = ["draft_html", "draft_notes"]

_GAP = re.compile(r"【(?:待补充|缺数据|待核实)[^】]*】")


def draft_html(text: str, titles: dict[str, str] | None = None) -> Markup:
    """HTML of a draft's body; ``titles`` names tables and charts for their ``[[table:id]]`` markers."""
    from ..assemble.markdown import parse_draft

    return Markup("").join(_block(b, titles or {}) for b in parse_draft(text))


def draft_notes(text: str) -> list[str]:
    """The ``::: note`` texts of a draft, in order (writer notes: guidance, exemplars)."""
    from ..assemble.markdown import Note, parse_draft

    return [b.text for b in parse_draft(text) if isinstance(b, Note)]


def _block(b: Any, titles: dict[str, str]) -> Markup:
    from ..assemble.markdown import CaseBox, Heading, ListBlock, Note, Paragraph, Placeholder

    if isinstance(b, Heading):
        level = min(max(b.level + 1, 3), 5)
        return Markup(f"<h{level}>{_inline(b.text)}</h{level}>")
    if isinstance(b, Paragraph):
        return Markup(f"<p>{_inline(b.text)}</p>")
    if isinstance(b, ListBlock):
        items = Markup("").join(Markup(f"<li>{_inline(i)}</li>") for i in b.items)
        return Markup(f'<ol start="{int(b.start)}">{items}</ol>' if b.ordered else f"<ul>{items}</ul>")
    if isinstance(b, CaseBox):
        body = Markup("").join(_block(x, titles) for x in b.blocks)
        return Markup(f'<div class="case"><div class="case-title">{_inline(b.title)}</div>{body}</div>')
    if isinstance(b, Note):
        return Markup('<div class="note-marker" title="写作要点或参考范文：见右侧“写作要点”，组装后是 Word 批注">批注</div>')
    if isinstance(b, Placeholder):
        what = {"table": "表", "chart": "图", "cases": "典型案例"}.get(b.kind, b.kind)
        name = titles.get(b.ref, b.ref) if b.ref else "本节所附的典型案例"
        return Markup(f'<div class="placeholder">〔{what}：{escape(name)}，组装时插入〕</div>')
    return Markup(f"<p>{escape(str(b))}</p>")


def _inline(text: str) -> Markup:
    from ..assemble.markdown import inline_runs

    out = Markup("")
    for part, bold in inline_runs(text):
        html = _gaps(part)
        out += Markup(f"<strong>{html}</strong>") if bold else html
    return out


def _gaps(text: str) -> Markup:
    out = Markup("")
    pos = 0
    for m in _GAP.finditer(text):
        out += escape(text[pos:m.start()]) + Markup(f'<span class="gap">{escape(m.group(0))}</span>')
        pos = m.end()
    return out + escape(text[pos:])
