"""Block and Document types plus the line classifiers every reader shares.

A *block* is one heading, paragraph, table, caption (表 N-M / 图 N-M) or 数据来源 line, in
reading order. Heading levels come from Chinese numbering so .docx, .md, .txt and PDF text
agree: 一、=1, （一）=2, 1.=3, （1）=4, ①=5.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..grammar import CN_NUM, caption, numbering

__all__ = [
    "Block",
    "Document",
    "BlockKind",
    "heading_level",
    "caption_tag",
    "case_heading",
    "is_source_line",
    "is_special_heading",
    "clean_line",
    "CN_NUM",
]

BlockKind = Literal["heading", "paragraph", "table", "caption", "source"]

#: Unnumbered headings that open a top-level part of a report.
SPECIAL_HEADINGS = ("前言", "目录", "附表", "附件", "附录", "结语", "后记", "引言", "摘要")

_CASE_RE = re.compile(
    r"^\s*(?:【\s*)?典型案例\s*(?P<id>\d{1,2}\s*[-－—–.．]\s*\d{1,2}|\d{1,3})?\s*(?:】\s*)?"
    r"(?P<sep>[：:、.．]\s*|\s+)?(?P<title>.*)$"
)
_SOURCE_RE = re.compile(r"^\s*[（(]?\s*(数据来源|资料来源|来源)\s*[：:]")
_SENTENCE_END = "。！？；"
_BULLETS = re.compile(r"^[\s\uf06c\uf0d8\uf0b7\uf0a7\uf076\uf0fc●○■□◆◇▪▫•·►▶✓√]+")


@dataclass
class Block:
    """One unit of a document in reading order (see docs/ARCHITECTURE.md, Readers)."""

    kind: BlockKind
    text: str
    level: int | None = None
    rows: list[list[str]] | None = None
    index: int = 0
    line: int | None = None
    tag: str | None = None  # "表1-1" / "图2-3" for captions, "典型案例2-1" for case headings
    # docx: a paragraph read from a box (one-cell / one-column / layout table): (table, row, grid
    # column of the outer cell, ordinal of the paragraph in readers.docx_reader.cell_paragraphs)
    box: tuple[int, int, int, int] | None = None


@dataclass
class Document:
    """A read document: its path and its blocks."""

    path: Path
    blocks: list[Block] = field(default_factory=list)
    format: str = ""
    meta: dict = field(default_factory=dict)  # Markdown YAML front matter (title, chapter, year, …)

    @property
    def text(self) -> str:
        """All block texts joined by blank lines (handy for search and debugging)."""
        return "\n\n".join(b.text for b in self.blocks)


def clean_line(text: str) -> str:
    """Strip bullet glyphs (incl. the private-use ones PDF fonts produce) and outer spaces."""
    return _BULLETS.sub("", text).strip()


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_special_heading(text: str) -> bool:
    """True for 前言 / 附表 / 目录 … written alone on a line (spaces allowed: 前 言)."""
    t = _compact(text).rstrip("：:")
    return t in SPECIAL_HEADINGS


def case_heading(text: str) -> tuple[str, str] | None:
    """``(case_id, title)`` for a ``典型案例 N-M：title`` line, else None (id may be "")."""
    t = text.strip()
    if len(t) > 80 or not t.lstrip("【 ").startswith("典型案例"):
        return None
    m = _CASE_RE.match(t)
    if not m:
        return None
    raw_id = m.group("id") or ""
    title = (m.group("title") or "").strip()
    if not raw_id and not title:
        return None  # a bare "典型案例" is usually the tail of a wrapped line
    if not raw_id and not m.group("sep"):
        return None  # "典型案例项目…" is prose, not a case heading
    if title.endswith(("。", "；")) and len(title) > 40:
        return None
    case_id = re.sub(r"\s*[-－—–.．]\s*", "-", raw_id)
    return case_id, title


def caption_tag(text: str) -> str | None:
    """``"表1-1"`` / ``"图2-3"`` when the line is a table or figure caption, else None."""
    t = text.strip()
    c = caption(t)
    if c is None or len(t) > 90 or c.continued or c.kind == "附表" or not c.number[0].isdigit() or c.sep:
        return None  # "表1：…" / "表1、2" / "表1." read as prose
    if c.title and c.title[0] in "，。、；：,.%":
        return None
    if any(p in c.title for p in "。；") and not re.search(r"[表图]\s*\d", c.title):
        return None
    return c.tag


def is_source_line(text: str) -> bool:
    """True for a 数据来源：… / 资料来源：… line under a table or figure."""
    return bool(_SOURCE_RE.match(text)) and len(text.strip()) < 120


def heading_level(text: str, *, max_len: int = 40) -> int | None:
    """Heading level from the numbering at the start of ``text`` (None if not a heading).

    A numbered line that reads as a sentence (ends with 。 or has a 。 inside, or is long)
    is a run-in paragraph ("（一）探索形成了…模式。根据…"), not a heading.
    """
    t = text.strip()
    if not t or len(t) > max_len:
        return None
    n = numbering(t)
    if n is None or n.level == 0 or n.end >= len(t):
        return None
    if "。" in t[:-1] or t.endswith(("。", "；", "，", "：", ":")) and n.level <= 3:
        return None
    if n.level == 3 and re.match(r"^\d{1,2}\s*[.．]\s*\d", t):
        return None
    return n.level


def classify_text(text: str, *, styled_level: int | None = None, index: int = 0,
                  line: int | None = None) -> Block:
    """One paragraph or logical line as a block: case heading, 数据来源, caption, heading or prose.

    ``styled_level`` is a heading level from a Word style (docx only); numbering in the text wins,
    and a styled paragraph is never taken for a caption.
    """
    case = case_heading(text)
    if case is not None:
        return Block("heading", text, index=index, line=line, tag=f"典型案例{case[0]}" if case[0] else "典型案例")
    if is_source_line(text):
        return Block("source", text, index=index, line=line)
    tag = caption_tag(text)
    if tag is not None and styled_level is None:
        return Block("caption", text, index=index, line=line, tag=tag)
    if is_special_heading(text):
        return Block("heading", text, level=1, index=index, line=line)
    level = heading_level(text)
    if level is None and styled_level is not None:
        level = max(1, styled_level)
    if level is not None:
        return Block("heading", text, level=level, index=index, line=line)
    return Block("paragraph", text, index=index, line=line)


def sentence_end(text: str) -> bool:
    """True when ``text`` ends a sentence (。！？； possibly followed by closing quotes)."""
    t = text.rstrip().rstrip("”’」』）)")
    return bool(t) and t[-1] in _SENTENCE_END
