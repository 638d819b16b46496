"""Hybrid retrieval: dense (Chroma) + BM25 over jieba tokens, fused.

Fusion is weighted reciprocal rank fusion (dense 2 : BM25 1, k=60) by default; a convex
combination of min-max normalised scores is available (``fusion="convex"``, weights are then
the mixing proportions). On the labelled seed set (bench/bench_corpus_tune.py, chunk size
240) weighted RRF reaches recall@5 0.975 for every k from 5 to 100 at dense weights 1.5–2,
above dense-only (0.963) and BM25-only (0.925); the convex combination reaches the same
only at dense proportions 0.7–0.8 and dips at 0.6, so RRF is the steadier choice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Sequence

from .sections import chapter_key
from .tokenize import TokenCache, tokenize

__all__ = ["Hit", "Retriever", "rrf_fuse", "convex_fuse"]

Mode = Literal["hybrid", "dense", "bm25"]


@dataclass
class Hit:
    """One search result (see docs/ARCHITECTURE.md)."""

    rank: int
    score: float
    kind: str
    title: str
    section_path: list[str]
    source: str
    text: str
    chunk_id: str
    metadata: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The JSON shape of ``draftkit search --format json``."""
        return {"rank": self.rank, "score": round(self.score, 6), "kind": self.kind, "title": self.title,
                "section_path": self.section_path, "source": self.source, "text": self.text}


def rrf_fuse(rankings: list[list[str]], weights: list[float], k: float = 60.0) -> dict[str, float]:
    """Reciprocal rank fusion: score(d) = Σ w_i / (k + rank_i(d)), rank starting at 1."""
    scores: dict[str, float] = {}
    for ranking, w in zip(rankings, weights):
        for r, cid in enumerate(ranking, start=1):
            scores[cid] = scores.get(cid, 0.0) + w / (k + r)
    return scores


def convex_fuse(scored: list[list[tuple[str, float]]], weights: list[float]) -> dict[str, float]:
    """Convex combination of min-max normalised scores (a chunk missing from a list scores 0 there)."""
    fused: dict[str, float] = {}
    for ranking, w in zip(scored, weights):
        if not ranking:
            continue
        vals = [v for _c, v in ranking]
        lo, hi = min(vals), max(vals)
        span = (hi - lo) or 1.0
        for cid, v in ranking:
            fused[cid] = fused.get(cid, 0.0) + w * (v - lo) / span
    return fused


def _filters(kind: str | None, chapter: str | None, school: str | None, year: int | None,
             exclude_source: str | None) -> list[tuple[str, str, Any]]:
    out: list[tuple[str, str, Any]] = []
    if kind:
        out.append(("kind", "eq", kind))
    if chapter:
        out.append(("chapter", "eq", chapter_key(chapter)))
    if school:
        out.append(("school", "eq", school))
    if year:
        out.append(("year", "eq", int(year)))
    if exclude_source:
        out.append(("source", "ne", exclude_source))
    return out


def _where(filters: list[tuple[str, str, Any]]) -> dict | None:
    clauses = [{f: ({"$ne": v} if op == "ne" else v)} for f, op, v in filters]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _passes(meta: dict, filters: list[tuple[str, str, Any]]) -> bool:
    for f, op, v in filters:
        if (meta.get(f) == v) != (op == "eq"):
            return False
    return True


class _BM25:
    """BM25 index over every chunk in the store (heading path + text)."""

    def __init__(self, ids: list[str], docs: list[str], metas: list[dict],
                 tokenize_many: Callable[[Sequence[str]], list[list[str]]] | None = None):
        from rank_bm25 import BM25Okapi

        self.ids, self.docs, self.metas = ids, docs, metas
        corpus = (tokenize_many or _tokenize_each)(bm25_texts(docs, metas))
        self.empty = not any(corpus)
        self.bm25 = BM25Okapi([c or ["\x00"] for c in corpus]) if corpus else None

    def scored(self, query: str, filters: list[tuple[str, str, Any]], n: int) -> list[tuple[str, float]]:
        """(chunk id, BM25 score), best first, only chunks passing the filters."""
        toks = tokenize(query)
        if self.bm25 is None or not toks or self.empty:
            return []
        scores = self.bm25.get_scores(toks)
        order = sorted(range(len(self.ids)), key=lambda i: -scores[i])
        out = [(self.ids[i], float(scores[i])) for i in order if scores[i] > 0 and _passes(self.metas[i], filters)]
        return out[:n]


def _tokenize_each(texts: Sequence[str]) -> list[list[str]]:
    return [tokenize(t) for t in texts]


def bm25_texts(docs: Sequence[str], metas: Sequence[dict]) -> list[str]:
    """What BM25 indexes for each chunk: its heading path, then its text."""
    return [_context(m) + "\n" + d for d, m in zip(docs, metas)]


def _context(meta: dict) -> str:
    try:
        return " / ".join(json.loads(meta.get("section_path", "[]")))
    except ValueError:
        return ""


class Retriever:
    """Dense + BM25 search with filters, RRF fusion and per-passage de-duplication."""

    def __init__(self, store: Any, embedder: Any, *, fusion: Literal["convex", "rrf"] = "rrf",
                 dense_weight: float = 2.0, bm25_weight: float = 1.0, rrf_k: float = 60.0, candidates: int = 50,
                 token_cache: TokenCache | None = None):
        self.store = store
        self.token_cache = token_cache
        self.embedder = embedder
        self.fusion = fusion
        self.rrf_k = rrf_k
        self.dense_weight = dense_weight
        self.bm25_weight = bm25_weight
        self.candidates = candidates
        self._bm25: _BM25 | None = None
        self._by_id: dict[str, tuple[str, dict]] = {}
        self._count = -1

    @classmethod
    def from_settings(cls, settings: Any, **kwargs: Any) -> "Retriever":
        """A retriever over the store and embedder configured in ``settings``."""
        from .embedders import make_embedder
        from .store import open_store

        embedder = make_embedder(settings)
        kwargs.setdefault("token_cache", TokenCache(settings.state_dir / "tokens.sqlite"))
        return cls(open_store(settings, embedder), embedder, **kwargs)

    def _index(self) -> _BM25:
        count = self.store.count()
        if self._bm25 is None or count != self._count:
            ids, docs, metas = self.store.all()
            self._bm25 = _BM25(ids, docs, metas, self.token_cache.tokenize_many if self.token_cache else None)
            self._by_id = {i: (d, m) for i, d, m in zip(ids, docs, metas)}
            self._count = count
        return self._bm25

    def refresh(self) -> None:
        """Forget the BM25 index (after an ingest in the same process)."""
        self._bm25 = None

    def dense_scored(self, query: str, filters: list, n: int, *, total: int | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first; ``total`` is the chunk count if the caller has it."""
        vec = self.embedder.embed_query(query)
        hits = self.store.query(vec, n, _where(filters), total=total, with_docs=False)
        return [(cid, 1.0 - float(d)) for cid, d, _doc, _m in hits]

    def search(self, query: str, k: int = 5, kind: str | None = None, chapter: str | None = None,
               school: str | None = None, year: int | None = None, exclude_source: str | None = None,
               mode: Mode = "hybrid", dedup: bool = True) -> list[Hit]:
        """The ``k`` best passages for ``query`` (``mode`` dense / bm25 for benchmarks)."""
        query = (query or "").strip()
        if not query or k <= 0:
            return []
        filters = _filters(kind, chapter, school, year, exclude_source)
        bm25 = self._index()
        n = max(self.candidates, k * 8)
        scored: list[list[tuple[str, float]]] = []
        weights: list[float] = []
        if mode in ("hybrid", "dense"):
            scored.append(self.dense_scored(query, filters, n, total=self._count))  # _index() just counted
            weights.append(self.dense_weight if mode == "hybrid" else 1.0)
        if mode in ("hybrid", "bm25"):
            scored.append(bm25.scored(query, filters, n))
            weights.append(self.bm25_weight if mode == "hybrid" else 1.0)
        if self.fusion == "rrf":
            fused = rrf_fuse([[c for c, _s in lst] for lst in scored], weights, self.rrf_k)
        else:
            fused = convex_fuse(scored, weights)
        ordered = sorted(fused, key=lambda c: -fused[c])
        return self._hits(ordered, fused, k, dedup)

    def _hits(self, ordered: list[str], scores: dict[str, float], k: int, dedup: bool) -> list[Hit]:
        hits: list[Hit] = []
        parents: set[str] = set()
        texts: set[str] = set()
        for cid in ordered:
            if cid not in self._by_id:
                continue
            text, meta = self._by_id[cid]
            parent = str(meta.get("parent", cid))
            norm = "".join(text.split())[:200]
            if dedup and (parent in parents or norm in texts):
                continue
            parents.add(parent)
            texts.add(norm)
            hits.append(Hit(
                rank=len(hits) + 1, score=float(scores[cid]), kind=str(meta.get("kind", "")),
                title=str(meta.get("title", "")), section_path=json.loads(meta.get("section_path", "[]")),
                source=str(meta.get("source", "")), text=text, chunk_id=cid, metadata=dict(meta),
            ))
            if len(hits) >= k:
                break
        return hits

    def as_langchain_retriever(self, k: int = 5, **filters: Any):  # type: ignore[no-untyped-def]
        """A LangChain ``BaseRetriever`` over this retriever (for the drafting stage)."""
        from .lc import DraftkitLangChainRetriever

        return DraftkitLangChainRetriever(retriever=self, k=k, filters=filters)
