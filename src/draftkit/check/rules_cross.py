"""cross-mention: the same named quantity cited with different values in two places.

No data is needed: "自主拍摄技能微课 643个" in the preface and "完成技能微课 648个" in chapter
nine share the name 技能微课 and the unit, so one of them is wrong. Names are compared by
their common ending (the noun), at least four characters, and a name written with three or
more different values (二等奖 4项 / 5项 / 8项) is a generic label, not one quantity.
"""

from __future__ import annotations

import os
import re

from .arith import agrees, fig_interval, unit_group
from .common import finding
from .document import CheckDoc, Mention
from .model import Finding

__all__ = ["cross_mention", "same_quantity"]

MIN_KEY = 4
GENERIC_ENDINGS = (
    "等奖", "优秀奖", "金奖", "银奖", "铜奖", "奖项", "比赛", "大赛", "竞赛", "项目", "活动", "赛项",
    "培训", "课程", "教材", "专业", "学生", "教师", "人员", "单位", "企业", "基地", "平台", "中心", "学院",
    "证书", "人数", "次数", "工作室", "团队", "论文", "课题", "专家", "干部", "党员", "以上", "以下",
    "经费", "收入", "支出", "资金", "金额", "面积", "人次", "名单", "案例", "成果", "标准",
)
# words that make two otherwise equal names different quantities (省级 vs 市级, 生均 vs 总量 …)
SCOPE_WORDS = (
    "国家", "国际", "全国", "省", "市", "县", "区", "校级", "院级", "级", "生均", "人均", "年均", "平均", "新增",
    "累计", "本年", "上年", "去年", "今年", "当年", "男", "女", "专任", "兼职", "专职", "个体", "团体", "团队",
    "一等", "二等", "三等", "高级", "中级", "初级", "硕士", "博士", "本科", "专科", "中职", "高职", "境外", "国外",
    "线上", "线下", "涉农", "企业", "社会", "在校", "毕业", "其中", "每", "单", "总", "类",
)
ERROR_RATIO = 1.25
_CHANGE = re.compile(r"较|比上年|上年|去年|同比|增加|增长|减少|下降|提高|降低|提升|增至|降至|增加到|提高到|上升|下滑|新增")


def _key(m: Mention) -> str:
    name = m.name
    if len(name) < 3 or name.endswith(("等", "的", "在内", "之", "其")) or (m.fig.unit == "%" and "占" in name):
        return ""
    if _CHANGE.search(name):
        return ""  # 较上年增加 924人 / 由 76.5% 提高到 89.2%: a change or a comparison, not the quantity
    return name


def _common_suffix(a: str, b: str) -> str:
    return os.path.commonprefix([a[::-1], b[::-1]])[::-1]


def same_quantity(a: Mention, b: Mention) -> str | None:
    """The shared name when two mentions cite the same quantity, else None."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb or unit_group(a.fig.unit)[0] != unit_group(b.fig.unit)[0]:
        return None
    if a.fig.kind != b.fig.kind:
        return None
    suffix = _common_suffix(ka, kb)
    if len(suffix) < MIN_KEY and ka != kb:
        return None
    if ka == kb and len(ka) < 3:
        return None
    if any(suffix.endswith(g) for g in GENERIC_ENDINGS):
        return None
    rest_a, rest_b = ka[: len(ka) - len(suffix)], kb[: len(kb) - len(suffix)]
    if rest_a != rest_b and any((w in rest_a) != (w in rest_b) for w in SCOPE_WORDS):
        return None
    return suffix


def cross_mention(doc: CheckDoc, linked: dict[int, str] | None = None) -> list[Finding]:
    """Clusters of mentions of one quantity whose values cannot all be right."""
    prose = [m for m in doc.mentions if m.row is None and _key(m)]
    buckets: dict[tuple[str, str], list[Mention]] = {}
    for m in prose:
        buckets.setdefault((unit_group(m.fig.unit)[0], m.name[-2:]), []).append(m)
    out: list[Finding] = []
    for group in buckets.values():
        for cluster, name in _clusters(group):
            if not _generic(cluster):
                out += _report(cluster, name, linked or {})
    return out


def _generic(cluster: list[Mention]) -> bool:
    """A label used for different values inside one paragraph (市级 18项，省级 6项) names no single quantity."""
    by_block: dict[int, list[Mention]] = {}
    for m in cluster:
        by_block.setdefault(m.passage.block, []).append(m)
    for ms in by_block.values():
        for i, a in enumerate(ms):
            for b in ms[i + 1 :]:
                if not agrees(fig_interval(a.fig), fig_interval(b.fig, a.fig.unit)):
                    return True
    return False


def _clusters(ms: list[Mention]) -> list[tuple[list[Mention], str]]:
    parent = list(range(len(ms)))
    names: dict[int, str] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(ms)):
        for j in range(i + 1, len(ms)):
            if ms[i].sentence == ms[j].sentence:
                continue
            name = same_quantity(ms[i], ms[j])
            if name:
                ri, rj = find(i), find(j)
                parent[rj] = ri
                names[ri] = min(names.get(ri, name), names.get(rj, name), name, key=len)
    groups: dict[int, list[Mention]] = {}
    for i in range(len(ms)):
        groups.setdefault(find(i), []).append(ms[i])
    return [(g, names.get(r, "")) for r, g in groups.items() if len(g) >= 2]


def _report(cluster: list[Mention], name: str, linked: dict[int, str]) -> list[Finding]:
    values: list[list[Mention]] = []
    for m in cluster:
        for bucket in values:
            if agrees(fig_interval(m.fig), fig_interval(bucket[0].fig, m.fig.unit)):
                bucket.append(m)
                break
        else:
            values.append([m])
    if len(values) < 2:
        return []  # one value: consistent
    metrics = {linked.get(id(m)) for m in cluster}
    if len(metrics) == 1 and None not in metrics:
        return []  # every mention is checked against the same metric already
    values.sort(key=len, reverse=True)
    if len(values) > 2 and len(values[0]) == len(values[1]):
        return []  # three or more values and no majority: a generic label, not one quantity
    major = values[0]
    minors = values[1:] if len(major) > len(values[1]) else values
    out: list[Finding] = []
    for bucket in minors:
        ref = major if bucket is not major else values[1]
        out += _flag(bucket, ref, name)
    return out


def _flag(bucket: list[Mention], ref: list[Mention], name: str) -> list[Finding]:
    """Findings on the mentions of one value, citing a mention of the other value."""
    a, b = abs(bucket[0].fig.value), abs(ref[0].fig.value)
    close = min(a, b) > 0 and max(a, b) / min(a, b) <= ERROR_RATIO
    same_name = bucket[0].name == ref[0].name
    exact = not any(m.fig.approx for m in bucket + ref)
    severity = "error" if exact and (close or same_name) else "warning"
    other = ref[0]
    out: list[Finding] = []
    for m in bucket:
        out.append(finding(
            "cross-mention", severity, m,
            f"同一数据前后不一致：“{name}”此处写作 {m.fig.text}，{other.passage.chapter}"
            f"（第{other.passage.location.get('paragraph', 0) + 1}段）写作 {other.fig.text}。",
            expected=other.fig.text, inputs=list(ref),
        ))
    return out
