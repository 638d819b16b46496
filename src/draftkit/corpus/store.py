"""The vector store: Chroma, embedded (PersistentClient under .draftkit/chroma) or a server.

We always pass our own vectors (and our own embedding function), so Chroma never loads its
default ONNX model, which it would try to download. Telemetry is off. One collection per
embedder (``<collection>-<embedder key>``) so switching embedders never mixes vector spaces.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

from ..errors import CorpusError
from .chunking import Chunk

__all__ = ["ChromaStore", "open_store", "collection_name", "server_down"]

T = TypeVar("T")


def _chroma_settings():  # type: ignore[no-untyped-def]
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=True)


class _EmbeddingFunction:
    """Adapter so a collection's own embedding function is ours, never Chroma's default model."""

    def __init__(self, embedder: Any):
        self._embedder = embedder

    def __call__(self, input: Sequence[str]) -> list[list[float]]:  # noqa: A002 - chroma's name
        return self._embedder.embed_documents(list(input))

    def embed_query(self, input: Sequence[str]) -> list[list[float]]:  # noqa: A002
        return [self._embedder.embed_query(t) for t in input]

    @staticmethod
    def name() -> str:
        return "draftkit"

    def is_legacy(self) -> bool:
        return True

    def default_space(self) -> str:
        return "cosine"

    def supported_spaces(self) -> list[str]:
        return ["cosine", "l2", "ip"]

    def get_config(self) -> dict:
        return {}


def collection_name(base: str, embedder_key: str) -> str:
    """A valid Chroma collection name for (base name, embedder)."""
    raw = f"{base}-{embedder_key}"
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", raw).strip("-._")[:200]
    return name if len(name) >= 3 else f"{name}-dk"


def server_down(where: str) -> CorpusError:
    """The one message for a Chroma server that cannot be used: down, refusing, resetting or closing
    the connection mid-response are all the same thing to the user."""
    return CorpusError("连接不上 Chroma 服务", location=where,
                       hint="先启动服务（chroma run --path DIR --port 8000），或去掉 DRAFTKIT_CHROMA_HOST 使用本地库。")


def _transport_error(exc: BaseException) -> bool:
    """A network failure talking to a server (httpx's transport errors, refused/reset sockets, timeouts)."""
    try:
        import httpx
    except ImportError:  # pragma: no cover - chromadb depends on it
        return isinstance(exc, OSError)
    return isinstance(exc, (httpx.TransportError, OSError))


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Store calls against a server: any transport error becomes :func:`server_down` (it was an httpx
    traceback when the server stopped in the middle of a search)."""

    @functools.wraps(method)
    def call(self: "ChromaStore", *args: Any, **kwargs: Any) -> T:
        try:
            return method(self, *args, **kwargs)
        except CorpusError:
            raise
        except Exception as exc:
            if self.remote and _transport_error(exc):
                raise server_down(self.where) from None
            raise

    return call


class ChromaStore:
    """Chunks with vectors and scalar metadata in one Chroma collection."""

    def __init__(self, client: Any, name: str, embedder: Any, where: str, *, remote: bool = False):
        self.client = client
        self.name = name
        self.embedder = embedder
        self.where = where  # "path" or "host:port", for messages
        self.remote = remote  # a Chroma server (transport errors are possible)
        self._ef = _EmbeddingFunction(embedder)
        self.collection = self._open()

    def _open(self) -> Any:
        try:
            return self.client.get_or_create_collection(
                self.name, embedding_function=self._ef, configuration={"hnsw": {"space": "cosine"}},
                metadata={"embedder": self.embedder.key},
            )
        except Exception as exc:  # noqa: BLE001
            if self.remote and _transport_error(exc):
                raise server_down(self.where) from None
            raise CorpusError(f"无法打开向量库集合 {self.name}：{exc}", location=self.where,
                              hint="检查 Chroma 服务是否可用；必要时用 draftkit ingest --rebuild 重建。") from exc

    @_guarded
    def reset(self) -> None:
        """Drop and recreate the collection (``ingest --rebuild``)."""
        try:
            self.client.delete_collection(self.name)
        except Exception:  # noqa: BLE001 - absent collection
            pass
        self.collection = self._open()

    @_guarded
    def count(self) -> int:
        """Number of chunks stored."""
        return int(self.collection.count())

    @_guarded
    def upsert(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[float]], extra: dict | None = None) -> None:
        """Add or replace chunks (by id) with their vectors; ``extra`` metadata goes on every chunk."""
        for i in range(0, len(chunks), 500):
            part = chunks[i : i + 500]
            self.collection.upsert(
                ids=[c.id for c in part],
                embeddings=[list(map(float, v)) for v in vectors[i : i + 500]],
                documents=[c.text for c in part],
                metadatas=[_clean_meta({**c.metadata, **(extra or {})}) for c in part],
            )

    @_guarded
    def delete_where(self, where: dict) -> None:
        """Delete every chunk matching a Chroma ``where`` filter."""
        self.collection.delete(where=where)

    @_guarded
    def file_hash(self, doc_key: str) -> str | None:
        """The content hash stored with a document's chunks (None if the document is not indexed)."""
        got = self.collection.get(where={"doc_key": doc_key}, include=["metadatas"], limit=1)
        metas = got.get("metadatas") or []
        return str(metas[0].get("file_sha")) if metas else None

    def doc_keys(self) -> set[str]:
        """All indexed documents."""
        return {str(m.get("doc_key")) for m in self.all()[2]}

    @_guarded
    def all(self) -> tuple[list[str], list[str], list[dict]]:
        """(ids, documents, metadatas) of every chunk, for the BM25 index."""
        ids: list[str] = []
        docs: list[str] = []
        metas: list[dict] = []
        offset, page = 0, 2000
        while True:
            got = self.collection.get(include=["documents", "metadatas"], limit=page, offset=offset)
            batch = got.get("ids") or []
            ids += batch
            docs += got.get("documents") or []
            metas += got.get("metadatas") or []
            if len(batch) < page:
                return ids, docs, metas
            offset += page

    @_guarded
    def query(self, vector: Sequence[float], n: int, where: dict | None = None, *, total: int | None = None,
              with_docs: bool = True) -> list[tuple[str, float, str, dict]]:
        """Nearest chunks: (id, cosine distance, document, metadata), best first.

        ``total`` (the chunk count, when the caller knows it) saves a round trip; without
        ``with_docs`` the document and metadata come back empty (the retriever has them already).
        """
        total = self.count() if total is None else total
        if total == 0:
            return []
        res = self.collection.query(
            query_embeddings=[list(map(float, vector))], n_results=min(n, total), where=where or None,
            include=["documents", "metadatas", "distances"] if with_docs else ["distances"],
        )
        ids = (res.get("ids") or [[]])[0]
        dists = (res.get("distances") or [[]])[0]
        docs = (res.get("documents") or [[]])[0] or [""] * len(ids)
        metas = (res.get("metadatas") or [[]])[0] or [{}] * len(ids)
        return list(zip(ids, dists, docs, metas))


def _clean_meta(meta: dict) -> dict:
    """Chroma metadata values must be str/int/float/bool and not None."""
    out = {}
    for k, v in meta.items():
        if v is None:
            continue
        out[k] = v if isinstance(v, (str, int, float, bool)) else str(v)
    return out


def open_store(settings: Any, embedder: Any | None = None) -> ChromaStore:
    """The store for ``settings``: a Chroma server if ``chroma_host`` is set, else embedded."""
    import chromadb

    if embedder is None:
        from .embedders import make_embedder

        embedder = make_embedder(settings)
    name = collection_name(settings.collection, embedder.key)
    if settings.chroma_host:
        where = f"{settings.chroma_host}:{settings.chroma_port}"
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=_chroma_settings())
            client.heartbeat()
        except Exception:  # noqa: BLE001 - refused, unknown host, not a Chroma server …
            raise server_down(where) from None
        return ChromaStore(client, name, embedder, where, remote=True)
    path = Path(settings.state_dir) / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    where = str(path)
    try:
        client = chromadb.PersistentClient(path=str(path), settings=_chroma_settings())
    except Exception as exc:  # noqa: BLE001
        raise CorpusError(f"无法打开本地向量库：{exc}", location=where,
                          hint="删除该目录后用 draftkit ingest --rebuild 重建。") from exc
    return ChromaStore(client, name, embedder, where)
