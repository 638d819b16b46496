"""Background jobs of the web workspace: one at a time per project, each in its own process.

A job (入库 / 起草 / 组装 / 滚动更新) runs in a child process that holds the project lock (draftkit.lock),
the same lock the CLI's long commands take, so a CLI run and a web run never write the same
files at once. The server keeps each job's progress in memory, so reloading a page shows it.
"""

from __future__ import annotations

import itertools
import multiprocessing
import queue as queue_mod
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ProjectBusyError
from ..lock import lock_holder
from .worker import JobSpec, run_job

__all__ = ["Job", "JobManager", "JOB_ID_RE"]

JOB_ID_RE = re.compile(r"^[a-f0-9]{16}$")
_KEEP = 20


@dataclass
class Job:
    """One job and how far it got."""

    id: str
    kind: str
    title: str
    state: str = "running"  # running | done | failed
    done: int = 0
    total: int | None = None
    message: str = "正在启动…"
    started: float = field(default_factory=time.time)
    finished: float | None = None
    summary: str = ""
    details: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    seq: int = 0

    def to_json(self) -> dict[str, Any]:
        """The job as ``GET /api/jobs/{id}`` returns it."""
        end = self.finished or time.time()
        return {"id": self.id, "kind": self.kind, "title": self.title, "state": self.state,
                "done": self.done, "total": self.total, "message": self.message,
                "started": time.strftime("%H:%M:%S", time.localtime(self.started)),
                "seconds": round(end - self.started, 1), "summary": self.summary, "details": self.details,
                "error": self.error, "url": f"/api/jobs/{self.id}"}


class JobManager:
    """Starts jobs (one at a time), follows their progress, remembers the last few."""

    def __init__(self, project: Path, state_dir: Path, overrides: dict[str, Any] | None = None):
        self.project = project
        self.state_dir = state_dir
        self.overrides = dict(overrides or {})
        self._jobs: dict[str, Job] = {}
        self._procs: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._ctx = multiprocessing.get_context("spawn")  # a fresh interpreter: no threads or sockets inherited

    def start(self, kind: str, title: str, params: dict[str, Any] | None = None,
              overrides: dict[str, Any] | None = None) -> Job:
        """Start a job; ProjectBusyError when one is running here or the CLI holds the project lock."""
        with self._lock:
            running = self.running()
            if running is not None:
                raise ProjectBusyError(f"已有任务在运行：{running.title}（{running.message}）",
                                       hint="等它完成后再开始新的任务；进度显示在总览页。")
            holder = lock_holder(self.state_dir)
            if holder is not None:
                raise ProjectBusyError(f"项目正被另一个任务使用：{holder.describe()}",
                                       hint="等命令行中的任务完成后再试（同一项目同时只能有一个入库、起草、组装或滚动更新任务）。")
            job = Job(secrets.token_hex(8), kind, title, seq=next(self._seq))
            spec = JobSpec(self.project, kind, title, {**self.overrides, **(overrides or {})}, dict(params or {}))
            q = self._ctx.Queue()
            proc = self._ctx.Process(target=run_job, args=(spec, q), daemon=True, name=f"draftkit-job-{kind}")
            proc.start()
            self._jobs[job.id] = job
            self._procs[job.id] = proc
            self._forget_old()
        threading.Thread(target=self._follow, args=(job, proc, q), daemon=True, name=f"follow-{job.id}").start()
        return job

    def get(self, job_id: str) -> Job | None:
        if not JOB_ID_RE.match(job_id or ""):
            return None
        return self._jobs.get(job_id)

    def running(self) -> Job | None:
        return next((j for j in self._jobs.values() if j.state == "running"), None)

    def latest(self) -> Job | None:
        """The running job, else the one started last."""
        return self.running() or max(self._jobs.values(), key=lambda j: j.seq, default=None)

    def recent(self) -> list[Job]:
        return sorted(self._jobs.values(), key=lambda j: j.seq, reverse=True)

    def wait(self, job_id: str, timeout: float = 120.0) -> Job:
        """Block until a job ends (tests, benchmarks)."""
        end = time.monotonic() + timeout
        job = self._jobs[job_id]
        while job.state == "running" and time.monotonic() < end:
            time.sleep(0.05)
        return job

    def shutdown(self) -> None:
        """Stop running job processes (the server is going away; finished work is on disk)."""
        for job_id, proc in list(self._procs.items()):
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)

    def _forget_old(self) -> None:
        for job in sorted(self._jobs.values(), key=lambda j: j.seq)[:-_KEEP]:
            if job.state != "running":
                self._jobs.pop(job.id, None)
                self._procs.pop(job.id, None)

    def _follow(self, job: Job, proc: Any, q: Any) -> None:
        """Apply the child's messages to ``job`` until it reports an end or dies."""
        while True:
            try:
                msg = q.get(timeout=0.25)
            except queue_mod.Empty:
                if proc.is_alive():
                    continue
                try:
                    msg = q.get(timeout=0.5)  # the last message may still be in the pipe
                except queue_mod.Empty:
                    break
            if msg[0] == "progress":
                _, job.done, job.total, job.message = msg
                continue
            if msg[0] == "done":
                job.summary, job.details, job.state = msg[1], msg[2], "done"
                job.message = "完成"
            else:
                job.error, job.state = msg[1], "failed"
                job.message = "失败"
            break
        proc.join(timeout=10)
        if job.state == "running":
            job.state, job.message = "failed", "失败"
            job.error = (f"任务进程意外退出（退出码 {proc.exitcode}）。已完成的部分已保存，重新开始任务会从断点继续；"
                         "若反复出现，请在命令行运行同一命令查看详细信息。")
        job.finished = time.time()
        q.close()
