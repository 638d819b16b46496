"""Figure binding: ``{{metric_id}}`` placeholders → formatted values; raw numbers checked.

Placeholders: ``{{id}}`` (the value with unit and precision), ``{{id.previous}}`` (last year's
value), ``{{id.growth}}`` (growth over last year, ``2.94%``), ``{{id.trend}}`` (``增长2.94%`` /
``下降1.20%`` / ``持平``; for shares ``提高1.65个百分点``). An unknown id or a missing
previous value is an *error* of the section (the placeholder is left visibly marked). Any number
the model wrote itself is compared with every metric value (in any convertible unit, also
previous values and growth rates) and every numeric table cell; one that matches nothing is an
``unsupported`` warning. Years, ordinals, dates, list numbering and table/figure/case numbers
are not figures and are ignored.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..units import UNITS, format_value

__all__ = ["BindResult", "BindIssue", "bind", "PLACEHOLDER_RE", "NOTE_RE", "find_raw_numbers", "supported_values",
           "normalize_draft"]

PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)(?:\.(growth|previous|trend))?\s*\}\}")
_NUM_RE = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)")
# Units that may follow a written number, longest first so 万元 wins over 元.
_UNIT_WORDS = sorted((u for u in UNITS if u and "/" not in u and not u.startswith(":")), key=len, reverse=True)
_DATE_AFTER = re.compile(r"^\s*(?:年|月|日|号|届|级|学年|年度|世纪|时|点|分|周年)")
_SKIP_BEFORE = re.compile(r"(?:第|表|图|案例|附表|附件|No\.|NO\.|№|[A-Za-z]|\d\s*[-－—~～])\s*$")
_SKIP_AFTER = re.compile(r"^(?:\s*[+＋]\s*[XxＸ]|[A-Za-z]|\s*[-－—]\s*\d|\s*[.．、)）](?!\d))")
# a placeholder followed by a unit the model repeated by mistake ({{students_total}}人)
_BIND_RE = re.compile(PLACEHOLDER_RE.pattern + "(?P<tail>个百分点|" + "|".join(map(re.escape, _UNIT_WORDS)) + ")?")
#: a writer note block (``::: note`` … ``:::``): exemplar excerpts for the writer, not draft body
NOTE_RE = re.compile(r"^:::[ \t]*note\b.*?^:::[ \t]*$", re.S | re.M)
_FENCE_RE = re.compile(r"^\s*```[a-zA-Z]*\s*\n(.*?)\n\s*```\s*$", re.S)
_LIST_LINE = re.compile(r"^\s*(?:#{1,6}\s*)?[（(]?\d+[)）.．、]")


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


def trend_text(metric: Any) -> str | None:
    """``增长2.94%`` / ``下降1.20%`` / ``持平``; for shares (unit %) ``提高1.65个百分点``."""
    if metric.value is None or metric.previous is None:
        return None
    if metric.unit in ("%", "‰"):
        change = float(metric.value) - float(metric.previous)
        text = format_value(abs(change), "百分点", metric.precision if metric.precision is not None else 2)
        zero = format_value(0.0, "百分点", metric.precision if metric.precision is not None else 2)
        return "持平" if text == zero else ("提高" if change > 0 else "下降") + text
    g = _growth(metric)
    if g is None:
        return None
    text = format_value(abs(g), "%", 2)
    return "持平" if text == format_value(0.0, "%", 2) else ("增长" if g > 0 else "下降") + text


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


def _decimals(raw: str) -> int:
    return len(raw.split(".")[1]) if "." in raw else 0


def _close(written: float, decimals: int, value: float) -> bool:
    """Does ``value`` round to ``written`` at the written precision (or equal it)?"""
    tol = 0.5 * 10 ** (-decimals) + 1e-9
    return abs(written - value) <= tol or (value != 0 and abs(written - value) / abs(value) < 1e-6)


@lru_cache(maxsize=None)
def _unit_groups(unit: str) -> tuple[tuple[float, frozenset[str]], ...]:
    """Conversion factors from ``unit`` to each same-dimension factor group, with its symbols."""
    info = UNITS.get(unit)
    if info is None:
        return ((1.0, frozenset({unit})),)
    groups: dict[float, set[str]] = {}
    for sym, other in UNITS.items():
        if other.dims == info.dims:
            groups.setdefault(info.factor / other.factor, set()).add(sym)
    groups.setdefault(1.0, set()).add(unit)
    if unit in ("%", "‰"):  # a share may also be written as a plain fraction
        groups.setdefault(info.factor, set()).add("")
    return tuple((f, frozenset(syms)) for f, syms in groups.items())


def _matches(written: float, decimals: int, unit_written: str, pool: list[tuple[float, str, str]]) -> bool:
    for value, unit, _src in pool:
        for factor, symbols in _unit_groups(unit):
            if unit_written and unit and unit_written not in symbols:
                continue
            if _close(written, decimals, value * factor):
                return True
    return False


def _unit_after(text: str, end: int) -> str:
    rest = text[end:end + 6].lstrip()
    if rest.startswith("个百分点"):
        return "百分点"
    for u in _UNIT_WORDS:
        if rest.startswith(u):
            return u
    return ""


def find_raw_numbers(text: str) -> list[tuple[str, str, int, int]]:
    """Numbers written in ``text`` that are figures: (raw, unit, start, end)."""
    found: list[tuple[str, str, int, int]] = []
    line_starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
    for match in _NUM_RE.finditer(text):
        raw, start, end = match.group(1), match.start(1), match.end(1)
        before, after = text[max(0, start - 4):start], text[end:end + 6]
        if _SKIP_BEFORE.search(before) or _SKIP_AFTER.match(after) or _DATE_AFTER.match(after):
            continue
        if before.endswith(("：", ":")) and raw == "1":  # 15.85：1
            continue
        line_start = max(s for s in line_starts if s <= start)
        if _LIST_LINE.match(text[line_start:end + 1]) and text[line_start:start].strip(" #（(") == "":
            continue
        value = float(raw.replace(",", ""))
        if "." not in raw and 1900 <= value <= 2100 and not _unit_after(text, end):
            continue  # a bare year
        found.append((raw, _unit_after(text, end), start, end))
    return found


def _unsupported(stripped: str, original: str, pool: list[tuple[float, str, str]]) -> list[BindIssue]:
    issues: list[BindIssue] = []
    for raw, unit, start, end in find_raw_numbers(stripped):
        written = float(raw.replace(",", ""))
        if math.isnan(written) or _matches(written, _decimals(raw), unit, pool):
            continue
        fig = raw + ("个百分点" if unit == "百分点" else unit)
        issues.append(BindIssue(
            "unsupported", "warning", fig, _sentence_at(original, start, end).replace("\u2060", ""),
            f"草稿中直接写出的数字 {fig} 与年度数据中的任何指标或表格数值都不符；"
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
