"""Figure binding: ``{{metric_id}}`` placeholders → formatted values; raw numbers checked.

Placeholders: ``{{id}}`` (the value with unit and precision), ``{{id.previous}}`` (last year's
value), ``{{id.growth}}`` (growth over last year, ``2.94%``), ``{{id.trend}}`` (``增长2.94%`` /
``下降1.20%`` / ``持平``; for shares ``提高1.65个百分点``; counts under 100 last year to one
decimal, ``增长40.0%``: see ``trend_text``). An unknown id or a missing
previous value is an *error* of the section (the placeholder is left visibly marked). Any number
the model wrote itself is compared with every metric value (in any convertible unit, also
previous values and growth rates) and every numeric table cell; one that matches nothing is an
``unsupported`` warning. Years, ordinals, dates, list numbering and table/figure/case numbers
are not figures and are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..grammar import Figure, extract_figures
from ..units import UNITS, format_value, unit_group

__all__ = ["BindResult", "BindIssue", "bind", "PLACEHOLDER_RE", "NOTE_RE", "find_raw_numbers", "supported_values",
           "normalize_draft"]

PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.(growth|previous|trend))?\s*\}\}")
# Units that may follow a written number, longest first so 万元 wins over 元.
_UNIT_WORDS = sorted((u for u in UNITS if u and "/" not in u and not u.startswith(":")), key=len, reverse=True)
# a placeholder followed by a unit the model repeated by mistake ({{students_total}}人)
_BIND_RE = re.compile(PLACEHOLDER_RE.pattern + "(?P<tail>个百分点|" + "|".join(map(re.escape, _UNIT_WORDS)) + ")?")
#: a writer note block (``::: note`` … ``:::``): exemplar excerpts for the writer, not draft body
NOTE_RE = re.compile(r"^:::[ \t]*note\b.*?^:::[ \t]*$", re.S | re.M)
_FENCE_RE = re.compile(r"^\s*```[a-zA-Z]*\s*\n(.*?)\n\s*```\s*$", re.S)


@dataclass(frozen=True)
class BindIssue:
    """An error (unknown placeholder) or warning (unsupported raw number) of one section."""

    kind: str  # "unknown-metric" | "no-previous" | "unsupported"
    severity: str  # "error" | "warning"
    text: str  # the placeholder or the figure as written
    context: str  # the sentence it stands in
    message: str
    metric: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class BindResult:
    """The bound text, the metrics it cites, and its issues."""

    text: str
    metrics_used: list[str] = field(default_factory=list)
    issues: list[BindIssue] = field(default_factory=list)

    @property
    def errors(self) -> list[BindIssue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[BindIssue]:
        return [i for i in self.issues if i.severity == "warning"]


def _sentence_at(text: str, start: int, end: int) -> str:
    left = max(text.rfind(c, 0, start) for c in "。！？\n；")
    rights = [i for i in (text.find(c, end) for c in "。！？\n；") if i != -1]
    right = min(rights) + 1 if rights else len(text)
    return text[left + 1:right].strip()


def _growth(metric: Any) -> float | None:
    g = getattr(metric, "growth_rate", None)
    return g


def _render(yd: Any, mid: str, attr: str | None) -> str | None:
    metric = yd.get(mid)
    if metric is None:
        return None
    if attr is None:
        return yd.format(mid)
    if attr == "previous":
        if metric.previous is None:
            return None
        return format_value(metric.previous, metric.unit, metric.precision)
    if attr == "trend":
        return trend_text(metric)
    g = _growth(metric)
    if g is None:
        return None
    return format_value(g, "%", 2)


#: a count (people, items …) under this last year grows by more than one percentage point per unit:
#: its growth is given to one decimal, not two
SMALL_BASE = 100


def trend_text(metric: Any) -> str | None:
    """The change over last year as the report words it.

    - shares and rates (unit %): ``提高1.65个百分点`` / ``下降…`` / ``持平``;
    - counts (人, 项, 个 …) under ``SMALL_BASE`` last year: one decimal, ``增长40.0%`` for 5 → 7 (a
      second decimal would be noise); none last year: ``新增1门`` (there is no rate);
    - anything else: ``增长2.94%`` / ``下降1.20%`` / ``持平``.
    """
    if metric.value is None or metric.previous is None:
        return None
    if metric.unit in ("%", "‰"):
        change = float(metric.value) - float(metric.previous)
        text = format_value(abs(change), "百分点", metric.precision if metric.precision is not None else 2)
        zero = format_value(0.0, "百分点", metric.precision if metric.precision is not None else 2)
        return "持平" if text == zero else ("提高" if change > 0 else "下降") + text
    small = _is_count(metric.unit) and abs(float(metric.previous)) < SMALL_BASE
    if small and float(metric.previous) == 0:
        value = float(metric.value)
        return "持平" if value == 0 else ("新增" if value > 0 else "减少") + format_value(abs(value), metric.unit,
                                                                                      metric.precision)
    g = _growth(metric)
    if g is None:
        return None
    decimals = 1 if small else 2
    text = format_value(abs(g), "%", decimals)
    return "持平" if text == format_value(0.0, "%", decimals) else ("增长" if g > 0 else "下降") + text


def _is_count(unit: str | None) -> bool:
    """人, 项, 个, 人次 …: units that count things (their dimension is a count and nothing else)."""
    info = UNITS.get(unit or "")
    return info is not None and info.dim_map == {"count": 1} and info.factor == 1.0


def bind(text: str, yd: Any, *, check_raw: bool = True, pool: list[tuple[float, str, str]] | None = None) -> BindResult:
    """Replace every placeholder in ``text`` and check the raw numbers written around them.

    ``pool`` is :func:`supported_values` of ``yd``, passed in when binding many sections.
    """
    used: list[str] = []
    issues: list[BindIssue] = []
    if check_raw:
        def mask(m: re.Match[str]) -> str:
            return re.sub(r"[^\n]", "\u2060", m.group(0))

        stripped = NOTE_RE.sub(mask, PLACEHOLDER_RE.sub(mask, text))
        issues.extend(_unsupported(stripped, text, pool if pool is not None else supported_values(yd)))

    def repl(match: re.Match[str]) -> str:
        mid, attr, tail = match.group(1), match.group(2), match.group("tail") or ""
        value = _render(yd, mid, attr)
        if value is None:
            known = yd.get(mid) is not None
            kind = "no-previous" if known else "unknown-metric"
            msg = (f"占位符 {match.group(0)} 无法绑定：指标 {mid} 没有上年值（previous），无法计算"
                   + ("上年数" if attr == "previous" else "增长率") + "；请在年度数据中补充 previous"
                   if known else
                   f"占位符 {match.group(0)} 引用了数据中不存在的指标 {mid}；请改用事实清单中的指标 id，或在年度数据中补充该指标")
            issues.append(BindIssue(kind, "error", match.group(0), _sentence_at(text, match.start(), match.end()),
                                    msg, metric=mid))
            return f"【缺数据：{mid}{'.' + attr if attr else ''}】" + tail
        if mid not in used:
            used.append(mid)
        return value if value.endswith(tail) else value + tail

    bound = _BIND_RE.sub(repl, text)
    return BindResult(text=bound, metrics_used=used, issues=issues)


# --------------------------------------------------------------------------- raw numbers


def supported_values(yd: Any) -> list[tuple[float, str, str]]:
    """Every (value, unit, source id) a written number may legitimately stand for."""
    out: list[tuple[float, str, str]] = []
    for mid, m in getattr(yd, "metrics", {}).items():
        for v in (m.value, m.previous):
            if v is not None:
                out.append((float(v), m.unit or "", mid))
        g = _growth(m)
        if g is not None:
            out.append((float(g), "%", f"{mid}.growth"))
            if m.value is not None and m.previous is not None:
                out.append((abs(float(m.value) - float(m.previous)), m.unit or "", f"{mid}.change"))
    for tid, t in (getattr(yd, "tables", {}) or {}).items():
        for r, row in enumerate(t.rows):
            for c in range(len(row)):
                v = t.number(r, c)
                if v is not None:
                    out.append((float(v), getattr(t, "unit", None) or "", f"table:{tid}"))
    return out


def _in_unit(value: float, unit: str, fig_unit: str) -> float | None:
    """A data value in the unit a figure was written in; None when the two cannot stand for each other."""
    if not fig_unit:
        return value
    if fig_unit == "%" and unit in ("", "%") or fig_unit == "百分点" and unit in ("%", "百分点"):
        return value * 100 if unit == "" else value
    (g1, f1), (g2, f2) = unit_group(fig_unit), unit_group(unit)
    return value * f2 / f1 if g1 == g2 else None


def _supported(fig: Figure, pool: list[tuple[float, str, str]]) -> bool:
    """The figure stands for some value of the data (rounding to its written digits, 余/约 included)."""
    lo, hi = fig.interval()
    for value, unit, _src in pool:
        v = _in_unit(value, unit, fig.unit)
        if v is not None and lo - 1e-9 * max(1.0, abs(v)) <= v <= hi + 1e-9 * max(1.0, abs(v)):
            return True
    return False


def find_raw_numbers(text: str, units: tuple[str, ...] = ()) -> list[Figure]:
    """The figures written in ``text`` (the one figure grammar, line by line so that list numbering
    at a line start is skipped): years, ordinals, dates and bare numbers are not figures."""
    found: list[Figure] = []
    pos = 0
    for line in text.split("\n"):
        body = line.lstrip("# ")
        shift = pos + len(line) - len(body)
        for f in extract_figures(body, units):
            f.start, f.end = f.start + shift, f.end + shift
            found.append(f)
        pos += len(line) + 1
    return found


def _unsupported(stripped: str, original: str, pool: list[tuple[float, str, str]]) -> list[BindIssue]:
    issues: list[BindIssue] = []
    for fig in find_raw_numbers(stripped):
        if _supported(fig, pool):
            continue
        issues.append(BindIssue(
            "unsupported", "warning", fig.text, _sentence_at(original, fig.start, fig.end).replace("\u2060", ""),
            f"草稿中直接写出的数字 {fig.text} 与年度数据中的任何指标或表格数值都不符；"
            "请核实来源，改用事实清单中的 {{指标id}}，或删除该数字",
        ))
    return issues


def normalize_draft(text: str, title: str = "") -> str:
    """Tidy a model answer: drop a wrapping code fence and a repeated section title."""
    out = text.strip().replace("\r\n", "\n")
    fence = _FENCE_RE.match(out)
    if fence:
        out = fence.group(1).strip()
    lines = out.split("\n")
    if lines and title and lines[0].lstrip("#（()）一二三四五六七八九十、 ").strip() == title:
        out = "\n".join(lines[1:]).strip()
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out + "\n"
