"""Benchmark: reading a ~100-page .docx costs about what parsing it costs.

    .venv/bin/python bench/bench_docx_read.py [--runs 7] [--styles 400] [--keep out.docx]

Builds a .docx from the seed report (../shared/seed, rejoined into paragraphs, headings and
tables; every paragraph split into 1–12 runs with random bold/italic/size, as hand-edited Word
files are) on a template holding several hundred extra paragraph and character styles, then
prints, from the same run, the median time of

- baseline: python-docx ``Document(path)`` + the text of every paragraph and table cell;
- ``draftkit.readers.read_document(path)``;
- ``draftkit.check.check_file(path)`` (no data) and ``check_file(path, data)`` (bench/seed_data);

and the ratios to the baseline (target: check ≤ 3× baseline). Skips cleanly without the seed.
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
SEED = next((p / "shared" / "seed" / "quality-report-2023.txt" for p in (ROOT.parent, ROOT.parent.parent)
             if (p / "shared" / "seed" / "quality-report-2023.txt").is_file()),
            ROOT.parent / "shared" / "seed" / "quality-report-2023.txt")  # a worktree sits one level deeper
DATA = ROOT / "bench" / "seed_data" / "2023.yaml"


def build_docx(out: Path, styles: int, seed: int = 7) -> dict:
    """The seed report as a .docx with random runs and ``styles`` extra styles; returns counts."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    from draftkit.readers import rejoin_lines

    rng = random.Random(seed)
    blocks = rejoin_lines(SEED.read_text(encoding="utf-8"))
    document = docx.Document()
    for i in range(styles):  # a school template: many custom styles, most unused
        kind = WD_STYLE_TYPE.PARAGRAPH if i % 3 else WD_STYLE_TYPE.CHARACTER
        st = document.styles.add_style(f"学校样式{i:03d}", kind)
        st.font.size = Pt(9 + i % 8)
    custom = [s for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH and s.name.startswith("学校样式")]
    paragraphs = tables = 0
    for b in blocks:
        if b.kind == "table" and b.rows:
            width = max(len(r) for r in b.rows)
            table = document.add_table(rows=len(b.rows), cols=width)
            for r, row in enumerate(b.rows):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            tables += 1
            continue
        if b.kind == "heading" and b.level:
            para = document.add_paragraph(style=f"Heading {min(b.level, 4)}")
        else:
            para = document.add_paragraph(style=rng.choice(custom) if rng.random() < 0.3 else None)
        text = b.text
        cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(0, 11)))) if len(text) > 1 else []
        for a, z in zip([0] + cuts, cuts + [len(text)]):
            run = para.add_run(text[a:z])
            run.bold = rng.random() < 0.2
            run.italic = rng.random() < 0.1
            if rng.random() < 0.3:
                run.font.size = Pt(rng.choice((10.5, 12, 14)))
        paragraphs += 1
    document.save(str(out))
    return {"paragraphs": paragraphs, "tables": tables, "chars": sum(len(b.text) for b in blocks),
            "styles": len(document.styles)}


def baseline(path: Path) -> int:
    """python-docx's plain way: open the package, read every paragraph's and cell's text."""
    import docx

    d = docx.Document(str(path))
    n = sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            n += sum(len(c.text) for c in row.cells)
    return n


def median_time(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--styles", type=int, default=400)
    ap.add_argument("--keep", type=Path, help="also save the generated .docx here")
    args = ap.parse_args()
    if not SEED.is_file():
        print(f"seed report not found ({SEED}); skipped")
        return 0
    from draftkit.check import check_file
    from draftkit.data import load_year_data
    from draftkit.readers import read_document

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report-100p.docx"
        info = build_docx(path, args.styles)
        info["bytes"] = path.stat().st_size
        if args.keep:
            args.keep.write_bytes(path.read_bytes())
        data = load_year_data(DATA) if DATA.is_file() else None
        for fn in (baseline, read_document, check_file):  # warm imports and caches once
            fn(path)
        base = median_time(lambda: baseline(path), args.runs)
        read = median_time(lambda: read_document(path), args.runs)
        check = median_time(lambda: check_file(path), args.runs)
        check_data = median_time(lambda: check_file(path, data), args.runs) if data else None
    print(f"document: {info['paragraphs']} paragraphs, {info['tables']} tables, {info['chars']} characters, "
          f"{info['styles']} styles, {info['bytes']} bytes")
    print(f"median of {args.runs} runs (same run):")
    print(f"  baseline python-docx Document() + all texts   {base * 1000:8.1f} ms   1.00×")
    print(f"  readers.read_document                         {read * 1000:8.1f} ms   {read / base:.2f}×")
    print(f"  check.check_file (no data)                    {check * 1000:8.1f} ms   {check / base:.2f}×")
    if check_data is not None:
        print(f"  check.check_file (with data)                  {check_data * 1000:8.1f} ms   {check_data / base:.2f}×")
    print("target: check_file ≤ 3× baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
