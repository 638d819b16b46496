"""Prints the fuzz figures (inputs tried, time, peak memory per target) at the end of the run."""

from __future__ import annotations

import resource

from harness import STATS, TIME_LIMIT, MEM_LIMIT_MB, Figures


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001
    if not STATS:
        return
    tr = terminalreporter
    tr.section("fuzz figures")
    tr.write_line(f"{'target':<22}{'inputs':>8}{'refused':>9}{'time s':>9}{'slowest s':>11}{'peak MB':>9}")
    total = Figures()
    for name, f in sorted(STATS.items()):
        tr.write_line(f"{name:<22}{f.inputs:>8}{f.refused:>9}{f.seconds:>9.1f}{f.slowest:>11.2f}{f.peak_mb:>9.1f}")
        total.inputs += f.inputs
        total.refused += f.refused
        total.seconds += f.seconds
        total.slowest = max(total.slowest, f.slowest)
        total.peak_mb = max(total.peak_mb, f.peak_mb)
    tr.write_line(f"{'all':<22}{total.inputs:>8}{total.refused:>9}{total.seconds:>9.1f}{total.slowest:>11.2f}"
                  f"{total.peak_mb:>9.1f}")
    tr.write_line(f"bounds: {TIME_LIMIT:.0f} s and {MEM_LIMIT_MB} MB per call; peak = largest growth of resident "
                  f"memory during one call; process peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def work(tmp_path_factory):  # noqa: ANN001, ANN201
    """One folder for the fuzz inputs (each example overwrites the last)."""
    return tmp_path_factory.mktemp("fuzz")
