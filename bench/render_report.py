"""Render a built report the way a quality office sees it, and assert its layout.

LibreOffice → PDF → PNG (pdftoppm), then contact sheets of 8 pages each under the output folder,
and the structural checks of ``draftkit.assemble.audit`` (WPS safety and layout) plus what only the
rendered pages show: the body's page numbers start at 1 on the first chapter, the cover has none,
no table leaves a single row alone on a page, no line of body text is letter-spaced by
justification, the TOC fits in two pages.

    .venv/bin/python bench/render_report.py [REPORT.docx] [--out DIR] [--dpi 50]

Default report: outputs/<newest year>/report.docx of the repo's sample project. Prints one line per
check and exits 1 when one fails.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def render(docx: Path, out: Path, dpi: int) -> tuple[Path, list[Path]]:
    from draftkit.assemble.pdf import convert_to_pdf

    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("page-*.png"):
        old.unlink()
    pdf = convert_to_pdf(docx, out)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out / "page")], check=True)
    return pdf, sorted(out.glob("page-*.png"))


def contact_sheets(pages: list[Path], out: Path, per_row: int = 4, rows: int = 2) -> list[Path]:
    from PIL import Image

    sheets = []
    ims = [Image.open(p) for p in pages]
    w, h = ims[0].size
    n = per_row * rows
    for k in range(0, len(ims), n):
        sheet = Image.new("RGB", (w * per_row, h * rows), "white")
        for i, im in enumerate(ims[k:k + n]):
            sheet.paste(im, ((i % per_row) * w, (i // per_row) * h))
        path = out / f"sheet-{k // n + 1}.png"
        sheet.save(path)
        sheets.append(path)
    return sheets


_ARABIC = re.compile(r"^\s*(?:第\s*)?[-—–]?\s*(\d{1,3})\s*[-—–]?\s*(?:页(?:\s*共\s*(\d+)\s*页)?)?\s*$")
_ROMAN = re.compile(r"^\s*[-—–]?\s*([IVXLC]+)\s*[-—–]?\s*$")


def _footer(page: str) -> tuple[str, int | None, int | None]:
    """(kind, number, total) read from the page's last non-empty line: ("arabic", 3, 32), ("roman", 2, None)
    or ("none", None, None)."""
    lines = [ln for ln in page.splitlines() if ln.strip()]
    last = lines[-1] if lines else ""
    m = _ARABIC.match(last)
    if m:
        return "arabic", int(m.group(1)), int(m.group(2)) if m.group(2) else None
    if _ROMAN.match(last):
        return "roman", None, None
    return "none", None, None


def page_checks(pdf: Path) -> list[tuple[str, bool, str]]:
    """Checks on the rendered pages' text (pdftotext -layout keeps one page per form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    feet = [_footer(p) for p in pages]
    body = [(i + 1, n, t) for i, (kind, n, t) in enumerate(feet) if kind == "arabic"]
    toc_end = _toc_start(pages) + _toc_span(pages)
    first_chapter = next((i + 1 for i, p in enumerate(pages) if i >= toc_end and re.search(r"^\s*一、\S", p, re.M)), None)
    totals = {t for _, _, t in body if t is not None}
    out = [
        ("cover has no page number", feet[0][0] == "none", ""),
        ("front matter numbered I, II …", all(k == "roman" for k, _, _ in feet[1:toc_end]) and toc_end > 1,
         f"pages 2–{toc_end}"),
        ("body numbered from 1 on the first chapter", bool(body) and body[0][0] == first_chapter and body[0][1] == 1
         and [n for _, n, _ in body] == list(range(1, len(body) + 1)),
         f"first numbered page {body[0][0] if body else None} (number {body[0][1] if body else '?'}), "
         f"first chapter on page {first_chapter}"),
        ("共 N 页 counts the body", totals <= {len(body)}, f"{len(body)} body pages" + ("" if totals else ", no 共 N 页")),
        ("TOC fits in 2 pages", 0 < _toc_span(pages) <= 2, f"{_toc_span(pages)} pages"),
    ]
    return out


def _toc_start(pages: list[str]) -> int:
    return next((i for i, p in enumerate(pages) if re.search(r"目\s*录", p[:600])), 0)


def _toc_span(pages: list[str]) -> int:
    start = _toc_start(pages)
    n = 0
    for p in pages[start:]:
        if not re.search(r"\.{6,}|…{3,}", p):
            break
        n += 1
    return n


def spread_checks(pdf: Path) -> list[tuple[str, bool, str]]:
    """No line of prose letter-spaced by justification (draftkit.assemble.typeset.spread_lines)."""
    from draftkit.assemble.pdf import pdf_page_layout

    _, spread = pdf_page_layout(pdf)
    prose = [s for s in spread if re.search(r"[，。；、]", s)]  # table rows have no sentence punctuation
    return [("no letter-spaced justified line", not prose, "; ".join(s[:24] for s in prose[:4]))]


def table_break_checks(docx: Path, pdf: Path) -> list[tuple[str, bool, str]]:
    """A table continued on a new page carries at least two body rows there (pypdf text per page)."""
    from draftkit.assemble.pdf import pdf_page_texts
    import docx as python_docx

    texts = ["".join(t.split()) for t in pdf_page_texts(pdf)]
    lonely = []
    for n, table in enumerate(python_docx.Document(str(docx)).tables, start=1):
        rows = ["".join("".join(c.text.split()) for c in r.cells) for r in table.rows]
        where = [next((i for i, t in enumerate(texts) if r and r in t), None) for r in rows]
        pages = [w for w in where if w is not None]
        if len(set(pages)) > 1:
            last = [w for w in where if w == pages[-1]]
            if len(last) < 2:
                lonely.append(f"表格{n} 最后一页只有 {len(last)} 行")
    return [("no table leaves one row alone on a page", not lonely, "; ".join(lonely))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", nargs="?", type=Path)
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "render")
    ap.add_argument("--dpi", type=int, default=50)
    args = ap.parse_args()
    report = args.report or max((REPO / "outputs").glob("*/report.docx"))
    from draftkit.assemble.audit import audit_docx

    pdf, pngs = render(report, args.out, args.dpi)
    sheets = contact_sheets(pngs, args.out)
    problems = audit_docx(report)
    results = [("docx XML: WPS safety and layout (audit)", not problems, "; ".join(map(str, problems[:6])))]
    results += page_checks(pdf) + spread_checks(pdf) + table_break_checks(report, pdf)
    print(f"{report}: {len(pngs)} pages → {args.out} ({len(sheets)} contact sheets)")
    for name, ok, detail in results:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}" + (f" — {detail}" if detail else ""))
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
