"""Blocks → a section tree (chapters 一、… and their sub-sections) plus 典型案例 case documents.

Rules, learnt from real reports (see bench/bench_corpus.py for the seed figures):

- Chapters are the *longest run* 一、二、三、… of level-1 numbered headings (ties: the later
  run, so a 目录 or the 一、编制过程 / 二、特色亮点 inside 前言 do not count). Other 一、 headings
  (e.g. 一、主要做法 inside a case) are in-text headings and start no section.
- 前言 / 附表 / 目录 … are top-level parts; numbered headings inside them shift one level down.
- A ``典型案例 N-M：title`` heading starts a case. The case ends at the next case, the next
  chapter, a heading at or above the level of the section it sits in, or a deeper heading that
  is not one of a case's own parts (背景 / 做法 / 成效 / 经验 …).
- A document under a ``cases/`` (or 案例) folder, or one whose first heading is its only case
  heading, is a case as a whole (title from front matter, its first heading or first line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..readers import Block, Document, heading_level, is_special_heading
from ..grammar import cn_int, heading_number, numbering, strip_numbering as _strip

__all__ = ["Section", "Case", "ParsedDocument", "parse_document", "cn_number", "strip_numbering", "chapter_key"]

_CASE_PART = re.compile(
    r"^(?:实施|案例|项目|工作|主要|基本|具体)?(?:背景|做法|举措|措施|成效|效果|成果|经验|启示|思路|体会|亮点|特色|"
    r"创新点|过程|问题|意义|情况|简介|概况|目标|内容|路径|推广|反思|展望|下一步)"
)
_KV = re.compile(r"^(章节|篇章|年度|年份|学校|来源|标签|关键词)\s*[：:]\s*(.+)$")


@dataclass
class Section:
    """One heading and the blocks directly under it (not its sub-sections, not its cases)."""

    id: int
    title: str
    level: int
    path: list[str]
    chapter: str
    blocks: list[Block] = field(default_factory=list)
    line: int | None = None
    index: int = 0


@dataclass
class Case:
    """A 典型案例: its own small document."""

    id: int
    case_id: str
    title: str
    heading: str
    chapter: str
    path: list[str]
    blocks: list[Block] = field(default_factory=list)
    line: int | None = None

    @property
    def text(self) -> str:
        """The case body (paragraphs, in-text headings and tables) joined by blank lines."""
        return "\n\n".join(b.text for b in self.blocks if b.kind != "source")


@dataclass
class ParsedDocument:
    """The result of :func:`parse_document`."""

    path: Path
    title: str | None
    sections: list[Section]
    cases: list[Case]
    meta: dict
    is_case_document: bool = False

    @property
    def chapters(self) -> list[Section]:
        """Top-level sections (chapters, 前言, 附表)."""
        return [s for s in self.sections if s.level == 1]


def cn_number(text: str) -> int | None:
    """``"十二" → 12``, ``"三" → 3`` (0–99); None if not a Chinese numeral."""
    return cn_int(text)


def strip_numbering(title: str) -> str:
    """``"二、人才培养" → "人才培养"``, ``"（一）党建引领" → "党建引领"``, ``"前 言" → "前言"``."""
    t = _strip(title.strip())
    return re.sub(r"\s+", "", t) if is_special_heading(t) else t


def chapter_key(title: str) -> str:
    """The chapter name used for filtering: numbering and spaces removed."""
    return re.sub(r"\s+", "", strip_numbering(title))


def _chapter_number(b: Block) -> int | None:
    n = numbering(b.text)
    if b.kind != "heading" or b.level != 1 or n is None or n.kind != "cn" or heading_level(b.text) != 1:
        return None
    return n.number


def _opens_subsections(blocks: list[Block], pos: int) -> bool:
    """True when the next heading after ``pos`` is a （一） heading: a real chapter has sub-sections."""
    for b in blocks[pos + 1 :]:
        if b.kind == "heading" and not b.tag:
            return b.level == 2 and _heading_number(b.text) == 1
    return False


def _chapter_chain(blocks: list[Block]) -> set[int]:
    """Positions of the chapter run 一、二、三… among level-1 numbered headings.

    Each run starts at a 一、 and takes, for every next number, the first occurrence that opens
    （一） sub-sections (else the first occurrence). The best run has the most members opening
    sub-sections, then the most members, then starts last (a 目录 or 前言 list comes first).
    """
    numbered = [(pos, n) for pos, b in enumerate(blocks) if (n := _chapter_number(b)) is not None]
    opens = {pos: _opens_subsections(blocks, pos) for pos, _n in numbered}
    best: tuple[int, int, int] = (-1, -1, -1)
    best_chain: list[int] = []
    for start, (pos0, n0) in enumerate(numbered):
        if n0 != 1:
            continue
        chain, want, cur = [pos0], 2, start
        while True:
            later = [(i, pos) for i, (pos, n) in enumerate(numbered) if i > cur and n == want]
            if not later:
                break
            structured = [x for x in later if opens[x[1]]]
            cur, pos = (structured or later)[0]
            chain.append(pos)
            want += 1
        key = (sum(1 for p in chain if opens[p]), len(chain), pos0)
        if key > best:
            best, best_chain = key, chain
    return set(best_chain)


def _heading_number(text: str) -> int | None:
    """The number of a numbered heading: ``"（3）…" → 3``, ``"二、…" → 2``, ``"②…" → 2``."""
    return heading_number(text)


def _is_case_heading(b: Block) -> bool:
    return b.kind == "heading" and bool(b.tag) and b.tag.startswith("典型案例")


def _case_title(text: str) -> tuple[str, str]:
    from ..readers import case_heading

    parsed = case_heading(text)
    if parsed is None:
        return "", text.strip()
    return parsed


class _Walker:
    """Builds sections and cases in one pass over the blocks."""

    def __init__(self, doc: Document, title_pos: int | None):
        self.doc = doc
        self.blocks = doc.blocks
        self.chain = _chapter_chain(self.blocks)
        self.title_pos = title_pos
        self.sections: list[Section] = []
        self.cases: list[Case] = []
        self.stack: list[Section] = []
        self.case: Case | None = None
        self.case_anchor = 0
        self.shift = 0  # +1 inside 前言 etc. when it holds its own 一、 headings

    def _special_shift(self, pos: int) -> int:
        for later, b in enumerate(self.blocks[pos + 1 :], start=pos + 1):
            if b.kind != "heading":
                continue
            if is_special_heading(b.text) or later in self.chain:
                return 0
            if _chapter_number(b) is not None:
                return 1
        return 0

    def level_of(self, pos: int, b: Block) -> int | None:
        """Effective level of a heading, or None for an in-text heading (starts no section)."""
        if is_special_heading(b.text):
            return 1
        if pos in self.chain:
            return 1
        if b.level is None:
            return None
        if _chapter_number(b) is not None:  # a numbered 一、 outside the chapter run
            if self.stack and is_special_heading(self.stack[0].title) and self.shift:
                return 2
            return None
        return b.level + self.shift if self.stack and is_special_heading(self.stack[0].title) else b.level

    def run(self) -> None:
        for pos, b in enumerate(self.blocks):
            if pos == self.title_pos:
                continue
            if _is_case_heading(b):
                self._open_case(b)
                continue
            if b.kind != "heading":
                self._add(b)
                continue
            level = self.level_of(pos, b)
            if self.case is not None:
                if level is None or not self._ends_case(level, b):
                    self.case.blocks.append(b)
                    continue
                self.case = None
            if level is None:
                self._add(b)
                continue
            self._open_section(pos, b, level)

    def _ends_case(self, level: int, b: Block) -> bool:
        """True when heading ``b`` (effective ``level``) is outside the open case."""
        if level <= 1 or level <= self.case_anchor:
            return True
        number = _heading_number(b.text)
        if self.case_parts.get(level) is not None and number == self.case_parts[level] + 1:
            self.case_parts[level] = number  # the case's own 1. 2. 3. … continue
            return False
        if number == 1 and level not in self.case_parts:
            self.case_parts[level] = 1  # the case opens its own numbered parts
            return False
        return not _CASE_PART.match(strip_numbering(b.text))

    def _open_case(self, b: Block) -> None:
        case_id, title = _case_title(b.text)
        path = [s.title for s in self.stack]
        self.case_anchor = self.stack[-1].level if self.stack else 0
        self.case_parts: dict[int, int] = {}
        self.case = Case(
            id=len(self.cases), case_id=case_id, title=title or b.text, heading=b.text,
            chapter=path[0] if path else "", path=path, line=b.line,
        )
        self.cases.append(self.case)

    def _open_section(self, pos: int, b: Block, level: int) -> None:
        if level == 1:
            self.shift = self._special_shift(pos) if is_special_heading(b.text) else 0
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        title = re.sub(r"\s+", "", b.text) if is_special_heading(b.text) else b.text.strip()
        path = [s.title for s in self.stack] + [title]
        node = Section(id=len(self.sections), title=title, level=level, path=path, chapter=path[0],
                       line=b.line, index=b.index)
        self.stack.append(node)
        self.sections.append(node)

    def _add(self, b: Block) -> None:
        if self.case is not None:
            self.case.blocks.append(b)
        elif self.stack:
            self.stack[-1].blocks.append(b)
        else:
            node = Section(id=len(self.sections), title="", level=1, path=[], chapter="", line=b.line)
            self.sections.append(node)
            self.stack.append(node)
            node.blocks.append(b)


def _title_position(blocks: list[Block]) -> int | None:
    """The document title: a first unnumbered heading, or a short first line before a heading."""
    if not blocks:
        return None
    b = blocks[0]
    if b.kind == "heading" and not b.tag and heading_level(b.text) is None and not is_special_heading(b.text):
        return 0
    nxt = blocks[1] if len(blocks) > 1 else None
    if (b.kind == "paragraph" and len(b.text) <= 60 and not re.search("[。；，]", b.text)
            and nxt is not None and nxt.kind == "heading"):
        return 0
    return None


def _looks_like_case_document(doc: Document) -> bool:
    parts = {p.lower() for p in doc.path.parts[:-1]}
    if parts & {"cases", "case", "案例", "典型案例"} or str(doc.meta.get("kind", "")).lower() == "case":
        return True
    case_heads = [b for b in doc.blocks if _is_case_heading(b)]
    first_heading = next((b for b in doc.blocks if b.kind == "heading"), None)
    return len(case_heads) == 1 and first_heading is case_heads[0]


def _case_document(doc: Document) -> ParsedDocument:
    """A whole file that is one case: title, chapter and year from front matter or key lines."""
    meta = dict(doc.meta)
    blocks = list(doc.blocks)
    title = str(meta.get("title") or "")
    # "章节：产教融合" / "年度：2021" lines at the top of a .txt case
    head, body = [], []
    for i, b in enumerate(blocks):
        m = _KV.match(b.text.strip()) if i < 6 and b.kind == "paragraph" else None
        if m:
            key = {"章节": "chapter", "篇章": "chapter", "年度": "year", "年份": "year", "学校": "school",
                   "来源": "source", "标签": "tags", "关键词": "tags"}[m.group(1)]
            meta.setdefault(key, m.group(2).strip())
        else:
            (head if not body and i == 0 else body).append(b)
    first = head[0] if head else None
    case_id = ""
    if first is not None and (first.kind == "heading" or (len(first.text) <= 60 and "。" not in first.text)):
        cid, t = _case_title(first.text)
        case_id = cid
        title = title or t
    elif first is not None:
        body.insert(0, first)
    if first is not None and first.kind == "heading" and title and _case_title(first.text)[1] != title:
        body.insert(0, first)
    title = title or doc.path.stem
    chapter = str(meta.get("chapter") or "")
    case = Case(id=0, case_id=case_id, title=title, heading=title, chapter=chapter,
                path=[chapter] if chapter else [], blocks=body, line=first.line if first else None)
    return ParsedDocument(doc.path, title, [], [case], meta, is_case_document=True)


def parse_document(doc: Document) -> ParsedDocument:
    """Section tree + cases of a read document (see the module docstring for the rules)."""
    if _looks_like_case_document(doc):
        return _case_document(doc)
    title_pos = _title_position(doc.blocks)
    walker = _Walker(doc, title_pos)
    walker.run()
    title = doc.blocks[title_pos].text if title_pos is not None else doc.meta.get("title")
    return ParsedDocument(doc.path, title, walker.sections, walker.cases, dict(doc.meta))
