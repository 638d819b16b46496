"""Words that say what kind of figure follows: a change over last year, its direction, a share.

One list for the checker (growth rates, shares, the trend rule), roll forward (which figures are
changes to recompute) and data extract (what a row is).
"""

from __future__ import annotations

import re

__all__ = ["GROWTH_UP", "GROWTH_DOWN", "COMPARE_WORDS", "SHARE_WORDS", "CHANGE_CUE", "rises", "TREND_UP", "TREND_DOWN"]

#: words of a rise and of a fall before a rate or an amount ("增长 2.94%", "减少 25人")
GROWTH_UP = ("增长", "增加", "提高", "上升", "上涨", "增幅", "提升", "递增")
GROWTH_DOWN = ("下降", "减少", "降低", "下滑", "回落", "降幅")
#: what a change is measured against ("较上年增长", "同比")
COMPARE_WORDS = ("较上年", "较去年", "比上年", "同比", "较上学年", "比去年", "同上年比", "较", "比")
#: words of a share ("占比 46.23%", "占专任教师比例")
SHARE_WORDS = ("占比", "比例", "比重", "占")
#: "较上年增加 924人": the figure right after is the change of its subject; group 1 is the word
CHANGE_CUE = re.compile(r"(?:较|比|同比)(?:上年|上一年|去年|上学年|上年度)?(?:同期)?"
                        r"(增加|增长|提高|提升|上升|多|减少|下降|降低|少)(?:了)?\s*$")


def rises(word: str) -> bool:
    """The word of a :data:`CHANGE_CUE` says more (增加, 提高, 多), not less (减少, 少)."""
    return word in GROWTH_UP or word == "多"


#: a direction claimed of a level (the trend rule): the rise and fall words that are verbs, and
#: "持续丰富 / 不断增强 / 稳步壮大"
TREND_UP = r"增长|增加|提高|提升|上升|扩大|增多|(?:持续|不断|稳步|逐步|进一步|显著|大幅|明显)(?:丰富|增强|壮大)"
TREND_DOWN = r"下降|减少|降低|缩减|缩小|回落|下滑"
