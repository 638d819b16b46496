"""School years, cohorts and the report's year move on by one; historical years stay.

The rule (also in the README):

- ``Y-1 — Y 学年`` (any dash, spaces allowed: 2022-2023学年, 2022－2023 学年) → ``Y — Y+1 学年``;
- ``Y届`` → ``Y+1届``;
- ``Y年`` / ``Y年度`` moves only where it is the time of the statement: at the start of a
  sentence or clause (``2023年，学校…``, ``2023年学校立项…``), after 截至/截止 (the cut-off of the
  report's statistics), in the report's own label ``（2023年度）``, and in table or figure
  captions and 数据来源 lines (a table of the report's year);
- everything else stays: other years (2019年获批, 2022年4月, 近三年), and ``Y年`` followed by a
  month (a dated event: 2023年5月27日), inside 《》 or “” (a title or a name), or in the middle of
  a clause (获2023年湖北省科技进步奖: an award of that year, still true).

Here ``Y`` is the year of the report being rolled forward (the data's year − 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["YearMove", "year_moves", "shift_years"]

_DASH = r"\s*[-－—–~～至]\s*"
# not the second year of a range (2022-2023年); a dash after a name is fine (新锦成-2023 届)
_NOT_A_RANGE = r"(?<!\d)(?<!\d[-－—–~～至])(?<!\d\s[-－—–~～至])"
_SPAN_END = "。！？；，、：,;:!?\n"
_CUTOFF = ("截至", "截止到", "截止", "截止至")
_SUBJECT = ("学校", "我校", "全校", "本校", "学院", "我院", "全院", "今年", "本年度")


@dataclass(frozen=True)
class YearMove:
    """One year expression to rewrite: ``text[start:end]`` → ``new``."""

    start: int
    end: int
    old: str
    new: str
    rule: str  # "学年" | "届" | "年"


def year_moves(text: str, year: int, *, caption: bool = False) -> list[YearMove]:
    """The year expressions of ``text`` that move from the report year ``year`` to ``year + 1``;
    ``caption`` for table/figure titles and 数据来源 lines, where the report's year always moves."""
    out: list[YearMove] = []
    taken: list[tuple[int, int]] = []
    for m in re.finditer(rf"(?<!\d)({year - 1})({_DASH})({year})(\s*学年)", text):
        new = f"{year}{m.group(2)}{year + 1}"
        out.append(YearMove(m.start(), m.start(4), text[m.start() : m.start(4)], new, "学年"))
        taken.append((m.start(), m.end()))
    for m in re.finditer(rf"{_NOT_A_RANGE}({year})(\s*)届", text):
        if _quoted(text, m.start()):
            continue
        out.append(YearMove(m.start(1), m.end(1), m.group(1), str(year + 1), "届"))
        taken.append((m.start(), m.end()))
    for m in re.finditer(rf"{_NOT_A_RANGE}({year})(\s*)年(度)?", text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        if _moves(text, m.start(), m.end(), caption):
            out.append(YearMove(m.start(1), m.end(1), m.group(1), str(year + 1), "年"))
    out.sort(key=lambda x: x.start)
    return out


def _moves(text: str, start: int, end: int, caption: bool) -> bool:
    after = text[end:].lstrip()
    before = text[:start].rstrip()
    if _quoted(text, start):
        return False
    if before.endswith(_CUTOFF) or (before.endswith(("（", "(")) and after.startswith(("）", ")"))):
        return True  # 截至2023年12月31日: the cut-off of the report's statistics
    if re.match(r"\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|[春秋]季|上半年|下半年", after):
        return False  # a dated event
    if caption:
        return True
    for subject in _SUBJECT:  # 学校 2023年…
        if before.endswith(subject):
            before = before[: -len(subject)].rstrip()
            break
    return not before or before[-1] in _SPAN_END


def _quoted(text: str, pos: int) -> bool:
    """Inside 《…》 or “…” (a document title or a name)."""
    for open_, close in (("《", "》"), ("“", "”"), ("「", "」")):
        i = text.rfind(open_, 0, pos)
        if i >= 0 and text.find(close, i) >= pos:
            return True
    return False


def shift_years(text: str, year: int, *, caption: bool = False) -> str:
    """``text`` with its moving year expressions rewritten (for plain-text roll forward)."""
    for mv in reversed(year_moves(text, year, caption=caption)):
        text = text[: mv.start] + mv.new + text[mv.end :]
    return text
