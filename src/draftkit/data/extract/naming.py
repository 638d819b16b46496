"""Names and ids for the figures of a report: the words of a figure's own clause that name it
(``开发了 5门专业特色课程`` → 开发专业特色课程), and a readable id made from them (pinyin by word:
``kaifa_zhuanye_tese_kecheng``)."""

from __future__ import annotations

import re
from functools import lru_cache

from ...check.document import Mention
from ...units import is_count_unit

__all__ = ["figure_name", "make_id", "name_words", "sibling_award", "GENERIC_NAMES"]

# a clause naming nothing but "how much" (占比 is completed from the figure before it)
GENERIC_NAMES = {"", "占比", "比例", "占", "比重", "其中", "合计", "共计", "总计", "累计", "数量", "人数", "达", "约",
                 "分别", "分别为", "各", "新增", "增加", "增长", "减少", "下降", "提高", "共有", "有", "涉及", "覆盖"}
_DATE = re.compile(r"(?:截至|截止|至|到)?\d{4}\s*(?:年度|年底|年末|年|学年|届)(?:\d{1,2}月(?:份|底)?)?|"
                   r"\d{4}\s*[-—－]\s*\d{4}\s*学年|\d{2,4}\s*级|\d{1,2}月(?:份|底)?|本年度|本学年|全年|当年|今年")
# quotes and 《》 stay in a name, as written, so that the name is found in next year's sentence again
_PUNCT = re.compile(r"[\"「」『』【】〔〕\[\]<>（）()：:，,。；;！!？?、·…\s]")
_PAIRS = {"“": "”", "‘": "’", "《": "》"}
_PARENS = re.compile(r"[（(][^（）()]{0,12}[）)]")
_AFTER_STOP = re.compile(r"[，,。；;：:、！？!?（(]")
# words that end a noun phrase after a measure word ("4名管理人员入驻…", "2个项目获得…")
_VERB_HINTS = ("获得", "获", "入驻", "参加", "参与", "通过", "成为", "开展", "完成", "进行", "共建", "实现", "组织", "赴",
               "到", "在", "被", "对", "与", "和", "及", "以上", "以下", "左右", "的", "中", "为", "是", "等", "共",
               "已", "均", "全部", "分别", "达", "占", "提高", "增长", "增加", "提升", "上升", "扩大", "减少", "下降",
               "降低", "增至", "降至", "重构", "转化", "整合", "改造")
# whole words (jieba) that open or close a clause without naming anything
_LEAD_WORDS = {"其中", "以及", "并且", "并", "和", "及", "与", "共有", "共计", "合计", "总计", "累计", "共", "目前", "现有",
               "学校", "我校", "全校", "全院", "本校", "学院", "已", "还", "另有", "此外", "同时", "均", "分别", "先后",
               "通过", "包括", "的", "了", "又", "再", "也", "均为", "当前", "已经", "截至", "截止", "年", "有", "将", "把"}
_TAIL_WORDS = {"达到", "达", "为", "是", "有", "约", "近", "超过", "逾", "计", "共计", "共", "合计", "总计", "累计", "了",
               "的", "至", "已达", "已", "分别", "分别为", "在", "总数达", "等", "以上", "多达", "高达", "超", "将近",
               "接近", "大约", "突破", "达到了", "共有", "及", "由", "从", "提高", "提升", "增长", "增加", "上升",
               "增至", "降至", "下降", "降低", "减少"}
_AWARD = re.compile(r"(?:特等奖|[一二三]等奖|金奖|银奖|铜奖|优秀奖|优胜奖|国家级|省部级|省级|市级|校级|院级)(?:及以上)?$")
_MAX = 20


def _strip_words(t: str) -> str:
    words = name_words(t)

    def quote(w: str, rest: list[str]) -> bool:  # a quote mark that closes one opened in the name
        return any(w == close and opener in "".join(rest) for opener, close in _PAIRS.items())

    while words and (words[0] in _LEAD_WORDS or not re.search(r"[\u4e00-\u9fffA-Za-z“‘《]", words[0])):
        words.pop(0)
    while words and (words[-1] in _TAIL_WORDS or (not re.search(r"[\u4e00-\u9fffA-Za-z]", words[-1])
                                                  and not quote(words[-1], words[:-1]))
                     or (words[-1] in ("到", "至") and len(words) > 1 and words[-2] in _TAIL_WORDS)):
        words.pop()  # "占比提高到": 提高 and its 到 (but 报到 keeps its 到)
    return _balanced("".join(words))


def _balanced(name: str) -> str:
    """A quote mark without its partner (the name was cut inside a quotation) is dropped."""
    for opener, close in _PAIRS.items():
        if name.count(opener) != name.count(close):
            name = name.replace(opener, "").replace(close, "")
    return name


def _clean(text: str, school: str = "") -> str:
    """Quotes, punctuation, dates and the school's own name out; connective words (whole words:
    共建 keeps its 共, 现代 its 现) off the edges."""
    t = text
    if school:
        t = t.replace(school, "")
    t = _PARENS.sub("", t)
    t = _DATE.sub("", t)
    t = _PUNCT.sub("", t)
    return _strip_words(t) if t else t


def _after_noun(text: str, end: int) -> str:
    """The noun a measure word counts, right after the figure: "门专业特色课程" → 专业特色课程
    (whole words up to the first verb or particle: 在线 is not 在, 中外 is not 中)."""
    rest = re.sub(r"[“”\"‘’《》]", "", text[end : end + 30])
    stop = _AFTER_STOP.search(rest)
    rest = rest[: stop.start()] if stop else rest
    out = ""
    for w in name_words(rest):
        if w in _VERB_HINTS or not re.fullmatch(r"[\u4e00-\u9fffA-Za-z+＋]+", w) or len(out) + len(w) > 14:
            break
        out += w
    return out if len(out) >= 2 else ""


def _after_clause(text: str, end: int, school: str) -> str:
    """What a figure opening its clause did: "8人次参加…“院士专家企业行”" → 参加院士专家企业行
    ("1081人次的“教职员工准入查询”工作" → 教职员工准入查询工作); "" when another figure follows in
    the clause ("5门课程重构为12个项目化模块": those words name the 12个, and the checker would link
    the 12个 to a row named after them)."""
    from ...grammar import extract_figures

    rest = text[end : end + 40]
    stop = _AFTER_STOP.search(rest)
    rest = rest[: stop.start()] if stop else rest
    if extract_figures(rest):
        return ""
    return _first_words(_clean(rest, school), _MAX)


def _first_words(text: str, limit: int) -> str:
    out = ""
    for w in name_words(text):
        if len(out) + len(w) > limit:
            break
        out += w
    return out


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def name_words(text: str) -> list[str]:
    """The words of a name (jieba), for ids and for trimming long names at a word boundary."""
    return [w for w in _jieba().lcut(text) if w.strip()]


def _trim(name: str) -> str:
    """A long name cut from the left at a word boundary, keeping its head noun (the end)."""
    if len(name) <= _MAX:
        return name
    if "的" in name[:-2]:
        tail = name[name.rindex("的", 0, len(name) - 2) + 1 :]
        if len(tail) >= 4:
            return tail if len(tail) <= _MAX else _last_words(tail, _MAX)
    return _last_words(name, _MAX) or name[-_MAX:]


def figure_name(m: Mention, start: int, school: str = "") -> str:
    """The words naming a prose figure: its clause before it (from ``start``, the end of the
    figure before it in the same clause) and the noun it counts right after it."""
    text = m.passage.text
    raw_before = text[start : m.fig.start]
    before = _clean(raw_before, school)
    after = _after_noun(text, m.fig.end)
    if not after and text[m.fig.end : m.fig.end + 1] == "的" and m.fig.unit != "%":
        after = _after_noun(text, m.fig.end + 1)  # "完成 1081人次的“教职员工准入查询”工作"
    if after and not before and not _too_plain(after):
        name = _first_words(_after_clause(text, m.fig.end, school), 16) or after  # "796名专技人员参加…公需科目培训"
    elif after:
        if raw_before.rstrip().endswith("等") or before in GENERIC_NAMES:
            # "马克思主义学院、会计学院…等 12个教学单位": the list is not the name
            before = _lead_verb(text, m.fig.start, school) if _too_plain(after) else ""
        elif len(before) > 6:
            before = _last_words(before, 6)
        name = before + after if not before.endswith(after) else before
    elif not before:
        name = _after_clause(text, m.fig.end, school)
    else:
        name = before
    name = _trim(_clean(name, school)) if name else ""
    if _too_plain(name):
        lead = _lead_verb(text, m.fig.start, school)
        if lead and not name.startswith(lead):
            name = lead + name
        elif not lead:
            name = _first_words(_after_clause(text, m.fig.end, school), 14) or name  # "17名教师赴国外提升学历"
    if 0 < len(name) <= 2 and name not in GENERIC_NAMES and is_count_unit(m.fig.unit):
        tail = _first_words(_after_clause(text, m.fig.end, school), 14)
        if tail:  # "推荐 10人参加全国职业教育教师企业实践"
            name += tail
        else:  # "升学 486人" → 升学人数: a two-character row name would claim every 升学 next year
            name += "人数" if m.fig.unit in ("人", "名", "位") else ("人次" if m.fig.unit == "人次" else "数")
    return name


# nouns too plain to name a figure alone: a row called 专业 would claim every 专业 in next year's report
_PLAIN = {"专业", "课程", "项目", "教师", "学生", "企业", "人员", "活动", "平台", "基地", "团队", "单位", "学校", "院校",
          "成员", "班次", "门", "人", "名", "个", "次", "场", "家", "所", "学员", "老师", "同志", "干部", "作品", "教材"}


def _too_plain(name: str) -> bool:
    return len(name) <= 2 or name in _PLAIN


def _lead_verb(text: str, pos: int, school: str) -> str:
    """The first words of the part of the sentence a figure stands in (back to the last ，/；, not
    a 、 of a list): "学校开设现代农业技术、…等31个专业" → 开设."""
    a = pos
    while a > 0 and text[a - 1] not in "，,。；;：:！？!?\n":
        a -= 1
    head = _clean(text[a:pos], school)
    words = name_words(head)
    out = ""
    for w in words:
        if len(out) + len(w) > 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", w):
            break
        out += w
    return out


def sibling_award(name: str, before: str) -> str | None:
    """"…技能大赛获一等奖 8项，二等奖 8项": 二等奖 takes the competition of the award before it
    (levels too: "课题市级及以上 18项，省级及以上 6项")."""
    own = _AWARD.search(name)
    prev = _AWARD.search(before)
    if own is None or prev is None or len(name) > len(own.group(0)) + 1:
        return None
    return before[: prev.start()] + own.group(0)


def _last_words(text: str, limit: int) -> str:
    out = ""
    for w in reversed(name_words(text)):
        if len(out) + len(w) > limit:
            break
        out = w + out
    return out


_ID_OK = re.compile(r"[^a-z0-9_]")


@lru_cache(maxsize=1)
def _pinyin():
    from pypinyin import Style, lazy_pinyin

    return lambda text: lazy_pinyin(text, style=Style.NORMAL, errors="ignore")


def make_id(name: str, taken: set[str], prefix: str = "x") -> str:
    """A readable, unique metric id from a Chinese name: pinyin by word (双师素质教师占比 →
    shuangshi_suzhi_jiaoshi_zhanbi), at most five words; ``_2``, ``_3`` … when taken."""
    py = _pinyin()
    parts = []
    for w in name_words(name):
        p = "".join(py(w)).lower()
        p = _ID_OK.sub("", p) if p else _ID_OK.sub("", w.lower())
        if p:
            parts.append(p)
    parts = parts[-5:]
    while len("_".join(parts)) > 40 and len(parts) > 1:
        parts.pop(0)
    base = "_".join(parts)[:40].strip("_") or prefix
    if not base[0].isalpha():
        base = f"{prefix}_{base}"
    out, i = base, 2
    while out in taken:
        out, i = f"{base}_{i}", i + 1
    taken.add(out)
    return out
