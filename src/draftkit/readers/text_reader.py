"""Read Markdown and plain text into blocks (PDF-extracted .txt goes through rejoin)."""

from __future__ import annotations

import re

from .blocks import Block, classify_text, clean_line
from .rejoin import looks_pdf_extracted, rejoin_lines

__all__ = ["read_markdown", "read_plain_text", "split_front_matter"]

_FRONT = re.compile(r"\A\ufeff?---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)
#: The typed fields of a Markdown file's front matter (others are kept as written).
FRONT_FIELDS = {"title": "text", "chapter": "text", "school": "text", "year": "year", "kind": "text",
                "source": "text", "tags": "texts"}


def split_front_matter(text: str, where: str = "") -> tuple[dict, str]:
    """``(meta, body)``: YAML front matter between ``---`` lines (if any) and the rest, line count kept.

    Read through :func:`draftkit.yamlerr.front_matter` (no tags, bounded aliases and depth, typed
    fields); a broken or mistyped block is a DocumentError at ``where:line``. A block that is not a
    mapping (two ``---`` rules around prose) is no front matter."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    import yaml

    from ..errors import DocumentError
    from ..yamlerr import explain_yaml_error, front_matter

    try:
        meta = front_matter(m.group(1), FRONT_FIELDS)
    except yaml.YAMLError as exc:
        problem = explain_yaml_error(exc, m.group(1))
        line = (problem.line or 1) + 1  # + the opening --- line
        raise DocumentError(f"开头的 YAML 信息块有误：{problem.message}", location=f"{where}:{line}" if where else None,
                            hint=problem.hint) from None
    if meta is None:
        return {}, text
    return meta, "\n" * m.group(0).count("\n") + text[m.end():]


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")


def _line_block(text: str, line: int) -> Block:
    """Classify one logical line of a plain document."""
    return classify_text(text, line=line)


def _join(parts: list[str]) -> str:
    out = ""
    for p in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and p[:1].isascii() and p[:1].isalnum():
            out += " "
        out += p
    return out


def read_markdown(text: str) -> list[Block]:
    """Blocks of a Markdown file: ``#`` headings, paragraphs, pipe tables, list items."""
    blocks: list[Block] = []
    lines = text.splitlines()
    para: list[str] = []
    para_line = 0
    i = 0

    def flush() -> None:
        nonlocal para
        if para:
            blocks.append(_line_block(_join(para), para_line) if len(para) == 1 else Block("paragraph", _join(para), line=para_line))
            para = []

    while i < len(lines):
        raw = lines[i]
        s = raw.strip()
        if not s or s.startswith(("```", ":::", "<!--")) or s in ("---", "***"):
            flush()
            i += 1
            continue
        m = _MD_HEADING.match(s)
        if m:
            flush()
            title = m.group(2).replace("**", "").strip()
            block = _line_block(title, i + 1)
            if block.kind != "heading" or (block.level is None and block.tag is None):
                block = Block("heading", title, level=None, line=i + 1)
            if block.kind == "heading" and block.level is None and block.tag is None:
                block.level = len(m.group(1))
            blocks.append(block)
            i += 1
            continue
        if s.startswith("|") and i + 1 < len(lines) and _MD_TABLE_SEP.match(lines[i + 1]):
            flush()
            rows = [_cells(s)]
            start = i + 1
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_cells(lines[i].strip()))
                i += 1
            blocks.append(Block("table", "\n".join("\t".join(r) for r in rows), rows=rows, line=start))
            continue
        if _LIST_ITEM.match(raw) or s.startswith(">"):
            flush()
            item = _LIST_ITEM.sub("", raw).lstrip("> ").replace("**", "").strip()
            if item:
                blocks.append(Block("paragraph", item, line=i + 1))
            i += 1
            continue
        if not para:
            para_line = i + 1
        para.append(s.replace("**", ""))
        i += 1
    flush()
    for n, b in enumerate(blocks):
        b.index = n
    return blocks


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def read_plain_text(text: str) -> list[Block]:
    """Blocks of a .txt: PDF-like text is rejoined; otherwise one line (or blank-separated group) a block."""
    if looks_pdf_extracted(text):
        return rejoin_lines(text)
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        s = clean_line(lines[i])
        if not s:
            i += 1
            continue
        if "\t" in lines[i]:
            start = i
            rows = []
            while i < len(lines) and "\t" in lines[i]:
                rows.append([c.strip() for c in lines[i].strip("\n").split("\t")])
                i += 1
            if len(rows) >= 2:
                blocks.append(Block("table", "\n".join("\t".join(r) for r in rows), rows=rows, line=start + 1))
                continue
            i = start
        blocks.append(_line_block(s, i + 1))
        i += 1
    for n, b in enumerate(blocks):
        b.index = n
    return blocks
