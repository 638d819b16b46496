"""A report's text as a Word file the way people leave them: paragraphs split into runs at random.

    python bench/seed_docx.py IN.txt OUT.docx [--seed N]

Headings get Word heading styles, tables become Word tables, every other block one paragraph
whose text is cut into 1–6 runs at random places (some bold), as editing in Word leaves it.
Used by the checker and roll-forward benchmarks to test .docx input built from the seed text.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def split_runs(paragraph, text: str, rng: random.Random) -> None:  # noqa: ANN001 - python-docx Paragraph
    """Add ``text`` to ``paragraph`` as 1–6 runs cut at random offsets (inside numbers too)."""
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(0, 5)))) if len(text) > 1 else []
    prev = 0
    for c in [*cuts, len(text)]:
        run = paragraph.add_run(text[prev:c])
        run.bold = rng.random() < 0.1 or None
        prev = c


def blocks_to_docx(blocks, out: Path, rng: random.Random) -> Path:  # noqa: ANN001 - readers Blocks
    """Write reader blocks as a .docx (headings styled, tables as tables, prose in random runs)."""
    import docx

    d = docx.Document()
    for b in blocks:
        if b.kind == "table" and b.rows:
            width = max(len(r) for r in b.rows)
            t = d.add_table(rows=len(b.rows), cols=width)
            for i, row in enumerate(b.rows):
                for j, cell in enumerate(row):
                    split_runs(t.cell(i, j).paragraphs[0], cell, rng)
            continue
        if b.kind == "heading" and b.level:
            p = d.add_paragraph(style=f"Heading {min(b.level, 4)}")
        else:
            p = d.add_paragraph()
        split_runs(p, b.text, rng)
    d.save(out)
    return out


def text_to_docx(src: Path, out: Path, seed: int = 7) -> Path:
    """Read a report (.txt/.md/.pdf) with draftkit's readers and write it as a split-run .docx."""
    from draftkit.readers import read_document

    return blocks_to_docx(read_document(src).blocks, out, random.Random(seed))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    print(text_to_docx(args.src, args.out, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
