"""The checker on data written by people who never read its code (the blind-data protocol).

    python bench/bench_blind.py [--set seed-a seed-b …] [--limit N] [--docx-limit N] [--show]

Sets (bench/blind/<set>/2023.yaml, each written from the report alone and the data format):
  seed-a    the seed report (../shared/seed) — the set the linker was tuned on
  seed-b    the seed report — held out for round 2; its false alarms then led to five rule fixes
  seed-c    the seed report — held out for round 2; likewise looked at once
  seed-d    the seed report — written in round 3, held out (first run = the reported figure)
  seed-f    the seed report — written in round 4 (full indicator names of a 质量办's Excel); held out
            until its first full run (14 errors, 3 false), whose false alarms then led to three fixes
  sample    the sample project's generated report the data was written from (sample/report.docx) — held out
  school-e  a report *and* its data written blind for a fictional school (report.md), with planted
            inconsistencies listed in planted.yaml — held out
  own       bench/seed_data/2023.yaml, written beside the checker (no regression)

A set folder with its own report.docx / report.md / report.txt is checked against that report,
the others against the seed; planted.yaml (figure, context, kind) lists inconsistencies written
into a report on purpose: they count as real and are reported as found or missed.

For each: error-level findings on the clean report, split into real inconsistencies (the seed's
known ones, and differences between the report and that data file adjudicated by hand in
bench/blind/<set>/real.yaml) and false alarms; the seed's five named inconsistencies found or
not; recall on injected errors (digit swap, ±1, ±10 %) at figures the data covers — a figure
whose value equals a metric named in its sentence — in the .txt and in a .docx whose
paragraphs are split into random runs; and the time of a .docx check against python-docx's
own load-and-text of the same file (medians of 5, same run). Skips what it cannot find.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from bench_check import KNOWN_REAL, _errors, _found, _run, _target  # noqa: E402
from bench_check_inject import inject, variants  # noqa: E402
from seed_docx import blocks_to_docx  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "quality-report-2023.txt"
BLIND = ROOT / "bench" / "blind"
HELD_OUT = {"seed-d", "sample", "school-e"}
LOOKED_AT = {"seed-b", "seed-c", "seed-f"}  # held out until their first full run, then used to find faults

# the seed's inconsistencies the figure-linking issue names: (label, figure, piece of its sentence)
NAMED = [
    ("生均经费收入增长 2.55% vs 表1-4", "2.55%", "较上年生均增加"),
    ("生均经费支出增长 2.55% vs 表1-4", "2.55%", "生均支出增加"),
    ("社团 45 vs 49", "45个", "学生社团共"),
    ("技能微课 643 vs 648", ("643个", "648个"), "技能微课"),
    ("教学能力大赛二等奖 5 vs 4", ("5项", "5个", "5 项"), "二等奖"),
    ("生均教学科研用房 19.98", "19.98", ""),
]


def data_targets(raw: str, doc, data, clean_errors) -> list:  # noqa: ANN001
    """Figures the data covers, defined without the linker: exactly one metric of the data has a
    name or alias (as written, or without a trailing 数/人数) in the figure's sentence — in its own
    clause for a value under 10, which recur by chance — and a value that agrees with the figure
    in a compatible unit. Approximate figures and figures already in error on the clean report
    are left out."""
    import re

    from draftkit.check.arith import agrees, fig_interval, unit_group
    from draftkit.check.rules_data import metric_interval

    bad = {(f.location.get("block"), f.span) for f in clean_errors}
    keyed = []
    for met in data.metrics.values():
        if met.value is None:
            continue
        keys = set()
        for n in met.names:
            n = re.sub(r"\s+", "", n)
            keys.add(n)
            for tail in ("人数", "数量", "总数", "数"):
                if n.endswith(tail) and len(n) - len(tail) >= 3:
                    keys.add(n[: -len(tail)])
                    break
        keyed.append((met, [k for k in keys if len(k) >= 2]))
    out = []
    for men in doc.mentions:
        if men.fig.approx or (men.passage.block, (men.fig.start, men.fig.end)) in bad:
            continue
        if men.row is None:
            a, b = men.passage.clause_at(men.fig.start)
            text = men.context if men.fig.value >= 10 else men.passage.text[a:b]
        else:
            text = men.row_label
        fits = []
        for met, keys in keyed:
            if not any(k in text for k in keys):
                continue
            unit = (met.unit or "").split("/")[0]
            if men.fig.unit and unit_group(men.fig.unit)[0] != unit_group(unit)[0]:
                continue
            iv = metric_interval(met)
            if iv and agrees(fig_interval(men.fig, unit if men.fig.unit else None), iv):
                fits.append(met.id)
        if len(fits) == 1:
            t = _target(raw, men, "data")
            if t:
                out.append(t)
    return out


def load_real(name: str, file: str = "real.yaml") -> list[dict]:
    """Adjudicated differences between the report and this data file (real, not false alarms);
    with ``file="planted.yaml"``, the inconsistencies written into a blind report on purpose."""
    path = BLIND / name / file
    if not path.exists():
        return []
    import yaml

    out = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for r in out:
        r.setdefault("why", f"planted: {r.get('kind', '')}（应为 {r.get('true', '?')}）")
    return out


def set_report(name: str) -> Path:
    """The report a set was written from: its own report.* file, else the seed."""
    return next((p for p in (BLIND / name / f"report{ext}" for ext in (".docx", ".md", ".txt")) if p.exists()), SEED)


def planted_found(errors, planted: list[dict]) -> list[tuple[dict, bool]]:  # noqa: ANN001
    """Each planted inconsistency and whether an error names its figure in its context."""
    return [(p, any(classify(f, [p]) for f in errors)) for p in planted]


def classify(f, real: list[dict]) -> str | None:  # noqa: ANN001 - Finding
    """Why an error is real (the seed's known inconsistency or an adjudicated one), else None."""
    for fig, ctx, why in KNOWN_REAL:
        if f.figure == fig and ctx in f.context:
            return why
    for r in real:  # a table cell's context is the cell alone: then the cell stands in the given context
        ctx = str(r.get("context", ""))
        if f.figure == str(r["figure"]) and (ctx in f.context or f.context == f.figure and f.figure in ctx):
            return r["why"]
    return None


def named_found(errors) -> list[tuple[str, bool]]:  # noqa: ANN001
    out = []
    for label, figs, ctx in NAMED:
        figs = figs if isinstance(figs, tuple) else (figs,)
        hit = any(f.figure in figs and (ctx in f.context or (not ctx and f.location.get("row") is not None))
                  for f in errors)
        out.append((label, hit))
    return out


def recall(report_text: str, report: Path, data_path: Path, targets, rng: random.Random, limit: int,  # noqa: ANN001
           docx_limit: int, jobs: int):
    """(found, n, missed) on the .txt and on split-run .docx copies; ``jobs`` processes at once."""
    from concurrent.futures import ProcessPoolExecutor

    chosen = [(t, inj) for t in targets for inj in variants(t, rng)]
    rng.shuffle(chosen)
    chosen = chosen[:limit] if limit else chosen
    tasks = [("txt", inj) for _, inj in chosen] + [("docx", inj) for _, inj in chosen[:docx_limit]]
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(str(data_path), report_text, report.suffix)) as pool:
        results = list(pool.map(_one_injection, tasks, chunksize=4))
    out = {}
    for fmt in ("txt", "docx"):
        picked = [(inj, ok) for (f, inj), ok in zip(tasks, results) if f == fmt]
        out[fmt] = (sum(ok for _, ok in picked), len(picked), [inj for inj, ok in picked if not ok])
    return out


_WORKER: dict = {}


def _init_worker(data_path: str, report_text: str, suffix: str) -> None:
    from draftkit.data import load_year_data

    _WORKER.update(data=load_year_data(data_path), text=report_text, tmp=Path(tempfile.mkdtemp()), suffix=suffix)


def _one_injection(task) -> bool:  # noqa: ANN001
    """Inject one error, check the .txt (or a split-run .docx made from it), True when it is found."""
    from draftkit.readers import read_document

    fmt, inj = task
    txt = _WORKER["tmp"] / ("injected" + _WORKER["suffix"])
    txt.write_text(inject(_WORKER["text"], inj), encoding="utf-8")
    path = txt
    if fmt == "docx":
        path = _WORKER["tmp"] / "injected.docx"
        blocks_to_docx(read_document(txt).blocks, path, random.Random(hash(inj.new_figure) & 0xFFFF))
    return _found(_run(path, _WORKER["data"]), inj)


def docx_timing(report: Path, runs: int = 5) -> tuple[float, float] | None:
    """(check_file median, python-docx load + paragraph texts median) on a split-run .docx of the report."""
    import docx

    from draftkit.check import check_file
    from draftkit.readers import read_document

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.docx"
        blocks_to_docx(read_document(report).blocks, path, random.Random(3))
        base, ours = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            d = docx.Document(path)
            _ = [p.text for p in d.paragraphs] + [c.text for t in d.tables for r in t.rows for c in r.cells]
            base.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            check_file(path, None)
            ours.append(time.perf_counter() - t0)
        return statistics.median(ours), statistics.median(base)


def run_set(name: str, args, tmp: Path) -> None:  # noqa: ANN001
    from draftkit.data import load_year_data
    from draftkit.check.document import load_document

    data_path = ROOT / "bench" / "seed_data" / "2023.yaml" if name == "own" else BLIND / name / "2023.yaml"
    if not data_path.exists():
        print(f"\n[{name}] skip: {data_path} not found")
        return
    report = SEED if name == "own" else set_report(name)
    if report is None or not report.exists():
        print(f"\n[{name}] skip: report not found")
        return
    data = load_year_data(data_path)
    role = ("held out" if name in HELD_OUT else "held out, then looked at" if name in LOOKED_AT
            else "tuning set" if name == "seed-a" else "written beside the checker")
    print(f"\n[{name}] ({role}) {data_path.relative_to(ROOT)}: {len(data.metrics)} metrics, {len(data.tables)} tables;"
          f" report {report.name}")
    t0 = time.perf_counter()
    clean = _run(report, data)
    errors = _errors(clean)
    planted = load_real(name, "planted.yaml")
    real = load_real(name) + planted
    judged = [(f, classify(f, real)) for f in errors]
    false = [f for f, why in judged if why is None]
    print(f"  clean report: {clean.summary['figures']} figures, {clean.summary['linked']} linked; "
          f"{len(errors)} errors = {len(errors) - len(false)} real + {len(false)} false alarms; "
          f"{clean.summary['warnings']} warnings  [{time.perf_counter() - t0:.1f}s]")
    for f, why in judged:
        if why is None or args.show:
            tag = "REAL " if why else "FALSE"
            link = (f.link or {}).get("rule", "") if hasattr(f, "link") else ""
            print(f"    {tag} {f.rule:13} {f.figure:10} {f.metric or '':18} {link:10} {(why or f.message)[:90]}"
                  f"  «{f.context[:50]}»")
    if report == SEED:
        named = named_found(errors)
        print(f"  the seed's named inconsistencies found: {sum(ok for _, ok in named)}/{len(named)}"
              + "".join(f"\n    {'found' if ok else 'MISSED'} {label}" for label, ok in named))
    if planted:
        got = planted_found(errors, planted)
        print(f"  planted inconsistencies found: {sum(ok for _, ok in got)}/{len(got)}"
              + "".join(f"\n    {'found' if ok else 'MISSED'} {p['figure']} ({p.get('kind', '')})  «{p.get('context', '')}»"
                        for p, ok in got))
    raw = report.read_text(encoding="utf-8") if report.suffix == ".txt" else None
    if raw is None:
        raw_report = tmp / f"{name}-report.txt"
        raw_report.write_text("\n".join(b.text if b.kind != "table" else "\n".join("\t".join(r) for r in b.rows)
                                        for b in load_document_blocks(report)), encoding="utf-8")
        report, raw = raw_report, raw_report.read_text(encoding="utf-8")
        clean = _run(report, data)
    doc = load_document(report)
    targets = data_targets(raw, doc, data, _errors(clean))
    t0 = time.perf_counter()
    res = recall(raw, report, data_path, targets, random.Random(args.seed), args.limit, args.docx_limit, args.jobs)
    for fmt, (found, n, missed) in res.items():
        print(f"  recall on injected errors ({fmt}, {len(targets)} figures the data covers): "
              f"{found}/{n} = {found / n if n else 0:.3f}")
        for inj in missed[: args.show_missed]:
            print(f"    missed {inj.kind:13} {inj.target.figure} -> {inj.new_figure} (block {inj.target.block})")
    print(f"  [{time.perf_counter() - t0:.0f}s]")


def load_document_blocks(path: Path):  # noqa: ANN201
    from draftkit.readers import read_document

    return read_document(path).blocks


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--set", nargs="*", default=["seed-a", "seed-b", "seed-c", "seed-d", "seed-f", "sample", "school-e", "own"])
    ap.add_argument("--limit", type=int, default=0, help="at most N injections (0: all)")
    ap.add_argument("--docx-limit", type=int, default=150, help="injections also checked as .docx")
    ap.add_argument("--seed", type=int, default=20231)
    ap.add_argument("--show", action="store_true", help="list real errors too")
    ap.add_argument("--show-missed", type=int, default=15)
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--jobs", type=int, default=2, help="processes for the injections")
    args = ap.parse_args()
    if not SEED.exists():
        print(f"skip: seed report not found at {SEED}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.set:
            run_set(name, args, Path(tmp))
    if not args.no_timing:
        t = docx_timing(SEED)
        if t:
            print(f"\n.docx check of the seed (split runs): {t[0]:.2f} s; python-docx load + text: {t[1]:.2f} s; "
                  f"ratio {t[0] / t[1]:.2f} (medians of 5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
