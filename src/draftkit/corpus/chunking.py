"""Section tree and cases → chunks with metadata, split on sections first, then by size.

Size splitting uses LangChain's RecursiveCharacterTextSplitter with Chinese separators
(blank line, line, 。！？, ；, ，) so a chunk ends at a sentence where it can, with a small overlap.
Each chunk keeps: school, year, source, chapter, section_path, kind (section/case/table),
title, heading, start/end (character offsets in its section or case text) and ``parent``
(the section or case it came from, for de-duplication at search time).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ..fsutil import sha256_text
from ..readers import Block
from .sections import ParsedDocument, chapter_key

__all__ = ["Chunk", "make_chunks", "DEFAULT_CHUNK_SIZE", "DEFAULT_OVERLAP", "SEPARATORS"]

DEFAULT_CHUNK_SIZE = 240  # chars; 360 → 240 raised dense recall@5 on the seed set 0.938 → 0.963
DEFAULT_OVERLAP = 30
SEPARATORS = ["\n\n", "\n", "。", "！", "？", "；", "，", ""]


@dataclass
class Chunk:
    """One retrievable passage. ``embed_text`` = heading path + text (what gets embedded)."""

    id: str
    text: str
    embed_text: str
    metadata: dict = field(default_factory=dict)

    @property
    def section_path(self) -> list[str]:
        """Headings from the chapter down."""
        return json.loads(self.metadata.get("section_path", "[]"))


def _splitter(size: int, overlap: int) -> RecursiveCharacterTextSplitter:
    return RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=overlap, separators=SEPARATORS, keep_separator="end",
        add_start_index=True, strip_whitespace=True,
    )


def _body_and_tables(blocks: list[Block]) -> tuple[str, list[tuple[str, Block]], list[str]]:
    """Prose text, tables (with caption/source text) and figure captions of a block run."""
    prose: list[str] = []
    tables: list[tuple[str, Block]] = []
    captions: list[str] = []
    pending_caption: Block | None = None
    for i, b in enumerate(blocks):
        if b.kind == "caption":
            if b.tag and b.tag.startswith("表"):
                pending_caption = b
            else:
                captions.append(b.text)
        elif b.kind == "table":
            head = pending_caption.text if pending_caption else ""
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            src = nxt.text if nxt is not None and nxt.kind == "source" else ""
            tables.append(("\n".join(x for x in (head, b.text, src) if x), b))
            pending_caption = None
        elif b.kind == "source":
            continue
        else:
            if pending_caption is not None:  # a 表 caption whose table was not recognised
                prose.append(pending_caption.text)
                pending_caption = None
            prose.append(b.text)
    if pending_caption is not None:
        prose.append(pending_caption.text)
    return "\n\n".join(prose), tables, captions


def make_chunks(
    parsed: ParsedDocument,
    *,
    source: str,
    school: str = "",
    year: int | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    overlap: int = DEFAULT_OVERLAP,
) -> list[Chunk]:
    """All chunks of one parsed document (sections, cases and tables)."""
    splitter = _splitter(chunk_size, overlap)
    base = {"source": source, "school": school or ""}
    if year:
        base["year"] = int(year)
    out: list[Chunk] = []
    for sec in parsed.sections:
        out += _node_chunks(splitter, base, sec.path, sec.title, "section", f"s{sec.id}", sec.blocks,
                            title=_plain(sec.title), chapter_title=sec.chapter)
    for case in parsed.cases:
        heading = case.heading
        path = case.path + [heading] if not parsed.is_case_document else case.path + [case.title]
        out += _node_chunks(splitter, base, path, heading, "case", f"c{case.id}", case.blocks,
                            title=case.title, chapter_title=case.chapter, case_id=case.case_id)
    return out


def _plain(title: str) -> str:
    from .sections import strip_numbering

    return strip_numbering(title) or title


def _node_chunks(
    splitter: RecursiveCharacterTextSplitter,
    base: dict,
    path: list[str],
    heading: str,
    kind: str,
    node: str,
    blocks: list[Block],
    *,
    title: str,
    chapter_title: str,
    case_id: str = "",
) -> list[Chunk]:
    body, tables, captions = _body_and_tables(blocks)
    meta = dict(base)
    meta.update(
        chapter=chapter_key(chapter_title) if chapter_title else "",
        chapter_title=chapter_title or "",
        section_path=json.dumps(path, ensure_ascii=False),
        heading=heading,
        title=title,
        parent=f"{base['source']}#{node}",
    )
    if case_id:
        meta["case_id"] = case_id
    if captions:
        meta["captions"] = "；".join(captions)[:500]
    context = " / ".join(path)
    chunks: list[Chunk] = []
    if body.strip():
        for doc in splitter.create_documents([body]):
            start = int(doc.metadata.get("start_index", 0))
            chunks.append(_chunk(kind, doc.page_content, context, meta, start))
    for n, (text, block) in enumerate(tables):
        tmeta = dict(meta, parent=f"{meta['parent']}t{n}", table_line=block.line or 0)
        first = text.split("\n", 1)[0]
        tmeta["title"] = first if first.startswith("表") else title
        for doc in splitter.create_documents([text]):
            chunks.append(_chunk("table", doc.page_content, context, tmeta, int(doc.metadata.get("start_index", 0))))
    return chunks


def _chunk(kind: str, text: str, context: str, meta: dict, start: int) -> Chunk:
    m = dict(meta, kind=kind, start=start, end=start + len(text))
    cid = sha256_text("\x1f".join([m["source"], m["parent"], kind, str(start), text]))[:32]
    return Chunk(id=cid, text=text, embed_text=f"{context}\n{text}" if context else text, metadata=m)
