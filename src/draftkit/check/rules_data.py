"""Rules that need the year's data: data-mismatch, growth against previous values, unsupported."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..grammar import extract_figures
from ..grammar.cues import CHANGE_CUE
from .arith import agrees, fig_interval, unit_group
from .common import finding, growth_cue
from .document import CheckDoc, Mention
from .model import Finding
from .names import TIME_LEAD
from .rules_table import _growth_cols
from .rules_text import check_growth

if TYPE_CHECKING:
    from ..data import Metric, YearData

__all__ = ["data_rules", "students_from_data", "metric_interval"]

_PARTIAL_TABLE = re.compile(r"主要|部分|典型|重点|代表性|前\s*\d+|TOP", re.I)
_COMPARE_HEADS = ("标准", "目标", "要求", "参考", "全国", "全省", "平均", "均值", "门槛")
# a sentence opening with these narrows its scope ("依托科研平台，…取得发明专利 7项"): a smaller
# figure there may be a part of the school's total, so a mismatch is only a warning
_SCOPE_OPENERS = ("依托", "借助", "通过", "依靠", "基于", "该项目", "本项目", "项目组", "团队", "该团队", "该中心",
                  "基地", "联合体", "共同体")


_UNIT_SUBJECT = re.compile(r"该?(?:专业群|[\u4e00-\u9fff]{2,4}(?:二级学院|分院|学院|专业群|(?<![体关联派谱维])系)(?![\u4e00-\u9fff]{0,2}(?:学院|大学)))")
_BESIDE_SCHOOL = ("产业学院", "项目", "基地", "中心", "企业", "工作室")  # not the school's own 院部/校区
_PERSON_SUBJECT = re.compile(r"博士|教授|老师|同学|该生|团队|课题组|工作室|名师|工匠|带领")


def students_from_data(data: "YearData") -> float | None:
    """The student count of the year (students_total, or a metric named 全日制在校生数)."""
    m = data.get("students_total")
    if m is None:
        hits = data.find_by_name("全日制在校生数") or data.find_by_name("在校生")
        m = hits[0] if hits else None
    return m.value if m is not None and m.value else None


def metric_interval(m: "Metric", previous: bool = False) -> tuple[float, float] | None:
    """The values a metric stands for: typed values keep the precision they were written with
    (a formula gives this year's value exactly; its ``previous`` is still typed, so rounded)."""
    v = m.previous if previous else m.value
    if v is None:
        return None
    if m.is_derived and not previous or m.precision is None:
        return v, v
    if m.precision == 0 and float(v).is_integer() and unit_group(m.unit)[0] in ("person", "count", "person_times"):
        return v, v
    half = 0.5 * 10 ** (-m.precision)
    return v - half, v + half


def _convert(iv: tuple[float, float], from_unit: str, to_unit: str) -> tuple[float, float]:
    f_from, f_to = unit_group(from_unit)[1], unit_group(to_unit)[1]
    return iv[0] * f_from / f_to, iv[1] * f_from / f_to


def data_rules(doc: CheckDoc, data: "YearData", linked: dict[int, str]) -> list[Finding]:
    """data-mismatch for every linked figure, growth-rate against data, unsupported warnings."""
    from .rules_datatable import data_table_rules

    out, checked = data_table_rules(doc, data)
    skip = _shadowed_cells(doc, linked, data) | checked
    for m in doc.mentions:
        mid = linked.get(id(m))
        if mid and id(m) not in skip:
            found = _mismatch(m, data.metrics[mid], doc, data=data)
            if not found and _which_value(m) != "growth":
                doc.verified.add(id(m))
            out += found
        elif m.link is not None and not m.link.strong and id(m) not in skip:
            out += _mismatch(m, data.metrics[m.link.metric], doc, weak=True, data=data)
    out += _growth_with_data(doc, data, linked)
    values = _DataValues(data)
    for m in doc.mentions:
        if m.row is None and m.link is None and not growth_cue(m) and not _enumeration(m) and not values.matches(m):
            out.append(finding("unsupported", "warning", m,
                               f"数据中没有与“{m.name}{m.fig.text}”对应的指标，无法核对这个数字；若它来自年度数据，"
                               "请在数据中补上该指标，或给已有指标加一个别名。"))
    return out


def _enumeration(m: Mention) -> bool:
    """A small count of the items listed right before it ("专业共建、实习就业和技术攻关三个工作组"):
    the text itself shows it."""
    if m.fig.approx or m.fig.decimals or not 2 <= m.fig.value <= 10:
        return False
    text = m.passage.text
    s, _ = m.passage.sentence_at(m.fig.start)
    start = max(s, *(text.rfind(c, 0, m.fig.start) + 1 for c in "，,；;：:"))
    items = [x for x in re.split(r"[、和及与]", text[start : m.fig.start]) if x.strip()]
    return len(items) == int(m.fig.value)


class _DataValues:
    """Every value the data holds (metrics this year and last, data-table cells): a figure that
    equals one of them in a compatible unit is supported even when no name links it. A small
    whole number (< 100) also needs a word of the metric's name (or the cell's labels) in its
    sentence, since such values recur by chance."""

    def __init__(self, data: "YearData"):
        self.items: list[tuple[tuple[float, float], str, str]] = []
        for m in data.metrics.values():
            unit = (m.unit or "").split("/")[0]
            names = "|".join(m.names)
            for prev in (False, True):
                iv = metric_interval(m, previous=prev)
                if iv is not None:
                    self.items.append((iv, unit, names))
            if m.change is not None and m.unit not in ("%", "‰"):  # 较上年增加 25人: the change itself
                self.items.append(((abs(m.change), abs(m.change)), unit, _CHANGE + names))
        from .document import unit_from_label
        from ..grammar import cell_figure

        for t in data.tables.values():
            units = [unit_from_label(c) or (t.unit or "") for c in t.columns]
            for row in t.rows:
                labels = "|".join([t.title, *(c for c in row if cell_figure(c.strip()) is None)])
                for j, cell in enumerate(row):
                    f = cell_figure(cell.strip(), units[j] if j < len(units) else "")
                    if f is not None:
                        head = t.columns[j] if j < len(t.columns) else ""
                        self.items.append((f.interval(), f.unit, labels + "|" + head))

        # words in the names of many metrics (学校, 专业, 国家…) tell nothing about which one a
        # small number is: a small whole number needs a word few metrics share
        counts: dict[str, int] = {}
        for m in data.metrics.values():
            for w in _words("|".join(m.names)):
                counts[w] = counts.get(w, 0) + 1
        limit = max(3, len(data.metrics) // 50)
        self.common = {w for w, n in counts.items() if n > limit} | {"学校", "全校", "本校", "我校", "学院", "全院"}
        self._raw = self._index(lambda iv, unit: (iv, True))
        self._base = self._index(lambda iv, unit: ((iv[0] * unit_group(unit)[1], iv[1] * unit_group(unit)[1]),
                                                   bool(unit)))

    def _index(self, conv) -> list[tuple[list[float], list[int], float]]:  # noqa: ANN001
        """The items ``conv`` keeps, in buckets of like width (an order of magnitude each): per
        bucket the sorted midpoints, item numbers and widest half-width, so a lookup pads each
        bucket by its own width (a 亿元 cell's rounding must not widen every lookup in 元)."""
        import math

        buckets: dict[int, list[tuple[float, int, float]]] = {}
        for k, (iv, unit, _) in enumerate(self.items):
            (lo, hi), keep = conv(iv, unit)
            if keep:
                half = (hi - lo) / 2
                key = math.floor(math.log10(half)) if half > 0 and math.isfinite(half) else (-99 if half == 0 else 99)
                buckets.setdefault(key, []).append(((lo + hi) / 2, k, half))
        out = []
        for rows in buckets.values():
            rows.sort()
            out.append(([r[0] for r in rows], [r[1] for r in rows], max(r[2] for r in rows)))
        return out

    def _near(self, index: list[tuple[list[float], list[int], float]], iv: tuple[float, float]) -> list[int]:
        import bisect

        out: list[int] = []
        for mids, ids, half in index:
            pad = half + 1e-6 * max(1.0, abs(iv[0]), abs(iv[1]))
            out += ids[bisect.bisect_left(mids, iv[0] - pad) : bisect.bisect_right(mids, iv[1] + pad)]
        return out

    def matches(self, m: Mention) -> bool:
        """The figure's value is one the data holds (same dimension, within rounding)."""
        fu = m.fig.unit
        small = m.fig.decimals == 0 and abs(m.fig.value) < 100
        sentence = m.context
        lo, hi = m.fig.interval()
        cands = set(self._near(self._raw, (lo, hi)))
        if fu:
            k = unit_group(fu)[1]
            cands |= set(self._near(self._base, (lo * k, hi * k)))
        for n in sorted(cands):
            iv, unit, names = self.items[n]
            if (fu == "%") != (unit == "%"):
                continue
            if fu and unit and unit_group(fu)[0] != unit_group(unit)[0]:
                continue
            if not agrees(fig_interval(m.fig, unit if fu and unit else None), iv):
                continue
            if names.startswith(_CHANGE):  # a change counts only where the text says it is one
                if CHANGE_CUE.search(m.passage.text[m.passage.clause_at(m.fig.start)[0] : m.fig.start]):
                    return True
                continue
            if not small or any(w in sentence for w in _words(names) if w not in self.common):
                return True
        return False


_CHANGE = "\x00change|"  # marks an item that is a metric's change over last year


def _words(names: str) -> set[str]:
    """The two-character Chinese words of a metric's names (overlapping windows)."""
    return {names[i : i + 2] for i in range(len(names) - 1)
            if all("\u4e00" <= ch <= "\u9fff" for ch in names[i : i + 2])}


def _shadowed_cells(doc: CheckDoc, linked: dict[int, str], data: "YearData") -> set[int]:
    """In a row whose label names one metric, only the cell closest to the data is compared
    (a row "国家奖学金 20 16" holds a count and an amount; 表1-5 holds the standard and the value)."""
    skip: set[int] = set()
    rows: dict[tuple[int, int, str], list[Mention]] = {}
    for m in doc.mentions:
        if m.row is not None and id(m) in linked:
            if any(w in m.col_label for w in _COMPARE_HEADS):
                skip.add(id(m))
                continue
            rows.setdefault((m.passage.block, m.row, linked[id(m)]), []).append(m)
    for (_, _, mid), ms in rows.items():
        t = ms[0].table
        totals = [x for x in ms if x.col_label.strip() in ("合计", "总计", "共计", "小计")]
        if len(ms) > 1 and totals:
            skip.update(id(x) for x in ms if x is not totals[-1])  # 社团数量 … 总计: the total is the metric
            continue
        if len(ms) > 1 and (t is None or _growth_cols(t) is None):
            want = data.metrics[mid].value or 0.0
            best = min(ms, key=lambda x: abs(_as_metric_unit(x, data.metrics[mid]) - want) / (abs(want) or 1.0))
            skip.update(id(x) for x in ms if x is not best)
    return skip


def _as_metric_unit(m: Mention, metric: "Metric") -> float:
    if m.fig.unit in ("", metric.unit) or unit_group(m.fig.unit)[0] != unit_group(metric.unit or "")[0]:
        return m.fig.value
    return m.fig.value * unit_group(m.fig.unit)[1] / unit_group(metric.unit or "")[1]


def _which_value(m: Mention) -> str:
    """"value", "previous" or "growth": 由 A 增长到 B, or a cell in a 上年/本年/增长率 table."""
    if m.role == "previous":
        return "previous"
    if m.table is None:
        return "value"
    cols = _growth_cols(m.table)
    if cols is None:
        return "value"
    if m.col == cols[0]:
        return "previous"
    if m.col == cols[2]:
        return "growth"
    return "value"


def _mismatch(m: Mention, metric: "Metric", doc: CheckDoc, weak: bool = False,
              data: "YearData | None" = None) -> list[Finding]:
    which = _which_value(m)
    if which == "growth":
        return []
    iv = metric_interval(metric, previous=which == "previous")
    if iv is None:
        return []
    unit = metric.unit or ""
    if "/" in unit and "/" not in m.fig.unit:
        unit = unit.split("/")[0]
    fig_unit = m.fig.unit or ("%" if metric.unit == "%" else unit)
    if m.fig.unit == "" and metric.unit == "%":
        fig_iv = m.fig.interval()
    else:
        fig_iv = fig_interval(m.fig, unit if unit_group(unit)[0] == unit_group(fig_unit)[0] else None)
    if agrees(fig_iv, iv):
        return []
    want = metric.previous if which == "previous" else metric.value
    shown = _in_written_unit(want, unit, m)
    data_text = metric.formatted(want)
    what = "上年值" if which == "previous" else "数据"
    src = f"（来源：{metric.source}）" if metric.source else ""
    rule = "part-whole" if (metric.unit == "%" and metric.is_derived and m.row is None) else "data-mismatch"
    if rule == "part-whole":
        how = formula_in_words(metric.formula or "", data.metrics if data else {})
        msg = f"占比与数据不符：“{metric.name}”按 {how} 计算为 {data_text}，文中写作 {m.fig.text}。"
    else:
        msg = f"与{what}不符：“{metric.name}”{what}为 {data_text}{src}，文中写作 {m.fig.text}。"
    severity = "error"
    if weak:
        severity = "warning"
        if m.link.rule == "attribute":
            msg = (f"可能指“{metric.name}”（但这个数字描述的是其后“的……”那一件事物，不一定是全校的值）：其{what}为 "
                   f"{data_text}{src}，文中写作 {m.fig.text}；若确指该指标请改正，否则可忽略。")
        elif m.link.rule == "short-alias":
            msg = (f"可能指“{metric.name}”（只凭简称“{m.link.words}”，句中没有它的其它名称）：其{what}为 {data_text}{src}，"
                   f"文中写作 {m.fig.text}；若确指该指标请改正，否则这里说的是另一件事，可忽略。")
        else:
            msg = (f"可能指“{metric.name}”（名称只是相近：{m.link.words}）：其{what}为 {data_text}{src}，文中写作 {m.fig.text}；"
                   "若确指该指标请改正，否则可在数据中为它补一个别名。")
    elif m.row is None and (metric.unit != "%" and _narrowed(m, metric.name) and fig_iv[1] < iv[0]
                            or metric.unit == "%" and _narrowed(m, metric.name) == "unit"):
        severity = "warning"
        msg += "（本句限定了范围，可能只是其中一部分，请核实。）"
    elif m.link_note == "column" and m.table is not None and _PARTIAL_TABLE.search(m.table.caption) \
            and fig_iv[1] < iv[0]:
        severity = "warning"
        msg += "（表题表明只列出一部分，合计可能不是全校数，请核实。）"
    return [finding(rule, severity, m, msg, metric=metric.id, expected=shown)]


def formula_in_words(formula: str, metrics: dict) -> str:
    """``graduates_employed / graduates_total`` → ``毕业去向落实人数 ÷ 毕业生数`` (ids with no metric stay)."""
    def name(m: "re.Match[str]") -> str:
        metric = metrics.get(m.group(0))
        return metric.name if metric is not None else m.group(0)

    text = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", name, formula)
    return re.sub(r"\s*\*\s*", " × ", re.sub(r"\s*/\s*", " ÷ ", text))


def _narrowed(m: Mention, name: str = "") -> str | None:
    """The sentence opens with a scope phrase (依托… / 通过… / 该项目…), after a time phrase
    (2023年度，) if any, or its subject (or the figure's clause's) is a person, a team or a unit
    below the school (金燕博士带领团队…, 该生…, 专业群…, 会计学院…) — unless that unit is what
    the metric counts (产业学院 for 产业学院数). Says which: "scope", or "unit" (a department's
    rate may be anything, a school-wide phrase like 通过… may still open a school figure)."""
    text = m.passage.text
    s = max(text.rfind(c, 0, m.fig.start) for c in "。！？\n") + 1  # a subject reaches over ；
    head = TIME_LEAD.sub("", text[s : s + 30].lstrip("，,。；;、 "))
    if head.startswith(_SCOPE_OPENERS) and not _opener_in_name(head, name) or _PERSON_SUBJECT.search(head[:18]):
        return "scope"
    part = max(s, *(text.rfind(c, s, m.fig.start) + 1 for c in "；;"))  # the part of the sentence
    a = max(part, *(text.rfind(c, part, m.fig.start) + 1 for c in "，,"))  # the clause, over 、
    for start in (head, text[part : part + 12].lstrip(" "), text[a : a + 12].lstrip(" ")):
        unit = _UNIT_SUBJECT.match(start)
        if unit and unit.group(0).removeprefix("该") not in name:
            return "unit"
    if m.fig.unit in ("人", "名") and a > s and _counts_units_beside_school(
            text[max(part, text.rfind("，", part, a - 1) + 1) : a], name):
        return "scope"  # "共建产业学院7个，在校生合计1804人": the students of those
    return None


def _opener_in_name(head: str, name: str) -> bool:
    """The scope phrase is the metric's own ("通过“事业单位招考”引进人才 7人" for “事业单位招考”引进人才数)."""
    opener = next(o for o in _SCOPE_OPENERS if head.startswith(o))
    words = head[len(opener) :].lstrip("“「《 ")[:4]
    return len(words) == 4 and words in name


def _counts_units_beside_school(clause: str, name: str) -> bool:
    """The clause counts units beside the school ("共建产业学院7个", "合作办学项目两个") that the
    metric does not count itself, and does not name the metric's own thing ("5家企业参与学校举办的
    技能竞赛月活动，参加人数共计 4600人" is the 技能竞赛月's count)."""
    plain = re.sub(r"\s+", "", name)
    if any(plain[i : i + 4] in clause for i in range(len(plain) - 3)):
        return False
    orgs = [w for w in _BESIDE_SCHOOL if w in clause and w not in name]
    return bool(orgs) and any(f.unit in ("个", "家", "所") for f in extract_figures(clause))


def _in_written_unit(value: float | None, unit: str, m: Mention) -> str:
    if value is None:
        return "—"
    if m.fig.unit and unit_group(m.fig.unit)[0] == unit_group(unit)[0] and m.fig.unit != unit:
        value = value * unit_group(unit)[1] / unit_group(m.fig.unit)[1]
    dec = m.fig.decimals
    text = f"{value:.{dec}f}"
    return text + (m.fig.unit if m.fig.unit not in ("", ":1") else ("：1" if m.fig.unit == ":1" else ""))


def _growth_with_data(doc: CheckDoc, data: "YearData", linked: dict[int, str]) -> list[Finding]:
    """增长 X% after a linked figure (or in a 增长率 column) against the metric's previous value."""
    out: list[Finding] = []
    prose = [m for m in doc.mentions if m.row is None]
    for i, m in enumerate(prose):
        cue = growth_cue(m)
        if cue is None or m.fig.approx:
            continue
        # the figure the growth is of: the one right before it in its sentence, when that one is linked
        # ("参加考核1596人，…，通过率89.35%，较上年提高2.66个百分点": of the rate, not of the 1596)
        subject = next((x for x in reversed(prose[:i]) if x.sentence == m.sentence and not growth_cue(x)), None)
        if subject is None or id(subject) not in linked:
            continue
        metric = data.metrics[linked[id(subject)]]
        out += _growth_check(m, cue, metric)
    for m in doc.mentions:
        if m.row is None or _which_value(m) != "growth":
            continue
        label_metric = _row_metric(m, doc, linked)
        if label_metric is not None:
            out += _growth_check(m, "down" if m.fig.value < 0 else "up", data.metrics[label_metric], signed=True)
    return out


def _row_metric(m: Mention, doc: CheckDoc, linked: dict[int, str]) -> str | None:
    for x in doc.mentions:
        if x.table is m.table and x.row == m.row and id(x) in linked:
            return linked[id(x)]
    return None


def _growth_check(m: Mention, cue: str, metric: "Metric", signed: bool = False) -> list[Finding]:
    cur, prev = metric_interval(metric), metric_interval(metric, previous=True)
    if cur is None or prev is None or metric.unit == "%" and m.fig.unit == "%":
        return []
    return check_growth(m, cue, prev, cur, metric.formatted(metric.previous), metric.formatted(metric.value),
                        metric=metric.id, signed=signed)
