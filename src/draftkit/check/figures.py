"""Find the figures a report cites: numbers with their unit, scale and approximation.

A *figure* is a quantity a reader could check: ``17402人``, ``46.23%``, ``1.74万人``,
``200余人``, ``近千人``, ``十二个``, ``15.85：1``. Years, dates, ordinals (第五届), numbers inside
names and quotes (“51020”产业集群, 1+X, 《…2030…》), document numbers (教职成司函[2023]28号),
list numbering and bare numbers without a unit are *not* figures in prose. Table cells are
numbers whose unit comes from the header; :func:`cell_figure` reads those.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Figure", "extract_figures", "cell_figure", "parse_cn_number", "strip_numbering"]

# units as written → canonical symbol (longest first when matching)
_UNIT_ALIASES: dict[str, str] = {
    "个百分点": "百分点", "百分点": "百分点", "%": "%", "％": "%", "‰": "‰",
    "平方米": "平方米", "㎡": "平方米", "m²": "平方米", "m2": "平方米", "亩": "亩", "公顷": "公顷",
    "万元": "万元", "亿元": "亿元", "元": "元",
    "个学时": "学时", "学时": "学时", "课时": "课时", "小时": "小时",
    "GB": "GB", "TB": "TB", "Mbps": "Mbps", "Gbps": "Gbps", "M": "Mbps", "倍": "倍",
}
_COUNT_UNITS = (
    "人次 个次 项次 场次 批次 台套 册次 人天 人日 门次 人 名 个 项 门 本 部 家 所 次 场 期 套 台 间 册 篇 件 支 种 条 批 位 户 "
    "座 节 份 处 辆 株 张 卷 轮 所次 余人"
).split()
for _u in _COUNT_UNITS:
    _UNIT_ALIASES.setdefault(_u, _u)
_UNIT_ALIASES.pop("余人", None)
_UNITS_SORTED = sorted(_UNIT_ALIASES, key=len, reverse=True)
COUNT_UNITS = frozenset(u for u in _COUNT_UNITS if u != "余人")

# a unit followed by these characters is the start of another word, not a unit
_BAD_NEXT = {
    "个": "月体", "名": "单称列额", "部": "门分署长", "本": "科土人身领", "人": "民才员口文士",
    "家": "庭长乡属", "期": "间刊末限待望", "次": "数序", "场": "地所景", "间": "隔", "所": "属在以有",
    "门": "户类槛", "位": "于置一居", "台": "账", "条": "件例", "件": "事", "份": "额",
    "处": "理长室", "支": "部持撑柱", "种": "植子类", "座": "谈", "项": "目", "张": "力",
    "轮": "换", "节": "日约点能目课", "批": "准示复",
}
_APPROX_AFTER = ("余", "多", "来")
_APPROX_BEFORE = ("将近", "接近", "大约", "超过", "近", "约", "逾", "超")
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3}
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?")
_CN_RUN = re.compile(rf"[{_CN_DIGITS}]+")
_RATIO = re.compile(r"(\d+(?:[.．]\d+)?)\s*[:：]\s*1(?![\d.．])")
_QUOTES = [("“", "”"), ("《", "》"), ('"', '"'), ("「", "」"), ("『", "』"), ("〈", "〉")]
_YEARLIKE_NEXT = ("年", "学年", "级", "届", "版", "-", "—", "－", "~", "～", "至", "/", "－")
_NUMBERING = re.compile(
    r"^\s*(?:[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[）)]"
    r"|\d{1,2}\s*[.．、](?!\d)|[一二三四五六七八九十]{1,3}\s*[、．.]|[①-⑳]|第[一二三四五六七八九十\d]+[，、])\s*"
)


@dataclass
class Figure:
    """One figure as written: its text and span, value, canonical unit and written precision."""

    text: str
    start: int
    end: int
    value: float
    unit: str
    decimals: int = 0
    approx: str | None = None
    kind: str = "number"  # number | percent | points | ratio
    chinese: bool = False

    @property
    def half_step(self) -> float:
        """Half a unit of the last digit written: 46.2 → 0.05, 17402 → 0.5."""
        return 0.5 * 10 ** (-self.decimals)

    def interval(self) -> tuple[float, float]:
        """The values this figure may stand for, in its own unit (rounding and 余/近/约 included)."""
        v = self.value
        if self.approx is None:
            if self.decimals == 0 and (self.unit in COUNT_UNITS or self.unit == "") and self.kind == "number":
                return v, v  # whole counts are exact: 796 people is 796, not 795.5–796.5
            return v - self.half_step, v + self.half_step
        step = _approx_step(v, self.decimals)
        if self.approx in ("余", "多", "来"):
            return v, v + step
        if self.approx in ("超过", "逾", "超"):
            return v, float("inf")  # "超过 500 人次" is true of any larger value
        if self.approx in ("近", "将近", "接近"):
            return v - step, v
        tol = max(step / 2, abs(v) * 0.05)  # 约 / 大约
        return v - tol, v + tol


def _approx_step(v: float, decimals: int) -> float:
    """The rough step an approximate figure leaves open: 200余 → 100, 2万余 → 1万, 50余 → 10."""
    if decimals > 0:
        return 10 ** (-decimals + 1)
    n = int(round(abs(v)))
    if n == 0:
        return 1.0
    zeros = 0
    while n % 10 == 0 and n >= 10:
        n //= 10
        zeros += 1
    return float(10 ** max(zeros, 1 if abs(v) >= 10 else 0))


def strip_numbering(text: str) -> int:
    """Length of the list numbering at the start of ``text`` (1. / （1） / 一、 / ①), else 0."""
    m = _NUMBERING.match(text)
    return m.end() if m else 0


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans inside quotes or book-title marks (numbers there are names)."""
    spans: list[tuple[int, int]] = []
    for open_, close in _QUOTES:
        pos = 0
        while True:
            i = text.find(open_, pos)
            if i < 0:
                break
            j = text.find(close, i + 1)
            if j < 0 or (j - i > 40 and open_ != "《"):
                pos = i + 1
                continue
            spans.append((i, j + 1))
            pos = j + 1
    return spans


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\u3000\u00a0":
        i += 1
    return i


def _prev_char(text: str, i: int) -> tuple[str, int]:
    j = i - 1
    while j >= 0 and text[j] in " \t\u3000\u00a0":
        j -= 1
    return (text[j], j) if j >= 0 else ("", -1)


def _read_tail(text: str, i: int) -> tuple[str | None, float, str | None, int, str]:
    """After a number: (scale word, scale, approx word, end index, unit) — unit "" if none."""
    j = _skip_spaces(text, i)
    scale_word, scale, approx = None, 1.0, None
    if j < len(text) and text[j] in _SCALES and not text.startswith("万亿", j):
        scale_word, scale = text[j], _SCALES[text[j]]
        j = _skip_spaces(text, j + 1)
    if j < len(text) and text[j] in _APPROX_AFTER and not text.startswith("多元", j) and not text.startswith("多种", j):
        approx = text[j]
        j = _skip_spaces(text, j + 1)
        if scale_word is None and j < len(text) and text[j] in "万亿" and text[j + 1 : j + 2] != "亿":
            scale_word, scale = text[j], _SCALES[text[j]]
            j = _skip_spaces(text, j + 1)
    unit = ""
    for u in _UNITS_SORTED:
        if text.startswith(u, j):
            nxt = text[j + len(u) : j + len(u) + 1]
            if nxt and nxt in _BAD_NEXT.get(u, ""):
                continue
            if u in ("M", "m2") and nxt.isalpha():
                continue
            if u.isascii() and u.isalpha() and nxt.isascii() and nxt.isalpha():
                continue
            unit = u
            j += len(u)
            break
    return scale_word, scale, approx, j, unit


def _compose_unit(scale_word: str | None, unit_written: str) -> tuple[str, float]:
    """Canonical unit and value multiplier: 万+人 → 万人 (×1), 万 alone → '' (×10000)."""
    canon = _UNIT_ALIASES.get(unit_written, unit_written)
    if scale_word is None:
        return canon, 1.0
    if canon in ("元", "平方米", "人次", "学时", "小时") or canon in COUNT_UNITS:
        if scale_word in ("万", "亿") and canon == "元":
            return scale_word + "元", 1.0
        if scale_word == "万":
            return "万" + canon, 1.0
    return canon, _SCALES[scale_word]


def _approx_before(text: str, start: int) -> tuple[str | None, int]:
    """An approximation word right before ``start`` (约 / 近 / 超过 …) and where it begins."""
    j = start
    while j > 0 and text[j - 1] in " \t\u3000":
        j -= 1
    for w in _APPROX_BEFORE:
        if text.endswith(w, 0, j):
            if w == "近" and text.endswith(("最近", "附近", "接近", "将近"), 0, j):
                continue
            if w == "超" and text.endswith("超过", 0, j + 0):
                continue
            return w, j - len(w)
    return None, start


def _excluded_before(text: str, start: int, spans: list[tuple[int, int]]) -> bool:
    """Ordinals, references, codes, formulas: numbers that are names, not quantities."""
    if _in_spans(start, spans):
        return True
    ch, k = _prev_char(text, start)
    if not ch:
        return False
    if ch == "第" or ch in "+＋#№" or (ch.isascii() and ch.isalpha()):
        return True
    if ch in "〕]】" or (ch in "-－—–~～/" and k > 0 and _prev_char(text, k)[0].isdigit()):
        return True
    if ch in "表图" or text.endswith(("案例", "附表", "编号", "学号", "代码", "序号", "每"), 0, k + 1):
        return True
    return False


def _yearlike(text: str, start: int, end: int, raw: str) -> bool:
    if not (len(raw) == 4 and raw.isdigit() and 1900 <= int(raw) <= 2099):
        return False
    j = _skip_spaces(text, end)
    prev = _prev_char(text, start)[0]
    return text.startswith(_YEARLIKE_NEXT, j) or (bool(prev) and prev in "-－—~～至")


def _range_or_formula_after(text: str, end: int) -> bool:
    j = _skip_spaces(text, end)
    if j < len(text) and text[j] in "+＋/":
        return True
    if j < len(text) and text[j] in "-－~～—–至" and j + 1 < len(text):
        k = _skip_spaces(text, j + 1)
        return k < len(text) and (text[k].isdigit())
    return False


def parse_cn_number(raw: str) -> float | None:
    """Value of a Chinese numeral (十二 → 12, 两 → 2, 一百 → 100, 千 → 1000); None if not one."""
    s = raw.replace("两", "二").replace("〇", "零")
    if s[0] in "十百千万":
        s = "一" + s
    return _cn2an(s)


_CN_DIGIT = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10**4, "亿": 10**8}


@lru_cache(maxsize=512)
def _cn2an(s: str) -> float | None:
    """Chinese numeral → number. A small built-in parser (cn2an costs 0.3 s to import); cn2an
    is only consulted for forms this parser does not know."""
    if all(c in _CN_DIGIT for c in s):
        return float("".join(str(_CN_DIGIT[c]) for c in s)) if len(s) > 1 else float(_CN_DIGIT[s])
    total = section = number = 0
    for c in s:
        if c in _CN_DIGIT:
            number = _CN_DIGIT[c]
        elif c in _CN_SMALL:
            section += (number or 1) * _CN_SMALL[c]
            number = 0
        elif c in _CN_BIG:
            total = (total + section + number) * _CN_BIG[c]
            section = number = 0
        else:
            return _cn2an_lib(s)
    return float(total + section + number)


def _cn2an_lib(s: str) -> float | None:
    try:
        import cn2an

        return float(cn2an.cn2an(s, "smart"))
    except Exception:  # noqa: BLE001 - cn2an raises bare ValueError/KeyError on odd input
        return None


def extract_figures(text: str) -> list[Figure]:
    """Every figure in a piece of prose, in order, with spans into ``text``."""
    spans = _quoted_spans(text)
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    head = strip_numbering(text)
    for m in _RATIO.finditer(text):
        if m.start() < head or _excluded_before(text, m.start(), spans):
            continue
        raw = m.group(1).replace("．", ".")
        dec = len(raw.split(".")[1]) if "." in raw else 0
        out.append(Figure(m.group(0), m.start(), m.end(), float(raw), ":1", dec, None, "ratio"))
        taken.append((m.start(), m.end()))
    for m in _ARABIC.finditer(text):
        s, e = m.start(), m.end()
        if s < head or any(a <= s < b for a, b in taken):
            continue
        if s > 0 and (text[s - 1].isdigit() or text[s - 1] in ".．"):
            continue
        fig = _arabic_figure(text, m.group(0), s, e, spans)
        if fig:
            out.append(fig)
    for m in _CN_RUN.finditer(text):
        if m.start() < head:
            continue
        fig = _chinese_figure(text, m.group(0), m.start(), m.end(), spans)
        if fig:
            out.append(fig)
    out.sort(key=lambda f: f.start)
    return out


def _arabic_figure(text: str, raw: str, s: int, e: int, spans: list[tuple[int, int]]) -> Figure | None:
    if _excluded_before(text, s, spans) or _yearlike(text, s, e, raw) or _range_or_formula_after(text, e):
        return None
    nxt = text[e : e + 1]
    if nxt.isascii() and nxt.isalpha() and not text.startswith(("GB", "TB", "Mbps", "Gbps", "M", "m2"), e):
        return None
    scale_word, scale, approx, end, unit = _read_tail(text, e)
    if not unit and scale_word is None:
        return None
    if unit == "%" and approx:
        approx = None
    number = raw.replace(",", "").replace("．", ".")
    dec = len(number.split(".")[1]) if "." in number else 0
    canon, mult = _compose_unit(scale_word, unit)
    value = float(number) * mult
    if mult != 1.0:
        dec = max(dec - len(str(int(mult))) + 1, 0) if "." in number else 0
    before, b_start = _approx_before(text, s)
    if approx is None and before:
        approx = before
    kind = {"%": "percent", "百分点": "points"}.get(canon, "number")
    return Figure(text[s:end], s, end, value, canon, dec, approx, kind)


def _chinese_figure(text: str, raw: str, s: int, e: int, spans: list[tuple[int, int]]) -> Figure | None:
    if _excluded_before(text, s, spans) or raw in ("一", "亿", "零", "〇"):
        return None
    if raw in ("万", "千", "百") and _approx_before(text, s)[0] is None:
        return None  # 近千人 is a figure, 千亿级 / 百县 are not
    prev, _ = _prev_char(text, s)
    if prev and (prev.isdigit() or prev in "星周初其之统唯同逐专单万十百千第"):
        return None
    if raw.endswith(("万", "亿")) and len(raw) == 1:
        return None
    scale_word, scale, approx, end, unit = _read_tail(text, e)
    if not unit or unit in ("%", "‰", "GB", "TB", "Mbps", "Gbps", "M", "倍"):
        return None
    value = parse_cn_number(raw)
    if value is None or value < 2 and approx is None:
        return None
    canon, mult = _compose_unit(scale_word, unit)
    before, _ = _approx_before(text, s)
    return Figure(text[s:end], s, end, value * mult, canon, 0, approx or before,
                  "points" if canon == "百分点" else "number", chinese=True)


_CELL_NUM = re.compile(r"^\s*([-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:[.．]\d+)?)\s*(%|％|‰)?\s*$")


def cell_figure(cell: str, unit: str = "") -> Figure | None:
    """A table cell that is a plain number (``17402``, ``46.23%``, ``1,234.5``); None otherwise."""
    m = _CELL_NUM.match(cell or "")
    if not m:
        return None
    raw = m.group(1).replace(",", "").replace("．", ".")
    dec = len(raw.split(".")[1]) if "." in raw else 0
    u = "%" if m.group(2) in ("%", "％") else ("‰" if m.group(2) == "‰" else unit)
    kind = "percent" if u == "%" else "number"
    text = cell.strip()
    start = cell.find(text)
    return Figure(text, start, start + len(text), float(raw), u, dec, None, kind)
