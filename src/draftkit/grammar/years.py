"""Years as reports write them: 2023年, 2023年度, 2022-2023学年, 2023届, 2021级, 2019—2023年.

One reading for the checker's qualifiers (a figure of another year or cohort), roll forward
(which years move on), and data extract (the report's year, years in table titles). A mention
knows whether it dates an event (2023年5月, 2023年上半年) or opens a span (2017年起, 2019年以来),
and whether it stands inside quotes or a book title (a name, not a time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["YearMention", "year_mentions", "in_quotes", "bare_year", "LEADING_YEAR"]

_YEAR = r"(?:19|20)\d{2}"
_PATTERN = re.compile(
    rf"(?<!\d)(?P<a>{_YEAR})\s*[-－—–~～至]\s*(?P<b>{_YEAR})(?!\d)\s*(?P<rtail>学年|年度|年)?"
    rf"|(?<!\d)(?P<y>{_YEAR})(?!\d)\s*(?P<tail>学年|年度|年|届|级)"
)
_DATED = re.compile(r"\s*(?:\d{1,2}\s*月|[一二三四五六七八九十]{1,2}月|[春秋]季|上半年|下半年)")
_SINCE = re.compile(r"\s*(?:起|以来|开始|至今|来|[-－—–~～至])")
_QUOTES = (("《", "》"), ("“", "”"), ("「", "」"))


@dataclass(frozen=True)
class YearMention:
    """One year expression: its span, kind and years, and the spans of its year numbers."""

    start: int
    end: int
    kind: str                          # year (2023年/2023年度) | school_year | range | cohort (届) | grade (级)
    years: tuple[int, ...]             # one year, or (first, last) of a span
    numbers: tuple[tuple[int, int], ...]  # where each year's digits stand (to rewrite them)
    tail: str                          # 年 / 年度 / 学年 / 届 / 级 / "" (a bare span)
    dated: bool = False                # followed by a month or season: an event's date
    since: bool = False                # followed by 起/以来 or a dash: the start of a span
    quoted: bool = False               # inside 《》 or “” (a title or a name)

    @property
    def year(self) -> int:
        """The year it stands for (the last of a span: 2022-2023学年 → 2023)."""
        return self.years[-1]


_BARE_YEAR = re.compile(r"\s*((?:19|20)\d{2})\s*")
LEADING_YEAR = re.compile(r"^(?:19|20)\d{2}\s*年度?")  # "2022年湖北省企业“科技副总”": a label's year


def bare_year(cell: str) -> re.Match[str] | None:
    """A table header cell that is a year alone ("2022"); group 1 is the year. In prose a bare
    four-digit number is a count, so only headers read it as a year."""
    return _BARE_YEAR.fullmatch(cell)


def in_quotes(text: str, pos: int) -> bool:
    """``pos`` stands inside 《…》 or “…” (a document title or a name)."""
    for open_, close in _QUOTES:
        i = text.rfind(open_, 0, pos)
        if i >= 0 and text.find(close, i) >= pos:
            return True
    return False


def year_mentions(text: str) -> list[YearMention]:
    """Every year expression of ``text``, in order."""
    out: list[YearMention] = []
    for m in _PATTERN.finditer(text):
        if m.group("a"):
            a, b = int(m.group("a")), int(m.group("b"))
            tail = m.group("rtail") or ""
            kind = "school_year" if tail == "学年" else "range"
            years, numbers = (a, b), ((m.start("a"), m.end("a")), (m.start("b"), m.end("b")))
        else:
            tail = m.group("tail")
            kind = {"届": "cohort", "级": "grade", "学年": "school_year"}.get(tail, "year")
            years, numbers = (int(m.group("y")),), ((m.start("y"), m.end("y")),)
        out.append(YearMention(m.start(), m.end(), kind, years, numbers, tail,
                               dated=bool(_DATED.match(text, m.end())), since=bool(_SINCE.match(text, m.end())),
                               quoted=in_quotes(text, m.start())))
    return out
