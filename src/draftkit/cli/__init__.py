"""The ``draftkit`` command line: thin wrappers that parse arguments, call the library, print.

Each command group lives in its own module and registers itself on :data:`app`.
Library errors (:class:`draftkit.errors.DraftkitError`) become one readable message and
exit code 2; set ``DRAFTKIT_DEBUG=1`` to see the traceback.
"""

from __future__ import annotations

import os
import sys

from ._app import app, console, err_console, state
from . import data_cmd, corpus_cmd, draft_cmd, build_cmd, check_cmd, run_cmd, rollforward_cmd, serve_cmd  # noqa: F401  (register commands)
from ..errors import DraftkitError

__all__ = ["app", "main", "console", "err_console", "state"]


def main() -> None:
    """Console-script entry point."""
    try:
        rc = app(standalone_mode=False)
        if rc == 130:  # typer >= 0.24 turns Ctrl-C into Exit(130) before it reaches us
            _interrupted()
        if isinstance(rc, int) and rc:
            sys.exit(rc)
    except DraftkitError as exc:
        if os.environ.get("DRAFTKIT_DEBUG") == "1":
            raise
        err_console.print(f"[bold red]错误：[/]{_escape(str(exc))}")
        sys.exit(2)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _interrupted()
    except Exception as exc:  # click usage errors and the like
        usage, abort, exit_ = _click_exception_types()
        if isinstance(exc, usage):
            _show_usage_error(exc)
            if getattr(exc, "option_name", None) in ("--project", "-P"):
                err_console.print("提示：--project 是全局选项，要写在命令名之前，例如 draftkit --project DIR draft …；"
                                  "也可以设置环境变量 DRAFTKIT_PROJECT。")
            sys.exit(exc.exit_code)
        if isinstance(exc, abort):
            if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):  # click < 8.2 / typer < 0.24
                _interrupted()
            sys.exit(1)
        if isinstance(exc, exit_):
            sys.exit(exc.exit_code)
        raise


def _interrupted() -> None:
    """Ctrl-C: say that finished work is kept (drafts, vectors) and exit 130 like a shell would."""
    err_console.print("已中断；已完成的部分已保存，重新运行会从断点继续。")
    sys.exit(130)


def _show_usage_error(exc: Exception) -> None:
    """A click usage error in Chinese: the usage line, what is wrong, and where --help is."""
    from ._zh import usage_error_text

    if not hasattr(exc, "ctx"):  # a ClickException that is not about usage (e.g. a file error)
        err_console.print(f"[bold red]错误：[/]{_escape(exc.format_message())}")  # type: ignore[attr-defined]
        return
    usage, message, hint = usage_error_text(exc)
    if not message.strip():  # `draftkit data` alone: the help was printed, nothing is wrong to say
        return
    if usage:
        err_console.print(_escape(usage), highlight=False)
    err_console.print(f"[bold red]错误：[/]{_escape(message)}\n  → {_escape(hint)}", highlight=False)


def _click_exception_types() -> tuple[tuple[type, ...], tuple[type, ...], tuple[type, ...]]:
    """Usage-error, abort and exit classes of click and of typer's vendored click (typer ≥ 0.24)."""
    import importlib

    import typer

    usage: list[type] = []
    abort: list[type] = [typer.Abort]
    exit_: list[type] = [typer.Exit]
    for name in ("typer._click.exceptions", "click.exceptions"):
        try:
            mod = importlib.import_module(name)
        except ImportError:
            continue
        usage.append(mod.ClickException)
        abort.append(getattr(mod, "Abort", typer.Abort))
        exit_.append(getattr(mod, "Exit", typer.Exit))
    return tuple(usage), tuple(abort), tuple(exit_)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
