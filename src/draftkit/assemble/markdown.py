"""The draft Markdown subset (docs/ARCHITECTURE.md) parsed into blocks the docx writer lays out.

Pure parsing, no python-docx: paragraphs, ``**bold**``, ``1.``/``-`` lists, ``###``/``####``
in-section headings, ``::: case`` boxes, ``::: note`` writer notes and ``[[table:id]]`` /
``[[chart:id]]`` / ``[[cases]]`` placement markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

__all__ = [
    "Heading", "Paragraph", "ListBlock", "CaseBox", "Note", "Placeholder", "Block",
    "parse_draft", "inline_runs", "clean_inline", "plain",
]


@dataclass
class Heading:
    """An in-section heading: ``###`` = 3, ``####`` (or deeper) = 4; ``#``/``##`` kept as 1/2."""

    level: int
    text: str


@dataclass
class Paragraph:
    """A body paragraph (inline ``**bold**`` kept in ``text``)."""

    text: str


@dataclass
class ListBlock:
    """Consecutive list items of one kind."""

    ordered: bool
    items: list[str] = field(default_factory=list)
    start: int = 1


@dataclass
class CaseBox:
    """A ``::: case`` 典型案例 box with its own title and body blocks."""

    title: str
    blocks: list["Block"] = field(default_factory=list)


@dataclass
class Note:
    """A writer note: becomes a Word comment on the preceding paragraph."""

    text: str


@dataclass
class Placeholder:
    """``[[table:id]]``, ``[[chart:id]]`` or ``[[cases]]`` (this year's case files) on a line of its own."""

    kind: str  # "table" | "chart" | "cases" (ref "")
    ref: str


Block = Union[Heading, Paragraph, ListBlock, CaseBox, Note, Placeholder]

_FENCE_OPEN = re.compile(r"^:::\s*(case|note)\b\s*(.*?)\s*$")
_FENCE_CLOSE = re.compile(r"^:::\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_OL = re.compile(r"^\s*(\d{1,3})[.．、]\s+(.*)$")
_UL = re.compile(r"^\s*[-*+•]\s+(.*)$")
_PLACE = re.compile(r"^\[\[\s*(table|chart)\s*:\s*([A-Za-z0-9_\-]+)\s*\]\]$")
_PLACE_CASES = re.compile(r"^\[\[\s*(?:cases?|典型案例)\s*\]\]$", re.I)
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_RULE = re.compile(r"^([-*_])(\s*\1){2,}$")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_ITALIC = re.compile(r"(?<!\*)\*(?![*\s])([^*\n]+?)(?<!\s)\*(?!\*)")
_CODE = re.compile(r"`([^`]*)`")
_HTML_BR = re.compile(r"<br\s*/?>", re.I)
_CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def parse_draft(text: str) -> list[Block]:
    """Parse a section draft into blocks (never fails: unknown syntax stays text)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks, _ = _parse_lines(lines, 0, nested=False)
    return blocks


def _parse_lines(lines: list[str], i: int, nested: bool) -> tuple[list[Block], int]:
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            blocks.append(Paragraph(_join(para)))
            para.clear()

    while i < len(lines):
        raw = lines[i]
        line = raw.strip()
        if nested and _FENCE_CLOSE.match(line):
            flush()
            return blocks, i + 1
        fence = _FENCE_OPEN.match(line)
        if fence:
            flush()
            kind, title = fence.group(1), fence.group(2)
            if kind == "note":
                raw_lines, i = _raw_until_close(lines, i + 1)
                note = "\n".join(raw_lines).strip()
                blocks.append(Note(text=f"{title}\n{note}".strip() if title else note))
                continue
            inner, i = _parse_lines(lines, i + 1, nested=True)
            blocks.append(CaseBox(title=title, blocks=inner))
            continue
        if not line:
            flush()
            i += 1
            continue
        if _FENCE_CLOSE.match(line) or _RULE.match(line):  # stray fence or horizontal rule: ignore
            flush()
            i += 1
            continue
        if line.startswith(">"):  # a quote is just text here
            raw = line = line.lstrip("> ").strip()
            if not line:
                i += 1
                continue
        heading = _HEADING.match(line)
        place = _PLACE.match(line)
        cases_here = _PLACE_CASES.match(line)
        item = _OL.match(raw) or _UL.match(raw)
        if heading:
            flush()
            blocks.append(Heading(level=min(len(heading.group(1)), 4), text=heading.group(2)))
        elif place:
            flush()
            blocks.append(Placeholder(kind=place.group(1), ref=place.group(2)))
        elif cases_here:
            flush()
            blocks.append(Placeholder(kind="cases", ref=""))
        elif item and not para:
            ordered = _OL.match(raw) is not None
            text = item.group(2) if ordered else item.group(1)
            last = blocks[-1] if blocks else None
            if isinstance(last, ListBlock) and last.ordered == ordered and _continues(lines, i):
                last.items.append(text)
            else:
                start = int(item.group(1)) if ordered else 1
                blocks.append(ListBlock(ordered=ordered, items=[text], start=start))
        elif item and para:
            flush()
            continue  # reparse this line as a list item
        elif isinstance(blocks[-1] if blocks else None, ListBlock) and not para and raw[:1].isspace() \
                and not _blank_before(lines, i):
            blocks[-1].items[-1] += _sep(blocks[-1].items[-1], line) + line  # type: ignore[union-attr]
        else:
            para.append(line)
        i += 1
    flush()
    return blocks, i


def _raw_until_close(lines: list[str], i: int) -> tuple[list[str], int]:
    """Lines of a note up to its closing ``:::`` (kept verbatim, blank runs collapsed)."""
    out: list[str] = []
    while i < len(lines) and not _FENCE_CLOSE.match(lines[i].strip()):
        line = lines[i].rstrip()
        if line or (out and out[-1]):
            out.append(line)
        i += 1
    return out, i + 1


def _continues(lines: list[str], i: int) -> bool:
    """A list item continues the previous list unless two blank lines separate them."""
    return not (i >= 2 and not lines[i - 1].strip() and not lines[i - 2].strip())


def _blank_before(lines: list[str], i: int) -> bool:
    return i > 0 and not lines[i - 1].strip()


def _sep(left: str, right: str) -> str:
    """Join wrapped lines: nothing between CJK characters, one space between Latin words."""
    if not left or not right or _CJK_END.search(left) or _CJK_START.search(right):
        return ""
    return " "


def _join(lines: list[str]) -> str:
    out = lines[0]
    for line in lines[1:]:
        out += _sep(out, line) + line
    return out


def clean_inline(text: str) -> str:
    """Drop Markdown the report does not render (links, code, italics, <br>), keeping ``**bold**``."""
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _HTML_BR.sub("", text)
    return _ITALIC.sub(r"\1", text)


def plain(text: str) -> str:
    """Text without any inline markers (headings, titles)."""
    return "".join(t for t, _ in inline_runs(text))


def inline_runs(text: str) -> list[tuple[str, bool]]:
    """Split ``a **b** c`` into ``[("a ", False), ("b", True), (" c", False)]``."""
    text = clean_inline(text)
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return [(t, b) for t, b in out if t]
