"""Heading and list numbering as Chinese reports write it: 第一章 / 一、 / （一） / 1. / （1） / ① / 第一，.

Levels: 一、 and 第一章 are 1, （一） is 2, 1. is 3, （1） is 4, ① is 5; 第一， (an ordinal that
opens a list item) has level 0. Readers, the corpus, the assembler and the checker all read
numbering here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import CN_NUM, cn_int

__all__ = ["Numbering", "numbering", "numbering_length", "strip_numbering", "heading_number", "Caption", "caption",
           "caption_title"]

_FORMS: list[tuple[str, int, re.Pattern[str]]] = [
    ("chapter", 1, re.compile(rf"第(?P<n>[{CN_NUM}\d]+)[章部篇]")),
    ("cn", 1, re.compile(rf"(?P<n>[{CN_NUM}]+)\s*[、．.]")),
    ("cn_paren", 2, re.compile(rf"[（(]\s*(?P<n>[{CN_NUM}]+)\s*[）)]")),
    ("digit", 3, re.compile(r"(?P<n>\d{1,2})\s*[.．、](?!\d)")),
    ("digit_paren", 4, re.compile(r"[（(]\s*(?P<n>\d{1,2})\s*[）)]")),
    ("circled", 5, re.compile(r"(?P<n>[①-⑳])")),
    ("ordinal", 0, re.compile(rf"第(?P<n>[{CN_NUM}\d]+)[，、]")),
]
_SPACE = re.compile(r"[ \t\u3000\u00a0]*")


@dataclass(frozen=True)
class Numbering:
    """The numbering at the start of a line: its form, level, number and where the text begins."""

    kind: str      # chapter | cn | cn_paren | digit | digit_paren | circled | ordinal
    level: int     # 1 一、/第一章, 2 （一）, 3 1., 4 （1）, 5 ①, 0 第一，
    number: int | None
    start: int     # where the numbering begins (after leading spaces)
    end: int       # where the text after it begins (spaces skipped)


def numbering(text: str) -> Numbering | None:
    """The numbering that opens ``text`` (leading spaces allowed), or None."""
    start = _SPACE.match(text).end()
    for kind, level, pattern in _FORMS:
        m = pattern.match(text, start)
        if m:
            raw = m.group("n")
            if kind == "circled":
                number: int | None = ord(raw) - ord("①") + 1
            else:
                number = int(raw) if raw.isdigit() else cn_int(raw)
            return Numbering(kind, level, number, start, _SPACE.match(text, m.end()).end())
    return None


def numbering_length(text: str) -> int:
    """Length of the numbering (and the spaces after it) at the start of ``text``; 0 when none."""
    n = numbering(text)
    return n.end if n else 0


def strip_numbering(text: str) -> str:
    """``"二、人才培养" → "人才培养"``, ``"（一）党建引领" → "党建引领"``, ``"1.学校简介" → "学校简介"``."""
    return text[numbering_length(text):].strip()


def heading_number(text: str) -> int | None:
    """The number of a numbered line: ``"（3）…" → 3``, ``"二、…" → 2``, ``"②…" → 2``."""
    n = numbering(text)
    return n.number if n else None


_CAPTION = re.compile(
    r"^\s*(?P<cont>续)?\s*(?P<kind>附表|表|图)\s*"
    r"(?P<num>\d{1,2}\s*[-－—–.．]\s*\d{1,3}|\d{1,3}|[一二三四五六七八九十]{1,3})(?!\d)\s*(?P<sep>[：:、.．]?)\s*(?P<title>.*)$"
)


@dataclass(frozen=True)
class Caption:
    """A table or figure caption: 表1-1 / 图 2-3 / 附表1 / 续表1-2, and its title."""

    kind: str        # 表 | 图 | 附表
    number: str      # "1-1", "3", "一"
    title: str
    continued: bool  # 续表
    sep: str = ""    # a separator written after the number (：、.)

    @property
    def tag(self) -> str:
        """``表1-1`` / ``图2-3``: the number with its separators made ``-``."""
        return self.kind + re.sub(r"\s*[-－—–.．]\s*", "-", self.number)


def caption(text: str) -> Caption | None:
    """The caption numbering that opens ``text`` (``表1-1 专业设置情况``), or None."""
    m = _CAPTION.match(text or "")
    if not m:
        return None
    return Caption(m.group("kind"), m.group("num"), m.group("title").strip(), bool(m.group("cont")), m.group("sep"))


def caption_title(text: str) -> str:
    """A caption without its 表1-1 / 续表 / 附表1 numbering (the title, for matching tables)."""
    c = caption(text)
    return c.title if c is not None else (text or "").strip()
