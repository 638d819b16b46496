"""The fuzz suite's harness: every call runs under a time and memory bound and is counted.

Property of every target: a call ends in a result or a :class:`~draftkit.errors.DraftkitError`
within ``TIME_LIMIT`` seconds and ``MEM_LIMIT_MB`` MB of address space above where it started —
never another exception, never a hang. ``guarded`` enforces it in-process (SIGALRM, RLIMIT_AS,
so a regression fails fast instead of eating the machine) and records inputs, time and the
call's peak resident memory (Linux ``clear_refs`` resets the high-water mark before each call);
the figures are printed at the end of the run ("fuzz figures").

The default run is fast (``FAST``: few, derandomized examples per target, < 1 min in all); the
tests marked slow run many more random ones (``SLOW``). No example database is written.
"""

from __future__ import annotations

import os
import resource
import signal
import time
from dataclasses import dataclass

from hypothesis import HealthCheck, settings

from draftkit.errors import DraftkitError

TIME_LIMIT = 10.0
MEM_LIMIT_MB = 500
_HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
           HealthCheck.function_scoped_fixture, HealthCheck.large_base_example]
FAST = settings(max_examples=int(os.environ.get("DRAFTKIT_FUZZ_FAST", "50")), deadline=None, derandomize=True,
                database=None, suppress_health_check=_HEALTH, print_blob=True)
SLOW = settings(max_examples=int(os.environ.get("DRAFTKIT_FUZZ_SLOW", "150")), deadline=None, derandomize=False,
                database=None, suppress_health_check=_HEALTH, print_blob=True)


@dataclass
class Figures:
    inputs: int = 0
    refused: int = 0  # ended in a DraftkitError (a located message)
    seconds: float = 0.0
    slowest: float = 0.0
    peak_mb: float = 0.0  # the largest growth of resident memory during one call


STATS: dict[str, Figures] = {}


class Hang(Exception):
    """A call ran past TIME_LIMIT."""


def _alarm(_signum, _frame):  # noqa: ANN001, ANN202
    raise Hang(f"no answer within {TIME_LIMIT} s")


def _status(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def guarded(target: str, fn, *args, **kwargs):  # noqa: ANN001, ANN201
    """``fn(*args)`` under the bounds; returns its result or the DraftkitError it raised (any other
    exception, a hang or running out of the memory bound propagates: the property fails)."""
    figures = STATS.setdefault(target, Figures())
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (_status("VmSize") + MEM_LIMIT_MB * 1024 * 1024, hard))
    measured = _reset_peak()
    rss0 = _status("VmRSS")
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
    t0 = time.perf_counter()
    try:
        return fn(*args, **kwargs)
    except DraftkitError as exc:
        figures.refused += 1
        return exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        elapsed = time.perf_counter() - t0
        figures.inputs += 1
        figures.seconds += elapsed
        figures.slowest = max(figures.slowest, elapsed)
        if measured:
            figures.peak_mb = max(figures.peak_mb, (_status("VmHWM") - rss0) / 2**20)
