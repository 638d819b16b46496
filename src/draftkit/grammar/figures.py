"""Find the figures a report cites: numbers with their unit, scale and approximation.

A *figure* is a quantity a reader could check: ``17402人``, ``46.23%``, ``1.74万人``,
``200余人``, ``近千人``, ``十二个``, ``15.85：1``, ``12台（套）``. Years, dates, ordinals (第五届),
numbers inside names and quotes (“51020”产业集群, 1+X, 《…2030…》), document numbers
(教职成司函[2023]28号), list numbering, bare numbers without a unit and last year's numbers marked
for checking (【待核实：931人】, written by roll forward) are *not* figures in prose.
Table cells are numbers whose unit comes from the header; :func:`cell_figure` reads those.
Any measure word of the unit table, and any unit a data file declares (``units=``), is read as
the unit after a number. :meth:`Figure.rewrite` writes another value the way the figure was
written (precision, 万/亿, Chinese numerals, thousands separators).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..units import TEXT_UNITS, WRITTEN_FORMS, is_count_unit, normalize_unit
from .numbering import numbering_length
from .numerals import CN_DIGITS, cn_numeral, parse_cn_number

__all__ = ["Figure", "extract_figures", "cell_figure", "number_cell", "is_number_token", "label_unit", "is_unit_cell",
           "text_units", "UNVERIFIED", "UNVERIFIED_RE"]

# written in text → the canonical unit, beyond units.normalize_unit
_TEXT_FORMS = {"M": "Mbps", "个学时": "学时", "个百分点": "百分点", "‰": "‰", "％": "%", "%": "%", "倍": "倍"}
# a unit followed by these characters is the start of another word, not a unit
_BAD_NEXT = {
    "个": "月体", "名": "单称列额", "部": "门分署长", "本": "科土人身领", "人": "民才员口文士",
    "家": "庭长乡属", "期": "间刊末限待望", "次": "数序", "场": "地所景", "间": "隔", "所": "属在以有",
    "门": "户类槛", "位": "于置一居", "台": "账", "条": "件例", "件": "事", "份": "额",
    "处": "理长室", "支": "部持撑柱", "种": "植子类", "座": "谈", "项": "目", "张": "力",
    "轮": "换", "节": "日约点能目课", "批": "准示复", "班": "级主子会组", "组": "织建成长委合",
    "村": "民委级", "首": "批次席个先", "例": "如", "集": "团体中成聚", "讲": "座堂授解话", "队": "伍员",
    "届": "毕", "栋": "梁社楼宿教学公", "学分": "制银", "户": "籍口",
    "分": "钟析别类校院会配享批期段项散管担布解摊数", "名次": "",
}
_APPROX_AFTER = ("余", "多", "来")
_APPROX_BEFORE = ("将近", "接近", "大约", "超过", "近", "约", "逾", "超")
_SCALES = {"万": 1e4, "亿": 1e8, "千": 1e3}

_ARABIC = re.compile(r"\d{1,3}(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?")
_CN_RUN = re.compile(rf"[{CN_DIGITS}]+")
_RATIO = re.compile(r"(\d+(?:[.．]\d+)?)\s*[:：∶]\s*1(?![\d.．])")
_QUOTES = [("“", "”"), ("《", "》"), ('"', '"'), ("「", "」"), ("『", "』"), ("〈", "〉")]
_YEARLIKE_NEXT = ("年", "学年", "级", "届", "版", "-", "—", "－", "~", "～", "至", "/", "－")
_SPACES = " \t\u3000\u00a0"
#: a number of last year's report that roll forward could not update: shown to the writer, not a claim
UNVERIFIED = "【待核实：{}】"
UNVERIFIED_RE = re.compile(r"【\s*待\s*核\s*实\s*[：:]?[^】【]{0,40}】")  # PDF text may space, wrap or drop the ：


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
    raw: str = ""          # the number as written ("1,234.50", "十二")
    scale: float = 1.0     # what the written number was multiplied by (万 with no unit: 1e4)

    @property
    def half_step(self) -> float:
        """Half a unit of the last digit written: 46.2 → 0.05, 17402 → 0.5."""
        return 0.5 * 10 ** (-self.decimals)

    def interval(self) -> tuple[float, float]:
        """The values this figure may stand for, in its own unit (rounding and 余/近/约 included)."""
        v = self.value
        if self.approx is None:
            if self.decimals == 0 and (self.unit == "" or is_count_unit(self.unit)) and self.kind == "number":
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

    def rewrite(self, value: float) -> str:
        """``value`` (in this figure's unit) written the way this figure was: the same decimals,
        万/亿 scale, Chinese or Arabic digits, thousands separators, approximation and unit."""
        raw = self.raw or self.text
        n = value / self.scale
        if self.approx:  # 200余 is written to the hundred: 236 → 200余, 312 → 300余; 近 rounds up, 约 to nearest
            step = _written_step(self.value / self.scale, self.decimals)
            n = _to_step(n, step, self.approx)
        if self.chinese:
            number = cn_numeral(int(round(n)))
        else:
            dec = len(raw.replace("．", ".").split(".")[1]) if ("." in raw or "．" in raw) else 0
            number = _round_text(n, dec)
            if "," in raw:
                head, dot, tail = number.partition(".")
                number = f"{int(head):,}" + (dot + tail if dot else "") if head.lstrip("-").isdigit() else number
            if "．" in raw:
                number = number.replace(".", "．")
        i = self.text.find(raw)
        return self.text[:i] + number + self.text[i + len(raw):] if i >= 0 else number


def _written_step(v: float, decimals: int) -> float:
    """The last place a number was written to: 200 → 100, 2 → 1, 1500 → 100, 1.5 → 0.1."""
    if decimals > 0:
        return 10.0 ** -decimals
    n = int(round(abs(v)))
    zeros = 0
    while n and n % 10 == 0:
        n //= 10
        zeros += 1
    return 10.0 ** zeros


def _to_step(n: float, step: float, approx: str) -> float:
    """``n`` rounded to ``step`` the way the approximation word reads: 余/多/超过 down, 近 up, 约 nearest."""
    import math

    q = n / step
    if approx in ("余", "多", "来", "超过", "逾", "超"):
        q = math.floor(q + 1e-9)
    elif approx in ("近", "将近", "接近"):
        q = math.ceil(q - 1e-9)
    else:
        q = math.floor(q + 0.5)
    return q * step


def _round_text(value: float, dec: int) -> str:
    from ..units import _round_half_up

    text = f"{_round_half_up(value, dec):.{dec}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


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


@lru_cache(maxsize=64)
def text_units(extra: tuple[str, ...] = ()) -> tuple[tuple[str, ...], dict[str, str]]:
    """(unit words longest first, written form → canonical unit) read after a number: the unit
    table's simple units and measure words, their written variants, and ``extra`` (a data file's)."""
    forms: dict[str, str] = {}
    for u in (*TEXT_UNITS, *WRITTEN_FORMS, *extra):
        if u and "/" not in u and not u.startswith(":"):
            forms.setdefault(u, normalize_unit(u))
    for u in extra:  # a declared unit written with half-width parentheses: 台(套)
        if u and "/" not in u and not u.startswith(":"):
            forms.setdefault(u.replace("（", "(").replace("）", ")"), normalize_unit(u))
    forms.update(_TEXT_FORMS)
    return tuple(sorted(forms, key=len, reverse=True)), forms


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
    spans.extend(m.span() for m in UNVERIFIED_RE.finditer(text))
    spans.extend(_cut_marks(text))
    return spans


_OPEN_MARK = re.compile(r"【\s*待\s*核\s*实\s*[：:][^】【]{0,40}$")


def _cut_marks(text: str) -> list[tuple[int, int]]:
    """A 【待核实：…】 mark that a page break cut in two (PDF text: "…在籍学员【待核实：" | "2460 人】，…"):
    the open end of one passage and the close at the start of the next."""
    out = []
    m = _OPEN_MARK.search(text)
    if m:
        out.append((m.start(), len(text) + 1))
    j = text.find("】", 0, 41)
    if j >= 0 and "【" not in text[:j]:
        out.append((-1, j + 1))
    return out


def _in_spans(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


def _skip_spaces(text: str, i: int) -> int:
    while i < len(text) and text[i] in _SPACES:
        i += 1
    return i


def _prev_char(text: str, i: int) -> tuple[str, int]:
    j = i - 1
    while j >= 0 and text[j] in _SPACES:
        j -= 1
    return (text[j], j) if j >= 0 else ("", -1)


def _read_unit(text: str, j: int, units: tuple[tuple[str, ...], dict[str, str]]) -> tuple[str, int]:
    """(unit as written, end) for the unit word starting at ``j``; ("", j) when there is none."""
    words, _ = units
    for u in words:
        if text.startswith(u, j):
            nxt = text[j + len(u) : j + len(u) + 1]
            if nxt and nxt in _BAD_NEXT.get(u, ""):
                continue
            if u in ("M", "m2") and nxt.isalpha():
                continue
            if u.isascii() and u.isalpha() and nxt.isascii() and nxt.isalpha():
                continue
            return u, j + len(u)
    return "", j


def _read_tail(text: str, i: int, units) -> tuple[str | None, float, str | None, int, str]:  # noqa: ANN001
    """After a number: (scale word, scale, approx word, end index, unit as written) — unit "" if none."""
    j = _skip_spaces(text, i)
    scale_word, scale, approx = None, 1.0, None
    if j < len(text) and text[j] in _SCALES and not text.startswith("万亿", j):
        scale_word, scale = text[j], _SCALES[text[j]]
        j = _skip_spaces(text, j + 1)
    if j < len(text) and text[j] in _APPROX_AFTER and not text.startswith(("多元", "多种"), j):
        approx = text[j]
        j = _skip_spaces(text, j + 1)
        if scale_word is None and j < len(text) and text[j] in "万亿" and text[j + 1 : j + 2] != "亿":
            scale_word, scale = text[j], _SCALES[text[j]]
            j = _skip_spaces(text, j + 1)
    unit, j2 = _read_unit(text, j, units)
    return scale_word, scale, approx, (j2 if unit else j), unit


def _compose_unit(scale_word: str | None, unit_written: str, forms: dict[str, str]) -> tuple[str, float]:
    """Canonical unit and value multiplier: 万+人 → 万人 (×1), 万 alone → '' (×10000)."""
    canon = forms.get(unit_written, normalize_unit(unit_written)) if unit_written else ""
    if scale_word is None:
        return canon, 1.0
    if canon and scale_word in ("万", "亿") and (canon == "元" or is_count_unit(canon)
                                                 or canon in ("平方米", "学时", "小时")):
        if canon == "元" or scale_word == "万":
            return scale_word + canon, 1.0
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


def _decimal_places(text: str, end: int, unit: str) -> bool:
    """"保留两位小数" / "2位小数": a number of decimal places, not a count of persons (位)."""
    return unit == "位" and text.startswith("小数", _skip_spaces(text, end))


def extract_figures(text: str, units: tuple[str, ...] = ()) -> list[Figure]:
    """Every figure in a piece of prose, in order, with spans into ``text``; ``units`` are extra
    unit words to read after numbers (a data file's measure words: 场次, 台（套）…)."""
    spans = _quoted_spans(text)
    table = text_units(tuple(units))
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    head = numbering_length(text)
    for m in _RATIO.finditer(text):
        if m.start() < head or _excluded_before(text, m.start(), spans):
            continue
        raw = m.group(1)
        number = raw.replace("．", ".")
        dec = len(number.split(".")[1]) if "." in number else 0
        out.append(Figure(m.group(0), m.start(), m.end(), float(number), ":1", dec, None, "ratio", raw=raw))
        taken.append((m.start(), m.end()))
    for m in _ARABIC.finditer(text):
        s, e = m.start(), m.end()
        if s < head or any(a <= s < b for a, b in taken):
            continue
        if s > 0 and (text[s - 1].isdigit() or text[s - 1] in ".．"):
            continue
        fig = _arabic_figure(text, m.group(0), s, e, spans, table)
        if fig:
            out.append(fig)
    for m in _CN_RUN.finditer(text):
        if m.start() < head:
            continue
        fig = _chinese_figure(text, m.group(0), m.start(), m.end(), spans, table)
        if fig:
            out.append(fig)
    out.sort(key=lambda f: f.start)
    return out


def _arabic_figure(text: str, raw: str, s: int, e: int, spans: list[tuple[int, int]], table) -> Figure | None:  # noqa: ANN001
    if _excluded_before(text, s, spans) or _yearlike(text, s, e, raw) or _range_or_formula_after(text, e):
        return None
    nxt = text[e : e + 1]
    if nxt.isascii() and nxt.isalpha() and not text.startswith(("GB", "TB", "Mbps", "Gbps", "M", "m2"), e):
        return None
    scale_word, scale, approx, end, unit = _read_tail(text, e, table)
    if not unit and scale_word is None or _decimal_places(text, end, unit):
        return None
    if unit in ("%", "％") and approx:
        approx = None
    number = raw.replace(",", "").replace("．", ".")
    dec = len(number.split(".")[1]) if "." in number else 0
    canon, mult = _compose_unit(scale_word, unit, table[1])
    value = float(number) * mult
    if mult != 1.0:
        dec = max(dec - len(str(int(mult))) + 1, 0) if "." in number else 0
    before, _ = _approx_before(text, s)
    if approx is None and before:
        approx = before
    kind = {"%": "percent", "百分点": "points"}.get(canon, "number")
    return Figure(text[s:end], s, end, value, canon, dec, approx, kind, raw=raw, scale=mult)


def _chinese_figure(text: str, raw: str, s: int, e: int, spans: list[tuple[int, int]], table) -> Figure | None:  # noqa: ANN001
    if _excluded_before(text, s, spans) or raw in ("一", "亿", "零", "〇"):
        return None
    if raw in ("万", "千", "百") and _approx_before(text, s)[0] is None:
        return None  # 近千人 is a figure, 千亿级 / 百县 are not
    prev, _ = _prev_char(text, s)
    if prev and (prev.isdigit() or prev in "星周初其之统唯同逐专单万十百千第"):
        return None
    if raw.endswith(("万", "亿")) and len(raw) == 1:
        return None
    scale_word, scale, approx, end, unit = _read_tail(text, e, table)
    canon_unit = table[1].get(unit, unit)
    if not unit or canon_unit in ("%", "‰", "GB", "TB", "Mbps", "Gbps", "倍") or _decimal_places(text, end, unit):
        return None
    value = parse_cn_number(raw)
    if value is None or value < 2 and approx is None:
        return None
    canon, mult = _compose_unit(scale_word, unit, table[1])
    before, _ = _approx_before(text, s)
    return Figure(text[s:end], s, end, value * mult, canon, 0, approx or before,
                  "points" if canon == "百分点" else "number", chinese=True, raw=raw, scale=mult)


_CELL_NUM = re.compile(r"^\s*([-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[-+]?\d+(?:[.．]\d+)?)\s*(%|％|‰)?\s*$")


def cell_figure(cell: str, unit: str = "") -> Figure | None:
    """A table cell that is a plain number (``17402``, ``46.23%``, ``1,234.5``); None otherwise."""
    m = _CELL_NUM.match(cell or "")
    if not m:
        return None
    raw = m.group(1)
    number = raw.replace(",", "").replace("．", ".")
    dec = len(number.split(".")[1]) if "." in number else 0
    u = "%" if m.group(2) in ("%", "％") else ("‰" if m.group(2) == "‰" else unit)
    kind = "percent" if u == "%" else "number"
    text = cell.strip()
    start = cell.find(text)
    return Figure(text, start, start + len(text), float(number), u, dec, None, kind, raw=raw)


_RATIO_CELL = re.compile(r"^\s*\d+(?:[.．]\d+)?\s*[:：∶]\s*\d+(?:\.\d+)?\s*$")


def number_cell(text: str) -> Figure | None:
    """A cell or token that is one figure and nothing else: ``17402``, ``46.23%``, ``1,234``,
    ``12万元``, ``120人``; None otherwise (the number as written is ``float(f.raw)``)."""
    t = (text or "").strip().replace("，", ",")
    f = cell_figure(t)
    if f is not None:
        return f
    figs = extract_figures(t)
    return figs[0] if len(figs) == 1 and figs[0].start == 0 and figs[0].end == len(t) and not figs[0].chinese else None


def is_number_token(text: str) -> bool:
    """A table token that is a figure (``number_cell``) or a ratio (``15.85：1``, ``1:2``)."""
    return number_cell(text) is not None or bool(_RATIO_CELL.match(text or ""))


_UNIT_IN_PARENS = re.compile(r"[（(]\s*([^（）()]{1,8}?)\s*[）)]")


def label_name(label: str) -> str:
    """A row or column label without its leading year and trailing unit: "2022年湖北省企业“科技副总”"
    → 湖北省企业“科技副总”, "A类课（课程数比例）%" → A类课（课程数比例）, "经费收入（万元）" → 经费收入."""
    from .years import LEADING_YEAR

    name = LEADING_YEAR.sub("", re.sub(r"\s+", "", label))
    _, forms = text_units()
    last = None
    for last in _UNIT_IN_PARENS.finditer(name):
        pass
    if last is not None and last.end() == len(name) and last.group(1) in forms:
        return name[: last.start()]
    return name[:-1] if name.endswith(("%", "％")) else name


def label_unit(label: str) -> str:
    """Unit named in a header or row label: 经费收入总额（万元） → 万元, 比例 → %, 在校生人数 → 人."""
    _, forms = text_units()
    for m in _UNIT_IN_PARENS.finditer(label):
        u = m.group(1)
        if u in forms:
            return forms[u]
        if "/" in u or u in ("：1", ":1"):
            return normalize_unit(u)
    if label.endswith(("%", "（%）", "％")):
        return "%"
    if any(w in label for w in ("比例", "占比", "率")) and "生师比" not in label:
        return "%"
    if label.endswith("人数") or label.endswith("人次"):
        return "人次" if label.endswith("人次") else "人"
    return ""


def is_unit_cell(cell: str) -> bool:
    """A cell that is only a unit (万元, %, 人次, 万元/人, 元/生, :1), as in a 单位 column."""
    _, forms = text_units()
    t = cell.strip()
    if t in forms or normalize_unit(t) == ":1":
        return True
    head, _, per = t.partition("/")
    return bool(per) and head in forms and per in ("人", "生", "名", "年", "人年")
