"""Benchmark of `draftkit build` on the sample project.

Prints: median build time (charts rendered each run / charts from the cache), the time with
LibreOffice pagination (TOC page numbers), the page count through LibreOffice, the time to read the
PDF with and without the letter-spacing detection (``pdf_page_layout``), and renders the
cover, the first TOC page and the first table page to PNG under bench/out/ (pdftoppm) for a look.

    /work/venv/bin/python bench/bench_build.py [--runs 3] [--project DIR]

The sample project's drafts are taken from outputs/<year>/drafts when present; otherwise they are
drafted offline into a temporary copy (hash embedder, no model), so the bench never touches the
repo's outputs/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"


def prepare(project: Path, work: Path) -> tuple[Path, str]:
    """A temporary copy of the project with drafts; returns (path, where the drafts came from)."""
    dst = work / "project"
    for name in ("data", "prompts", "corpus"):
        if (project / name).exists():
            shutil.copytree(project / name, dst / name)
    drafts = sorted((project / "outputs").glob("*/drafts"))
    if drafts and any(drafts[-1].glob("*.md")):
        shutil.copytree(drafts[-1], dst / "outputs" / drafts[-1].parent.name / "drafts")
        return dst, f"existing drafts ({drafts[-1].relative_to(project)})"
    env = dict(os.environ, DRAFTKIT_EMBEDDER="hash", DRAFTKIT_LLM_BACKEND="offline")
    exe = [str(Path(sys.executable).parent / "draftkit")]
    for cmd in (["ingest"], ["draft", "--all", "--backend", "offline"]):
        proc = subprocess.run(exe + ["--project", str(dst)] + cmd, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            return dst, f"no drafts (offline draft failed: {proc.stderr.strip()[-200:]})"
    return dst, "offline drafts (hash embedder) made for this run"


def timed_builds(settings, runs: int, clear_cache: bool) -> list[float]:
    from draftkit.assemble import build

    times = []
    for _ in range(runs):
        if clear_cache:
            shutil.rmtree(settings.state_dir / "cache" / "charts", ignore_errors=True)
        t0 = time.perf_counter()
        build(settings, force=True, paginate=False)
        times.append(time.perf_counter() - t0)
    return times


def render_pages(pdf: Path, texts: list[str]) -> dict[str, Path]:
    """Cover, first TOC page and first page with a table caption → PNG (pdftoppm)."""
    if shutil.which("pdftoppm") is None:
        return {}
    norm = ["".join(t.split()) for t in texts]
    toc = next((i for i, t in enumerate(norm) if "目录" in t), None)
    table = next((i for i, t in enumerate(norm) if i != toc and "表1-" in t and "数据来源" in t), None)
    picks = {"cover": 0, "toc": toc, "table": table}
    OUT.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, idx in picks.items():
        if idx is None:
            continue
        prefix = OUT / f"page-{name}"
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(idx + 1), "-l", str(idx + 1),
                        str(pdf), str(prefix)], check=True)
        out[name] = prefix.with_suffix(".png")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--project", type=Path, default=REPO)
    args = ap.parse_args()
    from draftkit.assemble import build
    from draftkit.assemble.pdf import convert_to_pdf, find_soffice, pdf_page_texts
    from draftkit.config import load_settings

    with tempfile.TemporaryDirectory(prefix="dk-bench-build-") as tmp:
        project, origin = prepare(args.project.resolve(), Path(tmp))
        settings = load_settings(project)
        print(f"project: {args.project} — {origin}")
        cold = timed_builds(settings, args.runs, clear_cache=True)
        warm = timed_builds(settings, args.runs, clear_cache=False)
        r = build(settings, force=True, paginate=False)
        print(f"report: {r.chapters} chapters, {r.sections} sections, {r.tables} tables, {r.charts} charts, "
              f"{r.cases} cases, {r.comments} comments, {len(r.placeholders)} placeholders, "
              f"{len(r.warnings)} warnings")
        print(f"build, charts rendered  : median {statistics.median(cold):.2f} s over {len(cold)} runs "
              f"({', '.join(f'{t:.2f}' for t in cold)})")
        print(f"build, charts cached    : median {statistics.median(warm):.2f} s "
              f"(ratio rendered/cached {statistics.median(cold) / statistics.median(warm):.2f})")
        if find_soffice() is None:
            print("LibreOffice not installed: page count and PNGs skipped")
            return 0
        t0 = time.perf_counter()
        paged = build(settings, force=True, paginate=True)
        t_paged = time.perf_counter() - t0
        print(f"build with TOC page numbers (LibreOffice): {t_paged:.2f} s "
              f"(ratio to cached build {t_paged / statistics.median(warm):.2f})")
        t0 = time.perf_counter()
        pdf = convert_to_pdf(paged.path, Path(tmp) / "pdf")
        t_pdf = time.perf_counter() - t0
        texts = pdf_page_texts(pdf)
        print(f"pages (LibreOffice): {len(texts)}  (docx→pdf {t_pdf:.2f} s)")
        try:
            from draftkit.assemble.pdf import pdf_page_layout
        except ImportError:  # an older draftkit
            pdf_page_layout = None
        if pdf_page_layout is not None:  # reading the PDF: text only vs text + letter-spaced lines
            plain, layout = [], []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                pdf_page_texts(pdf)
                plain.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                _, spread = pdf_page_layout(pdf)
                layout.append(time.perf_counter() - t0)
            print(f"read PDF text: median {statistics.median(plain):.2f} s; text + spread lines: median "
                  f"{statistics.median(layout):.2f} s (ratio {statistics.median(layout) / statistics.median(plain):.2f}); "
                  f"letter-spaced lines left: {len(spread)}")
        OUT.mkdir(parents=True, exist_ok=True)
        shutil.copy(pdf, OUT / "report.pdf")
        for name, png in render_pages(pdf, texts).items():
            print(f"png {name}: {png.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
