"""Shared test helpers: ``run_cli`` (the CLI in-process) and ``bounded`` (a call in a forked child
with a time and memory bound).

Hostile inputs (YAML bombs, zip bombs, /dev/zero as a table file) must end in a message within
seconds and a few hundred MB. Running them in the test process would let a regression eat the
machine; ``bounded(fn, *args)`` runs ``fn`` in a forked child whose address space may grow by at
most ``mb`` MB and which is killed after ``seconds``, and reports what happened.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
from dataclasses import dataclass

import pytest

_MB = 1024 * 1024


@dataclass
class Outcome:
    """What a bounded call did: ``kind`` is "ok", "raised" or "timeout"."""

    kind: str
    error: str = ""  # exception class name ("DataError", "MemoryError" …)
    message: str = ""
    seconds: float = 0.0
    peak_mb: float = 0.0  # growth of the child's peak resident memory over its start
    value: str = ""

    def raised(self, cls_name: str) -> bool:
        return self.kind == "raised" and self.error == cls_name


def _status(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def run_bounded(fn, *args, seconds: float = 5.0, mb: int = 500, **kwargs) -> Outcome:  # noqa: ANN001
    """``fn(*args, **kwargs)`` in a forked child, at most ``mb`` MB more address space, killed after ``seconds``."""
    rd, wr = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        code = 0
        try:
            os.close(rd)
            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (_status("VmSize") + mb * _MB, hard))
            rss0 = _status("VmRSS")
            t0 = time.perf_counter()
            try:
                value = fn(*args, **kwargs)
                out = {"kind": "ok", "value": repr(value)[:300]}
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                out = {"kind": "raised", "error": type(exc).__name__, "message": str(exc)[:3000]}
            out["seconds"] = time.perf_counter() - t0
            out["peak_mb"] = max(0, _status("VmHWM") - rss0) / _MB
            os.write(wr, json.dumps(out, ensure_ascii=False).encode("utf-8")[:60000])
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(wr)
    deadline = time.monotonic() + seconds
    while True:
        done, _status_code = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            os.close(rd)
            return Outcome("timeout", seconds=seconds)
        time.sleep(0.01)
    data = b""
    while chunk := os.read(rd, 65536):
        data += chunk
    os.close(rd)
    if not data:
        return Outcome("raised", error="ChildDied", message="the child exited without a result")
    return Outcome(**json.loads(data.decode("utf-8")))


@pytest.fixture
def bounded():
    """``bounded(fn, *args, seconds=5, mb=500)`` → :class:`Outcome` (see the module docstring)."""
    return run_bounded


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """run_cli(*args) -> (exit_code, stdout, stderr), through draftkit.cli.main like the console script."""
    from draftkit.cli import _app, main

    monkeypatch.delenv("DRAFTKIT_DEBUG", raising=False)
    monkeypatch.setattr(_app.console, "_width", 400)
    monkeypatch.setattr(_app.err_console, "_width", 400)

    def _run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["draftkit", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out = capsys.readouterr()
        return code, out.out, out.err

    return _run
