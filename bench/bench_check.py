"""Benchmark of the figure-consistency checker on the seed report (../shared/seed).

    python bench/bench_check.py [--limit N] [--seed S]

Prints: error-level findings on the clean seed (its real inconsistencies, verified by hand,
vs false alarms) with and without --data; recall on injected errors (digit swaps, ±1, ±10 %,
a share recomputed from the wrong base), flagged at the right figure in the right sentence;
and the time of `draftkit check` on the whole seed, start-up included (median of 5).
Skips cleanly when the seed is absent.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "quality-report-2023.txt"
DATA = ROOT / "bench" / "seed_data" / "2023.yaml"
sys.path.insert(0, str(ROOT / "bench"))

from bench_check_inject import Target, inject, locate, variants  # noqa: E402

# The seed's own inconsistencies, each verified by hand (figure, a piece of its context, why).
KNOWN_REAL = [
    ("643个", "自主拍摄技能微课", "技能微课 643 个（前言）与 648 个（九、特色创新）不一致"),
    ("648个", "完成技能微课", "技能微课 648 个与前言的 643 个不一致"),
    ("19.98平方米", "生均教学科研及辅助用房面积", "336716.41 ÷ 17402 = 19.35，不是 19.98"),
    ("19.98", "", "表1-3/表1-5 生均教学（科研）用房 19.98，应为 19.35"),
    ("2.55%", "较上年生均增加", "生均经费收入 1.88→1.96 万元是 +4.26%（表1-4 写 4.36%），不是 2.55%"),
    ("2.55%", "生均支出增加", "生均经费支出 1.83→1.94 万元是 +6.01%（表1-4 写 5.76%），不是 2.55%"),
    ("1643", "", "表2-5 共计 1643，分项相加为 1647"),
    ("1588", "", "表2-5 共计 1588，分项相加为 1557"),
    ("45个", "学生社团共", "学生社团 45 个，表2-1 为 49 个"),
    ("2713人", "成员数", "社团成员 2713 人，表2-1 为 1886 人"),
    ("2098个", "共梳理出", "技能点 2098 个，前言为 1025 个"),
    ("38.78%", "咸宁本地就业率", "咸宁本地就业率 38.78%，就业章为 36.88%"),
    ("18.84", "", "表7-1 A类课比例 18.84%，222 ÷ 1177 = 18.86%"),
    ("60.22", "", "表7-1 B类课比例 60.22%，709 ÷ 1177 = 60.24%"),
    ("20.94", "", "表7-1 C类课比例 20.94%，246 ÷ 1177 = 20.90%"),
]

# Derived figures: each follows from other figures written next to it (no data needed).
# (figure, context piece ("" = a table cell), oracle, wrong bases for shares)
# oracle: ("share", part, whole) | ("ratio", total, students) | ("growth", prev, cur, input decimals)
#         | ("sum", [parts], part decimals)
S = 17402
DERIVED = [
    ("46.23%", "硕士以上学历教师 368人", ("share", 368, 796), (959,)),
    ("42.21%", "副高以上职称教师 336人", ("share", 336, 796), (959,)),
    ("87.19%", "双师素质", ("share", 694, 796), (959,)),
    ("96.57%", "报到率", ("share", 5714, 5917), (6370,)),
    ("96.12%", "就业率达到", ("share", 6123, 6370), (6643,)),
    ("66.83%", "协议就业率", ("share", 4257, 6370), (6123,)),
    ("16.17%", "灵活就业率", ("share", 1030, 6370), (6123,)),
    ("8.84%", "升学出国率", ("share", 563, 6370), (6123,)),
    ("4.29%", "自主创业率", ("share", 273, 6370), (6123,)),
    ("91.18%", "考证通过", ("share", 1448, 1588), (1643,)),
    ("43%", "高级职称 12人", ("share", 12, 28), (36,)),
    ("46%", "中级职称 13人", ("share", 13, 28), ()),
    ("54.33平方米", "生均占地面积", ("ratio", 945450.66, S), ()),
    ("36.35平方米", "生均校舍建筑面积", ("ratio", 632584.25, S), ()),
    ("1.96万元", "年经费收入生均", ("ratio", 34118.1, S), ()),
    ("1.94万元", "生均支出", ("ratio", 33714.58, S), ()),
    ("1.23万元", "生均财政拨款收入", ("ratio", 21399.47, S), ()),
    ("42.21%", "", ("share", 336, 796), (959,)),   # 表1-1 row
    ("46.23%", "", ("share", 368, 796), (959,)),
    ("87.19%", "", ("share", 694, 796), (959,)),
    ("54.33", "", ("ratio", 945450.66, S), ()), ("36.35", "", ("ratio", 632584.25, S), ()),   # 表1-3
    ("4.31", "", ("ratio", 74923.64, S), ()), ("1.12", "", ("ratio", 19500.31, S), ()),
    ("2.94%", "", ("growth", 33144.21, 34118.10, 2), ()), ("4.36%", "", ("growth", 1.88, 1.96, 2), ()),  # 表1-4
    ("4.32%", "", ("growth", 32319.40, 33714.58, 2), ()), ("5.76%", "", ("growth", 1.83, 1.94, 2), ()),
    ("4832", "", ("sum", [20, 610, 4202], 0), ()), ("1704.8", "", ("sum", [16, 305, 1383.8], 1), ()),  # 表2-2
    ("194", "", ("sum", [27, 167], 0), ()), ("56.8", "", ("sum", [6.7, 50.1], 1), ()),                  # 表2-3
    ("4257", "", ("sum", [2238, 1915, 101, 3], 0), ()), ("1030", "", ("sum", [1024, 6], 0), ()),        # 表3-1
    ("563", "", ("sum", [562, 1], 0), ()),
    ("66.83%", "", ("sum", [35.13, 30.06, 1.59, 0.05], 2), ()), ("16.17%", "", ("sum", [16.08, 0.09], 2), ()),
    ("8.84%", "", ("sum", [8.82, 0.02], 2), ()),
    ("1448", "", ("sum", [31, 59, 0, 2, 99, 50, 118, 190, 18, 91, 140, 49, 120, 49, 78, 47, 26, 68, 79, 46, 45, 43], 0), ()),
    ("39", "", ("sum", [1, 0, 0, 0, 3, 1, 3, 0, 0, 4, 6, 0, 3, 2, 4, 5, 0, 2, 0, 0, 3, 2], 0), ()),
]


def oracle_interval(oracle) -> tuple[float, float]:
    """What a derived figure may be, computed from the figures written beside it (rounded inputs widen it)."""
    kind = oracle[0]
    if kind == "share":
        return oracle[1] / oracle[2] * 100, oracle[1] / oracle[2] * 100
    if kind == "ratio":
        return oracle[1] / oracle[2], oracle[1] / oracle[2]
    if kind == "growth":
        prev, cur, dec = oracle[1], oracle[2], oracle[3]
        h = 0.5 * 10 ** -dec
        return ((cur - h) / (prev + h) - 1) * 100, ((cur + h) / (prev - h) - 1) * 100
    parts, dec = oracle[1], oracle[2]
    h = 0.5 * 10 ** -dec if dec else 0.0
    return sum(parts) - h * len(parts), sum(parts) + h * len(parts)


def is_real_error(new_figure: str, oracle) -> bool:
    """True when the injected figure cannot be the rounded value of the oracle (an error by definition)."""
    import re as _re

    num = _re.search(r"\d+(?:\.\d+)?", new_figure).group(0)
    dec = len(num.split(".")[1]) if "." in num else 0
    v, h = float(num), 0.5 * 10 ** -dec
    lo, hi = oracle_interval(oracle)
    return not (v - h < hi + 1e-9 and lo - 1e-9 < v + h)


def _doc():
    from draftkit.check.document import load_document

    return load_document(SEED)


def _run(path: Path, data):
    from draftkit.check.document import load_document
    from draftkit.check.runner import check_doc

    return check_doc(load_document(path), data)


def _errors(result):
    return [f for f in result.findings if f.severity == "error"]


def _is_known(f) -> str | None:
    for fig, ctx, why in KNOWN_REAL:
        if f.figure == fig and ctx in f.context:
            return why
    return None


def _raw_pos(raw: str, m) -> int | None:
    if m.row is None:
        before = m.passage.text[: m.fig.start]
        return locate(raw, m.passage.location.get("line"), m.fig.text, before)
    t = m.table
    row = t.rows[m.row]
    before = row[m.col - 1] if m.col > 0 else ""
    return locate(raw, t.line, m.fig.text, before)


def _target(raw: str, m, group: str, share=None) -> Target | None:
    pos = _raw_pos(raw, m)
    if pos is None:
        return None
    part, bases = share if share else (None, ())
    return Target(m.passage.block, m.fig.text, pos, m.row, m.col, tuple(bases), part, group)


def data_targets(raw: str, doc, data, clean_errors) -> list[Target]:
    """Figures whose value equals a metric named in the same sentence (independent of the linker)."""
    from draftkit.check.arith import agrees, fig_interval, unit_group
    from draftkit.check.rules_data import metric_interval

    bad = {(f.location.get("block"), f.span) for f in clean_errors}
    out = []
    metrics = [m for m in data.metrics.values() if m.value is not None]
    for men in doc.mentions:
        if men.fig.approx or (men.passage.block, (men.fig.start, men.fig.end)) in bad:
            continue
        text = men.context if men.row is None else men.row_label
        for met in metrics:
            if not any(n in text for n in met.names if len(n) >= 2):
                continue
            unit = (met.unit or "").split("/")[0]
            if men.fig.unit and unit_group(men.fig.unit)[0] != unit_group(unit)[0]:
                continue
            iv = metric_interval(met)
            fiv = fig_interval(men.fig, unit if men.fig.unit else None)
            if iv and agrees(fiv, iv):
                t = _target(raw, men, "data")
                if t:
                    out.append(t)
                break
    return out


def derived_targets(raw: str, doc) -> list[Target]:
    out, used = [], set()
    for fig, ctx, oracle, bases in DERIVED:
        share = (oracle[1], bases) if oracle[0] == "share" and bases else None
        for men in doc.mentions:
            key = id(men)
            if key in used or men.fig.text != fig:
                continue
            if ctx and (men.row is not None or ctx not in men.context):
                continue
            if not ctx and men.row is None:
                continue
            t = _target(raw, men, "derived", share)
            if t:
                t.oracle = oracle
                out.append(t)
                used.add(key)
                break
    return out


def repeated_targets(raw: str, doc) -> list[Target]:
    """Figures cited twice with the same value under the same name (cross-mention targets)."""
    from draftkit.check.arith import agrees, fig_interval
    from draftkit.check.rules_cross import _generic, same_quantity

    prose = [m for m in doc.mentions if m.row is None and not m.fig.approx]
    out = []
    seen = set()

    def generic(x) -> bool:  # the name is used for other values in the same paragraph
        return any(y is not x and y.passage is x.passage and same_quantity(x, y) and y.fig.value != x.fig.value
                   for y in prose)

    for i, a in enumerate(prose):
        for b in prose[i + 1 :]:
            if a.sentence == b.sentence or not same_quantity(a, b):
                continue
            if agrees(fig_interval(a.fig), fig_interval(b.fig, a.fig.unit)) and not (generic(a) or generic(b)):
                for m in (b,):
                    if id(m) not in seen:
                        t = _target(raw, m, "repeated")
                        if t:
                            out.append(t)
                            seen.add(id(m))
    return out


def _found(result, inj) -> bool:
    """An error at the injected figure in its sentence; for a table cell, an error in its row
    (a 合计 that no longer adds up is flagged on the total cell of the same row)."""
    t = inj.target
    for f in _errors(result):
        if f.location.get("block") != t.block:
            continue
        if t.row is None and f.figure == inj.new_figure and inj.new_figure in f.context:
            return True
        if t.row is not None and f.location.get("row") == t.row:
            return True
    return False


def run_injections(raw: str, targets: list[Target], data, rng: random.Random, limit: int):
    chosen = [(t, inj) for t in targets for inj in variants(t, rng)]
    rng.shuffle(chosen)
    chosen = chosen[:limit] if limit else chosen
    stats: dict[str, Counter] = defaultdict(Counter)
    missed = []
    tolerated = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed-injected.txt"
        for t, inj in chosen:
            oracle = getattr(t, "oracle", None)
            if oracle is not None and not is_real_error(inj.new_figure, oracle):
                tolerated.append(inj)  # still the rounded value of its inputs: not an error
                continue
            path.write_text(inject(raw, inj), encoding="utf-8")
            ok = _found(_run(path, data), inj)
            stats[inj.kind]["n"] += 1
            stats[inj.kind]["found"] += ok
            if not ok:
                missed.append(inj)
    return stats, missed, tolerated


def _recall_line(title: str, stats) -> str:
    n = sum(c["n"] for c in stats.values())
    found = sum(c["found"] for c in stats.values())
    parts = ", ".join(f"{k} {c['found']}/{c['n']}" for k, c in sorted(stats.items()))
    return f"{title}: recall {found}/{n} = {found / n:.3f}  ({parts})" if n else f"{title}: no injections"


def timing(runs: int = 5) -> tuple[float, float]:
    exe = [sys.executable, "-c", "from draftkit.cli import main; main()", "check", str(SEED)]
    out = []
    for extra in (["--data", str(DATA)], []):
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(exe + extra + ["--format", "json"], capture_output=True, check=False)
            times.append(time.perf_counter() - t0)
        out.append(statistics.median(times))
    return out[0], out[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, default=0, help="at most N injections per group (0: all)")
    ap.add_argument("--seed", type=int, default=20231, help="random seed for the injections")
    ap.add_argument("--no-timing", action="store_true")
    ap.add_argument("--show-missed", type=int, default=40, help="list at most N missed injections per group")
    args = ap.parse_args()
    if not SEED.exists():
        print(f"skip: seed report not found at {SEED}")
        return 0
    from draftkit.data import load_year_data

    raw = SEED.read_text(encoding="utf-8")
    data = load_year_data(DATA)
    rng = random.Random(args.seed)
    print(f"seed: {SEED.name}  data: {DATA.relative_to(ROOT)} ({sum(1 for m in data.metrics.values() if m.value is not None)} metrics)")

    for label, d in (("with --data", data), ("without --data", None)):
        res = _run(SEED, d)
        errs = _errors(res)
        real = [(f, _is_known(f)) for f in errs]
        fa = [f for f, why in real if not why]
        print(f"\nclean seed {label}: {res.summary['figures']} figures, {res.summary['linked']} linked, "
              f"{len(errs)} errors = {len(errs) - len(fa)} real inconsistencies + {len(fa)} false alarms; "
              f"{res.summary['warnings']} warnings")
        for f, why in real:
            tag = "REAL " if why else "FALSE"
            print(f"  {tag} {f.rule:13} {f.figure:12} {why or f.message[:70]}")

    doc = _doc()
    clean = _run(SEED, data)
    groups = [
        ("data targets, with --data", data_targets(raw, doc, data, _errors(clean)), data),
        ("derived targets, without --data", derived_targets(raw, doc), None),
        ("repeated figures, without --data", repeated_targets(raw, doc), None),
        ("derived targets, with --data", derived_targets(raw, doc), data),
    ]
    print()
    for title, targets, d in groups:
        t0 = time.perf_counter()
        stats, missed, tolerated = run_injections(raw, targets, d, random.Random(args.seed), args.limit)
        print(_recall_line(f"{title} ({len(targets)} figures)", stats) + f"  [{time.perf_counter() - t0:.0f}s]")
        if tolerated:
            print(f"    not counted: {len(tolerated)} injections still within rounding of their inputs, e.g. "
                  + ", ".join(f"{i.target.figure}->{i.new_figure}" for i in tolerated[:4]))
        for inj in missed[: args.show_missed]:
            print(f"    missed {inj.kind:13} {inj.target.figure} -> {inj.new_figure} (block {inj.target.block})")
    corpus = sorted(p for p in (ROOT / "corpus").rglob("*") if p.suffix in (".md", ".txt", ".docx")
                    and not p.name.startswith(("_", "README")) and "_src" not in p.parts)
    if corpus:
        from draftkit.check import check_file

        errs = warns = figs = 0
        for p in corpus:
            r = check_file(p)
            errs, warns, figs = errs + r.errors, warns + r.summary["warnings"], figs + r.figures
            for f in r.findings:
                if f.severity == "error":
                    print(f"    corpus error {p.name}: {f.rule} {f.figure} {f.message[:60]}")
        print(f"\nother reports (repo corpus/, {len(corpus)} files, {figs} figures, no data): "
              f"{errs} errors, {warns} warnings")
    if not args.no_timing:
        with_data, without = timing()
        print(f"\ntime of `draftkit check` on the whole seed (start-up included, median of 5): "
              f"{with_data:.2f} s with --data, {without:.2f} s without")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
