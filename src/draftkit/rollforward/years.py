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

from dataclasses import dataclass

from ..grammar import YearMention, year_mentions

__all__ = ["YearMove", "year_moves", "shift_years"]

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
    for y in year_mentions(text):
        if y.kind == "school_year" and y.years == (year - 1, year):
            (a, a_end), (b_start, b) = y.numbers
            out.append(YearMove(a, b, text[a:b], f"{year}{text[a_end:b_start]}{year + 1}", "学年"))
        elif y.kind == "cohort" and y.year == year and not y.quoted:
            a, b = y.numbers[0]
            out.append(YearMove(a, b, text[a:b], str(year + 1), "届"))
        elif y.kind == "year" and y.year == year and _moves(text, y, caption):
            a, b = y.numbers[0]
            out.append(YearMove(a, b, text[a:b], str(year + 1), "年"))
    return out


def _moves(text: str, y: YearMention, caption: bool) -> bool:
    """A ``Y年`` that is the time of its statement (see the module docstring)."""
    if y.quoted:
        return False
    after = text[y.end :].lstrip()
    before = text[: y.start].rstrip()
    if before.endswith(_CUTOFF) or (before.endswith(("（", "(")) and after.startswith(("）", ")"))):
        return True  # 截至2023年12月31日: the cut-off of the report's statistics
    if y.dated:
        return False  # a dated event
    if caption:
        return True
    for subject in _SUBJECT:  # 学校 2023年…
        if before.endswith(subject):
            before = before[: -len(subject)].rstrip()
            break
    return not before or before[-1] in _SPAN_END


def shift_years(text: str, year: int, *, caption: bool = False) -> str:
    """``text`` with its moving year expressions rewritten (for plain-text roll forward)."""
    for mv in reversed(year_moves(text, year, caption=caption)):
        text = text[: mv.start] + mv.new + text[mv.end :]
    return text
