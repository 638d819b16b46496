"""One writing job at a time per project: a lock under ``.draftkit/`` shared by the CLI and the web.

``draftkit ingest / draft / build / run`` and the jobs of ``draftkit serve`` hold it while they
write the vector store, the drafts and the report, so a CLI run and a web run never write the
same files at once. The lock is an OS file lock (``flock``; ``msvcrt.locking`` on Windows): it is
released when its process ends, even when killed, so a stale lock never blocks anyone. Who holds
it (command, process id, start time) is written beside it, for the message the others get.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Iterator

from .errors import ProjectBusyError

__all__ = ["LockHolder", "project_lock", "lock_holder", "LOCK_FILE", "INFO_FILE"]

LOCK_FILE = "lock"
INFO_FILE = "lock.json"


@dataclass(frozen=True)
class LockHolder:
    """The job holding a project's lock, as it described itself."""

    what: str
    pid: int | None = None
    since: str = ""
    host: str = ""

    def describe(self) -> str:
        """``draftkit draft（进程 1234，开始于 2024-05-01 10:32:05）``."""
        bits = [f"进程 {self.pid}"] if self.pid else []
        if self.host and self.host != socket.gethostname():
            bits.append(f"计算机 {self.host}")
        if self.since:
            bits.append(f"开始于 {self.since}")
        return self.what + (f"（{'，'.join(bits)}）" if bits else "")


@contextmanager
def project_lock(state_dir: str | os.PathLike[str], what: str) -> Iterator[None]:
    """Hold the project's lock while ``what`` (e.g. ``draftkit draft``) writes.

    Raises :class:`ProjectBusyError` at once, naming the holder, when another job holds it.
    """
    folder = Path(state_dir)
    folder.mkdir(parents=True, exist_ok=True)
    fh = open(folder / LOCK_FILE, "a+b")  # noqa: SIM115 - held for the whole block
    try:
        if not _try_lock(fh):
            raise _busy(folder)
        me = {"what": what, "pid": os.getpid(), "host": socket.gethostname(),
              "since": datetime.now().strftime("%Y-%m-%d %H:%M:%S")}
        _write_info(folder, me)
        try:
            yield
        finally:
            (folder / INFO_FILE).unlink(missing_ok=True)
            _unlock(fh)
    finally:
        fh.close()


def lock_holder(state_dir: str | os.PathLike[str]) -> LockHolder | None:
    """The job holding the lock now, or None when the project is free (probes without waiting)."""
    folder = Path(state_dir)
    if not (folder / LOCK_FILE).exists():
        return None
    with open(folder / LOCK_FILE, "a+b") as fh:
        if _try_lock(fh):
            _unlock(fh)
            return None
    return _read_info(folder)


def _busy(folder: Path) -> ProjectBusyError:
    holder = _read_info(folder)
    return ProjectBusyError(
        f"项目正被另一个任务使用：{holder.describe()}",
        location=str(folder.parent),
        hint="等它完成后再运行（同一项目同时只能有一个入库、起草、组装或滚动更新任务，以免两边同时写同一批文件）；"
             "该任务结束或进程退出后锁会自动释放。",
    )


def _read_info(folder: Path) -> LockHolder:
    try:
        raw = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        return LockHolder(str(raw.get("what") or "另一个任务"), int(raw["pid"]) if raw.get("pid") else None,
                          str(raw.get("since") or ""), str(raw.get("host") or ""))
    except (OSError, ValueError, TypeError, AttributeError):  # being written, or removed just now
        return LockHolder("另一个 draftkit 任务")


def _write_info(folder: Path, info: dict) -> None:
    from .fsutil import atomic_write

    atomic_write(folder / INFO_FILE, json.dumps(info, ensure_ascii=False) + "\n")


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fh: IO[bytes]) -> bool:
        fh.seek(0)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        fh.seek(0)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _try_lock(fh: IO[bytes]) -> bool:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:  # BlockingIOError: held by another open file (process or thread)
            return False
        return True

    def _unlock(fh: IO[bytes]) -> None:
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
