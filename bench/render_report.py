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


_FOOTER = re.compile(r"第\s*(\d+)\s*页\s*共\s*(\d+)\s*页")
_SPREAD = re.compile(r"(?:[\u4e00-\u9fff] ){5,}[\u4e00-\u9fff]")  # 校 园 网 出 口 带


def page_checks(pdf: Path) -> list[tuple[str, bool, str]]:
    """Checks on the rendered pages' text (pdftotext -layout keeps one page per form feed)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    numbers = [(i + 1, _FOOTER.search(p)) for i, p in enumerate(pages)]
    body = [(i, int(m.group(1)), int(m.group(2))) for i, m in numbers if m]
    first_chapter = next((i + 1 for i, p in enumerate(pages) if re.search(r"^\s*一、\S", p, re.M)
                          and "目" not in p.replace(" ", "")[:20]), None)
    out = [
        ("cover has no page number", not _FOOTER.search(pages[0]) and not re.search(r"^\s*[IVX]+\s*$", pages[0], re.M), ""),
        ("body numbered from 1 on the first chapter", bool(body) and body[0][0] == first_chapter and body[0][1] == 1,
         f"first numbered page {body[0][0] if body else None} (第{body[0][1] if body else '?'}页), first chapter on page {first_chapter}"),
        ("共 N 页 counts the body", bool(body) and all(t == len(body) for _, _, t in body), f"{len(body)} body pages"),
    ]
    toc_pages = [i for i, p in enumerate(pages) if "目  录" in p or "目录" in p.replace(" ", "")[:40]]
    out.append(("TOC fits in 2 pages", 0 < len(toc_pages) and _toc_span(pages) <= 2, f"{_toc_span(pages)} pages"))
    spread = [(i + 1, m.group(0)) for i, p in enumerate(pages) for m in _SPREAD.finditer(p)]
    out.append(("no letter-spaced justified line", not spread, "; ".join(f"p{i}: {s[:20]}" for i, s in spread[:4])))
    return out


def _toc_span(pages: list[str]) -> int:
    start = next((i for i, p in enumerate(pages) if re.search(r"目\s*录", p[:400])), None)
    if start is None:
        return 0
    n = 0
    for p in pages[start:]:
        if not re.search(r"\.{6,}|…{3,}", p):
            break
        n += 1
    return n


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
    results += page_checks(pdf) + table_break_checks(report, pdf)
    print(f"{report}: {len(pngs)} pages → {args.out} ({len(sheets)} contact sheets)")
    for name, ok, detail in results:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}" + (f" — {detail}" if detail else ""))
    return 0 if all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
