"""Benchmark: drafting overhead against a local OpenAI-compatible server with a fixed delay.

A copy of the sample project (prompts, data, corpus; the corpus ingested with the fast ``hash``
embedder) is drafted with the ``openai`` backend against ``tests/fakeserver`` answering every
call after DELAY seconds. 40 sections (the sample report's 38 plus 2 copies) at concurrency 8:
the ideal wall time is ceil(40/8) x DELAY. Printed: the median wall time of ``draft --all``
(library call; exemplars prefetched so retrieval is not timed) over REPS runs,
the overhead ratio (target <= 1.10), the same with live retrieval (median too), a rerun with unchanged
inputs (zero calls), and the prompt size per section with the share taken by exemplars.

    /work/venv/bin/python bench/bench_draft.py [--delay 0.5] [--sections 40] [--concurrency 8] [--reps 3]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from fakeserver import OpenAIServer, Reply  # noqa: E402

from draftkit.config import load_settings  # noqa: E402
from draftkit.draft import run_draft  # noqa: E402
from draftkit.draft.retrieval import FakeExemplars, make_exemplar_source  # noqa: E402
from draftkit.spec import load_spec  # noqa: E402


def make_project(root: Path, n_sections: int) -> Path:
    """Copy the sample project and pad (or cut) its spec to ``n_sections`` sections."""
    for name in ("prompts", "data", "corpus"):
        shutil.copytree(REPO / name, root / name)
    spec_path = root / "prompts" / "report.yaml"
    spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    flat = [(c, s) for c in spec["chapters"] for s in c["sections"]]
    extra = 0
    while len(flat) < n_sections:
        chapter, base = flat[extra % len(flat)]
        copy = dict(base, id=f"{base['id']}-bench{extra}", title=base["title"] + "（续）")
        chapter["sections"].append(copy)
        flat.append((chapter, copy))
        extra += 1
    keep = {s["id"] for _, s in flat[:n_sections]}
    for c in spec["chapters"]:
        c["sections"] = [s for s in c["sections"] if s["id"] in keep]
    spec["chapters"] = [c for c in spec["chapters"] if c["sections"]]
    spec_path.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return root


class _Remote:
    """The fake server in its own process (like a real endpoint: it does not share our GIL)."""

    def __init__(self, base_url: str):
        self.base_url = base_url

    def _stats(self) -> dict:
        with urllib.request.urlopen(self.base_url.rsplit("/v1", 1)[0] + "/stats", timeout=5) as resp:
            return json.loads(resp.read())

    @property
    def calls(self) -> int:
        return int(self._stats()["calls"])

    @property
    def max_active(self) -> int:
        return int(self._stats()["max_active"])

    @property
    def arrivals(self) -> list[float]:
        return list(self._stats()["arrivals"])


@contextlib.contextmanager
def serve(delay: float, in_process: bool) -> Iterator[object]:
    """The local server: a subprocess by default, or a thread of this process."""
    if in_process:
        with OpenAIServer(Reply(delay=delay)) as srv:
            yield srv
        return
    proc = subprocess.Popen([sys.executable, str(REPO / "tests" / "fakeserver"), "--delay", str(delay)],
                            stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip() if proc.stdout else ""
        if not url.startswith("http"):
            raise SystemExit("could not start the local server")
        yield _Remote(url)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def ingest_corpus(settings) -> str:
    try:
        from draftkit.corpus import ingest
    except Exception as exc:  # corpus stage absent: bench still runs without exemplars
        return f"corpus stage unavailable ({type(exc).__name__}); no exemplars"
    stats = ingest(settings, [settings.corpus_dir])
    return f"corpus: {stats.documents} documents, {stats.chunks} chunks (hash embedder)"


def prefetch(settings, project: Path) -> FakeExemplars:
    spec = load_spec(project / "prompts" / "report.yaml")
    source = make_exemplar_source(settings)
    return FakeExemplars({s.id: source.search(s)[0] for s in spec.sections()})


def timed_run(settings, exemplars, concurrency: int, force: bool = True, preloaded: dict | None = None):
    t0 = time.perf_counter()
    result = run_draft(settings, backend="openai", exemplars=exemplars, concurrency=concurrency, force=force,
                       **(preloaded or {}))
    return time.perf_counter() - t0, result


def breakdown(arrivals: list[float], start: float, end: float, delay: float, concurrency: int) -> str:
    """Where the time above the ideal goes: before the first request, between waves, after the last."""
    arrivals = sorted(arrivals)
    first, last = arrivals[0] - start, arrivals[-1] - start
    waves = [arrivals[i] for i in range(0, len(arrivals), concurrency)]
    gaps = [b - a - delay for a, b in zip(waves, waves[1:])]
    extra = statistics.mean(gaps) if gaps else 0.0
    return (f"first request after {first * 1000:.0f} ms; wave starts {extra * 1000:+.0f} ms over the delay on average; "
            f"{(end - start - last - delay) * 1000:.0f} ms from the last answer to the end")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--delay", type=float, default=0.5)
    ap.add_argument("--sections", type=int, default=40)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--in-process-server", action="store_true", help="run the server as a thread of this process")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-draft-") as tmp, serve(args.delay, args.in_process_server) as srv:
        project = make_project(Path(tmp) / "proj", args.sections)
        settings = load_settings(project, llm_backend="openai", openai_base_url=srv.base_url,
                                 openai_api_key="sk-bench-local", model="gpt-4o-mini", embedder="hash",
                                 concurrency=args.concurrency, max_retries=0)
        print(ingest_corpus(settings))
        exemplars = prefetch(settings, project)
        ideal = math.ceil(args.sections / args.concurrency) * args.delay

        timed_run(settings, exemplars, args.concurrency)  # warm-up: imports, client, tiktoken
        walls, result, notes = [], None, []
        for _ in range(args.reps):
            calls0 = srv.calls
            start = time.time()
            wall, result = timed_run(settings, exemplars, args.concurrency)
            if hasattr(srv, "arrivals"):
                notes.append(breakdown(srv.arrivals[calls0:], start, time.time(), args.delay, args.concurrency))
            assert srv.calls - calls0 == args.sections, "every section must call the server once"
            assert not result.failed, [o.errors for o in result.failed]
            walls.append(wall)
        med = statistics.median(walls)
        where = "thread of this process" if args.in_process_server else "separate process"
        print(f"\nsections={args.sections} concurrency={args.concurrency} delay={args.delay}s server: {where}, "
              f"max requests in flight at the server={srv.max_active}")
        print(f"ideal ceil({args.sections}/{args.concurrency}) x {args.delay} = {ideal:.2f} s")
        print(f"draft --all wall (prefetched exemplars), median of {args.reps}: {med:.3f} s "
              f"[{', '.join(f'{w:.3f}' for w in walls)}]")
        print(f"overhead ratio = {med / ideal:.3f}  (target <= 1.10)")
        if notes:
            print(f"  median run: {notes[walls.index(med)] if med in walls else notes[0]}")
        try:
            import os

            print(f"  load average while measuring: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        except OSError:
            pass

        from draftkit.data import load_year_data

        pre = {"spec": load_spec(project / "prompts" / "report.yaml"), "yd": load_year_data(settings.data_file())}
        walls_pre = [timed_run(settings, exemplars, args.concurrency, preloaded=pre)[0] for _ in range(args.reps)]
        med_pre = statistics.median(walls_pre)
        print(f"drafting phase only (spec and data already loaded, as `draftkit run` passes them), median of "
              f"{args.reps}: {med_pre:.3f} s -> ratio {med_pre / ideal:.3f}")

        walls_live, notes_live = [], []
        for _ in range(args.reps):  # a fresh retriever each time: store opened, BM25 index loaded
            calls0, start = srv.calls, time.time()
            wall_live, _ = timed_run(settings, make_exemplar_source(settings), args.concurrency)
            walls_live.append(wall_live)
            if hasattr(srv, "arrivals"):
                notes_live.append(breakdown(srv.arrivals[calls0:], start, time.time(), args.delay, args.concurrency))
        med_live = statistics.median(walls_live)
        print(f"draft --all wall with live retrieval (hash embedder + BM25), median of {args.reps}: {med_live:.3f} s "
              f"[{', '.join(f'{w:.3f}' for w in walls_live)}] -> ratio {med_live / ideal:.3f}")
        if notes_live:
            print(f"  median run: {notes_live[walls_live.index(med_live)]}")

        calls0 = srv.calls
        wall_re, rerun = timed_run(settings, exemplars, args.concurrency, force=False)
        print(f"rerun, unchanged inputs: {wall_re:.3f} s, model calls {srv.calls - calls0}, "
              f"cached {rerun.count('cached')}")

        assert result is not None
        tokens = [o.prompt_tokens for o in result.outcomes]
        ex_tokens = [o.exemplar_tokens for o in result.outcomes]
        shares = [e / t for e, t in zip(ex_tokens, tokens) if t]
        print(f"\nprompt tokens per section: median {statistics.median(tokens):.0f}, min {min(tokens)}, "
              f"max {max(tokens)}, total {sum(tokens)}")
        print(f"exemplar tokens per section: median {statistics.median(ex_tokens):.0f}; share of prompt: "
              f"overall {sum(ex_tokens) / sum(tokens):.1%}, median per section {statistics.median(shares):.1%}")
        print(f"{'section':34} {'prompt':>7} {'exemplars':>9} {'share':>6}")
        for o in result.outcomes:
            share = o.exemplar_tokens / o.prompt_tokens if o.prompt_tokens else 0.0
            print(f"{o.section_id:34} {o.prompt_tokens:7d} {o.exemplar_tokens:9d} {share:6.1%}")


if __name__ == "__main__":
    main()
