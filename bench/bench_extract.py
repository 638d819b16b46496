"""Benchmark of ``draftkit data extract`` (issue 10, part 2).

1. Seed report (../shared/seed/quality-report-2023.txt): the reference list is every figure the
   grammar (draftkit.grammar.extract_figures) finds in the report's prose paragraphs, read
   independently of the extractor. A reference figure is *found* when the written workbook has a
   row whose 上年值 equals the figure (same unit) and whose 名称 *fits*: the rule below.
   名称 fit rule (checkable): the name and the figure's window share a run of two Chinese
   characters that is not a generic word (GENERIC below: 占比, 人数, 数量, 金额 …); the window is
   the figure's own clause before it plus the 12 characters right after it (the noun it counts),
   and for % and 百分点 figures its sentence before it (a share is named after its count).
2. Round trip on the sample project: extract corpus/reports/2022-quality-report.docx, fill 数值
   programmatically (数值 = 上年值), load with load_year_data (data check), run the checker on
   that report against the filled workbook; extract again onto the partly filled workbook.
3. 50 random rows of the seed workbook are written to bench/out/extract_sample.txt for a person
   to judge.

Run: .venv/bin/python bench/bench_extract.py [--seed-report PATH]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from draftkit.check.document import build_doc  # noqa: E402
from draftkit.data.extract import extract_report, write_extract  # noqa: E402
from draftkit.grammar import extract_figures  # noqa: E402
from draftkit.readers import read_document  # noqa: E402
from draftkit.units import compatible, convert, normalize_unit  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "quality-report-2023.txt"
SAMPLE = ROOT / "corpus" / "reports" / "2022-quality-report.docx"
GENERIC = {"占比", "比例", "人数", "数量", "总数", "增幅", "降幅", "增加", "减少", "上年", "以上", "人次", "金额",
           "命名", "数字", "其中", "合计", "共计"}
_CLAUSE = "，,、：:。；;！？!?\n"


def read_rows(path: Path) -> list[dict]:
    from openpyxl import load_workbook

    ws = load_workbook(path)["指标"]
    cols = {c.value: c.column for c in ws[1]}
    out = []
    for r in range(2, ws.max_row + 1):
        row = {h: ws.cell(r, c).value for h, c in cols.items()}
        if row.get("id"):
            out.append(row)
    return out


def reference_figures(path: Path) -> list[tuple[str, object, int]]:
    """(paragraph text, Figure, start) for every figure the grammar finds in prose paragraphs."""
    doc = read_document(path)
    check = build_doc(doc.path, doc.format, doc.blocks)
    out = []
    for p in check.passages:
        if p.kind in ("paragraph", "heading"):
            for f in extract_figures(p.text):
                out.append((p.text, f, f.start))
    return out


def window(text: str, f, percent: bool) -> str:  # noqa: ANN001
    a = f.start
    stops = "。；;！？!?\n" if percent else _CLAUSE
    while a > 0 and text[a - 1] not in stops:
        a -= 1
    return text[a : f.start] + ("" if percent else text[f.end : f.end + 12])


def name_fits(name: str, win: str) -> bool:
    """The fit rule: a two-character run of the name (not a generic word) is in the window."""
    name = re.sub(r"[（(].*?[)）]", "", name or "")
    pairs = {name[i : i + 2] for i in range(len(name) - 1)}
    return any(re.fullmatch(r"[\u4e00-\u9fff]{2}", p) and p not in GENERIC and p in win for p in pairs)


def same_value(row: dict, f) -> bool:  # noqa: ANN001
    prev, unit = row.get("上年值"), normalize_unit(str(row.get("单位") or "").replace("无", ""))
    if prev is None:
        return False
    try:
        if unit == f.unit or (compatible(unit, f.unit) and unit.split("/")[0] == f.unit):
            return abs(float(prev) - f.value) < 1e-6
    except Exception:  # noqa: BLE001
        return False
    if "/" in unit and unit.split("/")[0] == f.unit:
        return abs(float(prev) - f.value) < 1e-6
    try:
        return compatible(unit, f.unit) and abs(convert(float(prev), unit, f.unit) - f.value) < 1e-6
    except Exception:  # noqa: BLE001
        return False


def bench_seed(report: Path, out_dir: Path) -> None:
    times = []
    for _ in range(3):
        t = time.perf_counter()
        ex = extract_report(report)
        times.append(time.perf_counter() - t)
    xlsx = out_dir / "seed.xlsx"
    xlsx.unlink(missing_ok=True)  # a workbook already there would be merged into, not replaced
    t = time.perf_counter()
    write_extract(ex, xlsx)
    write_s = time.perf_counter() - t
    rows = read_rows(xlsx)
    by_value: dict[float, list[dict]] = {}
    for r in rows:
        if r.get("上年值") is not None:
            by_value.setdefault(round(float(r["上年值"]), 4), []).append(r)
    refs = reference_figures(report)
    found = value_only = missing = 0
    misses = []
    for text, f, _ in refs:
        cands = [r for r in rows if same_value(r, f)]
        win = window(text, f, f.unit in ("%", "百分点"))
        if any(name_fits(r["名称"], win) for r in cands):
            found += 1
        elif cands:
            value_only += 1
            misses.append(f"名称不合：{f.text} | {[r['名称'] for r in cands][:3]} | {win}")
        else:
            missing += 1
            misses.append(f"无此值：{f.text} | {win}")
    formula = sum(1 for r in rows if r.get("公式"))
    catalog = sum(1 for r in rows if re.fullmatch(r"[a-z_0-9]+", r["id"]) and r["id"] in _catalog())
    print(f"seed report: {len(refs)} prose figures (grammar) → {len(rows)} rows "
          f"({catalog} catalog ids, {formula} formula rows)")
    print(f"  found with the right 上年值 and a fitting 名称: {found}/{len(refs)} = {found / len(refs):.1%}")
    print(f"  right 上年值, 名称 not fitting: {value_only}; no row with that value: {missing}")
    print(f"  extract time: median {statistics.median(times):.2f} s of {len(times)} (min {min(times):.2f}); "
          f"write {write_s:.2f} s")
    (out_dir / "extract_misses.txt").write_text("\n".join(misses), encoding="utf-8")
    rnd = random.Random(int(os.environ.get("SAMPLE_SEED", "20231")))
    sample = rnd.sample(rows, min(50, len(rows)))
    lines = [f"{i + 1:2d}. {r['id']} | {r['名称']} | {r['上年值']}{r['单位']} | {r.get('公式') or ''}\n    "
             + str(r.get("备注") or "").split("\n")[0][:160] for i, r in enumerate(sample)]
    (out_dir / "extract_sample.txt").write_text("\n".join(lines), encoding="utf-8")
    print(f"  50 random rows for review: {out_dir / 'extract_sample.txt'}; misses: {out_dir / 'extract_misses.txt'}")


def _catalog() -> set[str]:
    from draftkit.data import load_catalog

    return set(load_catalog())


def fill(src: Path, dst: Path, every: int = 1) -> int:
    """数值 = 上年值 for every ``every``-th plain row (formula rows are never typed); table sheets
    get last year's cells back from their 上年_ sheet."""
    from openpyxl import load_workbook

    wb = load_workbook(src)
    ws = wb["指标"]
    cols = {c.value: c.column for c in ws[1]}
    n = 0
    for i, r in enumerate(range(2, ws.max_row + 1)):
        if ws.cell(r, cols["公式"]).value or ws.cell(r, cols["上年值"]).value is None or i % every:
            continue
        ws.cell(r, cols["数值"]).value = ws.cell(r, cols["上年值"]).value
        n += 1
    tw = wb["表格"]
    for r in range(2, tw.max_row + 1) if every == 1 else ():
        sheet = tw.cell(r, 3).value
        old = next(s for s in wb.sheetnames if s.startswith("上年_") and sheet.startswith(s[3:]))
        for row_new, row_old in zip(wb[sheet].iter_rows(min_row=2), wb[old].iter_rows(min_row=2)):
            for a, b in zip(row_new, row_old):
                if a.value is None and b.value is not None:
                    a.value, a.number_format = b.value, b.number_format
    wb.save(dst)
    return n


def bench_round_trip(out_dir: Path) -> None:
    from draftkit.check import check_file
    from draftkit.data import load_year_data

    xlsx = out_dir / "sample-2023.xlsx"
    xlsx.unlink(missing_ok=True)
    ex = extract_report(SAMPLE)
    write_extract(ex, xlsx)
    n = fill(xlsx, out_dir / "sample-2023-filled.xlsx")
    t = time.perf_counter()
    yd = load_year_data(out_dir / "sample-2023-filled.xlsx")
    load_s = time.perf_counter() - t
    print(f"sample round trip: {ex.figures} prose figures → {len(ex.rows)} rows and {len(ex.tables)} tables "
          f"({ex.tables_skipped} not extracted), {n} rows filled programmatically; "
          f"data check: {len(yd.metrics)} metrics, {len(yd.unfilled)} unfilled, {len(yd.problems)} problems "
          f"({load_s:.2f} s)")
    t = time.perf_counter()
    res = check_file(SAMPLE, yd)
    s = res.summary
    print(f"  draftkit check of the 2022 report against it: {s['figures']} figures, {s['linked']} linked, "
          f"{s['errors']} errors / {s['warnings']} warnings, by rule {s['by_rule']} ({time.perf_counter() - t:.1f} s)")
    partial = out_dir / "sample-2023-partial.xlsx"
    k = fill(xlsx, partial, every=2)
    before = hashlib.sha256(partial.read_bytes()).hexdigest()
    again = write_extract(extract_report(SAMPLE), partial)
    same = hashlib.sha256(partial.read_bytes()).hexdigest() == before
    yd2 = load_year_data(partial)
    print(f"  extract again onto a half-filled workbook ({k} rows filled): added {len(again.added)} rows, "
          f"file unchanged: {same}; loads with {len(yd2.metrics)} metrics and {len(yd2.unfilled)} unfilled rows listed")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed-report", type=Path, default=SEED)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory():
        if args.seed_report.exists():
            bench_seed(args.seed_report, args.out)
        else:
            print(f"seed report not found: {args.seed_report}")
        bench_round_trip(args.out)


if __name__ == "__main__":
    main()
