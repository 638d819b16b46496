"""Benchmark of `draftkit rollforward` on the seed report (../shared/seed).

    python bench/bench_rollforward.py [--seed S] [--runs N] [--no-office] [--render DIR] [--keep DIR]

Last year's report: the seed (PDF text) written as a house-style .docx, every paragraph and
table cell then split into runs at random (as Word leaves them). This year's data: the project's
seed data (bench/seed_data/2023.yaml) with every typed figure moved by 2–8 % (whole numbers at
least by one), shares and other formulas recomputed from their moved parts, ``previous`` = the
seed's figure, year 2024.

The oracle is independent of roll forward: a figure occurrence is a *target* when its value is
the seed value of a metric named in its sentence (its row label for a cell), not approximate,
and the metric is unambiguous; its right new text is that metric's next-year value written the
way the figure was written. Shares / per-capita figures listed in bench_check.DERIVED (part and
whole known) are targets too, recomputed from the moved parts.

Prints: targets updated to the right value (share), wrong changes (a target changed to another
value, or a change whose old figure is not its metric's previous value), unresolved figures
without a Word comment, 学年/届 expressions moved and left, the time (median of --runs, in
process, load to save) and the CLI's wall time once; then, with LibreOffice, the tracked changes
LibreOffice lists after converting the output, and the data-mismatch findings of
`draftkit check --data` (next year's data) on updated figures after accepting every change in
the XML. Skips cleanly when the seed is absent.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# ../shared/seed next to the repository (a worktree under wt/ looks one level further up)
SEED = next((p / "shared" / "seed" / "quality-report-2023.txt" for p in ROOT.parents
             if (p / "shared" / "seed" / "quality-report-2023.txt").exists()),
            ROOT.parent / "shared" / "seed" / "quality-report-2023.txt")
DATA = ROOT / "bench" / "seed_data" / "2023.yaml"
sys.path.insert(0, str(ROOT / "bench"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# -- inputs ------------------------------------------------------------------------------------
def next_year_data(src: Path, rng: random.Random) -> str:
    """The seed data one year on: typed figures moved 2–8 %, formulas kept, previous = seed figure."""
    from draftkit.data import load_year_data

    raw = yaml.safe_load(src.read_text(encoding="utf-8"))
    yd = load_year_data(src)
    metrics = {}
    for mid, spec in raw["metrics"].items():
        spec = dict(spec) if isinstance(spec, dict) else {"value": spec}
        if "formula" in spec:
            spec.pop("previous", None)
            metrics[mid] = spec
            continue
        m = yd.metrics[mid]
        prec = m.precision or 0
        d = rng.uniform(0.02, 0.08) * rng.choice((-1, 1))
        new = m.value * (1 + d)
        if m.unit == "%" and new > 100:
            new = m.value * (1 - abs(d))
        new = round(new, prec)
        if prec == 0:
            new = int(new) if int(new) != int(m.value) else int(m.value) + 1
        spec.update(value=new, previous=round(m.value, prec) if prec else int(m.value))
        if prec:
            spec["precision"] = prec
        metrics[mid] = spec
    out = {**raw, "year": int(raw["year"]) + 1, "period": "2023-2024学年", "metrics": metrics}
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False)


def split_runs(docx_bytes: bytes, rng: random.Random) -> bytes:
    """Every paragraph's runs cut at 1–4 random places, each piece with its own rsid (as Word does)."""
    import docx

    from draftkit.rollforward.tracked import ParaText, split_run

    d = docx.Document(io.BytesIO(docx_bytes))
    paras = list(d.paragraphs) + [p for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    for p in paras:
        for _ in range(rng.randint(1, 4)):
            pt = ParaText.of(p._p)
            if len(pt.text) < 2:
                break
            k = rng.randint(1, len(pt.text) - 1)
            for r, a, b in pt.runs:
                if a < k < b:
                    twin = split_run(r, k - a)
                    twin.set(W + "rsidR", f"{rng.getrandbits(32):08X}")
                    break
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# -- the oracle --------------------------------------------------------------------------------
def targets(doc, seed, nxt) -> tuple[dict, int]:
    """(id(mention) → (mention, metric id, expected text), ambiguous count)."""
    from draftkit.check.arith import agrees, fig_interval, unit_group
    from draftkit.check.rules_data import metric_interval
    from draftkit.rollforward.link import fig_value_in

    out, ambiguous = {}, 0
    metrics = [m for m in seed.metrics.values() if m.value is not None]
    for men in doc.mentions:
        if men.fig.approx:
            continue
        text = men.context if men.row is None else men.row_label
        hits = {}
        for met in metrics:
            if not any(n in text for n in met.names if len(n) >= 2):
                continue
            unit = (met.unit or "").split("/")[0]
            if men.fig.unit and unit_group(men.fig.unit)[0] != unit_group(unit)[0]:
                continue
            iv = metric_interval(met)
            if iv and agrees(fig_interval(men.fig, unit if men.fig.unit else None), iv):
                new = nxt.metrics[met.id]
                v = fig_value_in(men.fig, new, new.value)
                if v is not None:
                    hits[men.fig.rewrite(v)] = met.id
        if len(hits) == 1:
            (expected, mid), = hits.items()
            out[id(men)] = (men, mid, expected)
        elif hits:
            ambiguous += 1
    return out, ambiguous


def derived_targets(doc, seed, nxt, taken: dict) -> dict:
    """bench_check.DERIVED shares and per-capita figures whose part and whole are seed metrics."""
    from bench_check import DERIVED

    by_value = {}
    for m in seed.metrics.values():
        if m.value is not None and not m.is_derived:
            by_value.setdefault(round(m.value, 4), []).append(m.id)
    out = {}
    for fig, ctx, oracle, _ in DERIVED:
        if oracle[0] not in ("share", "ratio"):
            continue
        part, whole = (by_value.get(round(float(x), 4), []) for x in oracle[1:3])
        if len(part) != 1 or len(whole) != 1:
            continue
        p, w = nxt.metrics[part[0]].value, nxt.metrics[whole[0]].value
        value = p / w * (100 if oracle[0] == "share" else 1)
        for men in doc.mentions:
            if men.fig.text != fig or id(men) in taken or id(men) in out:
                continue
            if (ctx and (men.row is not None or ctx not in men.context)) or (not ctx and men.row is None):
                continue
            out[id(men)] = (men, f"{part[0]}/{whole[0]}", men.fig.rewrite(value))
            break
    return out


# -- scoring -------------------------------------------------------------------------------------
def score(doc, changes, oracle: dict, nxt) -> dict:
    from draftkit.rollforward.link import agrees_previous
    from draftkit.rollforward.plan import _readings, mention_key

    by_place = {(c.key, c.span): c for c in changes if c.kind != "year"}
    right, wrong, missed = 0, [], []
    for men, mid, expected in oracle.values():
        c = by_place.get((mention_key(men), (men.fig.start, men.fig.end)))
        after = c.after if c and c.status in ("updated", "kept") else None
        if after == expected:
            right += 1
        elif after is not None:
            wrong.append((men.fig.text, after, expected, mid, men.context[:40]))
        else:
            missed.append((men.fig.text, expected, mid, c.evidence if c else "无", men.context[:50]))
    oracle_places = {(mention_key(m), (m.fig.start, m.fig.end)) for m, _, _ in oracle.values()}
    figures = {(mention_key(m), (m.fig.start, m.fig.end)): m for m in doc.mentions}
    outside = []
    for c in changes:
        if c.status != "updated" or c.kind == "year" or (c.key, c.span) in oracle_places:
            continue
        men = figures.get((c.key, c.span))
        metric = nxt.metrics.get(c.metric) if c.metric else None
        if c.kind == "figure" and men is not None and metric is not None and \
                not any(agrees_previous(f, metric) for f in _readings(men)):
            wrong.append((c.before, c.after, "（无上年值依据）", c.metric, c.context[:40]))
        outside.append(c)
    return {"right": right, "wrong": wrong, "missed": missed, "outside": outside}


def year_left(document_xml: str, text_of) -> dict:
    return {k: len(re.findall(p, text_of)) for k, p in
            (("2022-2023学年", r"2022\s*[-－—–]\s*2023\s*学年"), ("2023届", r"2023\s*届"))}


def accepted_docx(data: bytes) -> bytes:
    """The .docx with every tracked change accepted (w:del removed, w:ins unwrapped)."""
    from lxml import etree

    zin = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            blob = zin.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(blob)
                for d in list(root.iter(W + "del")):
                    d.getparent().remove(d)
                for ins in list(root.iter(W + "ins")):
                    parent, i = ins.getparent(), ins.getparent().index(ins)
                    for k, child in enumerate(list(ins)):
                        parent.insert(i + k, child)
                    parent.remove(ins)
                blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, blob)
    return buf.getvalue()


def all_text(data: bytes) -> str:
    import docx

    from draftkit.rollforward.tracked import ParaText

    d = docx.Document(io.BytesIO(data))
    ps = list(d.paragraphs) + [p for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    return "\n".join(ParaText.of(p._p).text for p in ps)


def office_checks(out_docx: Path, rolled: bytes, changes, nxt_path: Path, tmp: Path, render: Path | None) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("LibreOffice: not installed, skipped")
        return
    xml = zipfile.ZipFile(io.BytesIO(rolled)).read("word/document.xml")
    n_del, n_ins = xml.count(b"<w:del "), xml.count(b"<w:ins ")
    t0 = time.perf_counter()
    subprocess.run([soffice, "--headless", "--convert-to", "odt", "--outdir", str(tmp), str(out_docx)],
                   capture_output=True, timeout=600, check=False)
    odt = tmp / (out_docx.stem + ".odt")
    if not odt.exists():
        print("LibreOffice: conversion failed")
        return
    content = zipfile.ZipFile(odt).read("content.xml").decode("utf-8")
    dels = len(re.findall(r"<text:changed-region[^>]*><text:deletion>", content))
    inss = len(re.findall(r"<text:changed-region[^>]*><text:insertion>", content))
    notes = content.count("<office:annotation ")
    print(f"LibreOffice ({time.perf_counter() - t0:.0f} s to convert): {dels} deletions + {inss} insertions listed "
          f"as tracked changes (the .docx holds {n_del} w:del + {n_ins} w:ins), {notes} comments")
    accepted = tmp / "accepted.docx"
    accepted.write_bytes(accepted_docx(rolled))
    from draftkit.check import check_file
    from draftkit.data import load_year_data

    res = check_file(accepted, load_year_data(nxt_path))
    updated = {(c.location.get("paragraph"), c.location.get("table"), c.location.get("row"),
                c.location.get("column"), c.after) for c in changes if c.status == "updated"}
    bad = [f for f in res.findings if f.rule == "data-mismatch" and (
        f.location.get("paragraph"), f.location.get("table"), f.location.get("row"), f.location.get("column"),
        f.figure) in updated]
    all_mm = sum(1 for f in res.findings if f.rule == "data-mismatch")
    print(f"after accepting every change: `check --data` finds {len(bad)} data-mismatch on updated figures "
          f"({all_mm} data-mismatch in all, on figures left as they were)")
    for f in bad[:10]:
        print(f"    {f.figure}  {f.message[:80]}")
    if render is not None:
        render.mkdir(parents=True, exist_ok=True)
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(render), str(out_docx)],
                       capture_output=True, timeout=600, check=False)
        pdf = render / (out_docx.stem + ".pdf")
        if pdf.exists() and shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "12", str(pdf), str(render / "page")],
                           check=False)
            print(f"pages rendered to {render}/page-*.png")


# -- offline drafting from last year (sample project) ---------------------------------------------
def offline_draft_bench() -> None:
    """The sample project drafted offline: body characters against the spec's targets, and every
    figure of the bodies bound to the data (a data value) or marked 【待核实：…】."""
    from draftkit.config import load_settings
    from draftkit.data import load_year_data
    from draftkit.draft import run_draft
    from draftkit.draft.bind import NOTE_RE
    from draftkit.draft.retrieval import NoExemplars
    from draftkit.draft.run import body_chars
    from draftkit.grammar import UNVERIFIED_RE
    from draftkit.spec import load_spec

    with tempfile.TemporaryDirectory() as tmp:
        proj = Path(tmp) / "proj"
        for name in ("prompts", "data", "corpus"):
            shutil.copytree(ROOT / name, proj / name)
        bare = Path(tmp) / "bare"  # the same project without last year's report: data sentences alone
        shutil.copytree(proj, bare, ignore=shutil.ignore_patterns("2022-*"))
        base = load_settings(bare, llm_backend="offline")
        run_draft(base, exemplars=NoExemplars("bench"))
        before = sum(body_chars(p.read_text(encoding="utf-8")) for p in
                     (base.outputs_dir(load_year_data(base.data_file()).year) / "drafts").glob("*.md"))
        settings = load_settings(proj, llm_backend="offline")
        spec = load_spec(proj / "prompts" / "report.yaml")
        yd = load_year_data(settings.data_file())
        t0 = time.perf_counter()
        res = run_draft(settings, exemplars=NoExemplars("bench"))
        secs = time.perf_counter() - t0
        drafts = settings.outputs_dir(yd.year) / "drafts"
        total = target = marked = binder = 0
        rows = []
        for sec in spec.sections():
            md = (drafts / f"{sec.id}.md").read_text(encoding="utf-8")
            n = body_chars(md)
            total, target = total + n, target + sec.target_chars
            rows.append((sec.id, n, sec.target_chars))
            marked += len(UNVERIFIED_RE.findall(NOTE_RE.sub("", md)))
            prov = json.loads((drafts / f"{sec.id}.json").read_text(encoding="utf-8"))
            binder += sum(1 for w in prov["warnings"] if "不符" in w)
        print(f"\noffline drafting, sample project ({len(rows)} sections, {res.count('drafted')} drafted in {secs:.1f} s): "
              f"body text {total} characters against the spec's {target} = {total / target:.3f} "
              f"(without last year's report: {before} = {before / target:.3f})")
        print(f"  figures marked 【待核实】: {marked}; raw figures bound to no data value (the binder checks every "
              f"number outside placeholders and marks): {binder}")
        short = sorted(rows, key=lambda r: r[1] / r[2])[:5]
        print("  shortest against target: " + ", ".join(f"{sid} {n}/{t}" for sid, n, t in short))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-office", action="store_true", help="skip the LibreOffice checks")
    ap.add_argument("--render", type=Path, help="render the first pages of the output to PNG here")
    ap.add_argument("--keep", type=Path, help="keep the inputs and the output in this folder")
    ap.add_argument("--show", type=int, default=15, help="list at most N missed / outside changes")
    ap.add_argument("--no-draft", action="store_true", help="skip the offline-drafting measurement")
    args = ap.parse_args()
    if not SEED.exists():
        print(f"skip: seed report not found at {SEED}")
        return 0
    from draftkit.check.document import load_document
    from draftkit.data import load_year_data
    from draftkit.readers import read_document
    from draftkit.rollforward import roll_document
    from draftkit.rollforward.source import house_docx

    rng = random.Random(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="bench-rf-"))
    work = args.keep or tmp
    work.mkdir(parents=True, exist_ok=True)
    nxt_path = work / "2024.yaml"
    nxt_path.write_text(next_year_data(DATA, rng), encoding="utf-8")
    last = work / "quality-report-2023.docx"
    last.write_bytes(split_runs(house_docx(read_document(SEED).blocks), rng))
    seed, nxt = load_year_data(DATA), load_year_data(nxt_path)
    pages = _pages(last) if not args.no_office else None
    print(f"last year's report: {last.name} ({len(read_document(last).blocks)} blocks"
          + (f", {pages} pages" if pages else "") + f"); this year's data: {sum(1 for m in nxt.metrics.values() if m.value is not None)} metrics")

    import docx

    times, plain = [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        document, changes, warnings = roll_document(last, nxt)
        buf = io.BytesIO()
        document.save(buf)
        times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()  # python-docx's own load and text of the same file, same run
        _ = [p.text for p in docx.Document(str(last)).paragraphs]
        plain.append(time.perf_counter() - t0)
    rolled = buf.getvalue()
    out = work / "rollforward.docx"
    out.write_bytes(rolled)

    doc = load_document(last)
    oracle, ambiguous = targets(doc, seed, nxt)
    derived = derived_targets(doc, seed, nxt, oracle)
    s = score(doc, changes, {**oracle, **derived}, nxt)
    n = len(oracle) + len(derived)
    figures = [c for c in changes if c.kind != "year"]
    unresolved = [c for c in figures if c.status == "unresolved"]
    no_comment = [c for c in unresolved if not c.written]
    print(f"\nfigures in the report: {len(figures)}; updated {sum(c.status == 'updated' for c in figures)}, "
          f"kept (still true) {sum(c.status == 'kept' for c in figures)}, unresolved {len(unresolved)}")
    print(f"targets (oracle): {len(oracle)} named figures + {len(derived)} shares/per-capita "
          f"({ambiguous} figures left out: two metrics fit)")
    print(f"  updated to next year's value: {s['right']}/{n} = {s['right'] / n:.3f}")
    print(f"  wrong changes: {len(s['wrong'])}")
    for w in s["wrong"][: args.show]:
        print(f"    WRONG {w[0]} -> {w[1]} (want {w[2]}, {w[3]}) {w[4]}")
    print(f"  changes outside the oracle (checked: old figure = the metric's previous): {len(s['outside'])}")
    for c in s["outside"][: args.show]:
        print(f"    {c.kind:8} {c.before} -> {c.after} [{c.metric}] {c.evidence[:40]} | {c.context[:36]}")
    for m in s["missed"][: args.show]:
        print(f"    missed {m[0]} (want {m[1]}, {m[2]}): {m[3][:50]} | {m[4]}")
    print(f"unresolved figures without a Word comment: {len(no_comment)} (comments in the .docx: "
          f"{zipfile.ZipFile(io.BytesIO(rolled)).read('word/comments.xml').count(b'<w:comment ')})")
    before, after = all_text(house_docx(read_document(SEED).blocks)), all_text(accepted_docx(rolled))
    lb, la = year_left("", before), year_left("", after)
    moved = [c for c in changes if c.kind == "year"]
    print(f"years: {len(moved)} expressions moved; 2022-2023学年 {lb['2022-2023学年']} before → "
          f"{la['2022-2023学年']} left; 2023届 {lb['2023届']} → {la['2023届']} left")
    print(f"time: roll forward in process (read, plan, write, save) median of {args.runs}: "
          f"{statistics.median(times):.2f} s (min {min(times):.2f}); python-docx load + text of the same file "
          f"{statistics.median(plain):.2f} s (ratio {statistics.median(times) / statistics.median(plain):.1f})")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from draftkit.cli import main; main()", "rollforward", str(last),
                    "--data", str(nxt_path), "--out", str(tmp / "cli.docx"), "--format", "json"],
                   capture_output=True, check=False, cwd=tmp)
    print(f"time: `draftkit rollforward` CLI wall time (start-up included): {time.perf_counter() - t0:.2f} s")
    if warnings:
        print("warnings:", *warnings, sep="\n  ")
    if not args.no_office:
        office_checks(out, rolled, changes, nxt_path, tmp, args.render)
    if not args.no_draft:
        offline_draft_bench()
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


def _pages(path: Path) -> int | None:
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(path)],
                       capture_output=True, timeout=600, check=False)
        pdf = Path(tmp) / (path.stem + ".pdf")
        if not pdf.exists():
            return None
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False).stdout
        m = re.search(r"Pages:\s*(\d+)", info)
        return int(m.group(1)) if m else None


if __name__ == "__main__":
    raise SystemExit(main())
