"""How names and words stand around a figure in Chinese prose: the forms a metric's name is
written in, the light words that may stand between a name and its figure, part words, the words
of a contest's prize or level, and small tests on the text around a figure. Used by the linker."""

from __future__ import annotations

import re

from ..grammar import extract_figures
from ..units import compatible
from .document import Mention

__all__ = [
    "counts_its_own_noun", "WORK_TAIL", "ENDERS", "GAP_NOUNS", "LEVEL_BEFORE", "LIGHT", "NOUN_ENDS", "PART_BETWEEN", "PART_WORDS", "QUALIFIED",
    "QUALIFIERS", "SCHOOL_SUBJECTS", "TIME_LEAD", "WIN_VERBS", "corroborates", "explains_a_name", "from_to", "name_keys", "noun_after",
    "ends_an_object", "object_start", "opens_from", "said", "size_head", "strip_light",
]

# words right before a name that make the figure a part of it (参与教职工 / 新增校舍面积)
QUALIFIERS = ("参与", "参加", "部分", "新增", "个体", "团体", "对应", "非同级", "同级", "非", "未", "除", "每")
ENDERS = "，。；、：,.;:）)！？\n"
PART_WORDS = ("其中", "包括", "包含", "分别", "含")
PART_BETWEEN = re.compile(r"中有|之中|其中|中的|中共|里有|内有|当中")
SCHOOL_SUBJECTS = ("学校", "我校", "全校", "本校", "我院", "全院")
TIME_LEAD = re.compile(r"^(?:(?:19|20)\d{2}\s*(?:年度|年|学年)|近年来|近三年|近年|今年|本年度|当年)[，,、\s]*")
WORK_TAIL = re.compile(r"(?:工作|任务|活动)(?:[，。；、,;]|$)")
# what may follow the noun a figure counts ("40项竞赛活动（含…）", "9个二级学院共同参与", "7名外国选手参赛");
# not a verb of its own ("遴选 6个招生专业开展…试点": six of the majors)
NOUN_ENDS = re.compile(r"[（(]|共同|参赛")
_SIZE_HEAD = re.compile(r"(?:的)?(?:办学)?规模")
GAP_NOUNS = ("学生", "教师", "教职工", "人员")
# "1人荣获全国优秀共青团员", "6部教材入选…国家规划教材", "28名教师担任省市级科技副总": the figure
# counts who won, entered or took up the thing its verb names (a short noun may stand between)
_OBJECT = re.compile(r"\s?([\u4e00-\u9fff]{0,6}?)(被评选为|被认定为|被推荐参加|荣获|获得|获评|获批为|获批|被评为|评为|"
                     r"入选|当选|担任|完成|获)")
# between the verb and its object only quotes, a year and the body that confers it (省人社厅, 教育部);
# any other word (全省, 湖北省企业) qualifies the object, which then is not the metric's thing
_OBJECT_LEAD = re.compile(r"(?:(?:19|20)\d{2}\s?年度?|[“《〈\s]|[\u4e00-\u9fff]{1,6}?(?:厅|教育部|人社部|局|委员会)的?)*")
_OBJECT_TAIL = re.compile(r"[”》〉]*(?:荣誉称号|称号|专家|专题培训)?[”》〉]*(?:[，。；、,;：:）)！？\n]|$)")
# what may stand between a name and its figure: verbs of being/reaching, totals, measure nouns
LIGHT = re.compile(
    r"^(?:建设|建成|组建|开展|举办|承办|完成|实施|立项|获批|认定|入选|发表|出版|申报|签约|开设|开发|录取|招收|"
    r"达到了|达到|高达|多达|已达|达|为|是|有|共有|现有|拥有|共计|合计|总计|累计|共|计|约|近|超过|逾|超|已|了|的|"
    r"总数|人数|数量|总量|总额|规模|总规模|金额|面积|次数|数|总|分别为|分别|增至|增长到|增加到|提高到|提升到|上升到|"
    r"下降到|降低到|减少到|降至|减至|至|到|突破|稳定在|保持在|在|荣誉称号|称号|仅有|仅|只有|[：:\s]|[（(][^）)]{0,12}[）)])*$"
)
QUALIFIED = re.compile(r"特等奖|[一二三]等奖|金奖|银奖|铜奖|优秀奖|国家级|省级|市级|校级")
WIN_VERBS = ("获", "获得", "荣获", "共获", "斩获", "评为", "获评", "取得", "其中")
LEVEL_BEFORE = re.compile(r"(?:国家级|国家|全国|省级|全省|市级|全市|校级|院级|国际|世界)$")
_TO_WORDS = ("增长到", "增加到", "提高到", "提升到", "上升到", "扩大到", "增至", "减少到", "下降到", "降低到", "降至", "减至",
             "到", "至")


_NAME_TAILS = ("人数", "总数", "数量", "个数", "项数", "数")


class _End:
    """A stand-in figure that starts at ``start`` (the end of the text)."""

    def __init__(self, start: int):
        self.start = start
        self.end = start


_START = _End(0)


def name_keys(name: str, unit: str = "") -> list[str]:
    """The forms a name is found under in text: as written, without parenthesised notes, and
    without a trailing 数/人数/数量 or its own unit that reports write after the number instead
    ("湖北省新兴产业专业数" → "…专业 2个", "文艺演出场次" → "文艺演出 12场次")."""
    keys = []
    tails = (unit, *_NAME_TAILS) if unit and len(unit) <= 3 and not unit.isascii() else _NAME_TAILS
    plain = re.sub(r"\s+", "", name)
    # an alias copied with its figure ("11名校领导班子"): its words, when they are specific enough
    # to name one thing (five characters or more; 专业大类 and 数字资源 are said of many)
    figs = extract_figures(plain)
    bare = "".join(plain[a.end : b.start] for a, b in zip([_START, *figs], [*figs, _End(len(plain))]))
    for form in (plain, re.sub(r"[（(][^）)]*[）)]|\s+", "", name), bare if figs and len(bare) >= 5 else plain):
        if len(form) >= 2 and form not in keys:
            keys.append(form)
        for tail in tails:
            if form.endswith(tail):  # the longest tail that ends the name decides ("通过人数" stays whole)
                cuts = (tail, "数") if tail in ("个数", "项数") else (tail,)  # 服务事项数: 服务事项 too
                for cut in cuts:
                    if len(form) - len(cut) >= 3 and form[: -len(cut)] not in keys:
                        keys.append(form[: -len(cut)])
                break
    return keys


def corroborates(names: list[str], short: str, before: str) -> bool:
    """A short alias (培训, 报到) is backed by the sentence: it is about the school (学校全年开展培训
    共计…), or two characters of the metric's longer name besides the alias stand before the figure
    ("举办职业培训 256期，培训 39546人次" for 职业培训人次; "全日制新生录取 5917人，报到 5714人")."""
    if TIME_LEAD.sub("", before.lstrip("，,。；;、 ")).startswith(SCHOOL_SUBJECTS):
        return True
    tails = {"人次", *_NAME_TAILS}
    for name in names:
        for piece in re.sub(r"\s+", "", name).split(short):
            for i in range(len(piece) - 1):
                w = piece[i : i + 2]
                if w not in tails and re.fullmatch(r"[\u4e00-\u9fff]{2}", w) and w in before:
                    return True
    return False


def explains_a_name(text: str, pos: int) -> bool:
    """The figure stands in brackets right after a quoted name ("“1+1+1+N”协同发展模式（1个产业、
    1个专业群…）"): it spells out what the name means, it reports no quantity of the school."""
    i, j = text.rfind("（", 0, pos), text.rfind("）", 0, pos)
    return i > j and "”" in text[max(0, i - 12) : i]


def said(first: str, earlier: str) -> bool:
    """The first part of a name is in the earlier words: whole, without a level word at its end
    (the qualifier rule checks levels), or its last four characters or more when they are at least
    half of it (湖北省职业院校教师教学能力大赛 ← 参加教师教学能力大赛)."""
    if first in earlier:
        return True
    level = re.sub(r"(?:国家|省|市|校|院)级$", "", first)  # 教学能力大赛省级 + 二等奖 ← 参加教学能力大赛
    if level != first and len(level) >= 4 and level in earlier:
        return True
    n = max(4, (len(first) + 1) // 2)
    return len(first) > n and any(first[-k:] in earlier for k in range(len(first) - 1, n - 1, -1))


def strip_light(words: str) -> str:
    """The words before a figure without the light words at their end (达到/为/共…)."""
    for i in range(len(words)):
        if LIGHT.match(words[i:]):
            return words[:i]
    return words


def opens_from(text: str, m: Mention) -> bool:
    """A figure written after 由/从 and followed by 增长到/减少到…: last year's value."""
    before = text[max(0, m.fig.start - 3) : m.fig.start].strip()
    after = text[m.fig.end : m.fig.end + 5].lstrip()
    return before.endswith(("由", "从")) and after.startswith(_TO_WORDS)


def from_to(text: str, a: Mention, b: Mention) -> bool:
    between = text[a.fig.end : b.fig.start].strip()
    return between in _TO_WORDS and compatible(a.fig.unit, b.fig.unit)


def size_head(text: str, end: int) -> bool:
    """The name is followed only by the word for its size ("42个招生专业办学规模，")."""
    hit = _SIZE_HEAD.match(text, end)
    return hit is not None and (hit.end() >= len(text) or text[hit.end()] in ENDERS)


_AFTER_OK = re.compile(r"(?:单位|人员|左右|以上|以下|之多|多|余|次|人次|其中|的|和|及|与|或|、|等|；|，|。|）|\)|\s|$)")


def object_start(text: str, end: int, clause_end: int) -> list[int]:
    """Where the object of "N名X荣获/入选/担任 …" may begin, nearest first: the figure (ending at
    ``end``) is the subject of a verb of winning, entering or taking up; the object begins right
    after the verb or after quotes, a year or the conferring body (“2023年, 省人社厅“ …)."""
    hit = _OBJECT.match(text, end, clause_end)
    if hit is None or any(v in hit.group(1) for v in ("获", "评", "选", "任", "完成")):
        return []
    lead = _OBJECT_LEAD.match(text, hit.end(), clause_end)
    return list(range(hit.end(), min(lead.end() if lead else hit.end(), clause_end) + 1))


def ends_an_object(text: str, end: int) -> bool:
    """The name ends the object: only a closing quote, 称号/专家 and the clause's end follow it
    ("获得校长奖学金提名奖": 校长奖学金 is not the object)."""
    return _OBJECT_TAIL.match(text, end) is not None


def counts_its_own_noun(text: str, end: int) -> bool:
    """The figure is followed by a noun of its own ("三个层面", "5个国家"): it counts that noun,
    not a name written before it. Light words (左右, 以上, 的 …) and punctuation are not nouns."""
    return noun_after(text, end) and not _AFTER_OK.match(text, end)


def noun_after(text: str, end: int) -> bool:
    """True when the figure is followed by a noun of its own ("796名专技人员")."""
    return end < len(text) and ("\u4e00" <= text[end] <= "\u9fff" or text[end].isalpha())
