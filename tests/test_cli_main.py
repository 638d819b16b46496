"""The console entry point turns usage errors into one message and exit code 2, never a traceback."""

from __future__ import annotations

import sys

import pytest

from draftkit.cli import main


@pytest.mark.parametrize("argv", [
    ["build", "--no-such-option"],
    ["draft", "--concurrency", "0"],
    ["no-such-command"],
])
def test_usage_error_exits_2_without_traceback(argv: list[str], monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["draftkit", *argv])
    monkeypatch.delenv("DRAFTKIT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "错误：" in err and "--help" in err and "Error" not in err


def test_top_level_help_is_chinese() -> None:
    from typer.testing import CliRunner

    from draftkit.cli import app

    res = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "撰稿人" in res.output and "审核人" in res.output and "writers draft" not in res.output
    assert "选项" in res.output and "显示本帮助并退出" in res.output and "Show this message" not in res.output


def test_crash_tracebacks_never_show_locals() -> None:
    """Locals may hold the API key; typer < 0.15 (allowed by pyproject) showed them by default."""
    from draftkit.cli import app

    assert app.pretty_exceptions_show_locals is False


def test_project_after_the_command_gets_a_hint(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "argv", ["draftkit", "draft", "--project", "somewhere"])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "全局选项" in err and "draftkit --project DIR draft" in err


def test_error_messages_are_not_hard_wrapped(tmp_path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """CI checkouts live at long paths; a path broken by a newline can't be copied or grepped."""
    deep = tmp_path / ("很长的目录名" * 8) / ("x" * 60)
    deep.mkdir(parents=True)
    bad = deep / "2023.yaml"
    bad.write_text("metrics: [\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["draftkit", "data", "check", str(bad)])
    monkeypatch.delenv("DRAFTKIT_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 2
    first = capsys.readouterr().err.splitlines()[0]
    assert str(bad) in first


@pytest.mark.parametrize("message, expected", [
    ("Missing argument 'target'.", "缺少参数 target"),
    ("No such option: --bogus (Possible options: --jobs)", "没有选项 --bogus（是不是想用 --jobs？）"),
    ("No such option: --dat Did you mean --data?", "没有选项 --dat（是不是想用 --data？）"),
    ("Got unexpected extra argument(s) (b c)", "多余的参数：b c"),
    ("Invalid value for '--concurrency' / '-j': Input should be greater than or equal to 1",
     "'--concurrency' / '-j' 的值无效：应大于或等于 1"),
    ("Something click adds in a later version.", "Something click adds in a later version."),
])
def test_usage_errors_in_chinese(message: str, expected: str) -> None:
    from draftkit.cli._zh import translate

    assert translate(message) == expected


def test_ctrl_c_says_what_was_kept_and_exits_130(monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """typer turns Ctrl-C into Exit(130) (older click: Abort); the user must still be told it was saved."""
    import draftkit.data as data_pkg

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(data_pkg, "load_catalog", interrupted)
    monkeypatch.setattr(sys, "argv", ["draftkit", "data", "catalog"])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 130
    err = capsys.readouterr().err
    assert "已中断" in err and "Traceback" not in err and "Aborted" not in err
