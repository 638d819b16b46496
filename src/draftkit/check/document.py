"""A thin adapter from :mod:`draftkit.readers` blocks to what the rules need.

Passages (paragraph text with its location and chapter), sentences and clauses, tables with a
header / body / total structure, and every figure in place (:class:`Mention`) with the name
written before or after it. Tables flattened from PDF text (ragged rows) are read from the
right: the trailing numbers of each row line up with the total row's numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..grammar import Figure, bare_year, cell_figure, extract_figures, is_unit_cell, label_unit, numbering

__all__ = ["Passage", "Mention", "CheckTable", "CheckDoc", "load_document", "build_doc"]

_SENT_END = "。！？；!?;\n"
_CLAUSE_END = "，,、：:"
_TOTAL_WORDS = ("合计", "总计", "共计", "小计", "总数")
SERIAL_HEADERS = ("序号", "序", "编号", "档口编号", "号")  # a column of row numbers, not figures
_LEAD_STRIP = re.compile(
    r"^(?:[，,、；;：:。\s]|其中|以及|并且|并|和|及|与|共有|共计|合计|总计|累计|共|全年|全校|目前|现有|现|"
    r"本年度|本学年|今年|当年|学校|我校|全院|已|还|另有|此外|同时|均|分别)+"
)
_TAIL_STRIP = re.compile(
    r"(?:达到|达|为|是|有|约|近|超过|逾|计|共计|共|合计|总计|累计|了|：|:|的|至|"
    r"已达|已|分别|在|\s)+$"
)


@dataclass
class Passage:
    """One paragraph (or heading / caption / table cell) of the document."""

    text: str
    kind: str
    location: dict[str, Any]
    chapter: str
    block: int
    sentences: list[tuple[int, int]] = field(default_factory=list)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding character ``pos``."""
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return 0, len(self.text)

    def clause_at(self, pos: int) -> tuple[int, int]:
        """The clause (between commas) holding ``pos``, bounded by its sentence."""
        s, e = self.sentence_at(pos)
        a = pos
        while a > s and self.text[a - 1] not in _CLAUSE_END:
            a -= 1
        b = pos
        while b < e and self.text[b] not in _CLAUSE_END:
            b += 1
        return a, b


@dataclass
class Mention:
    """A figure in place: the passage, sentence and the name written next to it."""

    fig: Figure
    passage: Passage
    name: str = ""          # words before the figure in its clause (normalised)
    after: str = ""         # words right after the unit ("个行政村")
    row: int | None = None  # table cells: row / column and labels
    col: int | None = None
    row_label: str = ""
    col_label: str = ""
    table: "CheckTable | None" = None
    metric: str | None = None  # filled by the linker (strong links only)
    link: Any = None           # the linker's check.link.Link (strong or weak), with its evidence
    link_note: str | None = None
    role: str | None = None    # "previous" for A in "由 A 增长到 B" (last year's value)
    src_line: int | None = None  # txt/md: the source line where the figure starts

    @property
    def context(self) -> str:
        """The whole sentence (or cell) the figure stands in, as written."""
        if self.row is not None:
            return self.passage.text
        s, e = self.passage.sentence_at(self.fig.start)
        return self.passage.text[s:e].strip()

    @property
    def sentence(self) -> tuple[int, int, int]:
        """A key for "the same sentence": (block, start, end)."""
        s, e = self.passage.sentence_at(self.fig.start)
        return self.passage.block, s, e

    @property
    def location(self) -> dict[str, Any]:
        loc = dict(self.passage.location)
        if self.src_line is not None:
            loc["line"] = self.src_line
        return loc


@dataclass
class CheckTable:
    """A table: header rows, body rows, cells as figures where they are numbers."""

    block: int
    index: int
    rows: list[list[str]]
    caption: str
    chapter: str
    structured: bool
    header_rows: int = 0
    line: int | None = None

    def location(self, row: int, col: int) -> dict[str, Any]:
        loc: dict[str, Any] = {"table": self.index, "row": row, "column": col, "block": self.block}
        if self.caption:
            loc["caption"] = self.caption
        if self.line is not None:
            loc["line"] = self.line
        return loc

    def header_text(self, col: int) -> str:
        """Header words above a column (structured tables only)."""
        if not self.structured:
            return ""
        return "".join(r[col] for r in self.rows[: self.header_rows] if col < len(r))


@dataclass
class CheckDoc:
    """The document as the rules see it."""

    path: Path
    format: str
    passages: list[Passage]
    tables: list[CheckTable]
    mentions: list[Mention]
    verified: set[int] = field(default_factory=set)  # ids of mentions that agree with the year data


def load_document(path: str | Path) -> CheckDoc:
    """Read any supported report (docx/md/txt/pdf) through draftkit.readers and index it."""
    from ..readers import read_document

    doc = read_document(path)
    return build_doc(doc.path, doc.format, doc.blocks)


def build_doc(path: Path, fmt: str, blocks: list) -> CheckDoc:  # noqa: ANN001 - readers.Block
    """Passages, tables and mentions from reader blocks (continued tables merged)."""
    passages: list[Passage] = []
    tables: list[CheckTable] = []
    chapter = "（正文前）"
    caption = ""
    last_table_at = -10
    breaks = chapter_breaks(blocks)
    for i, b in enumerate(blocks):
        if i in breaks:
            chapter = b.text.replace(" ", "").strip()
        if b.kind == "caption" and (b.tag or "").startswith("表"):
            caption = b.text.strip()
        if b.kind == "table" and b.rows:
            if _continues(tables, b, caption, i - last_table_at):
                tables[-1].rows.extend(_clean_rows(b.rows))
            else:
                tables.append(_make_table(i, b, caption, chapter, fmt, len(tables)))
            caption = ""
            last_table_at = i
            continue
        if not b.text.strip():
            continue
        loc: dict[str, Any] = {"paragraph": b.index, "block": i}
        if getattr(b, "box", None) is not None:  # prose in a box (one-cell/layout table): the box's place
            loc = {"table": b.box[0], "row": b.box[1], "column": b.box[2], "box": b.box[3], "block": i}
        if b.line is not None:
            loc["line"] = b.line
        p = Passage(b.text, b.kind, loc, chapter, i)
        p.sentences = split_sentences(b.text)
        passages.append(p)
    for t in tables:
        t.header_rows = _header_rows(t)
    mentions = [m for p in passages if p.kind in ("paragraph", "heading") for m in passage_mentions(p)]
    for t in tables:
        mentions.extend(table_mentions(t))
    if fmt in ("txt", "md", "markdown", "text") or Path(path).suffix.lower() in (".txt", ".md", ".markdown"):
        _source_lines(Path(path), mentions)
    return CheckDoc(Path(path), fmt, passages, tables, mentions)


def _source_lines(path: Path, mentions: list[Mention]) -> None:
    """The exact source line of each prose figure (a rejoined paragraph spans many lines): the
    figure is looked for in the text with its white space removed, from where the last one was."""
    try:
        from ..readers import read_text

        raw = read_text(path)
    except Exception:  # noqa: BLE001 - locations stay at paragraph level
        return
    import bisect

    keep = [i for i, ch in enumerate(raw) if not ch.isspace()]  # compact index → raw index
    compact = "".join(raw[i] for i in keep)
    line_of = [0] * len(raw)
    line = 1
    for i, ch in enumerate(raw):
        line_of[i] = line
        line += ch == "\n"
    starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]
    cursor: dict[int, int] = {}
    for m in mentions:
        line = m.passage.location.get("line")
        if not line or line > len(starts):
            continue
        pos = cursor.get(m.passage.block, bisect.bisect_left(keep, starts[line - 1]))
        if m.row is not None and m.row_label:  # a cell: its row label first, then the cell
            label = _find(compact, "".join(m.row_label.split()), pos, number=False)
            pos = label + len("".join(m.row_label.split())) if label >= 0 else pos
        fig = "".join(m.fig.text.split())
        hit = _find(compact, fig, pos, number=True)
        if hit < 0:
            continue
        if m.row is None:
            cursor[m.passage.block] = hit + len(fig)
        m.src_line = line_of[keep[hit]]


def _find(compact: str, text: str, pos: int, number: bool) -> int:
    """Where ``text`` stands in ``compact`` from ``pos`` (20000 characters at most); a figure must not
    be part of a longer number."""
    end = pos + 20000
    while True:
        i = compact.find(text, pos, end)
        if i < 0 or not number:
            return i
        before, after = compact[i - 1 : i] if i else "", compact[i + len(text) : i + len(text) + 1]
        if not (before.isdigit() or before == "." or after.isdigit() or after == "." and text[-1].isdigit()):
            return i
        pos = i + 1


_SPECIAL = ("前言", "附表", "附件", "附录", "目录", "结语", "后记")


def chapter_breaks(blocks: list) -> set[int]:
    """Blocks that open a chapter: the longest run 一、二、三… of level-1 headings (so 一、主要做法
    inside a case does not start a chapter), plus 前言 / 附表."""
    heads: list[tuple[int, int]] = []
    out: set[int] = set()
    for i, b in enumerate(blocks):
        if b.kind != "heading":
            continue
        compact = b.text.replace(" ", "").strip()
        if compact in _SPECIAL:
            out.add(i)
            continue
        num = numbering(b.text)
        if num is not None and num.kind == "cn" and num.number and b.level == 1:
            heads.append((i, num.number))
    best: dict[int, list[int]] = {}
    longest: list[int] = []
    for i, n in heads:
        chain = (best.get(n - 1, []) if n > 1 else []) + [i]
        if len(chain) >= len(best.get(n, [])):
            best[n] = chain
        if len(chain) > len(longest):
            longest = chain
    return out | set(longest)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: up to and including 。！？； (closing quotes stay with the sentence)."""
    spans: list[tuple[int, int]] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        if text[i] in _SENT_END:
            j = i + 1
            while j < n and text[j] in "”’」』）)":
                j += 1
            spans.append((start, j))
            start = j
            i = j
            continue
        i += 1
    if start < n:
        spans.append((start, n))
    return spans


def _clean_rows(rows: list[list[str]]) -> list[list[str]]:
    return [[c.strip() for c in r] for r in rows if any(c.strip() for c in r)]


def _first_serial(rows: list[list[str]]) -> int | None:
    for r in rows:
        if r and r[0].isdigit():
            return int(r[0])
    return None


def _last_serial(rows: list[list[str]]) -> int | None:
    for r in reversed(rows):
        if r and r[0].isdigit() and len(r) > 1 and not _is_total_label(r[1] if len(r) > 1 else ""):
            return int(r[0])
    return None


def _continues(tables: list[CheckTable], b, caption: str, gap: int) -> bool:  # noqa: ANN001
    """A table with no caption of its own whose serial numbers go on from the previous table."""
    if not tables or caption or gap > 8:
        return False
    prev = tables[-1]
    if prev.structured:
        return False
    first, last = _first_serial(_clean_rows(b.rows)), _last_serial(prev.rows)
    return first is not None and last is not None and first == last + 1


def _make_table(i: int, b, caption: str, chapter: str, fmt: str, ordinal: int) -> CheckTable:  # noqa: ANN001
    """``index`` is the table's ordinal in the document (= index into document.tables for .docx)."""
    rows = [list(r) for r in b.rows] if fmt == "docx" else _clean_rows(b.rows)
    widths = {len(r) for r in rows}
    structured = fmt == "docx" or (len(widths) == 1 and len(rows) >= 2 and widths.pop() >= 2)
    index = b.index if fmt == "docx" else ordinal
    return CheckTable(i, index, rows, caption, chapter, structured, line=b.line)


def _is_total_label(text: str) -> bool:
    """合计/总计/共计/小计/总数, however spaced (合 计, 合\u3000计)."""
    return re.sub(r"\s+", "", text).startswith(_TOTAL_WORDS)


def _header_rows(t: CheckTable) -> int:
    """Rows above the first row that holds a figure; a first row of years alone ("指标 | 2022 | 2023")
    is a header too."""
    n = 0
    for r in t.rows:
        years = n == 0 and len(r) > 2 and all(bare_year(c) for c in r[1:] if cell_figure(c))
        if not years and (any(cell_figure(c) for c in r[1:]) or (r and cell_figure(r[0]) and len(r) > 1)):
            break
        n += 1
    return min(n, max(len(t.rows) - 1, 0))


def unit_from_label(label: str) -> str:
    """Unit named in a header or row label: 经费收入总额（万元） → 万元, 比例 → %."""
    return label_unit(label)


def normalise_name(text: str) -> str:
    """The words naming a figure: connectives and verbs at the edges removed."""
    t = re.sub(r"[（(][^）)]{0,12}[）)]", "", text)
    t = re.sub(r"\s+", "", t)
    t = re.sub(r"^\d{4}(?:年度|年|学年|届)?", "", t)
    prev = None
    while prev != t:
        prev = t
        t = _LEAD_STRIP.sub("", t)
        t = _TAIL_STRIP.sub("", t)
    return t[-16:]


def passage_mentions(p: Passage) -> list[Mention]:
    """Mentions of every figure in a paragraph, each with its name."""
    figs = extract_figures(p.text)
    out: list[Mention] = []
    for k, f in enumerate(figs):
        a, _ = p.clause_at(f.start)
        prev_end = figs[k - 1].end if k > 0 and figs[k - 1].end > a else a
        name = normalise_name(p.text[prev_end : f.start])
        after = _after_words(p.text, f.end)
        out.append(Mention(f, p, name=name, after=after))
    return out


def _after_words(text: str, end: int) -> str:
    m = re.match(r"[\u4e00-\u9fffA-Za-z]{1,8}", text[end:])
    return m.group(0) if m else ""


def table_mentions(t: CheckTable) -> list[Mention]:
    """Numeric cells of a table as mentions (unit from column header, row label or 单位 column)."""
    out: list[Mention] = []
    unit_col = None
    if t.structured and t.header_rows:
        for c in range(len(t.rows[0])):
            if t.header_text(c).strip() == "单位":
                unit_col = c
    for r in range(t.header_rows, len(t.rows)):
        row = t.rows[r]
        label = row_label(row)
        for c, cell in enumerate(row):
            header = t.header_text(c)
            if header.strip() in SERIAL_HEADERS or (c == 0 and cell.isdigit() and len(row) > 1 and not t.structured):
                continue
            unit = unit_from_label(header) or unit_from_label(label)
            if unit_col is not None and c > unit_col and not unit:
                unit = row[unit_col] if c == unit_col + 1 else ""
            elif unit_col is None and not unit and c > 0 and _unit_cell(row[c - 1]):
                unit = row[c - 1]  # "2 横向技术服务到款额 万元 626.00": a 单位 column whose header was lost
            fig = cell_figure(cell, unit)
            if fig is None:
                continue
            loc = t.location(r, c)
            p = Passage(cell, "cell", loc, t.chapter, t.block, [(0, len(cell))])
            out.append(Mention(fig, p, name=normalise_name(label), row=r, col=c, row_label=label,
                               col_label=header, table=t))
    return out


def _unit_cell(cell: str) -> bool:
    """A cell that is only a unit (万元, %, 人次, 万元/人, 元/生, :1), as in a 单位 column."""
    return is_unit_cell(cell)


def row_label(row: list[str]) -> str:
    """The first non-numeric cell of a row (its label)."""
    for c in row:
        if c and cell_figure(c) is None and not c.isdigit():
            return c
    return ""
