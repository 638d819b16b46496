"""Chinese numerals, both ways: 十二 → 12 (figures, heading numbers) and 12 → 十二 (chapter numbers)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["CN_NUM", "CN_DIGITS", "parse_cn_number", "cn_int", "cn_numeral"]

#: characters of a Chinese numeral as headings and figures write them
CN_NUM = "一二三四五六七八九十百零〇"
#: every character a Chinese numeral in a figure may hold (两百, 三千, 1.2万 excluded)
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"

_DIGIT = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_ONES = "一二三四五六七八九"


def parse_cn_number(raw: str) -> float | None:
    """Value of a Chinese numeral (十二 → 12, 两 → 2, 一百 → 100, 千 → 1000); None if not one."""
    if not raw:
        return None
    s = raw.replace("两", "二").replace("〇", "零")
    if s[0] in "十百千万":
        s = "一" + s
    return _parse(s)


@lru_cache(maxsize=1024)
def _parse(s: str) -> float | None:
    if all(c in _DIGIT for c in s):  # 二〇二三 style: digit by digit
        return float("".join(str(_DIGIT[c]) for c in s)) if len(s) > 1 else float(_DIGIT[s])
    for big, mult in (("亿", 10**8), ("万", 10**4)):
        if big in s:
            head, _, tail = s.rpartition(big)
            h = _parse(head) if head else 1.0
            t = _parse(tail.lstrip("零")) if tail.lstrip("零") else 0.0
            return None if h is None or t is None else h * mult + t
    section = number = 0
    for c in s:
        if c in _DIGIT:
            number = _DIGIT[c]
        elif c in _SMALL:
            section += (number or 1) * _SMALL[c]
            number = 0
        else:
            return None
    return float(section + number)


def cn_int(text: str) -> int | None:
    """A heading's number: ``"十二" → 12``, ``"三" → 3`` (1–99); None if not such a numeral."""
    t = text.strip()
    if not t or any(c not in "零〇一二三四五六七八九十" for c in t) or ("十" not in t and len(t) > 1):
        return None
    v = parse_cn_number(t)
    return int(v) if v is not None and 0 < v < 100 else None


def cn_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五, 2300 → 二千三百 (chapter numbers, counts)."""
    if n < 0:
        return "负" + cn_numeral(-n)
    if n == 0:
        return "零"
    if n >= 10**8:
        head, rest = divmod(n, 10**8)
        return cn_numeral(head) + "亿" + (_tail(rest, 10**7) if rest else "")
    if n >= 10**4:
        head, rest = divmod(n, 10**4)
        return cn_numeral(head) + "万" + (_tail(rest, 1000) if rest else "")
    out, zero = "", False
    for value, word in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero and out:
                out += "零"
            out += ("" if (word == "十" and d == 1 and not out) else _ONES[d - 1]) + word
            zero = False
        elif out:
            zero = True
    return out


def _tail(rest: int, place: int) -> str:
    """The part after 万/亿: a leading 零 when it skips a place (一万零五)."""
    return ("零" if rest < place else "") + cn_numeral(rest)
