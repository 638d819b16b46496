"""Rejoin PDF-extracted text into real paragraphs, headings, captions and table blocks.

PDF text (``pdftotext``, pypdf, copy-paste) breaks every line at the page margin, so a
sentence runs over many lines; page numbers and running headers sit between them; tables
are flattened into runs of short, space-separated cells. The rules here:

- a line that reaches (nearly) the right margin continues on the next line, unless it ends
  a sentence; a short line ends its paragraph (the margin is measured on prose lines only —
  not the table of contents' dot leaders nor table rows — and apart inside 典型案例 boxes,
  which are often set in another font size);
- stand-alone page numbers (``12``, ``- 12 -``, ``第 12 页``) and running headers (a short
  line repeated on many pages) are dropped, and a sentence split by them is joined again;
- from a ``表 N-M`` caption to its ``数据来源`` line (or the next heading / prose line),
  and any run of space-separated cells with figures, is one table block (one row a line);
  a page break inside it (``第 8 页 共 38 页``, the column headers printed again) is skipped,
  and its rows are mended where the table's shape allows (``2023 年度`` is one header cell,
  a 合计 label spanning two columns leaves an empty cell);
- a 典型案例 title wrapped to a short second line is one heading;
- numbered headings, ``典型案例 N-M`` lines, captions and 数据来源 lines are blocks of their own;
- a figure caption or table in the middle of an unfinished sentence does not end it.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from ..grammar import is_number_token
from .blocks import (
    Block,
    caption_tag,
    case_heading,
    clean_line,
    heading_level,
    is_source_line,
    is_special_heading,
    sentence_end,
)

__all__ = ["rejoin_lines", "looks_pdf_extracted", "line_weight"]

_PAGENUM = re.compile(r"^\s*(?:[-—–]\s*)?\d{1,3}(?:\s*[-—–])?\s*$|^\s*第\s*\d{1,3}\s*页(?:\s*[,，/共]\s*\d+\s*页?)?\s*$|^\s*\d{1,3}\s*/\s*\d{1,3}\s*$")
_PROSE_PUNCT = "，。；！？"
_BULLET_START = re.compile(r"^\s*[\uf06c\uf0d8\uf0b7\uf0a7\uf076\uf0fc●○■□◆◇▪▫•►▶✓√]")
_HEADER_HINT = re.compile(r"报告|年报|学院|学校|大学|年度")


@dataclass
class _Line:
    no: int  # 1-based line number in the source
    text: str  # stripped
    raw: str
    tight: bool  # no blank line between this and the previous non-blank line
    kind: str = "text"  # text|pagenum|header|heading|case|caption|source|bullet
    level: int | None = None
    tag: str | None = None


def line_weight(text: str) -> float:
    """Printed width of a line in CJK character units (Latin letters and digits ~ half)."""
    w = 0.0
    for ch in text:
        if ch == " ":
            w += 0.3
        elif ord(ch) < 0x2E80:
            w += 0.55
        else:
            w += 1.0
    return w


def looks_pdf_extracted(text: str) -> bool:
    """True when most longish lines stop mid-sentence at a common width (PDF/hard-wrapped);
    table-of-contents dot leaders and table rows are no prose and do not count."""
    lines = [t for t in (ln.strip() for ln in text.splitlines())
             if len(t) >= 12 and not _LEADER.search(t) and not _strong_tabular(t)]
    if len(lines) < 8:
        return False
    open_lines = sum(1 for ln in lines if not sentence_end(ln) and not ln.endswith(("：", ":")))
    widths = sorted(line_weight(ln) for ln in lines)
    p90 = widths[int(len(widths) * 0.9) - 1]
    near_margin = sum(1 for w in widths if w >= p90 * 0.85) / len(widths)
    return open_lines / len(lines) > 0.45 and near_margin > 0.35


def _split_lines(text: str) -> list[_Line]:
    raw = text.splitlines()
    nonblank = [i for i, ln in enumerate(raw) if ln.strip()]
    followed_by_blank = sum(1 for i in nonblank if i + 1 < len(raw) and not raw[i + 1].strip())
    double_spaced = bool(nonblank) and followed_by_blank / len(nonblank) > 0.6
    out: list[_Line] = []
    prev = -2
    for i in nonblank:
        tight = (i == prev + 1) if double_spaced else True
        out.append(_Line(no=i + 1, text=raw[i].strip(), raw=raw[i], tight=tight))
        prev = i
    return out


def _running_header(t: str, compact: str, count: int) -> bool:
    """A short line repeated on many pages that names the report or school (not a 数据来源 line,
    which repeats too, nor a table's column headers such as "序号 指标 单位 2023 年度")."""
    if count < 3 or len(compact) > 40 or not _HEADER_HINT.search(compact) or re.search(r"[，。；]", compact):
        return False
    if is_source_line(t) or len(_tokens(t)) >= 4:
        return False
    return heading_level(t) is None and not case_heading(t)


def _classify(lines: list[_Line]) -> None:
    counts = Counter(re.sub(r"\s+", "", ln.text) for ln in lines)
    for ln in lines:
        t = ln.text
        compact = re.sub(r"\s+", "", t)
        if _PAGENUM.match(t):
            ln.kind = "pagenum"
        elif _running_header(t, compact, counts[compact]):
            ln.kind = "header"
        elif is_special_heading(t):
            ln.kind, ln.level = "heading", 1
        elif (case := case_heading(t)) is not None:
            ln.kind, ln.tag = "case", f"典型案例{case[0]}" if case[0] else "典型案例"
        elif is_source_line(t):
            ln.kind = "source"
        elif (tag := caption_tag(t)) is not None:
            ln.kind, ln.tag = "caption", tag
        elif _BULLET_START.match(ln.raw):
            ln.kind = "bullet"
        elif (lvl := heading_level(clean_line(t))) is not None:
            ln.kind, ln.level = "heading", lvl


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"\s+", text.strip()) if t]


def _strong_tabular(text: str) -> bool:
    """Space-separated cells with at least one figure and no sentence punctuation."""
    toks = _tokens(text)
    if len(toks) < 2 or "。" in text:
        return False
    if re.fullmatch(r"\d{1,3}", toks[0]) and (len(toks) >= 3 or not re.search("[，；：]", text)):
        return True  # "12 一种电磁切割装置 …": a numbered row
    numeric = sum(1 for t in toks if is_number_token(t))
    if sum(text.count(p) for p in "，；") >= 2 and numeric < 3:
        return False
    return numeric >= 1 and (len(toks) >= 3 or numeric >= 1 and len(toks[0]) <= 12)


def _weak_tabular(text: str, width: float) -> bool:
    """A cell fragment: a bare number, a header word or a short piece without sentence stops."""
    if _PAGENUM.match(text) or _strong_tabular(text):
        return True
    return line_weight(text) <= max(14.0, width * 0.6) and "。" not in text


_LEADER = re.compile(r"[.．·…]{4,}|(?:[.．·]\s){4,}")


def _measured(ln: _Line) -> bool:
    """A prose line whose width tells the text width: no table-of-contents dot leaders, no table rows."""
    t = ln.text
    return ln.kind == "text" and len(t) >= 6 and not _LEADER.search(t) and not _strong_tabular(t)


def _p90(widths: list[float]) -> float:
    widths = sorted(widths)
    return widths[max(0, int(len(widths) * 0.9) - 1)]


def _body_width(lines: list[_Line]) -> float:
    """The text width of the document: the 90th percentile of its prose lines (40 if there are none)."""
    text_w = [line_weight(ln.text) for ln in lines if _measured(ln)]
    return _p90(text_w) if text_w else 40.0


def _local_widths(lines: list[_Line], width: float) -> dict[int, float]:
    """line number → the text width where it stands: 典型案例 boxes are often set in a smaller
    font than the body, so lines from a case heading to the next heading are measured apart
    from the rest (each the 90th percentile of its prose lines; the document's width when a
    kind has too few lines, and never below 0.8 of it)."""
    in_case: dict[int, bool] = {}
    case = False
    for ln in lines:
        if ln.kind == "case":
            case = True
        elif ln.kind == "heading":
            case = False
        in_case[ln.no] = case
    out: dict[int, float] = {}
    for kind in (True, False):
        near = [line_weight(ln.text) for ln in lines if in_case[ln.no] == kind and _measured(ln)]
        w = max(_p90(near), width * 0.8) if len(near) >= 20 else width
        out.update((ln.no, w) for ln in lines if in_case[ln.no] == kind)
    return out


_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_WORDS = ("年", "年度", "学年", "届")
_TOTAL_START = ("合计", "总计", "共计", "小计")


def _mend_rows(rows: list[list[str]]) -> list[list[str]]:
    """Undo two artefacts of flattening where the table's shape tells them apart: a column header
    split at its space ("2023 年度" → "2023年度"), and a 合计 row whose label cell spans two
    columns ("合计 6370 100.00%" under four columns → "合计 | | 6370 | 100.00%", as the .docx
    reader gives it) when the body rows' last columns are all figures."""
    widths = Counter(len(r) for r in rows)
    width = widths.most_common(1)[0][0]
    body = [r for r in rows if len(r) == width and any(is_number_token(c) for c in r)]
    out: list[list[str]] = []
    for r in rows:
        if len(r) > width:
            r = _join_years(r)
        elif len(r) < width and r and r[0].startswith(_TOTAL_START) and len(r) >= 2 and body:
            tail = len(r) - 1
            figs = all(is_number_token(c) for c in r[1:])
            if figs and all(is_number_token(c) for b in body for c in b[width - tail :]):
                r = [r[0]] + [""] * (width - len(r)) + r[1:]
        out.append(r)
    return out


def _join_years(row: list[str]) -> list[str]:
    out: list[str] = []
    for cell in row:
        if out and cell in _YEAR_WORDS and _YEAR.fullmatch(out[-1]):
            out[-1] += cell
        else:
            out.append(cell)
    return out


_CJK = "\u4e00-\u9fff\u3000-\u303f\uff01-\uff0f\uff1a-\uff1f\u201c\u201d"
_SINGLE_CJK = re.compile(rf"(?:^|(?<=\s))[{_CJK}](?=\s)")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])|\s+(?=[，。；：、！？）])|(?<=[，。；：、！？（])\s+")


def _unspace(text: str) -> str:
    """A justified line stretched by letter spacing comes out of the PDF as "学 校 数 字 资 源":
    with three or more lone characters between spaces, spaces between Chinese characters and
    punctuation go (those next to digits and Latin words stay)."""
    return _CJK_GAP.sub("", text) if _letter_spaced(text) else text


def _letter_spaced(text: str) -> bool:
    return len(_SINGLE_CJK.findall(text)) >= 3


class _Assembler:
    """Walks classified lines and emits blocks, keeping an unfinished paragraph open."""

    def __init__(self, lines: list[_Line]):
        self.lines = lines
        self.width = _body_width(lines)
        self.widths = _local_widths(lines, self.width)
        self.blocks: list[Block] = []
        self.para: Block | None = None  # open paragraph (already placed in self.blocks)
        self.para_last = ""
        self.para_width = self.width  # the body width around the open paragraph's last line

    # -- paragraph handling -------------------------------------------------------------
    def _full(self, text: str, width: float | None = None) -> bool:
        """The line reaches the right margin (a letter-spaced line was stretched to it)."""
        return line_weight(text) >= (width or self.width) * 0.86 or _letter_spaced(text)

    def _line_full(self, ln: _Line) -> bool:
        return self._full(ln.text, self.widths.get(ln.no))

    def _para_open(self) -> bool:
        return self.para is not None and self._full(self.para_last, self.para_width) and not sentence_end(self.para_last)

    def _close(self) -> None:
        self.para = None
        self.para_last = ""

    def _append_text(self, ln: _Line, start_new: bool) -> None:
        raw = clean_line(ln.text)
        if not raw:
            return
        text = _unspace(raw)
        if self.para is not None and not start_new and self._continues(ln):
            self.para.text = _join(self.para.text, text)
        else:
            self.para = Block("paragraph", text, line=ln.no)
            self.blocks.append(self.para)
        self.para_last = raw  # as printed: its width tells whether the line reached the margin
        self.para_width = self.widths.get(ln.no, self.width)

    def _continues(self, ln: _Line) -> bool:
        last = self.para_last
        if not self._full(last, self.para_width):
            return False
        return not sentence_end(last)

    def _emit(self, block: Block, close: bool = True) -> None:
        if close:
            self._close()
        self.blocks.append(block)

    # -- tables ---------------------------------------------------------------------------
    def _is_prose(self, ln: _Line) -> bool:
        t = ln.text
        if ln.kind != "text":
            return ln.kind in ("heading", "case", "caption", "bullet")
        if _strong_tabular(t) and not self._line_full(ln):
            return False
        punct = sum(t.count(p) for p in _PROSE_PUNCT)
        return (self._line_full(ln) and punct >= 1 and not _strong_tabular(t)) or t.endswith("。") and punct >= 2

    def _take_table(self, i: int, captioned: bool) -> int:
        """Consume table lines from ``i``; emit one table block; return the next index."""
        rows: list[list[str]] = []
        first = self.lines[i].no if i < len(self.lines) else None
        j = i
        paged = False  # a page break inside the table: its column headers may be repeated
        while j < len(self.lines):
            ln = self.lines[j]
            if ln.kind in ("source", "heading", "case", "caption", "bullet"):
                break
            if ln.kind == "pagenum" and not captioned and not rows:
                break
            if ln.kind == "header" or ln.kind == "pagenum" and not ln.text.isdigit():
                # "第 8 页 共 38 页" between two rows: a page break (a bare "174" may be a cell)
                paged = True
                j += 1
                continue
            if ln.kind == "text" and self._is_prose(ln):
                break
            if ln.kind == "text" and not captioned and not _weak_tabular(ln.text, self.width):
                break
            if not (paged and rows and _tokens(ln.text) == rows[0]):  # headers repeated on the new page
                rows.append(_tokens(ln.text))
            paged = False
            j += 1
        if rows and not captioned:
            header = self._header_before(first)
            if header is not None:
                rows.insert(0, header)
                first = self.blocks.pop().line
                self._close()
        if rows:
            rows = _mend_rows(rows)
            text = "\n".join("\t".join(r) for r in rows)
            self.blocks.append(Block("table", text, rows=rows, line=first))
        return j

    def _header_before(self, first_line: int | None) -> list[str] | None:
        """The column-header line just before a caption-less table, if it was taken as a paragraph."""
        prev = self.blocks[-1] if self.blocks else None
        if prev is None or prev.kind != "paragraph" or prev is not self.para or "\n" in prev.text:
            return None
        toks = _tokens(prev.text)
        if len(toks) >= 3 and all(len(t) <= 8 for t in toks) and not re.search("[，。；：]", prev.text):
            return toks
        return None

    def _table_starts(self, i: int) -> bool:
        """A caption-less flattened table: two strong tabular lines within three lines."""
        ln = self.lines[i]
        if ln.kind != "text" or self._line_full(ln) and "，" in ln.text:
            return False
        strong = _strong_tabular(ln.text)
        if not strong and (self._para_open() or not _weak_tabular(ln.text, self.width)):
            return False
        need = 1 if strong else 2
        for nxt in self.lines[i + 1 : i + 10]:
            if nxt.kind == "text" and _strong_tabular(nxt.text):
                need -= 1
                if need == 0:
                    return True
            elif nxt.kind == "pagenum":
                continue
            elif nxt.kind != "text" or not _weak_tabular(nxt.text, self.width):
                return False
        return False

    def _title_wraps(self, i: int) -> bool:
        """A 典型案例 title that reached the margin goes on in a short line without punctuation
        ("…三级技能竞赛体" + "系"); a long next line is the case's first paragraph."""
        if i + 1 >= len(self.lines) or not self._line_full(self.lines[i]):
            return False
        nxt = self.lines[i + 1]
        width = self.widths.get(nxt.no, self.width)
        return nxt.kind == "text" and line_weight(nxt.text) <= width * 0.3 and not re.search(r"[，。；：！？,;:]", nxt.text)

    # -- main loop ------------------------------------------------------------------------
    def run(self) -> list[Block]:
        i = 0
        lines = self.lines
        while i < len(lines):
            ln = lines[i]
            k = ln.kind
            if k in ("pagenum", "header"):
                i += 1
                continue
            if k == "heading":
                self._emit(Block("heading", clean_line(ln.text), level=ln.level, line=ln.no))
            elif k == "case":
                title = ln.text
                if self._title_wraps(i):
                    i += 1
                    title = _join(title, lines[i].text)
                self._emit(Block("heading", title, level=None, line=ln.no, tag=ln.tag))
            elif k == "source":
                self._emit(Block("source", ln.text, line=ln.no), close=not self._para_open())
            elif k == "caption":
                keep = self._para_open()
                self._emit(Block("caption", ln.text, line=ln.no, tag=ln.tag), close=not keep)
                if ln.tag and ln.tag.startswith("表"):
                    i = self._take_table(i + 1, captioned=True)
                    continue
            elif k == "bullet":
                self._close()
                self._append_text(ln, start_new=True)
            elif self._table_starts(i):
                keep = self._para_open()
                saved = (self.para, self.para_last)
                i = self._take_table(i, captioned=False)
                if keep:
                    self.para, self.para_last = saved
                else:
                    self._close()
                continue
            else:
                self._append_text(ln, start_new=False)
            i += 1
        return [b for b in self.blocks if b.text.strip()]


def _join(left: str, right: str) -> str:
    """Join a wrapped line: no space between CJK, one space between Latin words."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalpha():
        return f"{left} {right}"
    return left + right


def rejoin_lines(text: str) -> list[Block]:
    """Blocks (index = ordinal, line = first source line) from PDF-extracted text."""
    lines = _split_lines(text)
    _classify(lines)
    blocks = _Assembler(lines).run()
    for n, b in enumerate(blocks):
        b.index = n
    return blocks


def median_width(text: str) -> float:  # pragma: no cover - diagnostics helper
    """Median printed width of non-empty lines (for debugging a new source)."""
    ws = [line_weight(ln.strip()) for ln in text.splitlines() if ln.strip()]
    return statistics.median(ws) if ws else 0.0
