"""Qualifiers that tell two figures of a similar name apart: level, prize, event, year and cohort,
scope. A figure may stand for a metric only when its sentence does not qualify it otherwise.

- level: 国际/世界, 国家级/全国, 省级/全省/湖北省, 省市级, 市级/全市/咸宁市, 校级/院级; "省级及以上" is a level
  of its own (a figure of one level is a part of it);
- prize: 特等奖, 一/二/三等奖, 金/银/铜奖, 优秀奖;
- event: the kind of contest (技能大赛 ≠ 教学能力大赛 ≠ 创新创业大赛), read from the two characters
  before 大赛/竞赛/比赛;
- year: a calendar year (2022年) other than the data's year, or a year the metric's name does
  not carry; cohort: 2022届 ≠ 2023届;
- scope: 累计/历年/先后 (cumulative) ≠ 新增/新建 (new this year);
- joint: 联合共建 anywhere earlier in the sentence (built jointly with a consortium's partners) is a
  part of a metric whose name does not say 共建.

The metric's qualifiers come from its name and aliases; the figure's from the text before it in
its sentence (the nearest word of each kind wins, so "参加全国…8项；参加湖北省…一等奖 4项" gives
the second figure 湖北省) and the rest of its own clause. A metric that names a qualifier the
figure's sentence contradicts, or a figure whose own clause narrows it by a qualifier the
metric lacks (获省级奖励 81个 for a metric of all awards), is not linked with error-level evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..grammar import year_mentions

__all__ = ["Qualifiers", "name_qualifiers", "text_qualifiers", "conflict"]

_LEVEL = re.compile(
    r"(?P<intl>国际|世界|金砖国家|一带一路)"
    r"|(?P<nat>国家级|国家(?!奖|助|开发|安全|通用|标准|规划|级?以上)|全国|教育部|部级)"
    r"|(?P<provcity>省市级|省市两级|省市)"
    r"|(?P<prov>省部级|省级|全省|省(?:[\u4e00-\u9fff]{1,3}厅|政府)|省赛|"
    r"北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|"
    r"贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆)"
    r"|(?P<city>市级|全市|(?:(?![省级])[\u4e00-\u9fff]){2}市(?!场|民|委|政)|市赛)"
    r"|(?P<school>校级|院级|校赛|校内)"
)
_ABOVE = re.compile(r"^(?:[（(]部[）)])?(?:级)?及?以上")
_PRIZE = re.compile(r"特等奖|[一二三]等奖|金奖|银奖|铜奖|优秀奖")
_EVENT = re.compile(r"(?:大赛|竞赛|比赛|赛项|挑战杯)")
# the kind of contest, from the words just before 大赛/竞赛/比赛 (nearest keyword wins)
_EVENT_KINDS = [
    ("教学能力", "teaching"), ("教师教学", "teaching"), ("教学比赛", "teaching"), ("微课", "microlesson"),
    ("技能", "skill"), ("创新创业", "innovation"), ("互联网", "innovation"), ("创青春", "innovation"),
    ("挑战杯", "challenge"), ("学术科技", "challenge"), ("征文", "essay"), ("诵读", "reading"), ("诵写讲", "reading"),
    ("风采", "style"), ("思政", "ideology"), ("英语", "language"), ("外语", "language"), ("体育", "sports"),
    ("运动会", "sports"), ("篮球", "sports"), ("足球", "sports"), ("艺术", "arts"), ("合唱", "arts"), ("舞蹈", "arts"),
    ("书法", "arts"), ("演讲", "speech"), ("辩论", "speech"), ("数学建模", "math"), ("创业", "innovation"),
]
_SCOPE = re.compile(r"(?P<cum>累计|历年|先后|近[一二三四五六七八九十两\d]+年|建校以来|以来)|(?P<new>新增|新建|新获|新立项|新开设|新招)")
_JOINT = re.compile(r"(联合)?共建")


@dataclass
class Qualifiers:
    """One value per kind (None when the text names none)."""

    level: str | None = None
    prize: str | None = None
    event: str | None = None
    year: str | None = None
    cohort: str | None = None
    scope: str | None = None
    joint: str | None = None  # 联合共建 ("consortium") or 共建 ("joint"): built with partners

    def items(self) -> list[tuple[str, str]]:
        return [(k, v) for k, v in self.__dict__.items() if v is not None]


def _level_of(m: re.Match[str], text: str) -> str:
    kind = next(k for k, v in m.groupdict().items() if v)
    above = _ABOVE.match(text, m.end())
    return kind + ("+" if above else "")


def _scan(text: str) -> list[tuple[int, str, str]]:
    """(position, kind, value) of every qualifier word in ``text``, in order."""
    out: list[tuple[int, str, str]] = []
    for m in _LEVEL.finditer(text):
        out.append((m.start(), "level", _level_of(m, text)))
    for m in _PRIZE.finditer(text):
        out.append((m.start(), "prize", m.group(0).replace("等奖", "")))
    for m in _EVENT.finditer(text):
        kind = _event_kind(text[max(0, m.start() - 10) : m.end()])
        if kind:
            out.append((m.start(), "event", kind))
    for y in year_mentions(text):
        if y.kind == "cohort" or y.kind == "year" and not (y.dated or y.since):
            out.append((y.start, y.kind, str(y.year)))
    for m in _SCOPE.finditer(text):
        out.append((m.start(), "scope", "cum" if m.group("cum") else "new"))
    for m in _JOINT.finditer(text):
        out.append((m.start(), "joint", "consortium" if m.group(1) else "joint"))
    return sorted(out)


def _event_kind(words: str) -> str | None:
    best: tuple[int, str] | None = None
    for key, kind in _EVENT_KINDS:
        i = words.rfind(key)
        if i >= 0 and (best is None or i > best[0]):
            best = (i, kind)
    return best[1] if best else None


def name_qualifiers(names: list[str]) -> Qualifiers:
    """The qualifiers a metric's name and aliases carry (the first name that has a kind wins)."""
    q = Qualifiers()
    for name in names:
        for _, kind, value in _scan(name):
            if getattr(q, kind) is None:
                setattr(q, kind, value)
    return q


def text_qualifiers(before: str, clause_after: str = "") -> tuple[Qualifiers, Qualifiers]:
    """(qualifiers in force at a figure, those of its own clause): the figure's own clause wins
    (the nearest word before the figure, else the first after it); a kind it does not name is
    taken from the nearest word earlier in the sentence."""
    q, own = Qualifiers(), Qualifiers()
    clause_start = max(before.rfind(c) for c in "，,、：:（(；;") + 1
    for pos, kind, value in _scan(before):
        setattr(q, kind, value)
        if pos >= clause_start:
            setattr(own, kind, value)
    for _, kind, value in _scan(clause_after):
        if getattr(own, kind) is None:
            setattr(own, kind, value)
            setattr(q, kind, value)
    return q, own


def conflict(metric: Qualifiers, at: Qualifiers, own: Qualifiers, data_year: int | None,
             period: tuple[int, ...] = ()) -> str | None:
    """Why a figure with qualifiers ``at`` (``own``: of its own clause) cannot be the metric, or None.
    ``period``: the years of the report's 学年 (2022-2023学年: a 2022 figure may be this year's),
    except for contests and prizes, held once a year: a result dated another year is another edition."""
    for kind in ("level", "prize", "event", "cohort", "scope"):
        m, t = getattr(metric, kind), getattr(at, kind)
        if m is not None and t is not None and m != t:
            return f"{_LABEL[kind]}不同（指标：{m}，文中：{t}）"
    if metric.prize is None and own.prize is not None:
        return f"文中限定了{_LABEL['prize']}（{own.prize}），指标名称没有"
    if metric.scope is None and own.scope == "new":
        return "文中是新增数（新增/新建），指标是总数"
    if metric.joint is None and at.joint == "consortium":
        return "文中是与他方共建的数目（共建），指标是总数"
    if metric.year is not None and at.year is not None and metric.year != at.year:
        return f"年份不同（指标：{metric.year}年，文中：{at.year}年）"
    contest = metric.event is not None or metric.prize is not None
    ok_years = {data_year} if contest or data_year is None else {data_year, *period}
    if metric.year is None and at.year is not None and data_year is not None and int(at.year) not in ok_years:
        return f"文中是 {at.year} 年的数字，数据是 {data_year} 年度"
    if metric.cohort is None and at.cohort is not None and data_year is not None and int(at.cohort) != data_year:
        return f"文中是 {at.cohort} 届的数字，数据是 {data_year} 年度"
    return None


_LABEL = {"level": "级别", "prize": "奖项等级", "event": "赛事", "cohort": "届别", "scope": "统计口径", "year": "年份"}
