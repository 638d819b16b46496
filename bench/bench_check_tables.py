"""Benchmark of the checker on data tables: the repo's sample year data (data/2023.yaml) rendered
as a Markdown report, one captioned table per data table, checked clean and with one cell changed.

    python bench/bench_check_tables.py [--limit N] [--seed S]

Prints: errors on the clean rendering with and without --data (false alarms: every cell is right
by construction), then for injected errors (digit swap, ±1 on the last digit, ±10 %) the share
flagged at exactly the changed cell, with and without --data, and the median check time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "2023.yaml"


def render(yd, cells: dict[tuple[str, int, int], str] | None = None) -> str:
    """The data tables as a Markdown report (cells overridden from ``cells``)."""
    out = ["# 一、数据表", ""]
    for k, (tid, t) in enumerate(yd.tables.items(), start=1):
        out += [f"表 1-{k} {t.title}", "", "| " + " | ".join(t.columns) + " |",
                "|" + " --- |" * len(t.columns)]
        for i, row in enumerate(t.rows):
            vals = [(cells or {}).get((tid, i, j), c) for j, c in enumerate(row)]
            vals += [""] * (len(t.columns) - len(vals))
            out.append("| " + " | ".join(v if v.strip() else " " for v in vals) + " |")
        out += ["", f"数据来源：{t.source or '学校'}", ""]
    return "\n".join(out)


def mutate(text: str, kind: str, rng: random.Random) -> str | None:
    """One wrong version of a numeric cell, or None when the kind does not apply."""
    from draftkit.grammar import cell_figure

    f = cell_figure(text)
    if f is None:
        return None
    body = text.rstrip("%")
    suffix = text[len(body):]
    if kind == "digit-swap":
        pairs = [i for i in range(len(body) - 1) if body[i].isdigit() and body[i + 1].isdigit()
                 and body[i] != body[i + 1] and not (i == 0 and body[i + 1] == "0")]
        if not pairs:
            return None
        i = rng.choice(pairs)
        return body[:i] + body[i + 1] + body[i] + body[i + 2:] + suffix
    if kind == "plus-minus-1":
        step = 10 ** -f.decimals
        v = f.value + (step if rng.random() < 0.5 or f.value < step else -step)
        return f"{v:.{f.decimals}f}{suffix}"
    if kind == "ten-percent":
        v = f.value * (1.1 if rng.random() < 0.5 else 0.9)
        new = f"{v:.{f.decimals}f}{suffix}"
        return new if new != text else None
    return None


def table_index(yd, tid: str) -> int:
    return list(yd.tables).index(tid)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=300, help="injections per mode (0 = all)")
    ap.add_argument("--seed", type=int, default=7, help="random seed")
    args = ap.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not found")
        return 0
    from draftkit.check import check_file
    from draftkit.data import load_year_data

    yd = load_year_data(DATA)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "tables.md"
        path.write_text(render(yd), encoding="utf-8")
        for label, data in (("with --data", yd), ("without --data", None)):
            res = check_file(path, data)
            errs = [f for f in res.findings if f.severity == "error"]
            print(f"clean tables {label}: {res.figures} figures, {len(errs)} errors (false alarms), "
                  f"{res.summary['warnings']} warnings")
            for f in errs[:5]:
                print(f"    {f.rule:13} {f.figure:10} {f.message[:70]}")
        cells = [(tid, i, j, c) for tid, t in yd.tables.items() for i, row in enumerate(t.rows)
                 for j, c in enumerate(row) if c.strip()]
        jobs = [(cell, kind) for cell in cells for kind in ("digit-swap", "plus-minus-1", "ten-percent")]
        rng.shuffle(jobs)
        injected = []
        for (tid, i, j, text), kind in jobs:
            new = mutate(text.strip(), kind, rng)
            if new is not None and new != text.strip():
                injected.append((tid, i, j, kind, new))
        injected = injected[: args.limit] if args.limit else injected
        times: list[float] = []
        for label, data in (("with --data", yd), ("without --data", None)):
            hit, total = Counter(), Counter()
            missed = []
            for tid, i, j, kind, new in injected:
                path.write_text(render(yd, {(tid, i, j): new}), encoding="utf-8")
                t0 = time.perf_counter()
                res = check_file(path, data)
                times.append(time.perf_counter() - t0)
                ti = table_index(yd, tid)
                found = any(f.severity == "error" and f.location.get("table") == ti
                            and f.location.get("row") == i + 1 and f.location.get("column") == j
                            for f in res.findings)
                total[kind] += 1
                hit[kind] += found
                if not found:
                    missed.append(f"{tid}[{i},{j}] {yd.tables[tid].rows[i][j]} -> {new} ({kind})")
            n, h = sum(total.values()), sum(hit.values())
            detail = ", ".join(f"{k} {hit[k]}/{total[k]}" for k in sorted(total))
            print(f"injected cells {label}: flagged at the cell {h}/{n} = {h / max(n, 1):.3f}  ({detail})")
            for line in missed[:6]:
                print(f"    missed {line}")
        print(f"median check time per rendering: {statistics.median(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
