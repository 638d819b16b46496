"""Ingest: files → blocks → sections + cases → chunks → (cached) vectors → Chroma.

An unchanged file (same sha256 as stored with its chunks) is skipped without parsing; a
changed file's old chunks are replaced; files removed from an ingested folder are removed
from the store. Vectors come from the content-hash cache, so even ``--rebuild`` re-embeds
nothing that was embedded before.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ..errors import CorpusError, DocumentError
from ..fsutil import sha256_file
from ..readers import SUPPORTED_SUFFIXES, read_document
from .chunking import DEFAULT_CHUNK_SIZE, DEFAULT_OVERLAP, Chunk, make_chunks
from .sections import ParsedDocument, parse_document

__all__ = ["IngestStats", "ingest", "collect_files", "chunk_file", "document_info"]

Progress = Callable[[int, int, str], None]

#: Bump when parsing or chunking changes, so unchanged files are re-chunked once.
PIPELINE_VERSION = "2"


@dataclass
class IngestStats:
    """What an ingest did."""

    documents: int = 0  # files seen
    sections: int = 0  # in files (re)parsed this run
    cases: int = 0
    chunks: int = 0
    embedded: int = 0  # texts sent to the embedding model (cache misses)
    seconds: float = 0.0
    unchanged: int = 0  # files skipped because their content did not change
    removed: int = 0  # files no longer present, removed from the store
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # unreadable files: "path: message"


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Supported files under ``paths`` (folders recursed; _x, .x, ~$x Office lock files and README skipped)."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise CorpusError("路径不存在", location=str(p), hint="检查 draftkit ingest 的参数。")
        if p.is_file():
            out.append(p)
            continue
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p).parts
            if (f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES and not any(x.startswith(("_", ".", "~$")) for x in rel)
                    and not f.stem.lower().startswith("readme")):
                out.append(f)
    return list(dict.fromkeys(out))


_SCHOOL = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:职业技术学院|职业学院|高等专科学校|技师学院|职业技术大学|职业大学))")


def document_info(parsed: ParsedDocument, path: Path) -> tuple[str, int | None]:
    """(school, year) of a document: front matter, then file name / title, then the text."""
    meta = parsed.meta
    year = meta.get("year")
    if not year:
        m = re.search(r"(?<!\d)(20\d\d)(?!\d)", path.stem) or re.search(r"(20\d\d)\s*年度", parsed.title or "")
        year = int(m.group(1)) if m else None
    school = str(meta.get("school") or "")
    if not school:
        text = (parsed.title or "") + "\n" + "\n".join(
            b.text for s in parsed.sections[:40] for b in s.blocks[:3]) + "\n".join(c.text[:300] for c in parsed.cases[:5])
        names = Counter(_SCHOOL.findall(text))
        school = names.most_common(1)[0][0] if names else ""
    try:
        year = int(str(year)[:4]) if year else None
    except ValueError:
        year = None
    return school, year


def chunk_file(path: Path, *, chunk_size: int = DEFAULT_CHUNK_SIZE, overlap: int = DEFAULT_OVERLAP,
               source: str | None = None) -> tuple[ParsedDocument, list[Chunk]]:
    """Read, parse and chunk one file."""
    parsed = parse_document(read_document(path))
    school, year = document_info(parsed, path)
    chunks = make_chunks(parsed, source=source or path.name, school=school, year=year,
                         chunk_size=chunk_size, overlap=overlap)
    return parsed, chunks


def _doc_key(path: Path, root: Path) -> str:
    p = path.resolve()
    try:
        return p.relative_to(root.resolve()).as_posix()
    except ValueError:
        return p.as_posix()


def ingest(settings: Any, paths: Iterable[str | os.PathLike[str]] | None = None, rebuild: bool = False,
           progress: Progress | None = None, *, store: Any = None, embedder: Any = None,
           chunk_size: int = DEFAULT_CHUNK_SIZE, overlap: int = DEFAULT_OVERLAP) -> IngestStats:
    """Index ``paths`` (default: the project's corpus/) into the configured store."""
    from .embedders import make_embedder
    from .store import open_store

    t0 = time.perf_counter()
    roots = [Path(p) for p in (paths or [settings.corpus_dir])]
    files = collect_files(roots)
    embedder = embedder or (store.embedder if store is not None else make_embedder(settings))
    store = store or open_store(settings, embedder)
    if rebuild:
        store.reset()
    stats = IngestStats(documents=len(files))
    root = Path(settings.project)
    todo: list[tuple[Path, str, str]] = []
    for f in files:
        key = _doc_key(f, root)
        sha = f"{sha256_file(f)}:{chunk_size}:{overlap}:{PIPELINE_VERSION}"
        if not rebuild and store.file_hash(key) == sha:
            stats.unchanged += 1
        else:
            todo.append((f, key, sha))
    stats.removed = _remove_missing(store, roots, files, root)
    prepared: list[tuple[str, str, list[Chunk]]] = []
    for f, key, sha in todo:
        if progress:
            progress(0, 1, f"解析 {f.name}")
        try:
            parsed, chunks = chunk_file(f, chunk_size=chunk_size, overlap=overlap)
        except DocumentError as exc:
            stats.failed += 1
            stats.errors.append(str(exc))
            continue
        stats.sections += len(parsed.sections)
        stats.cases += len(parsed.cases)
        stats.chunks += len(chunks)
        prepared.append((key, sha, chunks))
    all_chunks = [c for _k, _s, cs in prepared for c in cs]
    _fill_school(all_chunks)
    before = getattr(embedder, "embedded", 0)
    if all_chunks:
        cb = (lambda done, total: progress(done, total, "向量化")) if progress else None
        texts = [c.embed_text for c in all_chunks]
        vectors = embedder.embed_documents(texts, progress=cb) if hasattr(embedder, "inner") else embedder.embed_documents(texts)
        i = 0
        for key, sha, chunks in prepared:
            store.delete_where({"doc_key": key})
            store.upsert(chunks, vectors[i : i + len(chunks)], extra={"doc_key": key, "file_sha": sha})
            i += len(chunks)
        _warm_tokens(settings, store)
    stats.embedded = getattr(embedder, "embedded", 0) - before if hasattr(embedder, "embedded") else len(all_chunks)
    stats.seconds = time.perf_counter() - t0
    return stats


def _warm_tokens(settings: Any, store: Any) -> None:
    """Tokenize the new passages for BM25 now, so the first search of a draft run only reads them."""
    from .retrieval import bm25_texts
    from .tokenize import TokenCache

    _ids, docs, metas = store.all()
    TokenCache(settings.state_dir / "tokens.sqlite").tokenize_many(bm25_texts(docs, metas))


def _fill_school(chunks: list[Chunk]) -> None:
    """Chunks of documents that never name their school get the school most documents name."""
    schools = Counter(c.metadata.get("school") for c in chunks if c.metadata.get("school"))
    if not schools:
        return
    main = schools.most_common(1)[0][0]
    for c in chunks:
        if not c.metadata.get("school"):
            c.metadata["school"] = main


def _remove_missing(store: Any, roots: list[Path], files: list[Path], root: Path) -> int:
    """Delete documents that were indexed from an ingested folder but no longer exist."""
    dirs = [_doc_key(r, root) for r in roots if r.is_dir()]
    if not dirs:
        return 0
    present = {_doc_key(f, root) for f in files}
    removed = 0
    for key in store.doc_keys():
        inside = any(key == d or key.startswith(d.rstrip("/") + "/") or d in (".", "") for d in dirs)
        if inside and key not in present:
            store.delete_where({"doc_key": key})
            removed += 1
    return removed

