"""Link each figure to the metric it cites, by evidence a reviewer can see (:class:`Link`).

Error-level (*strong*) links, one rule each:

- ``name`` / ``alias``: the metric's name or an alias heads the figure in its own clause — only
  light words (达到, 为, 共, 人数, 规模 …) stand between them ("全日制在校生达到 17402人");
- ``after``: the name follows the figure ("培养 2066名农民大学生"), or follows a person noun
  right after it ("13272名学生国家学生体质健康测试");
- ``object``: the figure is the subject of a verb of winning, entering or taking up, and the name
  of four characters or more is its object ("1人荣获全国优秀共青团员", "6部教材入选“十四五”职业
  教育国家规划教材", "28名教师担任省市级科技副总");
- ``figure-alias``: an alias written with its figure ("4个班次") names a figure followed by the
  alias's words, in a sentence holding four characters in a row of the metric's name;
- ``from-to``: "由 A 增长到 B": B is this year's value of A's metric;
- ``share-of``: a % right after a linked count is that count's share ("368人，占比 46.23%");
- ``subject``: a clause with no words of its own ("，占比 46.23%" / "，共计 504人") takes the
  name of the clause before it;
- ``sentence-subject``: in a sentence about the school (学校/我校…), a figure whose clause repeats a
  shorter word of a name given earlier in the sentence, when no other figure there could be it;
- ``row`` / ``column``: a table cell by its row label (by its column only in a total row or a
  one-row table).

Every strong link also needs a compatible unit, no part word between name and figure
("2023届毕业生中有 979人": a part of the graduates), and no conflicting qualifier
(:mod:`.qualifiers`: level, prize, event, year, cohort, scope). Two candidates of different values
give no link. A link by similarity (``similar``) is *weak*: at most a warning ("可能指…"); so is
a declared alias of two characters or fewer (``short-alias``: "培训 11人次") unless two other
characters of the metric's name stand earlier in the sentence ("举办职业培训 256期，培训 …"), and
a figure that describes one thing (``attribute``: "建筑面积3.6万平方米的产教融合实训楼").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..grammar import label_name, numbering_length
from .arith import compatible, to_base, unit_group
from .common import growth_cue
from .document import Mention, normalise_name
from .names import (
    corroborates, counts_its_own_noun, WORK_TAIL, ENDERS, GAP_NOUNS, LEVEL_BEFORE, LIGHT, NOUN_ENDS, PART_BETWEEN, PART_WORDS, QUALIFIED, QUALIFIERS, SCHOOL_SUBJECTS, WIN_VERBS, explains_a_name, from_to, name_keys, noun_after, ends_an_object, object_start, opens_from, said, size_head, strip_light,
)
from ..grammar.cues import SHARE_WORDS
from .qualifiers import Qualifiers, conflict, name_qualifiers, text_qualifiers

if TYPE_CHECKING:
    from ..data import Metric, YearData

__all__ = ["Link", "Linker", "is_per_capita_metric", "share_metrics_of"]

_FORMULA_DIV = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*/\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\*\s*100\s*)?$")
_FUZZY_MIN = 90
_RESULT_TAILS = ("好成绩", "成绩", "佳绩", "优异成绩", "水平", "规模", "目标", "历史", "记录", "新高")
@dataclass
class Link:
    """Why a figure stands for a metric: the rule, the words matched, strong (error) or weak."""

    metric: str
    rule: str
    words: str
    strong: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "rule": self.rule, "words": self.words,
                "strength": "strong" if self.strong else "weak"}


def _figure_aliases(metrics) -> dict[str, list[tuple[str, str, str, str]]]:  # noqa: ANN001 - Metric values
    """Aliases that begin with their figure and whose other words are short ("4个班次", "九个方面"):
    words after the figure → (metric id, the figure's unit, the alias, the metric's name)."""
    from ..grammar import extract_figures

    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for met in metrics:
        for alias in met.names[1:]:
            plain = re.sub(r"\s+", "", alias)
            figs = extract_figures(plain)
            words = plain[figs[0].end :] if len(figs) == 1 and figs[0].start == 0 else ""
            if 2 <= len(words) < 5:
                out.setdefault(words, []).append((met.id, figs[0].unit, plain, re.sub(r"\s+", "", met.names[0])))
    return out


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


class Linker:
    """Finds the metric behind each mention of a document for one year's data."""

    def __init__(self, data: "YearData"):
        self.data = data
        self.metrics = {k: m for k, m in data.metrics.items() if m.value is not None}
        names: dict[str, list[str]] = {}
        self.kinds: dict[tuple[str, str], str] = {}
        self.derived: set[tuple[str, str]] = set()
        self.cores: dict[str, list[tuple[str, str]]] = {}  # last 2 characters of a name → (name, id)
        for m in self.metrics.values():
            for i, n in enumerate(m.names):
                for key in name_keys(n, m.unit_written or m.unit or ""):
                    if m.id not in names.setdefault(key, []):
                        names[key].append(m.id)
                        self.kinds[(key, m.id)] = "name" if i == 0 else "alias"
                        if key != re.sub(r"\s+", "", n):
                            self.derived.add((key, m.id))  # 占地面积 from 占地面积（亩）: a weaker claim
                        self.cores.setdefault(key[-2:], []).append((key, m.id))
        self.names = names
        self._name_list = list(names)
        self._longest = min(40, max((len(k) for k in names), default=0))
        self._close: dict[str, tuple[str, float] | None] = {}
        ordered = sorted(names, key=len, reverse=True)
        self.pattern = re.compile("|".join(re.escape(n) for n in ordered)) if ordered else None
        self.shares = share_metrics_of(data)
        self.quals = {mid: name_qualifiers(m.names) for mid, m in self.metrics.items()}
        self._period = tuple(int(y) for y in re.findall(r"(?:19|20)\d{2}", getattr(data, "period", "") or ""))
        self.notes: dict[int, str] = {}
        self._siblings: dict[int, list[Mention]] = {}
        self.figure_aliases = _figure_aliases(self.metrics.values())

    # -- public -----------------------------------------------------------------------------
    def link_all(self, mentions: list[Mention]) -> dict[int, str]:
        """``id(mention) → metric id`` for every strong link; sets ``mention.link`` (strong or
        weak) and ``mention.metric`` (strong only)."""
        out: dict[int, str] = {}
        prev: Mention | None = None
        self._siblings = {}
        for m in mentions:
            if m.row is None:
                self._siblings.setdefault(id(m.passage), []).append(m)
        for m in mentions:
            if m.row is None and prev is not None and prev.role == "previous" and prev.link and \
                    prev.link.strong and prev.passage is m.passage and from_to(m.passage.text, prev, m):
                link: Link | None = Link(prev.link.metric, "from-to", m.passage.text[prev.fig.start : m.fig.end])
            else:
                link = self.link_cell(m) if m.row is not None else self.link_prose(m, prev)
            m.link = link
            if link is not None and link.strong:
                m.metric = link.metric
                out[id(m)] = link.metric
                if m.row is None and opens_from(m.passage.text, m):
                    m.role = "previous"
            prev = m if m.row is None else prev
        return out

    # -- prose ------------------------------------------------------------------------------
    def link_prose(self, m: Mention, prev: Mention | None) -> Link | None:
        """The strongest rule that names the figure's metric (see the module docstring)."""
        if m.fig.unit in ("%", "百分点") and growth_cue(m):
            return None  # a growth rate is checked against previous/value, not linked as a level
        text = m.passage.text
        a, b = m.passage.clause_at(m.fig.start)
        s, _ = m.passage.sentence_at(m.fig.start)
        per_capita = "生均" in text[max(s, a - 6) : m.fig.start] or "人均" in text[a : m.fig.start]
        if "分别" in text[s : m.fig.start] or explains_a_name(text, m.fig.start):
            return None  # "分别为 86%、92%": items listed elsewhere; "“1+1+1+N”模式（1个产业…）": a name explained
        start, lo = a, s  # the figure's own words; where a name heading it may begin (across 、)
        if prev is not None and prev.passage is m.passage and s <= prev.fig.end <= m.fig.start:
            start, lo = max(a, prev.fig.end), prev.fig.end
        hits = self._name_hits(text, lo, b, m)
        link = self._choose(hits, m, per_capita)
        if link is not None and link.rule in ("name", "alias") and self._longer_name_said(m, link.words):
            link = self._split_name(m, start, a, b, s, per_capita) or link
        own = normalise_name(text[start : m.fig.start])
        if link is None and m.fig.unit == "%":
            link = self._share_after_count(m, prev, text[a : m.fig.start])
        if link is None and a > s and own in ("", "占比", "比例", "占", "比重") and (
                m.fig.unit == "%" or not noun_after(text, m.fig.end)):
            pa, _ = m.passage.clause_at(a - 1)
            claimed = {prev.metric} if prev is not None and prev.passage is m.passage else set()
            back = [h for h in self._name_hits(text, pa, a, m, penalty=100, head=False) if h[1] not in claimed]
            link = self._choose(back, m, per_capita, rule="subject")
        if link is None and not hits:
            link = self._split_name(m, start, a, b, s, per_capita)
        if link is None and not hits and a > s:
            link = self._leading_clause(m, s, a, own, per_capita)
        if link is None and not hits:
            link = self._figure_alias(m, per_capita)
        if link is None and not hits:
            link = self._fuzzy(own, m, per_capita)
        if link is not None and link.strong and link.rule == "alias" and len(link.words) <= 2 and \
                not corroborates(self.metrics[link.metric].names, link.words, text[s : m.fig.start]):
            link = Link(link.metric, "short-alias", link.words, strong=False)  # 培训 11人次: which 培训?
        if link is not None and link.strong and link.rule in ("name", "alias") and self._describes_a_thing(text, m):
            link = Link(link.metric, "attribute", link.words, strong=False)
        return link

    def _figure_alias(self, m: Mention, per_capita: bool) -> Link | None:
        """An alias written with its figure ("4个班次", "六名教师"): the figure followed by the
        alias's words, in a sentence that also holds four characters in a row of the metric's name."""
        text = m.passage.text
        s, e = m.passage.sentence_at(m.fig.start)
        after = text[m.fig.end : m.fig.end + 8].lstrip()
        sentence = re.sub(r"\s+", "", text[s:e])
        found = {mid: alias for words, entries in self.figure_aliases.items() if after.startswith(words)
                 for mid, unit, alias, name in entries
                 if compatible(m.fig.unit, unit) and self._fits(mid, m, per_capita) and self._conflict(mid, m) is None
                 and any(name[i : i + 4] in sentence for i in range(len(name) - 3) if name[i : i + 4] not in alias)}
        if len(found) != 1:
            return None
        (mid, alias), = found.items()
        return Link(mid, "figure-alias", alias)

    def _describes_a_thing(self, text: str, m: Mention) -> bool:
        """"建筑面积3.6万平方米的产教融合实训楼": the figure, followed by 的 and a noun that names no
        metric, is a property of that one thing, not the school's 建筑面积 (…的好成绩 still is)."""
        j = m.fig.end + (text[m.fig.end : m.fig.end + 1] == " ")
        if text[j : j + 1] != "的" or text.startswith(_RESULT_TAILS, j + 1) or WORK_TAIL.match(text, j + 1):
            return False
        return re.match(r"[\u4e00-\u9fff“]", text[j + 1 : j + 2]) is not None and self._longest_starting(text, j + 1) is None

    def _leading_clause(self, m: Mention, s: int, a: int, own: str, per_capita: bool) -> Link | None:
        """"学校…开展社会培训，…，培训 39546人次": the figure's clause repeats a shorter word of a
        metric named in an earlier clause of a sentence whose subject is the school; only when
        that metric is the one compatible name there and no other figure of the sentence could
        be its value (then the figures are its parts)."""
        text = m.passage.text
        if len(own) < 2 or self.pattern is None or any(w in text[s : m.fig.start] for w in PART_WORDS):
            return None
        head = text[s + numbering_length(text[s:]) : m.fig.start].lstrip("，,。；;、 ")
        if not head.startswith(SCHOOL_SUBJECTS):
            return None
        found: dict[str, tuple[int, str]] = {}
        for hit in self.pattern.finditer(text, s, a):
            if own not in hit.group(0) or text[max(s, hit.start() - 3) : hit.start()].endswith(QUALIFIERS):
                continue
            for mid in self.names[hit.group(0)]:
                if self._fits(mid, m, per_capita) and self._conflict(mid, m) is None:
                    found[mid] = max(found.get(mid, (0, "")), (hit.end(), hit.group(0)))
        if len(found) != 1:
            return None
        (mid, (end, words)), = found.items()
        _, e = m.passage.sentence_at(m.fig.start)
        for x in self._siblings.get(id(m.passage), []):
            if x is not m and end <= x.fig.start < e and (x.metric == mid or self._fits(mid, x, per_capita)):
                return None
        return Link(mid, "sentence-subject", f"{words}…{own}")

    def _split_name(self, m: Mention, start: int, a: int, b: int, s: int, per_capita: bool) -> Link | None:
        """A name cut in two by the figure ("定向培养 2066名农民大学生") or whose first part was said
        earlier in the sentence ("参加教师教学能力大赛获一等奖 1项、二等奖 5项": 教学能力大赛 + 二等奖)."""
        text = m.passage.text
        left = re.sub(r"\s+", "", text[start : m.fig.start])
        right = re.sub(r"\s+", "", text[m.fig.end : b])
        found: dict[str, str] = {}
        joined = left[-12:] + right[:12]
        cut = len(left[-12:])
        if self.pattern is not None:  # every name that spans the cut
            pos = 0
            while True:
                hit = self.pattern.search(joined, pos)
                if hit is None:
                    break
                if hit.start() <= cut - 2 and hit.end() >= cut + 2 and not joined.startswith("的", hit.end()):
                    for mid in self.names[hit.group(0)]:
                        found.setdefault(mid, hit.group(0))
                pos = hit.start() + 1
        head = strip_light(left)
        earlier = re.sub(r"\s+", "", text[s:start])
        if not found and len(head) >= 2 and not self._head_repeated(m, head, s) \
                and not any(w in text[s : m.fig.start] for w in PART_WORDS):
            for key, mid in self.cores.get(head[-2:], []):
                for n in range(len(head), 1, -1):
                    tail, first, rest = head[-n:], key[: len(key) - n], head[:-n]
                    if QUALIFIED.search(tail):  # "(contest)…获 (prize/level) N项": the contest may be abridged
                        if rest and not rest.endswith(WIN_VERBS) or not said(first, earlier + rest):
                            continue
                    elif rest or first not in earlier or m.fig.unit == "%":  # "学生社团共 45个，成员数 2713人"
                        continue  # (a share's subject is the count before it: rules share-of / subject)
                    if key.endswith(tail) and len(first) >= 2 and key not in earlier:
                        found.setdefault(mid, f"{first}…{tail}")
                        break
        ok = {mid: w for mid, w in found.items() if self._fits(mid, m, per_capita) and self._conflict(mid, m) is None}
        if len(ok) != 1 and len({round(self.metrics[i].value or 0, 6) for i in ok}) != 1:
            return None
        mid, words = next(iter(ok.items()))
        return Link(mid, "split-name", words)

    def _head_repeated(self, m: Mention, head: str, s: int) -> bool:
        """Another figure of the sentence has the same words before it ("培训 500人次，培训 300人次"):
        then they are parts of what the sentence named first, not that total."""
        _, e = m.passage.sentence_at(m.fig.start)
        for x in self._siblings.get(id(m.passage), []):
            if x is not m and s <= x.fig.start < e:
                xa, _ = x.passage.clause_at(x.fig.start)
                if strip_light(re.sub(r"\s+", "", m.passage.text[xa : x.fig.start])).endswith(head):
                    return True
        return False

    def _name_hits(self, text: str, a: int, b: int, m: Mention, penalty: int = 0,
                   head: bool = True) -> list[tuple[int, str, str, str]]:
        """(distance, metric id, rule, words) for every name in text[a:b] that heads the figure
        (``head``: only light words between; else any name there, for rule ``subject``), or that
        follows it right after. Names are looked up by the text's own substrings, the longest at
        each place, so a short name cannot hide a longer one that overlaps it."""
        hits: list[tuple[int, str, str, str]] = []
        found: list[tuple[int, int, str, str]] = []  # (start, end, key, how)
        for e in range(a + 2, min(b, m.fig.start) + 1):
            if head and not LIGHT.match(text[e : m.fig.start]):
                continue
            i = self._longest_ending(text, a, e)
            if i is not None:
                found.append((i, e, text[i:e], "name"))
        at = m.fig.end + (text[m.fig.end : m.fig.end + 1] in "“「『的")  # 2066名“一村多名大学生” / 47人的岗前培训工作
        tail = self._longest_starting(text, at)
        if tail is not None:
            found.append((at, tail, text[at:tail], "name"))
        gap = self._gap_name(text, m.fig.end)
        if gap is not None:
            found.append((*gap, text[gap[0] : gap[1]], "gap"))
        obj = self._object_name(m, b)
        if obj is not None:
            found.append((*obj, text[obj[0] : obj[1]], "object"))
        for start, end, key, how in found:
            left = text[max(a, start - 3) : start]
            if left.endswith(QUALIFIERS) and not text[max(a, start - 4) : start - 2].endswith(SCHOOL_SUBJECTS):
                continue  # 参与教职工 / 新增校舍面积: a part (but 学校参与 1+X 证书试点: the school takes part)
            if end <= m.fig.start and self._rate_of_a_part(m, start, key):
                continue
            level_before = LEVEL_BEFORE.search(left)
            if end <= m.fig.start:
                if PART_BETWEEN.search(text[end : m.fig.start]):
                    continue  # "毕业生中有 979人": a part of the graduates
                if counts_its_own_noun(text, m.fig.end):
                    continue  # "共同体三个层面": the figure counts 层面, not the 共同体 named before
                dist, rule = m.fig.start - end, "name"
            elif how in ("gap", "object") or start >= m.fig.end and start - m.fig.end <= 1 and \
                    (end >= len(text) or text[end] in ENDERS or len(key) >= 5 or size_head(text, end)
                     or len(key) >= 3 and NOUN_ENDS.match(text, end)
                     or text[m.fig.end] == "的" and WORK_TAIL.match(text, end)):  # 47人的岗前培训工作
                dist, rule = (start - m.fig.end + 1, "after") if how != "object" else (0, how)  # the object wins
            else:
                continue
            for mid in self.names[key]:
                if level_before and self.quals[mid].level is None:
                    continue  # "国家级奖励 20个" is a part of a metric of awards of every level
                hits.append((dist + penalty, mid, rule, key))
        return hits

    def _longest_ending(self, text: str, lo: int, e: int) -> int | None:
        """Where the longest name that ends at ``e`` (and starts at or after ``lo``) begins."""
        for i in range(max(lo, e - self._longest), e - 1):
            if text[i:e] in self.names:
                return i
        return None

    def _longest_starting(self, text: str, s: int) -> int | None:
        """Where the longest name that starts at ``s`` ends (within 40 characters)."""
        for e in range(min(len(text), s + self._longest), s + 1, -1):
            if text[s:e] in self.names:
                return e
        return None

    def _gap_name(self, text: str, end: int) -> tuple[int, int] | None:
        """A long name (5+ characters) after a person noun right after the figure."""
        j = end + (1 if text[end : end + 1] == " " else 0)
        for w in GAP_NOUNS:
            if text.startswith(w, j):
                e = self._longest_starting(text, j + len(w))
                return (j + len(w), e) if e is not None and e - j - len(w) >= 5 else None
        return None

    def _longer_name_said(self, m: Mention, key: str) -> bool:
        """"建设各级在线精品课程 125门，总学时达到 26150学时": 总学时 ends a longer name whose first part
        (four characters or more) the sentence said: then that name, cut, is tried first (``split-name``)."""
        text = m.passage.text
        s, _ = m.passage.sentence_at(m.fig.start)
        earlier = re.sub(r"\s+", "", text[s : max(s, text.rfind(key, s, m.fig.start))])
        return any(len(k) - len(key) >= 4 and k.endswith(key) and said(k[: -len(key)], earlier)
                   for k, _ in self.cores.get(key[-2:], []))

    def _rate_of_a_part(self, m: Mention, start: int, key: str) -> bool:
        """"协议就业 4257人，协议就业率 66.83%": the word glued before the name (协议) makes, with the
        name's first two characters, a part the sentence counted before: the rate is that part's."""
        if m.fig.unit != "%":
            return False
        text = m.passage.text
        s, _ = m.passage.sentence_at(m.fig.start)
        glued = re.search(r"[\u4e00-\u9fff]{2}$", text[max(s, start - 4) : start])
        return glued is not None and glued.group(0) + key[:2] in text[s : start - 2]

    def _object_name(self, m: Mention, clause_end: int) -> tuple[int, int] | None:
        """A name of four characters or more as the object of "N名X荣获/入选/担任 …" (rule ``object``),
        said once in the sentence ("20名…获得校长奖学金，7名…获得校长奖学金提名奖": parts of it)."""
        text = m.passage.text
        s, t = m.passage.sentence_at(m.fig.start)
        for i in object_start(text, m.fig.end, clause_end):
            e = self._longest_starting(text, i)
            if e is not None and e <= clause_end and e - i >= 4 and ends_an_object(text, e):
                return (i, e) if text.count(text[i:e], s, t) == 1 else None
        return None

    def _choose(self, hits: list[tuple[int, str, str, str]], m: Mention, per_capita: bool,
                rule: str | None = None) -> Link | None:
        """The nearest fitting candidate; none when the nearest are two metrics of different values."""
        ok = [h for h in hits if self._fits(h[1], m, per_capita)]
        kept = []
        for h in ok:
            why = self._conflict(h[1], m, h[3])
            if why is None:
                kept.append(h)
            else:
                self.notes[id(m)] = f"“{h[3]}”与{self.metrics[h[1]].name}{why}"
        if not kept:
            return None
        kept.sort()
        best_d = kept[0][0]
        tied = {h[1] for h in kept if h[0] == best_d}
        one = self._same_quantity(tied, m) if len(tied) > 1 else None
        if one is None and len(tied) > 1 and len({round(self.metrics[t].value or 0, 6) for t in tied}) > 1:
            self.notes[id(m)] = "名称对应多个指标，未判定：" + "、".join(sorted(tied))
            return None
        dist, mid, how, words = kept[0] if one is None else next(h for h in kept if h[1] == one)
        if rule is None:
            rule = self.kinds.get((words, mid), "name") if how == "name" else how
        return Link(mid, rule, words)

    def _same_quantity(self, tied: set[str], m: Mention) -> str | None:
        """Two names for one quantity in two units — one metric a formula of the other (占地面积 in
        平方米 and 占地面积（亩） = 占地面积 / 666.67), or both typed, equal once converted (within
        0.1 %): the one in the figure's own unit."""
        exact = [t for t in tied if m.fig.unit and m.fig.unit in (self.metrics[t].unit, self.metrics[t].unit_written)]
        if len(exact) != 1:
            return None
        one = exact[0]
        a = self.metrics[one]
        for t in tied - {one}:
            b = self.metrics[t]
            ref = re.compile(rf"\b{re.escape(t)}\b|\b{re.escape(one)}\b")
            if ref.search(a.formula or "") or ref.search(b.formula or ""):
                continue
            if not (a.unit and b.unit and compatible(a.unit, b.unit)):
                return None
            x, y = to_base(a.value or 0, a.unit), to_base(b.value or 0, b.unit)
            if abs(x - y) > 1e-3 * max(abs(x), abs(y)):  # 1418亩 and 945450.66平方米 are one area
                return None
        return one

    def _conflict(self, mid: str, m: Mention, words: str = "") -> str | None:
        """A qualifier of the figure's sentence (or table labels) that the metric contradicts; the
        ``words`` matched (an alias "推荐至教育部评选优质教材" of a 省级 metric) speak for themselves."""
        quals = self.quals[mid]
        if words:
            own = name_qualifiers([words])
            quals = Qualifiers(**{k: getattr(own, k) or getattr(quals, k) for k in quals.__dict__})
        if m.row is not None:
            labels = f"{m.table.caption if m.table else ''}，{m.row_label}，{m.col_label}"
            at, own = text_qualifiers(labels)
            own = Qualifiers()
        else:
            text = m.passage.text
            s, _ = m.passage.sentence_at(m.fig.start)
            _, b = m.passage.clause_at(m.fig.start)
            at, own = text_qualifiers(text[s : m.fig.start], text[m.fig.end : b])
        return conflict(quals, at, own, getattr(self.data, "year", None), self._period)

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

    def _share_after_count(self, m: Mention, prev: Mention | None, before: str) -> Link | None:
        if prev is None or prev.passage is not m.passage or not prev.metric:
            return None
        if prev.sentence != m.sentence or not (any(w in before for w in SHARE_WORDS) or before.strip() == ""):
            return None
        cands = self.shares.get(prev.metric, [])
        return Link(cands[0], "share-of", f"{prev.fig.text}{before}") if len(cands) == 1 else None

    def _fuzzy(self, name: str, m: Mention, per_capita: bool) -> Link | None:
        """A name close to the words before the figure (rapidfuzz ≥ 90): weak, a warning at most."""
        if len(name) < 4 or not self.names:
            return None
        from rapidfuzz import fuzz, process

        found = process.extract(name, self._name_list, scorer=fuzz.ratio, limit=3, score_cutoff=_FUZZY_MIN)
        ids = [(score, mid, key) for key, score, _ in found for mid in self.names[key]
               if self._fits(mid, m, per_capita) and self._conflict(mid, m) is None]
        if not ids:
            return None
        ids.sort(reverse=True)
        if len({mid for s, mid, _ in ids if s >= ids[0][0] - 3}) > 1:
            return None
        return Link(ids[0][1], "similar", f"{name}≈{ids[0][2]}", strong=False)

    # -- tables -----------------------------------------------------------------------------
    def link_cell(self, m: Mention) -> Link | None:
        """A table cell by its row label, then by its column header, but the header only where
        the row is the whole (a 合计 row, a one-row table): a row of a breakdown table is a part."""
        from .tables import cell_labels

        row_label, col_ok = cell_labels(m)
        for via, label in (("row", row_label), ("column", m.col_label if col_ok else "")):
            key = re.sub(r"[（(][^）)]*[）)]|\s+", "", label or "")
            if key not in self.names:  # "A类课（课程数比例）%", "2022年湖北省企业“科技副总”"
                bare = label_name(label or "")
                key = bare if bare in self.names else label_name(key)
            if len(key) < 2:
                continue
            per_capita = "生均" in (m.row_label + m.col_label)
            ids = [i for i in self.names.get(key, []) if self._cell_fits(i, m, per_capita) and self._conflict(i, m) is None]
            if len(ids) > 1:  # 占地面积 (平方米) and 占地面积（亩）: the one written so, then the cell's unit
                ids = [i for i in ids if (key, i) not in self.derived] or ids
                if m.fig.unit and len(ids) > 1:
                    ids = [i for i in ids if compatible(self.metrics[i].unit or "", m.fig.unit)] or ids
            if len(ids) == 1:
                m.link_note = "column" if via == "column" else m.link_note
                return Link(ids[0], via, label)
            if not ids:
                found = self._closest(key)
                ids = [i for i in self.names[found[0]] if self._cell_fits(i, m, per_capita)
                       and self._conflict(i, m) is None] if found else []
                if len(ids) == 1:
                    m.link_note = "column" if via == "column" else m.link_note
                    return Link(ids[0], "similar", f"{label}≈{found[0]}", strong=False)
        return None

    def _closest(self, key: str) -> tuple[str, float] | None:
        """The name most like a table label (rapidfuzz ratio ≥ 90), remembered per label."""
        if key not in self._close:
            from rapidfuzz import fuzz, process

            found = process.extractOne(key, self._name_list, scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN)
            self._close[key] = (found[0], found[1]) if found else None
        return self._close[key]

    def _cell_fits(self, mid: str, m: Mention, per_capita: bool) -> bool:
        metric = self.metrics[mid]
        if is_per_capita_metric(metric) != per_capita:
            return False
        if m.fig.unit == "%" or metric.unit == "%":
            return m.fig.unit == metric.unit or (metric.unit == "%" and m.fig.unit == "")
        return True
