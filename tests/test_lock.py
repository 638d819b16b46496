"""The project lock: one writing job at a time, shared by the CLI's long commands and the web jobs."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from draftkit.errors import ProjectBusyError
from draftkit.lock import lock_holder, project_lock

HOLD = """
import sys, time
from draftkit.lock import project_lock
with project_lock(sys.argv[1], "draftkit draft"):
    print("held", flush=True)
    time.sleep(60)
"""


def test_a_second_job_is_refused_naming_the_first(tmp_path: Path) -> None:
    state = tmp_path / ".draftkit"
    assert lock_holder(state) is None
    with project_lock(state, "draftkit build"):
        holder = lock_holder(state)
        assert holder is not None and holder.what == "draftkit build" and holder.pid is not None
        with pytest.raises(ProjectBusyError) as exc:
            with project_lock(state, "draftkit serve 的网页任务「起草全部」"):
                pass
        message = str(exc.value)
        assert "项目正被另一个任务使用：draftkit build（进程" in message and "等它完成后再运行" in message
    assert lock_holder(state) is None  # released on exit
    with project_lock(state, "draftkit draft"):  # and can be taken again
        pass


def test_lock_is_released_when_its_process_is_killed(tmp_path: Path) -> None:
    state = tmp_path / ".draftkit"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(state)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "held"
        holder = lock_holder(state)
        assert holder is not None and holder.pid == proc.pid
        with pytest.raises(ProjectBusyError, match=f"draftkit draft（进程 {proc.pid}"):
            with project_lock(state, "draftkit build"):
                pass
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 5
    while lock_holder(state) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    with project_lock(state, "draftkit build"):  # no stale lock after a crash
        pass


@pytest.mark.parametrize("argv", [["build", "--no-pages"], ["draft"], ["ingest"], ["run"]])
def test_cli_long_commands_refuse_while_another_job_runs(argv: list[str], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    from draftkit.cli import main

    repo = Path(__file__).resolve().parents[1]
    project = tmp_path / "p"
    for name in ("data", "prompts"):
        import shutil

        shutil.copytree(repo / name, project / name)
    monkeypatch.setattr(sys, "argv", ["draftkit", "--project", str(project), *argv])
    monkeypatch.setenv("DRAFTKIT_EMBEDDER", "hash")
    with project_lock(project / ".draftkit", "draftkit serve 的网页任务「组装 Word 报告」"):
        with pytest.raises(SystemExit) as exc:
            main()
    assert exc.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "项目正被另一个任务使用：draftkit serve 的网页任务「组装 Word 报告」" in err
    assert not (project / "outputs" / "2023" / "report.docx").exists()


def test_draft_dry_run_needs_no_lock(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from typer.testing import CliRunner

    from draftkit.cli import app

    repo = Path(__file__).resolve().parents[1]
    project = tmp_path / "p"
    for name in ("data", "prompts"):
        shutil.copytree(repo / name, project / name)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with project_lock(project / ".draftkit", "draftkit build"):
        res = CliRunner().invoke(app, ["--project", str(project), "draft", "--dry-run", "--section", "talent-employment"],
                                 env={"DRAFTKIT_EMBEDDER": "hash", "COLUMNS": "200"})
    assert res.exit_code == 0, res.output
