"""Line-level typesetting the word processor does not do well for Chinese text with Latin runs.

- ``balanced_lines``: a centred title a little too long for one line is broken in two of about
  equal width at a space or after punctuation, instead of leaving one character (``系``) alone.
- ``spread_lines``: lines of a rendered PDF (text chunks with positions, ``pdf.pdf_page_layout``)
  that justification letter-spaced ("校 园 网 出 口 带 宽 达 到 10000Mbps") because a long number or
  Latin word did not fit at the end; the build left-aligns the paragraphs they belong to (Word and
  WPS break such words instead: ``w:wordWrap`` off).
"""

from __future__ import annotations

import unicodedata

__all__ = ["text_width", "balanced_lines", "spread_lines", "compact"]

_LATIN_EM = 0.55  # a digit or Latin letter next to CJK text, in ems (Times/Noto Latin glyphs)
_BREAK_AFTER = set("：:，,；;、）)》”’ ")
_NO_LINE_START = set("，。、；：？！）》」』”’%")


def text_width(text: str) -> float:
    """Width of ``text`` in ems: full-width characters 1, spaces 0.3, other characters ``_LATIN_EM``."""
    total = 0.0
    for ch in text:
        if ch == " ":
            total += 0.3
        elif unicodedata.east_asian_width(ch) in "WFA":
            total += 1.0
        else:
            total += _LATIN_EM
    return total


def balanced_lines(text: str, capacity: float) -> list[str]:
    """``text`` as one line when it fits ``capacity`` ems, else two lines of about equal width.

    Breaks after a space or punctuation when one gives both lines within the capacity, else between
    two CJK characters (never inside a run of digits or Latin letters, never before closing
    punctuation). Longer texts (more than two lines) are left to the word processor.
    """
    text = text.strip()
    if text_width(text) <= capacity or text_width(text) > 2 * capacity:
        return [text]
    candidates = []
    for i in range(1, len(text)):
        left, right = text[:i].rstrip(), text[i:].lstrip()
        if not left or not right or right[0] in _NO_LINE_START:
            continue
        prev, nxt = text[i - 1], text[i]
        if prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
            continue
        wl, wr = text_width(left), text_width(right)
        if max(wl, wr) > capacity:
            continue
        natural = prev in _BREAK_AFTER or nxt == " "
        candidates.append((not natural, abs(wl - wr), i, left, right))
    if not candidates:
        return [text]
    *_, left, right = min(candidates)
    return [left, right]


def compact(text: str) -> str:
    """``text`` without any whitespace (PDF text and .docx text compare equal this way)."""
    return "".join(text.split())


#: a line whose CJK characters sit this much farther apart than their size was letter-spaced (a
#: normal justified line spreads a fraction of one em over the whole line: under 1.05)
SPREAD_PITCH = 1.08


def spread_lines(chunks: list[tuple[float, float, float, str]]) -> list[str]:
    """The letter-spaced lines among a page's text chunks ``(x, y, font size, text)``, compacted.

    The pitch of a run of CJK characters is the distance to the next chunk on its line divided by its
    length; a line whose runs average ``SPREAD_PITCH`` ems or more was widened by justification.
    """
    lines: dict[float, list[tuple[float, float, str]]] = {}
    for x, y, size, text in chunks:
        if text.strip():
            lines.setdefault(round(y, 0), []).append((x, size, text))
    out = []
    for parts in lines.values():
        parts.sort()
        pitches = []
        for (x, size, text), (nx, _, ntext) in zip(parts, parts[1:]):
            run = text.strip()
            if size > 0 and run and _all_cjk(run) and _all_cjk(ntext.strip()[:1]):
                pitch = (nx - x) / len(text) / size
                if pitch < 1.5:  # farther apart: table columns or a tab, not justification
                    pitches.extend([pitch] * len(run))
        if len(pitches) >= 4 and sum(pitches) / len(pitches) >= SPREAD_PITCH:
            out.append(compact("".join(t for _, _, t in parts)))
    return out


def _all_cjk(text: str) -> bool:
    return bool(text) and all("\u3400" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\u3000" <= ch <= "\u303f"
                              for ch in text)
