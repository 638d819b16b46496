"""PyYAML's parse errors explained in Chinese, at the line a person should look at.

PyYAML reports *where it noticed* the problem ("did not find expected ',' or '}'" on the line
after an unclosed brace); people need *where it started* and what to change. Used by every
YAML file a user writes: the year data, the report outline, case files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

__all__ = ["YamlProblem", "explain_yaml_error"]

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
]


@dataclass(frozen=True)
class YamlProblem:
    """A parse error, located: 1-based line (None when unknown), Chinese message and hint."""

    line: int | None
    message: str
    hint: str


def explain_yaml_error(exc: yaml.YAMLError, text: str = "") -> YamlProblem:
    """Chinese message and fix for a PyYAML error; the line is where the broken construct starts."""
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
