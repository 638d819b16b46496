"""LibreOffice runs in its own process group with a profile of its own, and is ended on a timeout,
Ctrl-C or SIGTERM: no soffice.bin / oosplash outlives an interrupted `build`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from draftkit.assemble.pdf import convert_to_pdf, find_soffice

pytestmark = [pytest.mark.slow, pytest.mark.skipif(find_soffice() is None, reason="LibreOffice not installed")]


def _office_pids(marker: str) -> list[int]:
    """LibreOffice processes whose command line names a profile under ``marker`` (a test's own TMPDIR)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if marker in cmd and ("soffice" in cmd or "oosplash" in cmd):
            pids.append(int(entry.name))
    return pids


def _wait(cond, seconds: float) -> bool:  # noqa: ANN001
    deadline = time.time() + seconds
    while time.time() < deadline:
        if cond():
            return True
        time.sleep(0.1)
    return cond()


def _docx(path: Path, paragraphs: int = 400) -> Path:
    import docx

    d = docx.Document()
    for i in range(paragraphs):
        d.add_paragraph(f"第{i}段：学校现有全日制在校生17402人，专任教师796人。" * 4)
    d.save(str(path))
    return path


def test_a_timeout_ends_the_whole_group_and_removes_the_profile(tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "t"))
    (tmp_path / "t").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # re-read TMPDIR
    with pytest.raises(RuntimeError) as info:
        convert_to_pdf(_docx(tmp_path / "r.docx"), tmp_path, timeout=1.5)
    assert "did not finish" in str(info.value)
    assert _wait(lambda: not _office_pids(str(tmp_path / "t")), 10), _office_pids(str(tmp_path / "t"))
    assert not list((tmp_path / "t").glob("draftkit-soffice-profile-*"))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_conversion_leaves_no_libreoffice_running(tmp_path, sig):
    tmpdir = tmp_path / "t"
    tmpdir.mkdir()
    src = _docx(tmp_path / "r.docx", 4000)  # long enough that the conversion is still running when signalled
    # a shell that starts jobs in the background hands them SIGINT ignored: restore Ctrl-C's handler
    code = ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
            "import sys; from pathlib import Path; from draftkit.assemble.pdf import convert_to_pdf; "
            f"convert_to_pdf(Path({str(src)!r}), Path({str(tmp_path)!r}))")
    proc = subprocess.Popen([sys.executable, "-c", code], env=dict(os.environ, TMPDIR=str(tmpdir)),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert _wait(lambda: _office_pids(str(tmpdir)), 30), "LibreOffice did not start"
        time.sleep(0.2)
        proc.send_signal(sig)
        proc.wait(timeout=20)
        assert proc.returncode != 0
        assert _wait(lambda: not _office_pids(str(tmpdir)), 10), _office_pids(str(tmpdir))
        assert not list(tmpdir.glob("draftkit-soffice-profile-*"))
    finally:
        for pid in _office_pids(str(tmpdir)):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


def test_a_build_killed_during_the_page_number_pass_leaves_no_libreoffice(project, tmp_path):
    tmpdir = tmp_path / "t"
    tmpdir.mkdir()
    exe = Path(sys.executable).with_name("draftkit")
    proc = subprocess.Popen([str(exe), "--project", str(project), "build"],
                            env=dict(os.environ, TMPDIR=str(tmpdir)), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        assert _wait(lambda: _office_pids(str(tmpdir)), 60), "the page-number pass did not start"
        proc.terminate()  # SIGTERM, as `kill PID` or a supervisor sends it
        proc.wait(timeout=20)
        # ended with the build, not left to finish the conversion on its own
        assert _wait(lambda: not _office_pids(str(tmpdir)), 1), _office_pids(str(tmpdir))
        assert not list(tmpdir.glob("draftkit-soffice-profile-*"))
    finally:
        for pid in _office_pids(str(tmpdir)):
            os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
