"""Figures of last year's report → rows of the fill-in workbook.

One row per fact: a figure cited twice under one name (or linked to one catalog metric) is one
row; a share or per-capita figure whose parts are rows of their own becomes a formula row, but
only where the figures of the report itself reproduce it (numerator ÷ whole rounds to it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...check.document import CheckDoc, Mention, Passage
from ...grammar import year_mentions
from ...grammar.cues import COMPARE_WORDS, GROWTH_DOWN, GROWTH_UP
from ...units import compatible, convert, normalize_unit
from ..catalog import CHAPTERS, CatalogEntry, load_catalog
from .naming import GENERIC_NAMES, figure_name, make_id, sibling_award

__all__ = ["ExtractRow", "Occurrence", "rows_from_document", "chapter_key"]

_CHAPTER_WORDS = {
    "overview": ("发展概述", "学校概况", "基本情况", "办学基础", "学校概述", "发展概况"),
    "talent": ("人才培养", "学生发展", "立德树人"),
    "service": ("服务贡献", "服务社会", "社会服务", "服务地方"),
    "culture": ("文化传承",),
    "international": ("国际合作", "国际交流"),
    "industry": ("产教融合", "校企合作"),
    "teaching": ("教学改革", "教育教学改革"),
    "support": ("发展保障", "政策保障", "办学保障", "政策落实"),
    "challenges": ("面临挑战", "挑战与展望", "问题与展望", "存在问题"),
}


def chapter_key(title: str) -> str | None:
    """The catalog chapter key of a report chapter heading (二、人才培养 → talent); None if none fits."""
    t = re.sub(r"\s+", "", title or "")
    for key, words in _CHAPTER_WORDS.items():
        if any(w in t for w in words) or CHAPTERS[key] in t:
            return key
    return None


@dataclass
class Occurrence:
    """One place a row's figure is written: the sentence, its section and where."""

    figure: str
    sentence: str
    section: str
    where: str


@dataclass
class ExtractRow:
    """A row of the 指标 sheet before it is written: last year's figure and where it came from."""

    id: str
    name: str
    unit: str                 # as written (场次, 台（套）, 万元, %)
    previous: float
    precision: int
    chapter: str | None = None
    source: str | None = None
    formula: str | None = None
    kind: str = "level"       # level | share | per_capita | growth | change
    catalog: bool = False
    approx: str | None = None
    occurrences: list[Occurrence] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)

    @property
    def canon_unit(self) -> str:
        """The unit as draftkit.units knows it (个百分点 → 百分点, ％ → %)."""
        return normalize_unit(self.unit)

    def note(self) -> str:
        """备注: the sentence it came from, where, and what else a department should know."""
        first = self.occurrences[0]
        parts = [f"原文（{first.section}，{first.where}）：{first.sentence}"]
        more = [o for o in self.occurrences[1:] if o.sentence != first.sentence]
        if more:
            parts.append("另见：" + "；".join(f"{o.section}，{o.where}" for o in more[:4])
                         + ("等" if len(more) > 4 else ""))
        if self.approx:
            parts.append(f"原文为约数（{first.figure}），上年值按写出的数字记")
        parts.extend(self.remarks)
        return "\n".join(parts)


@dataclass
class _Fig:
    """A prose mention with what the extraction decided about it."""

    m: Mention
    name: str
    unit: str
    kind: str
    catalog: str | None = None
    row: ExtractRow | None = None
    before: str | None = None   # "由 A 提高到 B": what the report says the year before was


def _written_unit(m: Mention) -> str:
    """The unit as written after the number (台（套）, 万人, 个百分点 → 百分点), approximations dropped."""
    f = m.fig
    rest = f.text
    i = rest.find(f.raw) if f.raw else -1
    rest = rest[i + len(f.raw):] if i >= 0 else rest
    rest = re.sub(r"[余多来\s]", "", rest)
    if f.scale != 1.0 and rest[:1] in "万亿千" and normalize_unit(rest[1:]) == f.unit:
        rest = rest[1:]
    if normalize_unit(rest) == f.unit and rest not in ("％", "个百分点"):
        return rest
    return f.unit


def _kind(m: Mention, clause_before: str) -> str:
    """level, share (占比/率), per_capita (生均), growth (较上年增长 N%) or change (较上年增加 N人)."""
    tail = clause_before[-14:]
    growth = any(w in tail for w in GROWTH_UP + GROWTH_DOWN) and \
        not re.search(r"(?:到|至|增至|降至)\s*(?:了)?\s*$", tail)  # "占比提高到 96.7%" is a level
    compare = any(w in clause_before for w in COMPARE_WORDS)
    if m.fig.unit in ("%", "百分点") and growth and not re.search(r"(?:率|占比|比例)(?:达到|达|为)?$", tail):
        return "growth"
    if growth and compare and m.fig.unit not in ("%", "百分点"):
        return "change"
    if "生均" in clause_before or "人均" in clause_before[-6:]:
        return "per_capita"
    if m.fig.unit == "%":
        return "share"
    return "level"


# the linker's rules that rest on words of the figure's own clause (not on an earlier clause)
_OWN_CLAUSE_RULES = ("name", "alias", "after", "share-of")


def _catalog_links(doc: CheckDoc) -> dict[int, CatalogEntry]:
    """``id(mention) → catalog entry`` by the checker's linker (the evidence rule: a name or alias
    of the entry heads the figure in its own clause, unit compatible, no part word or conflicting
    qualifier between), run over the catalog as if it were a year's data; strong links only."""
    from ...check.link import Linker
    from ..model import Metric, YearData

    catalog = load_catalog()
    yd = YearData(school="", year=0, period="", path=doc.path)
    for i, e in enumerate(catalog.values(), start=1):  # distinct values: two candidates are never guessed
        yd.metrics[e.id] = Metric(id=e.id, name=e.name, unit=e.unit, value=float(i), formula=e.formula,
                                  aliases=list(e.aliases), chapter=e.chapter, from_catalog=True)
    prose = [m for m in doc.mentions if m.row is None and m.passage.kind in ("paragraph", "heading")]
    Linker(yd).link_all(prose)
    out = {}
    for m in prose:
        link = getattr(m, "link", None)
        if link is not None and link.strong and link.rule in _OWN_CLAUSE_RULES:
            out[id(m)] = catalog[link.metric]
        m.metric, m.link, m.role = None, None, None  # the document is the extractor's own: leave it clean
    return out


def rows_from_document(doc: CheckDoc, sections: dict[int, str], school: str = "") -> list[ExtractRow]:
    """Rows for every prose figure of ``doc`` (``sections``: block → its heading path)."""
    figs = _from_to(_read_figures(doc, school, _catalog_links(doc)))
    rows: list[ExtractRow] = []
    taken: set[str] = set(load_catalog())
    by_name: dict[str, list[ExtractRow]] = {}
    for f in figs:
        occ = _occurrence(f.m, sections)
        row, remark = _same_fact(f, by_name)
        if row is None and _distinctive(f) and f.kind not in ("growth", "change"):
            row = _same_value_related_name(f, rows)
            if row is not None and row not in by_name.setdefault(row.id if row.catalog else f.name, []):
                by_name[row.id if row.catalog else f.name].append(row)
        if row is None:
            row = _new_row(f, taken)
            if remark:
                row.remarks.append(remark)
            rows.append(row)
            by_name.setdefault(f.catalog or f.name, []).append(row)
        elif remark == "convert":
            row = _conversion_row(row, f, taken, rows)
            by_name.setdefault(f.catalog or f.name, []).append(row)
        row.occurrences.append(occ)
        if f.before and f.before not in row.remarks:
            row.remarks.append(f.before)
        f.row = row
        if row.chapter is None:
            row.chapter = chapter_key(f.m.passage.chapter)
    from .derived import derive

    derive(figs, rows)
    _unique_ids(rows)
    return rows


def _unique_ids(rows: list[ExtractRow]) -> None:
    """Every id once (a safety net: the workbook loader refuses a repeated id)."""
    seen: set[str] = set()
    for row in rows:
        if row.id in seen:
            row.id, row.catalog = _unique(row.id, seen | {r.id for r in rows}), False
        seen.add(row.id)


def _same_fact(f: _Fig, by_name: dict[str, list[ExtractRow]]) -> tuple[ExtractRow | None, str | None]:
    """(the row ``f`` is already, None) — the same catalog metric or the same (long enough) name
    with the same value; (row, "convert") for the same quantity in another unit (1418亩 and
    945450.66平方米); (None, remark) for a second, different value under a catalog name."""
    if f.kind in ("growth", "change") or (not f.catalog and len(f.name) < 4 and not _distinctive(f)):
        return None, None
    fig = f.m.fig
    for row in by_name.get(f.catalog or f.name, []):
        same_unit = normalize_unit(row.unit) == fig.unit or row.canon_unit == fig.unit
        if same_unit and abs(row.previous - fig.value) < 1e-9 and (row.approx is None) == (fig.approx is None):
            return row, None
        if not same_unit and not row.formula and _same_quantity(row, f):
            return row, "convert"
    if f.catalog and by_name.get(f.catalog):
        first = by_name[f.catalog][0]
        f.catalog = None
        return None, f"与 {first.id}（{first.name}）名称相同但数值不同（{first.occurrences[0].figure}），请核实"
    return None, None


def _same_value_related_name(f: _Fig, rows: list[ExtractRow]) -> ExtractRow | None:
    """"2022届毕业生 5604人" and "本校毕业生 5604人" (linked to graduates_total): one name inside the
    other (or inside the catalog metric's names) and the same distinctive value — one fact. A catalog
    id met later is given to the row."""
    fig = f.m.fig
    for row in rows:
        if row.formula or abs(row.previous - fig.value) > 1e-9 or row.canon_unit != fig.unit:
            continue
        names = [row.name] + (list(load_catalog()[row.id].aliases) if row.catalog else [])
        if f.catalog:
            names += [load_catalog()[f.catalog].name, *load_catalog()[f.catalog].aliases]
        if any(_related(f.name, n) for n in names) and not (row.catalog and f.catalog and row.id != f.catalog):
            if f.catalog and not row.catalog:
                e = load_catalog()[f.catalog]
                row.id, row.name, row.catalog, row.chapter = e.id, e.name, True, e.chapter
            return row
    return None


def _related(a: str, b: str) -> bool:
    a, b = (re.sub(r"(?:人数|数)$", "", x) for x in (a, b))
    return len(min(a, b, key=len)) >= 2 and (a in b or b in a)


def _distinctive(f: _Fig) -> bool:
    """A short name ("毕业生") still identifies a fact when its value could hardly recur by chance
    (5604人: three or more significant digits)."""
    digits = re.sub(r"\D", "", f.m.fig.raw or "").strip("0")
    return len(f.name) >= 2 and len(digits) >= 3


def _same_quantity(row: ExtractRow, f: _Fig) -> bool:
    """One quantity in two units: each figure rounds the other (1418亩 ≈ 945450.66平方米)."""
    fig = f.m.fig
    try:
        if not compatible(row.canon_unit, fig.unit) or row.canon_unit == fig.unit:
            return False
        here = convert(row.previous, row.canon_unit, fig.unit)
    except Exception:  # noqa: BLE001 - units that do not convert are not one quantity
        return False
    return _fits(here, fig.value, fig.decimals) or _fits(convert(fig.value, fig.unit, row.canon_unit),
                                                        row.previous, row.precision)


_UNIT_IDS = {"亩": "mu", "亿元": "yi", "万元": "wan", "元": "yuan", "平方米": "m2", "万平方米": "wan_m2", "公顷": "ha",
             "万人": "wan", "万人次": "wan"}


def _conversion_row(base: ExtractRow, f: _Fig, taken: set[str], rows: list[ExtractRow]) -> ExtractRow:
    """The same quantity in a second unit: a formula row (``campus_area_mu = campus_area`` in 亩).
    The more precise figure is the row a department fills; returns the row ``f`` belongs to."""
    fig = f.m.fig
    new = ExtractRow(id="", name="", unit=f.unit, previous=fig.value, precision=fig.decimals, kind=f.kind,
                     approx=fig.approx, chapter=base.chapter)
    finer = 0.5 * 10 ** (-fig.decimals) * convert(1.0, fig.unit, base.canon_unit) < 0.5 * 10 ** (-base.precision)
    if finer:  # the new figure is the precise one: it takes the base row, the old figure moves out
        for attr in ("unit", "previous", "precision", "approx", "occurrences"):
            old = getattr(base, attr)
            setattr(base, attr, getattr(new, attr))
            setattr(new, attr, old)
    coarse = new
    coarse.id = _unique(f"{base.id}_{_UNIT_IDS.get(normalize_unit(coarse.unit), 'alt')}", taken)
    coarse.name = f"{base.name}（{coarse.unit}）"
    coarse.formula = base.id
    coarse.remarks.append(f"同一数量的另一单位写法：由 {base.id}（{base.name}）换算，不必填写数值")
    rows.insert(rows.index(base) + 1, coarse)
    return base if finer else coarse


def _unique(base: str, taken: set[str]) -> str:
    out, i = base, 2
    while out in taken:
        out, i = f"{base}_{i}", i + 1
    taken.add(out)
    return out


def _read_figures(doc: CheckDoc, school: str, links: dict[int, CatalogEntry]) -> list[_Fig]:
    out: list[_Fig] = []
    last: dict[int, _Fig] = {}
    for m in doc.mentions:
        if m.row is not None or m.passage.kind not in ("paragraph", "heading"):
            continue
        p = m.passage
        a, _ = p.clause_at(m.fig.start)
        prev = last.get(p.block)
        start = prev.m.fig.end if prev is not None and a <= prev.m.fig.end <= m.fig.start else a
        kind = _kind(m, p.text[a : m.fig.start])
        f = _Fig(m, figure_name(m, start, school), _written_unit(m), kind)
        entry = links.get(id(m))
        if entry is not None and (_part_of_other(f, prev) or _new_only(f, entry) or kind in ("growth", "change")
                                  or (entry.unit == "%") != (m.fig.unit == "%")):
            entry = None
        if entry is not None:
            f.name = entry.name
            # a derived catalog metric is used only when its formula is verified (_derive)
            f.catalog = None if entry.formula else entry.id
        last[p.block] = f
        out.append(f)
    _complete_names(out)
    _respectively(out)
    return out


def _new_only(f: _Fig, entry: CatalogEntry) -> bool:
    """"新建智慧教室 30间": this year's additions, not the stock the catalog metric counts."""
    a, _ = f.m.passage.clause_at(f.m.fig.start)
    return bool(re.search(r"新建|新增|新开|新招|新引进|新获", f.m.passage.text[a : f.m.fig.start])) and \
        not any("新" in n for n in (entry.name, *entry.aliases))


def _part_of_other(f: _Fig, prev: "_Fig | None") -> bool:
    """"团队由16名成员组成，其中…企业兼职教师5名": after 其中, a catalog name counts a part of the
    whole before it; the school's own figure only when that whole is a school metric too
    ("学校有教职工959人，其中专任教师796人")."""
    s, _ = f.m.passage.sentence_at(f.m.fig.start)
    if "其中" not in f.m.passage.text[s : f.m.fig.start]:
        return False
    same = prev is not None and prev.m.sentence == f.m.sentence
    return not (same and prev.catalog)


def _from_to(figs: list[_Fig]) -> list[_Fig]:
    """"学分由2学分提高到3学分": the first figure is the year before's value of the second, not a
    fact of its own — one row (the report's own figure, 3学分), named by the words before 由
    (由 A 到 B read as the checker reads it: :func:`draftkit.check.names.from_to`)."""
    from ...check.names import from_to, opens_from

    out: list[_Fig] = []
    for i, f in enumerate(figs):
        nxt = figs[i + 1] if i + 1 < len(figs) else None
        text = f.m.passage.text
        if nxt is not None and nxt.m.passage is f.m.passage and opens_from(text, f.m) and from_to(text, f.m, nxt.m):
            nxt.catalog = nxt.catalog or f.catalog
            nxt.name = nxt.name if nxt.catalog else f.name
            nxt.before = f"上一年为 {f.m.fig.text}（原文：由 {f.m.fig.text} 到 {nxt.m.fig.text}）"
            continue
        out.append(f)
    return out


def _complete_names(figs: list[_Fig]) -> None:
    """Shares, growth and changes name what they are of (the figure before them in the sentence);
    an award or a bare figure listed after another takes that one's subject."""
    for i, f in enumerate(figs):
        prev = figs[i - 1] if i and figs[i - 1].m.passage is f.m.passage and figs[i - 1].m.sentence == f.m.sentence else None
        if f.kind in ("growth", "change") or (f.kind == "share" and (f.name in GENERIC_NAMES or f.name.startswith("占"))):
            base = _base_before(figs, i)
            own = f.name if f.name not in GENERIC_NAMES else ""
            stem = re.sub(r"(?<=[\u4e00-\u9fff]{2})数$", "", base.name) if base is not None else ""
            if f.kind == "share":
                f.name = stem + ((own + "比例") if own.startswith("占") and len(own) > 1 else "占比")
            elif base is not None:
                up = not any(w in f.m.passage.text[max(0, f.m.fig.start - 8) : f.m.fig.start] for w in GROWTH_DOWN)
                word = ("增幅" if up else "降幅") if f.kind == "growth" else ("较上年增加" if up else "较上年减少")
                f.name = stem + word
        elif f.kind == "per_capita" and f.name in ("生均", "人均", "") and not f.catalog:
            base = _base_before(figs, i)
            if base is not None:
                f.name = "生均" + re.sub(r"^(?:学校|年)", "", base.name)
        elif prev is not None and not f.catalog:
            between = f.m.passage.text[prev.m.fig.end : f.m.fig.start].strip()
            award = sibling_award(f.name, prev.name)
            if award:
                f.name = award
            elif between in ("", "、", "，", ",") and not _clean_name(f.name) and prev.name:
                f.name = f"{prev.name}（{f.unit}）"  # "奖项 84项、299人次"
            elif not _clean_name(f.name) and prev.name and "累计" in between:
                # "新建智慧教室30间，累计达到70间": the running total of what the figure before counts
                f.name = "累计" + re.sub(r"^(?:新建|新增|新开|建成|新)", "", prev.name)
        if not f.name:
            f.name = f.m.after or "未命名数字"


_RESPECTIVELY = re.compile(r"分别(?:为|是|达到|达)?\s*$")


def _respectively(figs: list[_Fig]) -> None:
    """"对工作内容、职业发展前景、薪酬的满意度分别为 93.16%、87.11%、80.99%": each figure takes its
    item (工作内容满意度 …); "2021-2023年，通过率分别为 50%、83%、98.5%": each takes its year."""
    i = 0
    while i < len(figs):
        f = figs[i]
        text, s = f.m.passage.text, f.m.passage.sentence_at(f.m.fig.start)[0]
        cue = _RESPECTIVELY.search(text, s, f.m.fig.start)
        group = [f]
        while cue and i + len(group) < len(figs):
            g = figs[i + len(group)]
            if g.m.passage is not f.m.passage or g.m.sentence != f.m.sentence or \
                    not re.fullmatch(r"\s*(?:、|和|及|以及|与|，)\s*", text[group[-1].m.fig.end : g.m.fig.start]):
                break
            group.append(g)
        if cue and len(group) >= 2:
            for g, name in zip(group, _items(text, s, cue.start(), len(group))):
                g.name, g.catalog = name, None
        i += len(group)


def _items(text: str, s: int, cue: int, n: int) -> list[str]:
    """The ``n`` names a 分别 sentence lists before ``cue`` (empty when they do not count ``n``)."""
    a = cue
    while a > s and text[a - 1] not in "，,；;：:。":
        a -= 1
    phrase = re.sub(r"\s+", "", text[a:cue])
    spans = [y for y in year_mentions(text[s:cue]) if y.kind == "range" and y.tail == "年"]
    if spans and spans[0].years[1] - spans[0].years[0] + 1 == n:
        head = re.sub(r"^(?:其|的)", "", phrase)
        return [f"{y}年{head}" for y in range(spans[0].years[0], spans[0].years[1] + 1)]
    parts = re.split(r"、|和|及|与", phrase)
    if len(parts) != n:
        return []
    last, _, head = parts[-1].partition("的")
    parts[-1] = last
    lead = re.match(r"^(.*?(?:对|在|从))(.+)$", parts[0])  # "毕业生对工作内容": 毕业生对 belongs to every item
    prefix = lead.group(1) if lead and len(lead.group(1)) > 1 else ""  # a bare 对 is no subject
    parts[0] = lead.group(2) if lead else parts[0]
    return [prefix + p + head for p in parts] if head else []


def _clean_name(name: str) -> str:
    return "" if name in GENERIC_NAMES else name


def _base_before(figs: list[_Fig], i: int) -> _Fig | None:
    """The nearest figure before ``figs[i]`` in its sentence that it is about: a level (a share
    only for a growth written in % or 百分点)."""
    me = figs[i]
    for j in range(i - 1, -1, -1):
        o = figs[j]
        if o.m.passage is not me.m.passage or o.m.sentence != me.m.sentence:
            return None
        if o.name and (o.kind in ("level", "per_capita") or (o.kind == "share" and me.m.fig.unit in ("%", "百分点")
                                                                and me.kind == "growth")):
            return o  # "落实率94.90%，较上年提高0.25个百分点": the rate's change
    return None


def _new_row(f: _Fig, taken: set[str]) -> ExtractRow:
    fig = f.m.fig
    rid = f.catalog if f.catalog else make_id(f.name, taken)
    row = ExtractRow(id=rid, name=f.name, unit=f.unit, previous=fig.value, precision=fig.decimals,
                     kind=f.kind, catalog=bool(f.catalog), approx=fig.approx)
    if f.catalog:
        row.chapter = load_catalog()[f.catalog].chapter
    if f.kind == "growth":
        row.remarks.append("增长率：下一年可由所依据指标的数值与上年值算出，数据中不必另填")
    return row


def _occurrence(m: Mention, sections: dict[int, str]) -> Occurrence:
    p: Passage = m.passage
    line = m.location.get("line")
    where = f"第{line}行" if line else f"第{p.location.get('paragraph', p.block) + 1}段"
    return Occurrence(m.fig.text, m.context, sections.get(p.block, p.chapter), where)


def _fits(value: float, target: float, decimals: int) -> bool:
    return abs(value - target) <= 0.5 * 10 ** (-decimals) + 1e-9
