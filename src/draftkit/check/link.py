"""Link each figure to the metric it cites: names and aliases in the same clause, nearest first,
then fuzzy matching (rapidfuzz); units must be compatible, ambiguous links are not guessed.

A % figure after a count ("硕士以上学历教师 368人，占比 46.23%") links to the share metric
whose formula has that count as numerator; a figure after 生均 links only to per-capita
metrics, and a per-capita metric only to a figure written with 生均. A figure whose own clause
names nothing links to a metric named in an earlier clause of a sentence about the school when
its clause repeats a shorter word of that name and nothing else in the sentence could be its
value; a name may also follow the figure after a person noun ("N名学生国家学生体质健康测试") or be
followed only by 规模 ("N个招生专业办学规模").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .arith import compatible, unit_group
from .common import growth_cue
from .document import Mention, normalise_name
from ..grammar import numbering_length as strip_numbering

if TYPE_CHECKING:
    from ..data import Metric, YearData

__all__ = ["Linker", "is_per_capita_metric", "share_metrics_of"]

_FORMULA_DIV = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*/\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\*\s*100\s*)?$")
_SHARE_WORDS = ("占比", "比例", "比重", "占")
_FUZZY_MIN = 90
_QUALIFIERS = ("参与", "参加", "部分", "新增", "个体", "团体", "对应", "非同级", "同级", "非", "未", "除", "每")
_ENDERS = "，。；、：,.;:）)！？\n"
# words that make the figures after them parts of what was named before ("社会培训，其中…")
_PART_WORDS = ("其中", "包括", "包含", "分别", "含")
# a sentence about the whole school opens with its name
_SCHOOL_SUBJECTS = ("学校", "我校", "全校", "本校", "我院", "全院")
# "42个招生专业办学规模": a noun right after the figure, then only the word for its size
_SIZE_HEAD = re.compile(r"(?:的)?(?:办学)?规模")
# "13272名学生国家学生体质健康测试": a person noun between the figure and a long name
_GAP_NOUNS = ("学生", "教师", "教职工", "人员")


def is_per_capita_metric(m: "Metric") -> bool:
    """Per-capita metrics: 生均 in the name or a per-person unit (万元/人, 平方米/生)."""
    return "生均" in m.name or "/" in (m.unit or "") and m.unit.split("/")[1] in ("生", "人", "名")


def share_metrics_of(data: "YearData") -> dict[str, list[str]]:
    """numerator metric id → ids of % metrics defined as numerator / something."""
    out: dict[str, list[str]] = {}
    for m in data.metrics.values():
        if m.unit == "%" and m.formula and m.value is not None:
            f = _FORMULA_DIV.match(m.formula)
            if f:
                out.setdefault(f.group(1), []).append(m.id)
    return out


_TO_WORDS = ("增长到", "增加到", "提高到", "提升到", "上升到", "增至", "减少到", "下降到", "降低到", "降至", "减至", "到", "至")


def _opens_from(text: str, m: Mention) -> bool:
    """A figure written after 由/从 and followed by 增长到/减少到…: last year's value."""
    before = text[max(0, m.fig.start - 3) : m.fig.start].strip()
    after = text[m.fig.end : m.fig.end + 5].lstrip()
    return before.endswith(("由", "从")) and after.startswith(_TO_WORDS)


def _from_to(text: str, a: Mention, b: Mention) -> bool:
    between = text[a.fig.end : b.fig.start].strip()
    return between in _TO_WORDS and compatible(a.fig.unit, b.fig.unit)


def _size_head(text: str, end: int) -> bool:
    """The name is followed only by the word for its size ("42个招生专业办学规模，")."""
    hit = _SIZE_HEAD.match(text, end)
    return hit is not None and (hit.end() >= len(text) or text[hit.end()] in _ENDERS)


def _noun_after(text: str, end: int) -> bool:
    """True when the figure is followed by a noun of its own ("796名专技人员")."""
    return end < len(text) and ("\u4e00" <= text[end] <= "\u9fff" or text[end].isalpha())


class Linker:
    """Finds the metric behind each mention of a document for one year's data."""

    def __init__(self, data: "YearData"):
        self.data = data
        self.metrics = {k: m for k, m in data.metrics.items() if m.value is not None}
        names: dict[str, list[str]] = {}
        for m in self.metrics.values():
            for n in m.names:
                key = re.sub(r"\s+", "", n)
                if len(key) >= 2:
                    names.setdefault(key, [])
                    if m.id not in names[key]:
                        names[key].append(m.id)
        self.names = names
        ordered = sorted(names, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(n) for n in ordered)) if ordered else None
        self.shares = share_metrics_of(data)
        self.notes: dict[int, str] = {}
        self._siblings: dict[int, list[Mention]] = {}

    # -- public -----------------------------------------------------------------------------
    def link_all(self, mentions: list[Mention]) -> dict[int, str]:
        """``id(mention) → metric id`` for every mention that links; sets ``mention.metric``."""
        out: dict[int, str] = {}
        prev: Mention | None = None
        self._siblings = {}
        for m in mentions:
            if m.row is None:
                self._siblings.setdefault(id(m.passage), []).append(m)
        for m in mentions:
            if m.row is None and prev is not None and prev.role == "previous" and prev.metric and \
                    prev.passage is m.passage and _from_to(m.passage.text, prev, m):
                mid = prev.metric  # "由 500万元减少到 450万元": B is this year's value of A's metric
            else:
                mid = self.link_cell(m) if m.row is not None else self.link_prose(m, prev)
            if mid:
                m.metric = mid
                out[id(m)] = mid
            if m.row is None and mid and _opens_from(m.passage.text, m):
                m.role = "previous"
            prev = m if m.row is None else prev
        return out

    # -- prose ------------------------------------------------------------------------------
    def link_prose(self, m: Mention, prev: Mention | None) -> str | None:
        """Nearest compatible metric name in the clause, then the share of the count before."""
        if m.fig.unit in ("%", "百分点") and growth_cue(m):
            return None  # a growth rate is checked against previous/value, not linked as a level
        text = m.passage.text
        a, b = m.passage.clause_at(m.fig.start)
        s, _ = m.passage.sentence_at(m.fig.start)
        per_capita = "生均" in text[max(s, a - 6) : m.fig.start] or "人均" in text[a : m.fig.start]
        if "分别" in text[s : m.fig.start]:
            return None  # "分别为 86%、92%、94%": values of items listed elsewhere
        start = a
        if prev is not None and prev.passage is m.passage and a <= prev.fig.end <= m.fig.start:
            start = prev.fig.end
        cands = self._name_hits(text, start, b, m)
        best = self._choose(cands, m, per_capita)
        own = normalise_name(text[start : m.fig.start])
        if best is None and m.fig.unit == "%":
            best = self._share_after_count(m, prev, text[a : m.fig.start])
        if best is None and not cands:
            best = self._fuzzy(own, m, per_capita)
        if best is None and a > s and own in ("", "占比", "比例", "占", "比重") and (
                m.fig.unit == "%" or not _noun_after(text, m.fig.end)):
            # "368人，占比 46.23%" / "培训 9次，共计 504人。": the name is one clause back
            pa, _ = m.passage.clause_at(a - 1)
            hits = self._name_hits(text, pa, a, m, penalty=100)
            claimed = {x for x in (prev.metric,) if prev is not None and prev.passage is m.passage}
            best = self._choose([h for h in hits if h[1] not in claimed], m, per_capita)
        if best is None and not cands and a > s:
            best = self._leading_clause(m, s, a, own, per_capita)
        return best

    def _leading_clause(self, m: Mention, s: int, a: int, own: str, per_capita: bool) -> str | None:
        """"开展…多种形式的社会培训，…，培训 39546人次": the figure's clause names it by a shorter
        word of a metric named in an earlier clause of its sentence. Only when that metric is the
        one compatible name there and no other figure of the sentence could be its value (then the
        figures are parts: "开展社会培训，面向农民 500人次，面向职工 300人次"), and only in a sentence
        whose subject is the school itself (学校/我校…): elsewhere the figure may be a programme's part."""
        text = m.passage.text
        if len(own) < 2 or self.pattern is None or any(w in text[s : m.fig.start] for w in _PART_WORDS):
            return None
        head = text[s + strip_numbering(text[s:]) : m.fig.start].lstrip("，,。；;、 ")
        if not head.startswith(_SCHOOL_SUBJECTS):
            return None  # "主动承接…培训计划，开展…社会培训，培训 13009人次": a programme's share, not the school's
        found: dict[str, int] = {}
        for hit in self.pattern.finditer(text, s, a):
            if own not in hit.group(0) or text[max(s, hit.start() - 3) : hit.start()].endswith(_QUALIFIERS):
                continue
            for mid in self.names[hit.group(0)]:
                if self._fits(mid, m, per_capita):
                    found[mid] = max(found.get(mid, 0), hit.end())
        if len(found) != 1:
            return None
        (mid, end), = found.items()
        _, e = m.passage.sentence_at(m.fig.start)
        for x in self._siblings.get(id(m.passage), []):
            if x is not m and end <= x.fig.start < e and (x.metric == mid or self._fits(mid, x, per_capita)):
                return None
        return mid

    def _name_hits(self, text: str, a: int, b: int, m: Mention, penalty: int = 0) -> list[tuple[int, str]]:
        """(distance, metric id) for every name in text[a:b] before the figure or right after it."""
        if self.pattern is None:
            return []
        hits: list[tuple[int, str]] = []
        hits_iter = list(self.pattern.finditer(text, a, b))
        tail = self.pattern.match(text, m.fig.end, min(len(text), m.fig.end + 40))
        if tail is not None and tail.end() > b:
            hits_iter.append(tail)  # a noun right after the figure may run past a 、
        gap = self._gap_name(text, m.fig.end)
        if gap is not None:
            hits_iter.append(gap)
        for hit in hits_iter:
            if text[max(a, hit.start() - 3) : hit.start()].endswith(_QUALIFIERS):
                continue  # 参与教职工 / 新增校舍面积 / 非同级财政拨款收入: a part, not the metric
            if hit.end() <= m.fig.start:
                dist = m.fig.start - hit.end()
            elif hit.start() >= m.fig.end and hit.start() - m.fig.end <= 1 and \
                    (hit.end() >= len(text) or text[hit.end()] in _ENDERS or len(hit.group(0)) >= 5
                     or _size_head(text, hit.end())):
                # "2066名农民大学生，" / "21名专业核心课程教师赴…": the noun right after names it;
                # a short noun followed by more words ("2名教职工在国内读博") is a part, not the metric
                dist = hit.start() - m.fig.end + 1
            elif gap is not None and hit is gap:
                dist = hit.start() - m.fig.end + 1
            else:
                continue
            for mid in self.names[hit.group(0)]:
                hits.append((dist + penalty, mid))
        return hits

    def _gap_name(self, text: str, end: int) -> "re.Match[str] | None":
        """A long name (5+ characters) after a person noun right after the figure:
        "13272名学生国家学生体质健康测试…" (not "200名学生开展…": a verb there makes it a part)."""
        if self.pattern is None:
            return None
        j = end + (1 if text[end : end + 1] == " " else 0)
        for w in _GAP_NOUNS:
            if text.startswith(w, j):
                hit = self.pattern.match(text, j + len(w), min(len(text), j + len(w) + 40))
                return hit if hit is not None and len(hit.group(0)) >= 5 else None
        return None

    def _choose(self, hits: list[tuple[int, str]], m: Mention, per_capita: bool) -> str | None:
        ok = [(d, mid) for d, mid in hits if self._fits(mid, m, per_capita)]
        if not ok:
            return None
        ok.sort()
        best_d = ok[0][0]
        tied = {mid for d, mid in ok if d == best_d}
        if len(tied) > 1:
            values = {round(self.metrics[t].value or 0, 6) for t in tied}
            if len(values) > 1:
                self.notes[id(m)] = "名称对应多个指标，未判定：" + "、".join(sorted(tied))
                return None
        return ok[0][1]

    def _fits(self, mid: str, m: Mention, per_capita: bool) -> bool:
        metric = self.metrics[mid]
        if is_per_capita_metric(metric) != per_capita:
            return False
        mu, fu = metric.unit or "", m.fig.unit
        if per_capita and "/" in mu:
            mu = mu.split("/")[0]
        if fu == ":1" or mu == ":1":
            return fu == mu or (fu == ":1" and mu == "")
        if mu == "%" or fu == "%":
            return mu == fu
        return compatible(fu, mu) or (fu == "" and unit_group(mu)[0] in ("person", "count"))

    def _share_after_count(self, m: Mention, prev: Mention | None, before: str) -> str | None:
        if prev is None or prev.passage is not m.passage or not prev.metric:
            return None
        if prev.sentence != m.sentence or not (any(w in before for w in _SHARE_WORDS) or before.strip() == ""):
            return None
        cands = self.shares.get(prev.metric, [])
        return cands[0] if len(cands) == 1 else None

    def _fuzzy(self, name: str, m: Mention, per_capita: bool) -> str | None:
        if len(name) < 4 or not self.names:
            return None
        from rapidfuzz import fuzz, process

        found = process.extract(name, list(self.names), scorer=fuzz.ratio, limit=3, score_cutoff=_FUZZY_MIN)
        ids = [(score, mid) for key, score, _ in found for mid in self.names[key] if self._fits(mid, m, per_capita)]
        if not ids:
            return None
        ids.sort(reverse=True)
        if len({mid for s, mid in ids if s >= ids[0][0] - 3}) > 1:
            return None
        return ids[0][1]

    # -- tables -----------------------------------------------------------------------------
    def link_cell(self, m: Mention) -> str | None:
        """A table cell by its row label, then by its column header, but the header only where
        the row is the whole (a 合计 row, a one-row table): a row of a breakdown table is a part."""
        from .tables import cell_labels

        row_label, col_ok = cell_labels(m)
        for via, label in (("row", row_label), ("column", m.col_label if col_ok else "")):
            key = re.sub(r"[（(][^）)]*[）)]|\s+", "", label or "")
            if len(key) < 2:
                continue
            per_capita = "生均" in (m.row_label + m.col_label)
            ids = [i for i in self.names.get(key, []) if self._cell_fits(i, m, per_capita)]
            if not ids:
                from rapidfuzz import fuzz, process

                found = process.extractOne(key, list(self.names), scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN)
                ids = [i for i in self.names[found[0]] if self._cell_fits(i, m, per_capita)] if found else []
            if len(ids) == 1:
                m.link_note = "column" if via == "column" else m.link_note
                return ids[0]
        return None

    def _cell_fits(self, mid: str, m: Mention, per_capita: bool) -> bool:
        metric = self.metrics[mid]
        if is_per_capita_metric(metric) != per_capita:
            return False
        if m.fig.unit == "%" or metric.unit == "%":
            return m.fig.unit == metric.unit or (metric.unit == "%" and m.fig.unit == "")
        return True
