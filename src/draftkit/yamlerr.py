"""PyYAML's parse errors explained in Chinese, at the line a person should look at.

PyYAML reports *where it noticed* the problem ("did not find expected ',' or '}'" on the line
after an unclosed brace); people need *where it started* and what to change. Used by every
YAML file a user writes: the year data, the report outline, case files, corpus front matter.

It is also the one safe way in for those files: :func:`compose` / :func:`load` refuse tags,
deep nesting and alias bombs before PyYAML builds anything, and :func:`front_matter` gives
typed fields with their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

__all__ = ["YamlProblem", "YamlRefused", "explain_yaml_error", "check_yaml", "compose", "construct", "load",
           "misfit", "shorten",
           "front_matter", "FIELD_KINDS", "MAX_DEPTH"]

_GLOSSES: list[tuple[str, str, str]] = [
    # (PyYAML problem text contains, Chinese message, hint)
    ("did not find expected ',' or '}'", "花括号 { } 没有闭合，或两项之间缺少逗号",
     "检查 { 开始的那一行：每项之间用英文逗号分隔，最后以 } 结束；值里含冒号或逗号时给值加引号。"),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有闭合，或两项之间缺少逗号",
     "检查 [ 开始的那一行：每项之间用英文逗号分隔，最后以 ] 结束。"),
    ("did not find expected key", "缩进不一致：同一级的字段没有对齐",
     "同一级的字段（如 metrics 下的各个指标 id）必须用相同数量的空格缩进。"),
    ("did not find expected '-' indicator", "列表项缩进不一致", "同一列表的各项 - 要对齐。"),
    ("mapping values are not allowed", "这里不能出现冒号",
     "值里含英文冒号时给整个值加引号，例如 note: \"口径：教务处\"；或检查上一行是否漏了空格/缩进。"),
    ("could not find expected ':'", "缺少冒号", "每个字段写成 键: 值，冒号后留一个空格。"),
    ("found character that cannot start any token", "含有不能出现在这里的字符",
     "YAML 不能用 Tab 缩进；以 @ 或 ` 开头的值要加引号。"),
    ("found unexpected end of stream", "引号没有闭合", "检查该行（或之前）的引号是否成对。"),
    ("found unknown escape character", "双引号字符串中有无效的转义（反斜杠）",
     "把双引号改成单引号，或把 \\ 写成 \\\\。"),
    ("expected <block end>, but found", "缩进不一致：这一行比上一级缩进少或多",
     "同一级的内容必须用相同数量的空格缩进（建议每级 2 个空格）。"),
    ("found duplicate anchor", "锚点（&名字）重复", "每个 &锚点 名字只能定义一次。"),
    ("found undefined alias", "引用了未定义的锚点（*名字）", "先用 &名字 定义，再用 *名字 引用。"),
    ("exceeded maximum nesting depth", "嵌套超过上限（libyaml 最多 1000 层）",
     "检查括号是否成对；数据文件通常只有 3–4 层。"),
]


@dataclass(frozen=True)
class YamlProblem:
    """A parse error, located: 1-based line (None when unknown), Chinese message and hint."""

    line: int | None
    message: str
    hint: str


def explain_yaml_error(exc: yaml.YAMLError, text: str = "") -> YamlProblem:
    """Chinese message and fix for a PyYAML error; the line is where the broken construct starts."""
    if isinstance(exc, YamlRefused):
        mark = exc.problem_mark
        return YamlProblem(mark.line + 1 if mark is not None else None, exc.zh, exc.fix)
    problem = str(getattr(exc, "problem", "") or exc)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    lines = text.splitlines()
    message, hint = f"YAML 格式错误（{problem}）", "检查该行的缩进、冒号后的空格和引号是否成对。"
    for needle, zh, fix in _GLOSSES:
        if needle in problem:
            message, hint = f"YAML 格式错误：{zh}", fix
            break
    mark = problem_mark or context_mark
    line = mark.line + 1 if mark else None
    # an unclosed bracket or quote: point at the line where it was opened
    opened = context_mark is not None and problem_mark is not None and context_mark.line < problem_mark.line
    if opened and re.search(r"flow (mapping|sequence)|quoted scalar", str(getattr(exc, "context", ""))):
        line = context_mark.line + 1
        message += f"（第 {problem_mark.line + 1} 行才发现）"
    if line is not None and 0 < line <= len(lines) and "\t" in lines[line - 1]:
        hint = "该行含 Tab 字符：YAML 只能用空格缩进，把 Tab 换成空格（每级 2 个）。"
    return YamlProblem(line, message, hint)


# ------------------------------------------------------------------------- safe loading
#
# Every YAML file a person writes (year data, report outline, case and corpus front matter) is
# read through compose()/load() below: the event stream is checked first (flat, no recursion),
# then parsed. Refused: tags other than YAML's own (``!!python/object``, ``!foo``), nesting
# deeper than MAX_DEPTH, a recursive alias, and any document whose aliases expand past the
# yaml_nodes limit (the "billion laughs" bomb: 9 levels of 9 aliases is 387 million nodes).

MAX_DEPTH = 64
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~20x faster, same marks
_STANDARD_TAGS = {f"tag:yaml.org,2002:{t}" for t in
                  ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")} | {"!"}


class YamlRefused(yaml.MarkedYAMLError):
    """YAML that parses but is not accepted (a tag, depth or alias expansion); Chinese text in
    ``zh`` / ``fix``, so every caller's ``except yaml.YAMLError`` + :func:`explain_yaml_error` works."""

    def __init__(self, zh: str, fix: str, mark: yaml.Mark | None):
        super().__init__(problem=zh, problem_mark=mark)
        self.zh, self.fix = zh, fix


def _refuse_tag(tag: str, mark: yaml.Mark | None) -> YamlRefused:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return YamlRefused(f"YAML 中不允许标签“{shown}”", "删掉该标签，只写普通的值（文字、数字、列表、键: 值）；"
                       "draftkit 不会按标签创建对象。", mark)


def check_yaml(text: str) -> None:
    """Raise :class:`YamlRefused` (a ``yaml.YAMLError``) for tags, depth or alias expansion beyond the limits."""
    from .limits import limit

    max_nodes = limit("yaml_nodes").value
    sizes: dict[str, int] = {}  # anchor -> expanded node count
    stack: list[list] = []  # [anchor, size] of each open collection
    total = 0
    for ev in yaml.parse(text, Loader=_LOADER):
        if isinstance(ev, yaml.AliasEvent):
            if any(frame[0] == ev.anchor for frame in stack):
                raise YamlRefused(f"锚点 *{ev.anchor} 引用了包含它自己的内容（递归引用）",
                                  "锚点只能引用已经写完的内容；去掉这个 *引用。", ev.start_mark)
            size = sizes.get(ev.anchor, 1)
        elif isinstance(ev, yaml.NodeEvent):
            tag = getattr(ev, "tag", None)
            if tag is not None and tag not in _STANDARD_TAGS:
                raise _refuse_tag(tag, ev.start_mark)
            if isinstance(ev, yaml.CollectionStartEvent):
                stack.append([ev.anchor, 1])
                if len(stack) > MAX_DEPTH:
                    raise YamlRefused(f"YAML 嵌套超过 {MAX_DEPTH} 层", "检查缩进和括号；数据文件通常只有 3–4 层。",
                                      ev.start_mark)
                total += 1
                _over(total, max_nodes, ev.start_mark)
                continue
            size = 1
            if ev.anchor:
                sizes[ev.anchor] = 1
        elif isinstance(ev, yaml.CollectionEndEvent):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
            if stack:
                stack[-1][1] += size
            continue
        else:
            continue
        if stack:
            stack[-1][1] += size
        total += size
        _over(total, max_nodes, ev.start_mark)


def _over(total: int, max_nodes: int, mark: yaml.Mark | None) -> None:
    if total > max_nodes:
        raise YamlRefused(
            f"YAML 展开后超过 {max_nodes} 个节点（锚点 & 与引用 * 层层展开，可能是“YAML 炸弹”）",
            "不要用 *引用 反复展开大块内容；确需更大的文件时设置环境变量 DRAFTKIT_MAX_YAML_NODES。", mark)


def compose(text: str) -> yaml.Node | None:
    """The node tree of a checked YAML document (None when empty); raises ``yaml.YAMLError``."""
    check_yaml(text)
    return yaml.compose(text, Loader=_LOADER)


_CONSTRUCT_ERRORS = (yaml.YAMLError, ValueError, IndexError, TypeError, OverflowError, KeyError, AttributeError)


def construct(node: yaml.Node | None) -> Any:
    """Python values of a composed node with YAML's standard types only; a value that does not fit
    its explicit tag (``!!int abc``, an empty ``!!int``) is a :class:`YamlRefused` at its line."""
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    except _CONSTRUCT_ERRORS:
        raise _misfit(node) from None
    finally:
        loader.dispose()


def shorten(text: str, keep: int = 24) -> str:
    """A value to quote in a message: whole when short, else its start and its length (a number
    of 5,000 digits must not fill the screen)."""
    text = str(text)
    return text if len(text) <= keep + 8 else f"{text[:keep]}…（共 {len(text)} 个字符）"


def misfit(node: yaml.ScalarNode) -> tuple[str, str]:
    """(message, hint) for a scalar PyYAML cannot construct: too many digits, or a wrong !! tag."""
    if re.fullmatch(r"[-+]?[0-9_]{100,}(?:\.[0-9_]*)?", node.value.strip()):
        return (f"数值“{shorten(node.value)}”位数过多",
                "数值应是普通大小的数字；检查是否多粘贴了数位（指标数值绝对值不超过 10^15）。")
    shown = node.tag.replace("tag:yaml.org,2002:", "!!")
    return f"值“{shorten(node.value)}”与它的标签 {shown} 不符", "去掉 !! 标签，直接写值。"


def _misfit(root: yaml.Node) -> YamlRefused:
    """The first scalar whose value does not fit its tag (PyYAML's constructor does not say which)."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node)
            except _CONSTRUCT_ERRORS:
                return YamlRefused(*misfit(node), node.start_mark)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
    return YamlRefused("YAML 中有无法识别的值", "检查带 !! 标签的值。", root.start_mark)


def load(text: str) -> Any:
    """Python values of a checked YAML document (tags, depth, aliases bounded); ``yaml.YAMLError``."""
    return construct(compose(text))


# ------------------------------------------------------------------------- typed front matter

#: Kinds a front-matter field can have: "text" (numbers become their text), "int", "year"
#: (1900–2100, "2023年度" too) and "texts" (a text or a list of texts).
FIELD_KINDS = ("text", "int", "year", "texts")


def _written(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "一个映射"
    if isinstance(node, yaml.SequenceNode):
        return "一个列表"
    return f"“{node.value}”"


def _typed(key: str, kind: str, node: yaml.Node, subject: str) -> Any:
    """One field converted to its kind; YamlRefused at the value's line when it does not fit."""
    value = construct(node)
    if value is None:
        return None
    if kind == "texts" and isinstance(node, yaml.SequenceNode) and all(isinstance(n, yaml.ScalarNode) for n in node.value):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    if kind in ("text", "texts"):
        if isinstance(node, yaml.ScalarNode):
            return str(value).strip()
        raise YamlRefused(f"{subject}{key} 应是一段文字，而不是{_written(node)}",
                          f"写成 {key}: 文字（含冒号时加引号）。", node.start_mark)
    if kind == "int":
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() \
                and abs(value) < 10**9:
            return int(value)
        raise YamlRefused(f"{subject}{key} 应是整数，而不是{_written(node)}", f"写成 {key}: 1。", node.start_mark)
    if kind == "year":
        m = re.match(r"^\s*(\d{4})(?!\d)", str(value)) if isinstance(node, yaml.ScalarNode) and not isinstance(value, bool) else None
        if m and 1900 <= int(m.group(1)) <= 2100:
            return int(m.group(1))
        raise YamlRefused(f"{subject}{key} 应是四位年份，而不是{_written(node)}", f"写成 {key}: 2023。", node.start_mark)
    raise ValueError(f"unknown field kind {kind!r}")


def front_matter(text: str, fields: dict[str, str], subject: str = "") -> dict[str, Any] | None:
    """The YAML between a file's ``---`` lines as a dict whose ``fields`` (key → kind, see
    :data:`FIELD_KINDS`) are typed; other keys as written. None when the block is not a mapping;
    ``yaml.YAMLError`` (lines relative to ``text``) when it is unsafe, broken or a field is mistyped."""
    root = compose(text)
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        return None
    out: dict[str, Any] = {}
    for knode, vnode in root.value:
        key = str(construct(knode)) if isinstance(knode, yaml.ScalarNode) else _written(knode)
        out[key] = _typed(key, fields[key], vnode, subject) if key in fields else construct(vnode)
    return out
