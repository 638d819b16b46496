"""The ``openai`` embedder through langchain-openai against a local OpenAI-compatible server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from draftkit.config import load_settings
from draftkit.corpus import Retriever, ingest
from draftkit.errors import CorpusError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ → import fakeserver
from fakeserver import OpenAIServer, Status  # noqa: E402


def _settings(project: Path, url: str):
    return load_settings(project, embedder="openai", embedding_base_url=url, embedding_model="local-embed",
                         openai_api_key="sk-test-local", chroma_host=None)


def test_ingest_and_search_through_an_embeddings_endpoint(project: Path) -> None:
    with OpenAIServer() as srv:
        settings = _settings(project, srv.base_url)
        stats = ingest(settings)
        assert stats.chunks > 5 and stats.embedded == stats.chunks
        sent = [r for r in srv.requests if r["path"].endswith("/embeddings")]
        assert sent and all(r["body"]["model"] == "local-embed" for r in sent)
        assert all({k.lower(): v for k, v in r["headers"].items()}["authorization"] == "Bearer sk-test-local" for r in sent)
        hits = Retriever.from_settings(settings).search("送教下乡 农民大学生", k=3, kind="case")
        assert hits and hits[0].title == "送教下乡培养农民大学生"
        before = srv.calls
        again = ingest(settings)  # unchanged corpus: nothing sent
        assert again.embedded == 0 and srv.calls == before


def test_a_failing_endpoint_is_a_clear_corpus_error(project: Path) -> None:
    with OpenAIServer(Status(401, message="invalid api key")) as srv:  # not retried (a 500 is, with backoff)
        settings = _settings(project, srv.base_url)
        with pytest.raises(CorpusError) as exc:
            ingest(settings)
    assert "向量接口调用失败" in exc.value.message and "DRAFTKIT_EMBEDDING_BASE_URL" in (exc.value.hint or "")
    assert "sk-test-local" not in str(exc.value)
