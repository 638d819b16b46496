"""Chinese for the command line's own chrome: help panels, the --help option, usage errors.

typer and click print English ("Options", "Show this message and exit.", "Missing argument").
Our users read Chinese, so the panel titles (typer's documented module constants) are set here,
and usage errors are re-worded from click's messages. Anything not recognised stays as click
wrote it: a newer typer can only make a message less translated, never wrong. Help text folds
at the console width (Chinese runs have no spaces: rich would cut them with "…").
"""

from __future__ import annotations

import re
from typing import Any, Callable

__all__ = ["localize_typer", "usage_error_text"]

_RICH = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "ERRORS_PANEL_TITLE": "错误",
    "ABORTED_TEXT": "已中止。",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已弃用）",
    "RICH_HELP": "运行 [blue]{command_path} {help_option}[/] 查看用法。",
}
_HELP_EN = "Show this message and exit."
_HELP_ZH = "显示本帮助并退出。"

_DETAIL: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Input should be greater than or equal to (\S+)"), lambda m: f"应大于或等于 {m[1]}"),
    (re.compile(r"Input should be less than or equal to (\S+)"), lambda m: f"应小于或等于 {m[1]}"),
    (re.compile(r"Input should be a valid integer.*"), lambda m: "应是整数"),
    (re.compile(r"Input should be a valid number.*"), lambda m: "应是数字"),
    (re.compile(r"(?:Path|File|Directory) '?(.+?)'? does not exist\.?"), lambda m: f"路径 {m[1]} 不存在"),
    (re.compile(r"'?(.+?)'? is not one of (.+?)\.?$"), lambda m: f"“{m[1]}”不在可选值 {m[2]} 之中"),
]

_MESSAGES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"Missing argument '(.+?)'\.?$"), lambda m: f"缺少参数 {m[1]}"),
    (re.compile(r"Missing option '(.+?)'\.?$"), lambda m: f"缺少选项 {m[1]}"),
    (re.compile(r"Missing command\.?$"), lambda m: "缺少子命令"),
    (re.compile(r"No such command '(.+?)'\.?$"), lambda m: f"没有命令 {m[1]}"),
    (re.compile(r"No such option: (\S+?)\.?(?: \(Possible options: (.+)\)| Did you mean (.+?)\?)?$"),
     lambda m: f"没有选项 {m[1]}" + (f"（是不是想用 {m[2] or m[3]}？）" if m[2] or m[3] else "")),
    (re.compile(r"Option '(.+?)' requires an argument\.?$"), lambda m: f"选项 {m[1]} 后面要跟一个值"),
    (re.compile(r"Option '(.+?)' does not take a value\.?$"), lambda m: f"选项 {m[1]} 不带值"),
    (re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((.+)\)$"), lambda m: f"多余的参数：{m[1]}"),
    (re.compile(r"Invalid value for (.+?): (.*)$", re.S), lambda m: f"{m[1]} 的值无效：{_detail(m[2])}"),
    (re.compile(r"Invalid value: (.*)$", re.S), lambda m: f"值无效：{_detail(m[1])}"),
]


def _reword(table: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]], text: str) -> str:
    """The first rendering in ``table`` whose pattern matches the whole text; the text itself otherwise."""
    for pattern, render in table:
        m = pattern.fullmatch(text.strip())
        if m:
            return render(m)
    return text


def _detail(text: str) -> str:
    return _reword(_DETAIL, text)


def translate(message: str) -> str:
    """click's usage-error message in Chinese (unchanged when not recognised)."""
    return _reword(_MESSAGES, message)


def usage_error_text(exc: Any) -> tuple[str, str, str]:
    """(usage line or "", Chinese message, hint) for a click UsageError."""
    ctx = getattr(exc, "ctx", None)
    usage, hint = "", "运行 draftkit --help 查看所有命令。"
    if ctx is not None:
        try:
            usage = str(ctx.get_usage()).replace("Usage: ", "用法：", 1)
            hint = f"运行 {ctx.command_path} {ctx.help_option_names[0]} 查看用法。"
        except Exception:  # noqa: BLE001 - a usage line is a nicety
            pass
    return usage, translate(exc.format_message()), hint


def localize_typer() -> None:
    """Chinese panel titles and --help text (idempotent; silently partial on other typer versions)."""
    try:
        from typer import rich_utils
    except ImportError:  # pragma: no cover - typer without rich
        rich_utils = None
    for name, text in _RICH.items():
        if rich_utils is not None and hasattr(rich_utils, name):
            setattr(rich_utils, name, text)
    if rich_utils is not None:
        _fold_help_text(rich_utils)
    for module in ("typer._click.core", "click.core"):
        _patch_help_option(module)


def _fold_help_text(rich_utils: Any) -> None:
    """Help text wraps instead of ending in "…": Chinese has no spaces to break at, and rich cuts a
    "word" wider than its column unless the text folds."""
    original = getattr(rich_utils, "_make_rich_text", None)
    if original is None or getattr(original, "_draftkit_fold", False):
        return

    def make_rich_text(*args: Any, **kwargs: Any) -> Any:
        text = original(*args, **kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    make_rich_text._draftkit_fold = True  # type: ignore[attr-defined]
    rich_utils._make_rich_text = make_rich_text


def _patch_help_option(module_name: str) -> None:
    import importlib

    try:
        core = importlib.import_module(module_name)
    except ImportError:
        return
    command = getattr(core, "Command", None)
    original = getattr(command, "get_help_option", None)
    if original is None or getattr(original, "_draftkit_zh", False):
        return

    def get_help_option(self: Any, ctx: Any) -> Any:
        opt = original(self, ctx)
        if opt is not None and getattr(opt, "help", None) == _HELP_EN:
            opt.help = _HELP_ZH
        return opt

    get_help_option._draftkit_zh = True  # type: ignore[attr-defined]
    command.get_help_option = get_help_option
