"""Internal rules on prose: part-whole shares, per-capita values and growth rates.

Each rule only speaks when the text itself fixes both sides of the arithmetic (the part and
the whole in the same paragraph, the total and the student count, the two years' values);
otherwise it stays silent and leaves the figure to the data rules.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from .arith import agrees, compatible, fig_interval, fmt_num, growth_interval, ratio, unit_group
from .common import PER_CAPITA, by_passage, clause_before, finding, growth_cue, share_cue
from .document import CheckDoc, Mention
from .model import Finding

__all__ = ["part_whole", "per_capita", "growth_rate_text", "student_count"]

_STUDENT_NAMES = ("全日制在校生", "在校生", "在校生规模", "在校学生", "在校生数", "全日制在校生数", "学生总数")


def _countish(m: Mention) -> bool:
    g = unit_group(m.fig.unit)[0]
    return g in ("person", "count", "person_times") and m.fig.kind == "number"


def part_whole(doc: CheckDoc) -> list[Finding]:
    """A share ("A 368人，占比 46.23%") must equal part / whole when the whole is in the paragraph."""
    out: list[Finding] = []
    for ms in by_passage(doc.mentions).values():
        for i, m in enumerate(ms):
            sides = _share_sides(ms, i)
            if sides is None or not sides[1]:
                continue
            part, wholes = sides
            primary = _whole_before_qizhong(ms, part, wholes) or _paragraph_base(ms, m, part, wholes)
            pool = [primary] if primary is not None else wholes
            if any(_share_ok(m, part, w) for w in pool):
                continue
            w = primary or wholes[-1]
            if primary is None and w.sentence != m.sentence and clause_before(m).strip() not in _BARE_SHARE:
                continue  # "升学率21.87%" with only a count of another sentence to divide by: a guess
            exp = ratio(fig_interval(part.fig), fig_interval(w.fig, part.fig.unit))
            if exp is None:
                continue
            value = part.fig.value / w.fig.value * 100
            out.append(finding(
                "part-whole", "error", m,
                f"占比与部分/整体不符：{part.fig.text} ÷ {w.fig.text} = {fmt_num(value, m.fig.decimals + 2)}%，"
                f"按所写位数计算为 {value:.{m.fig.decimals}f}%，文中写作 {m.fig.text}。",
                expected=f"{value:.{m.fig.decimals}f}%", inputs=[part, w],
            ))
    return out


def _share_sides(ms: list[Mention], i: int) -> tuple[Mention, list[Mention]] | None:
    """(part, candidate wholes) of the share ``ms[i]``: the wholes are exact counts written before the
    part, in a compatible unit and larger; None when ``ms[i]`` is no share or its part is not beside it."""
    m = ms[i]
    if not share_cue(m) or growth_cue(m) or m.fig.approx:
        return None
    part = _part_of(ms, i)
    if part is None:
        return None
    before = ms[: ms.index(part)]
    wholes = [w for k, w in enumerate(before) if _countish(w) and compatible(w.fig.unit, part.fig.unit)
              and w.fig.value > part.fig.value and not w.fig.approx and not _has_own_share(before, k)]
    return part, wholes


def _has_own_share(ms: list[Mention], k: int) -> bool:
    """The count is followed, in its sentence, by a bare share of its own ("硕士 459人，占比59.77%；
    高级职称 283人，占比…"): a sibling part of the same whole, not the whole of the shares after it.
    A share that names its whole or its rate ("专任教师796人，专任教师占教职工比例83.00%。专任教师中…",
    "录取5917人，招生计划完成率98.62%；报到5714人") leaves the count a possible whole."""
    nxt = ms[k + 1] if k + 1 < len(ms) else None
    if nxt is None or not share_cue(nxt) or growth_cue(nxt) is not None or \
            nxt.passage.sentence_at(nxt.fig.start) != ms[k].passage.sentence_at(ms[k].fig.start):
        return False
    return clause_before(nxt).strip() in _BARE_SHARE


_BARE_SHARE = ("占比", "占", "占比为", "占比达", "比例为", "比例")
_RATE_TAIL = re.compile(r"(?:率|比例|比重|占比)$")


def _part_of(ms: list[Mention], i: int) -> Mention | None:
    """The count a share is about: "A 368人，占比 46.23%" (占比 alone in its clause, A just before)
    or a rate named after its part ("协议就业 4257人，协议就业率 66.83%"); None otherwise."""
    m = ms[i]
    sent = m.passage.sentence_at(m.fig.start)
    before = clause_before(m)
    if "占" in before and before.split("占")[0].strip("，,、 其中"):
        return None  # "创业人数占毕业生总数 4.29%": the part is named, not written here
    explicit = before.strip() in ("占比", "比例", "占", "比重", "占比为", "比例为", "占比达", "比例达")
    stem = _RATE_TAIL.sub("", m.name)
    for j in range(i - 1, -1, -1):
        p = ms[j]
        if p.passage.sentence_at(p.fig.start) != sent or p.fig.unit == "%":
            return None
        if not _countish(p):
            continue
        if p.fig.approx:
            return None
        if p.passage.clause_at(p.fig.start)[1] + 1 < m.passage.clause_at(m.fig.start)[0]:
            return None  # not the clause right before
        if explicit or (len(stem) >= 2 and _same_stem(stem, p.name)):
            return p
        return None
    return None


# a rate and the words its numerator is usually written with (考证通过率 ← 取证人数)
_RATE_WORDS = {"通过": ("取证", "获证", "通过", "合格"), "合格": ("合格", "达标"), "获证": ("获证", "取证"),
               "达标": ("达标", "合格"), "到课": ("到课", "出勤"), "录取": ("录取",), "就业": ("就业",)}


def _same_stem(stem: str, name: str) -> bool:
    """协议就业率 ↔ 协议就业, 报到率 ↔ 报到, 就业率 ↔ 已就业, 考证通过率 ↔ 取证人数."""
    name = name.rstrip("人数为")
    if name and (name.endswith(stem) or stem.endswith(name) and len(name) >= 2):
        return True
    return any(stem.endswith(k) and any(w in name for w in ws) for k, ws in _RATE_WORDS.items())


def _whole_before_qizhong(ms: list[Mention], part: Mention, wholes: list[Mention]) -> Mention | None:
    """The figure written just before 其中 that introduces the part, in the same 。-sentence
    ("专任教师 796人，其中：硕士… 368人，占比 46.23%；副高… 336人，占比 42.21%")."""
    text = part.passage.text
    q = text.rfind("其中", 0, part.fig.start)
    if q < 0:
        return None
    start = max(text.rfind(c, 0, q) for c in "。！？") + 1
    if any(c in text[q : part.fig.start] for c in "。！？"):
        return None
    before = [w for w in wholes if start <= w.fig.start and w.fig.end <= q]
    return before[-1] if before else None


def _paragraph_base(ms: list[Mention], m: Mention, part: Mention, wholes: list[Mention]) -> Mention | None:
    """The base the other shares of the paragraph use (毕业生 6370人: 协议就业率、灵活就业率…),
    when at least two of them agree on one whole and it is a candidate for this share too."""
    votes: dict[float, list[Mention]] = {}
    for i, other in enumerate(ms):
        sides = None if other is m else _share_sides(ms, i)
        if sides is None:
            continue
        p, cands = sides
        fits = {w.fig.value: w for w in cands if _share_ok(other, p, w)}
        if len(fits) == 1:
            (value, w), = fits.items()
            votes.setdefault(value, []).append(w)
    best = [v for v, ws in votes.items() if len(ws) >= 2]
    if len(best) != 1:
        return None
    return next((w for w in wholes if w.fig.value == best[0]), None)


def _share_ok(m: Mention, part: Mention, whole: Mention) -> bool:
    r = ratio(fig_interval(part.fig), fig_interval(whole.fig, part.fig.unit))
    return r is not None and agrees(fig_interval(m.fig), (r[0] * 100, r[1] * 100))


def student_count(doc: CheckDoc) -> Mention | None:
    """The student count the report states (全日制在校生 17402人), the most cited one."""
    cands = [m for m in doc.mentions if m.row is None and unit_group(m.fig.unit)[0] == "person"
             and not m.fig.approx and any(m.name.endswith(n) for n in _STUDENT_NAMES)]
    if not cands:
        return None
    counts: dict[float, int] = {}
    for c in cands:
        counts[c.fig.value] = counts.get(c.fig.value, 0) + 1
    best = max(counts, key=lambda v: (counts[v], v))
    return next(c for c in cands if c.fig.value == best)


def per_capita_stem(m: Mention) -> str | None:
    """The total's name behind a 生均 figure: 生均校舍建筑面积 → 校舍建筑面积 ("" for a bare 生均);
    None if the figure is not a 生均 value."""
    name = m.name if m.row is None else m.row_label
    if PER_CAPITA not in name and PER_CAPITA not in clause_before(m)[-10:]:
        return None
    if PER_CAPITA not in name:
        return ""
    stem = name.split(PER_CAPITA, 1)
    stem_text = (stem[1] or stem[0]) if len(stem) == 2 else name
    for w in ("年", "（", "("):
        stem_text = stem_text.split(w)[0] if w != "年" else stem_text.lstrip("年")
    return stem_text or None


def per_capita(doc: CheckDoc, students: float | None = None) -> list[Finding]:
    """A 生均 value must equal total ÷ students (total from the same sentence or the same name)."""
    s_mention = student_count(doc)
    if students is None and s_mention is None:
        return []
    s_iv = (students, students) if students is not None else fig_interval(s_mention.fig)
    out: list[Finding] = []
    prose = [m for m in doc.mentions if m.row is None]
    for m in doc.mentions:
        stem = per_capita_stem(m) if m.row is None else None
        if stem is None or m.fig.approx or m.fig.unit in ("%", ""):
            continue
        total = _total_for(m, stem, prose)
        if total is None:
            continue
        out.extend(_check_per_capita(m, total, s_iv, students))
    return out


def _per_unit(m: Mention) -> str:
    u = m.fig.unit
    return u.split("/")[0] if "/" in u else u


def _total_for(m: Mention, stem: str, prose: list[Mention]) -> Mention | None:
    unit = _per_unit(m)
    if not unit:
        return None
    sent = m.sentence
    cands = [t for t in prose if compatible(t.fig.unit, unit) and PER_CAPITA not in t.name and t is not m
             and not t.fig.approx]
    same = [t for t in cands if t.sentence == sent and t.fig.start < m.fig.start and not _per_capita_clause(t)]
    if not stem:
        return same[-1] if same else None  # "校舍建筑面积 612870.40平方米，生均 36.40平方米"
    scored = sorted(same, key=lambda t: (_name_score(stem, t.name), t.fig.start), reverse=True)
    if scored and fuzz.partial_ratio(stem, scored[0].name) >= 60:
        return scored[0]
    named = [t for t in cands if t.name and (t.name.endswith(stem) or stem.endswith(t.name)) and len(t.name) >= 3]
    if named:
        return named[0]
    return same[-1] if same and fuzz.partial_ratio(stem, same[-1].name) >= 40 else None


def _name_score(stem: str, name: str) -> float:
    """How well a total's name fits a per-capita stem; 新增/本年 totals are a different quantity."""
    score = fuzz.ratio(stem, name)
    if any(w in name and w not in stem for w in ("新增", "本学年新增", "当年", "本年")):
        score -= 30
    return score


def _per_capita_clause(t: Mention) -> bool:
    return PER_CAPITA in clause_before(t)[-8:]


def _check_per_capita(m: Mention, total: Mention, s_iv: tuple[float, float], exact: float | None) -> list[Finding]:
    unit = _per_unit(m)
    t_iv = fig_interval(total.fig, unit)
    r = ratio(t_iv, s_iv)
    if r is None or agrees(fig_interval(m.fig), r):
        return []
    value = total.fig.value * unit_group(total.fig.unit)[1] / unit_group(unit)[1] / (exact or s_iv[0])
    students = fmt_num(exact or s_iv[0], 0)
    return [finding(
        "per-capita", "error", m,
        f"生均值与总量÷学生数不符：{total.fig.text} ÷ {students}人 = {value:.{max(m.fig.decimals, 2)}f}，"
        f"文中写作 {m.fig.text}。",
        expected=f"{value:.{m.fig.decimals}f}", inputs=[total],
    )]


def growth_rate_text(doc: CheckDoc, growth_rows: list[tuple[Mention, Mention]]) -> list[Finding]:
    """增长/下降 X% in prose vs the two values: "由 A 增至 B" in the sentence or a table row."""
    out: list[Finding] = []
    for ms in by_passage(doc.mentions).values():
        for i, m in enumerate(ms):
            cue = growth_cue(m)
            if cue is None or m.fig.approx:
                continue
            pair = _pair_in_sentence(ms, i) or _pair_in_tables(ms, i, growth_rows)
            if pair is None:
                continue
            prev, cur = pair
            for f in check_growth(m, cue, fig_interval(prev.fig, cur.fig.unit), fig_interval(cur.fig),
                                  prev.fig.text, cur.fig.text):
                f.inputs = [prev, cur]
                out.append(f)
    return out


def check_growth(m: Mention, cue: str, prev: tuple[float, float], cur: tuple[float, float],
                 prev_text: str, cur_text: str, metric: str | None = None, signed: bool = False) -> list[Finding]:
    """Direction word and rate against previous/current intervals (百分点 = difference)."""
    mid_prev, mid_cur = sum(prev) / 2, sum(cur) / 2
    if m.fig.unit == "百分点":
        rng = (cur[0] - prev[1], cur[1] - prev[0])
        exp_val = mid_cur - mid_prev
    else:
        g = growth_interval(prev, cur)
        if g is None:
            return []
        rng = g
        exp_val = (mid_cur / mid_prev - 1) * 100 if mid_prev else 0.0
    went = "up" if rng[0] > 0 else ("down" if rng[1] < 0 else None)
    if signed:
        if agrees(fig_interval(m.fig), rng):
            return []
        unit = "个百分点" if m.fig.unit == "百分点" else "%"
        return [_growth_finding(m, f"增长率与数据不符：从 {prev_text} 到 {cur_text} 计算为 {exp_val:.{max(m.fig.decimals, 2)}f}{unit}，"
                                   f"表中写作 {m.fig.text}。", exp_val, metric)]
    if went and went != cue:
        word = "增长" if cue == "up" else "下降"
        real = "上升" if went == "up" else "下降"
        return [_growth_finding(m, f"方向与数据相反：文中说“{word}”，但从 {prev_text} 到 {cur_text} 实际是{real}"
                                   f"（{exp_val:+.2f}{'个百分点' if m.fig.unit == '百分点' else '%'}）。",
                                exp_val, metric)]
    written = fig_interval(m.fig)
    if cue == "down":
        rng = (-rng[1], -rng[0])
    if agrees(written, rng):
        return []
    shown = abs(exp_val)
    unit = "个百分点" if m.fig.unit == "百分点" else "%"
    return [_growth_finding(m, f"增长率与前后两个值不符：从 {prev_text} 到 {cur_text} 计算为 "
                               f"{shown:.{max(m.fig.decimals, 2)}f}{unit}，文中写作 {m.fig.text}。", exp_val, metric)]


def _growth_finding(m: Mention, msg: str, exp_val: float, metric: str | None) -> Finding:
    unit = "个百分点" if m.fig.unit == "百分点" else "%"
    return finding("growth-rate", "error", m, msg, metric=metric, expected=f"{abs(exp_val):.{m.fig.decimals}f}{unit}")


def _pair_in_sentence(ms: list[Mention], i: int) -> tuple[Mention, Mention] | None:
    """由 A 增长到 B / 从 A 增至 B: the two same-unit figures before the rate in its sentence."""
    m = ms[i]
    sent = m.sentence
    before = [x for x in ms[:i] if x.sentence == sent and x.fig.unit != "%" and not x.fig.approx]
    if len(before) < 2:
        return None
    a, b = before[-2], before[-1]
    between = m.passage.text[a.fig.end : b.fig.start]
    if not compatible(a.fig.unit, b.fig.unit):
        return None
    if any(w in between for w in ("增至", "增长到", "增加到", "提高到", "上升到", "下降到", "减少到", "降至", "提升到", "到", "至")) \
            and any(w in m.passage.text[max(0, a.fig.start - 4) : a.fig.start] for w in ("由", "从")):
        return a, b
    return None


def _pair_in_tables(ms: list[Mention], i: int, rows: list[tuple[Mention, Mention]]) -> tuple[Mention, Mention] | None:
    """The subject figure of the sentence found as the current value of a growth-table row."""
    m = ms[i]
    subject = next((x for x in reversed(ms[:i]) if x.sentence == m.sentence and x.fig.unit != "%"), None)
    if subject is None:
        return None
    hits = [(p, c) for p, c in rows if compatible(c.fig.unit or subject.fig.unit, subject.fig.unit)
            and agrees(fig_interval(c.fig), fig_interval(subject.fig, subject.fig.unit if not c.fig.unit else c.fig.unit))
            and abs(c.fig.value - subject.fig.value) < 1e-9 * max(1, abs(c.fig.value)) + 10 ** -c.fig.decimals]
    if len(hits) != 1:
        return None
    return hits[0]
