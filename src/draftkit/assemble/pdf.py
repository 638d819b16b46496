"""LibreOffice (when installed): convert a .docx to PDF, count pages, read page texts.

Used to pre-fill the TOC's page numbers, for the page count in the build summary, by the slow
test and the benchmark. The conversion runs with its own LibreOffice profile and a fontconfig file
that maps 仿宋/宋体/楷体 to a serif and 黑体 to a sans CJK font (the pip-installed Noto SC fonts,
then fonts-noto-cjk), so the PDF never shows fallback boxes on a machine without Windows fonts.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator

__all__ = ["find_soffice", "convert_to_pdf", "pdf_page_texts", "pdf_page_layout", "pdf_page_count", "fontconfig_file"]

_SERIF = ["Noto Serif SC", "Noto Serif CJK SC"]
_SANS = ["Noto Sans SC", "Noto Sans CJK SC"]
ALIASES = {
    "仿宋": _SERIF, "仿宋_GB2312": _SERIF, "FangSong": _SERIF, "宋体": _SERIF, "SimSun": _SERIF,
    "楷体": _SERIF, "楷体_GB2312": _SERIF, "KaiTi": _SERIF, "方正小标宋简体": _SERIF,
    "黑体": _SANS, "SimHei": _SANS, "微软雅黑": _SANS, "Microsoft YaHei": _SANS,
    # Latin text and digits: a Times-like face, else the Latin glyphs of Noto Serif SC (not DejaVu)
    "Times New Roman": ["Liberation Serif", "Tinos"] + _SERIF,
}


def find_soffice() -> str | None:
    """Path of ``soffice`` (or ``libreoffice``) on PATH, None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _font_dir() -> str | None:
    try:
        from pylopdf_fonts_zh_cn import sans_path
    except ImportError:  # pragma: no cover - it is a dependency
        return None
    return str(Path(sans_path()).parent)


@lru_cache(maxsize=1)
def fontconfig_file() -> Path:
    """A fonts.conf including the system one plus the CJK aliases (written once per process)."""
    parts = ['<?xml version="1.0"?>', '<!DOCTYPE fontconfig SYSTEM "fonts.dtd">', "<fontconfig>",
             '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>']
    font_dir = _font_dir()
    if font_dir:
        parts.append(f"  <dir>{font_dir}</dir>")
    for name, prefer in ALIASES.items():
        fams = "".join(f"<family>{f}</family>" for f in prefer)
        parts.append(f'  <alias binding="same"><family>{name}</family><prefer>{fams}</prefer></alias>')
    parts.append("</fontconfig>")
    path = Path(tempfile.gettempdir()) / f"draftkit-fonts-{os.getuid() if hasattr(os, 'getuid') else 0}.conf"
    from ..fsutil import atomic_write

    atomic_write(path, "\n".join(parts) + "\n")  # other builds may be reading it right now
    return path


def convert_to_pdf(docx: Path, outdir: Path | None = None, timeout: float = 180.0) -> Path:
    """Convert with ``soffice --headless --convert-to pdf``; RuntimeError when it fails or times out.

    LibreOffice (soffice → oosplash → soffice.bin) runs in its own process group with a profile
    folder of its own (removed after); on a timeout, Ctrl-C or SIGTERM the whole group is ended,
    so no soffice.bin outlives an interrupted build."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    docx = Path(docx).resolve()
    outdir = Path(outdir or docx.parent).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="draftkit-soffice-profile-"))
    env = dict(os.environ, FONTCONFIG_FILE=str(fontconfig_file()), SAL_USE_VCLPLUGIN="svp")
    cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]
    try:
        proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            with _terminate_raises():
                _out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _end_group(proc)
            raise RuntimeError(f"soffice did not finish within {timeout:.0f} s") from None
        except BaseException:  # Ctrl-C, SIGTERM, any error while waiting: never leave LibreOffice running
            _end_group(proc)
            raise
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = outdir / (docx.stem + ".pdf")
    if proc.returncode != 0 or not pdf.is_file():
        raise RuntimeError(f"soffice failed ({proc.returncode}): {err.strip()[:300]}")
    return pdf


def _end_group(proc: subprocess.Popen) -> None:
    """SIGTERM to LibreOffice's process group, SIGKILL after 5 s; reaped."""
    for sig, wait in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except (ProcessLookupError, PermissionError):
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        try:  # the group outlives its leader while soffice.bin still runs
            os.killpg(proc.pid, 0)
        except (ProcessLookupError, PermissionError):
            break
    try:
        proc.communicate(timeout=1)
    except (subprocess.TimeoutExpired, ValueError, OSError):
        pass


@contextmanager
def _terminate_raises() -> Iterator[None]:
    """While LibreOffice runs, SIGTERM (and SIGHUP) raise SystemExit in the main thread instead of killing
    the interpreter outright, so the caller's cleanup ends the process group; restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) == signal.SIG_DFL:
            previous[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def pdf_page_texts(pdf: Path) -> list[str]:
    """The text of each page (pypdf)."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(pdf)).pages]


def pdf_page_layout(pdf: Path) -> tuple[list[str], list[str]]:
    """The text of each page and the lines justification letter-spaced (``typeset.spread_lines``), in one pass."""
    from pypdf import PdfReader

    from .typeset import spread_lines

    texts, spread = [], []
    for page in PdfReader(str(pdf)).pages:
        chunks: list[tuple[float, float, float, str]] = []

        def visit(text, cm, tm, font, size, chunks=chunks):  # noqa: ANN001 - pypdf's visitor signature
            scale = (cm[0] or 1.0) * (tm[0] or 1.0)
            chunks.append((tm[4] * (cm[0] or 1.0) + cm[4], tm[5] * (cm[3] or 1.0) + cm[5], size * scale, text))

        texts.append(page.extract_text(visitor_text=visit) or "")
        spread.extend(spread_lines(chunks))
    return texts, spread


def pdf_page_count(pdf: Path) -> int:
    """Number of pages."""
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)
