"""Ingest into an embedded Chroma (tmp project), hybrid search with filters, re-ingest, CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from draftkit.corpus import Retriever, ingest, open_store, rrf_fuse
from draftkit.corpus.embedders import make_embedder


def test_ingest_then_search_with_filters(settings, project: Path) -> None:
    stats = ingest(settings)
    assert stats.documents == 3 and stats.cases == 3 and stats.chunks > 5 and stats.embedded == stats.chunks
    assert (project / ".draftkit" / "chroma").is_dir()
    r = Retriever.from_settings(settings)
    hits = r.search("送教下乡 农民大学生", k=3, kind="case")
    assert hits and hits[0].title == "送教下乡培养农民大学生"
    assert hits[0].section_path[-1].startswith("典型案例 2-1") and hits[0].source == "2022-report.txt"
    assert all(h.kind == "case" for h in hits)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    tables = r.search("专业大类 专业数", k=3, kind="table")
    assert tables and tables[0].title.startswith("表1-1")
    chap = r.search("学校", k=10, chapter="三、国际合作")
    assert chap and all(h.metadata["chapter"] == "国际合作" for h in chap)
    by_year = r.search("订单班", k=10, year=2021)
    assert by_year and all(h.metadata["year"] == 2021 for h in by_year)
    excl = r.search("送教下乡 农民大学生", k=10, exclude_source="2022-report.txt")
    assert excl and all(h.source != "2022-report.txt" for h in excl)
    assert r.search("国际合作", k=5, school="别的学院") == []


def test_dedup_one_hit_per_passage(settings, project: Path) -> None:
    long = "。".join(f"第{i}条：学校开展智能手机课堂，志愿者教老年人使用健康码和网上挂号" for i in range(60)) + "。"
    (project / "corpus" / "cases" / "long.md").write_text(f"---\ntitle: 长案例\nchapter: 服务贡献\n---\n\n# 长案例\n\n{long}\n", encoding="utf-8")
    ingest(settings)
    r = Retriever.from_settings(settings)
    raw = r.search("智能手机课堂 老年人", k=5, dedup=False)
    assert len({h.metadata["parent"] for h in raw}) < len(raw)  # without de-dup one passage floods the top
    hits = r.search("智能手机课堂 老年人", k=5)
    parents = [h.metadata["parent"] for h in hits]
    assert len(parents) == len(set(parents))


def test_reingest_unchanged_changed_removed(settings, project: Path) -> None:
    first = ingest(settings)
    again = ingest(settings)
    assert again.unchanged == 3 and again.embedded == 0 and again.chunks == 0
    store = open_store(settings, make_embedder(settings))
    total = store.count()
    case = project / "corpus" / "cases" / "dingdan.txt"
    case.write_text(case.read_text(encoding="utf-8") + "\n四、经验\n\n校企双方建立了订单班质量年度评估制度。\n", encoding="utf-8")
    changed = ingest(settings)
    assert changed.unchanged == 2 and 0 < changed.embedded < first.embedded
    (project / "corpus" / "cases" / "shequ.md").unlink()
    removed = ingest(settings)
    assert removed.removed == 1
    assert store.count() < total + changed.chunks
    assert all(h.source != "shequ.md" for h in Retriever.from_settings(settings).search("智能手机课堂", k=10))
    rebuilt = ingest(settings, rebuild=True)
    assert rebuilt.unchanged == 0 and rebuilt.embedded == 0  # vectors come from the cache


def test_bad_file_is_reported_not_fatal(settings, project: Path) -> None:
    (project / "corpus" / "broken.docx").write_text("不是 docx", encoding="utf-8")
    stats = ingest(settings)
    assert stats.failed == 1 and "broken.docx" in stats.errors[0] and stats.cases == 3


def test_langchain_retriever(settings) -> None:
    ingest(settings)
    lc = Retriever.from_settings(settings).as_langchain_retriever(k=2, kind="case")
    docs = lc.invoke("订单班 校企合作")
    assert 1 <= len(docs) <= 2 and docs[0].metadata["kind"] == "case"
    assert docs[0].metadata["title"] == "校企共办订单班 实现招生即招工" and docs[0].page_content


def test_rrf_prefers_agreement() -> None:
    s = rrf_fuse([["a", "b", "c"], ["b", "a", "d"]], [1.0, 1.0], k=60)
    assert s["a"] == s["b"] > s["c"] > 0 and s["c"] == s["d"]
    s2 = rrf_fuse([["a", "b"], ["b", "a"]], [1.0, 2.0], k=60)
    assert s2["b"] > s2["a"]


def test_cli_ingest_and_search_json(project: Path, monkeypatch) -> None:
    from draftkit.cli import app

    monkeypatch.setenv("DRAFTKIT_EMBEDDER", "hash")
    runner = CliRunner()
    res = runner.invoke(app, ["--project", str(project), "ingest"])
    assert res.exit_code == 0, res.output
    assert "典型案例" in res.output and "文本块" in res.output
    res = runner.invoke(app, ["--project", str(project), "search", "智能手机课堂", "--kind", "case", "-k", "2", "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["query"] == "智能手机课堂"
    top = data["hits"][0]
    assert set(top) == {"rank", "score", "kind", "title", "section_path", "source", "text"}
    assert top["title"] == "社区老年大学开设智能手机课堂" and top["kind"] == "case" and top["rank"] == 1
    res = runner.invoke(app, ["--project", str(project), "search", "智能手机课堂"])
    assert res.exit_code == 0 and "社区老年大学开设智能手机课堂" in res.output


def test_cli_ingest_exits_1_when_a_file_cannot_be_read(project: Path, monkeypatch) -> None:
    from draftkit.cli import app

    monkeypatch.setenv("DRAFTKIT_EMBEDDER", "hash")
    corpus = project / "corpus"
    (corpus / "broken.docx").write_text("这不是 Word 文件", encoding="utf-8")
    res = CliRunner().invoke(app, ["--project", str(project), "ingest"])
    assert res.exit_code == 1, res.output
    flat = "".join(res.output.split())
    assert "broken.docx" in flat and "无法读取" in flat
    assert "文本块" in res.output  # the readable files were still ingested


def test_chroma_default_model_is_never_used(settings, monkeypatch) -> None:
    from chromadb.utils.embedding_functions import onnx_mini_lm_l6_v2 as onnx

    def boom(*_a, **_k):  # pragma: no cover - failing is the point
        raise AssertionError("Chroma tried to use / download its default ONNX model")

    monkeypatch.setattr(onnx.ONNXMiniLM_L6_V2, "__call__", boom)
    monkeypatch.setattr(onnx.ONNXMiniLM_L6_V2, "_download_model_if_not_exists", boom)
    ingest(settings)
    assert Retriever.from_settings(settings).search("订单班", k=1)


def test_new_chunk_size_rechunks_unchanged_files(settings) -> None:
    ingest(settings)
    assert ingest(settings).unchanged == 3
    other = ingest(settings, chunk_size=120, overlap=10)
    assert other.unchanged == 0 and other.chunks > 0


def test_ingest_fills_the_bm25_token_cache(settings, monkeypatch) -> None:
    """A draft run's first search reads the passages' tokens; it does not run jieba over the corpus."""
    from draftkit.corpus import tokenize as tokmod

    ingest(settings)
    calls: list[str] = []
    real = tokmod.tokenize
    monkeypatch.setattr(tokmod, "tokenize", lambda text: calls.append(text) or real(text))
    r = Retriever.from_settings(settings)
    hits = r.search("送教下乡 农民大学生", k=3, kind="case")
    assert hits and hits[0].title == "送教下乡培养农民大学生"
    assert calls == []  # every passage was tokenized at ingest (the query goes through retrieval.tokenize)
    assert r.store.count() > 5


def test_token_cache_tokenizes_only_new_texts(tmp_path: Path, monkeypatch) -> None:
    from draftkit.corpus import tokenize as tokmod

    cache = tokmod.TokenCache(tmp_path / "tokens.sqlite")
    first = cache.tokenize_many(["产教融合 市域产教联合体", "一村多名大学生计划"])
    seen: list[str] = []
    real = tokmod.tokenize
    monkeypatch.setattr(tokmod, "tokenize", lambda text: seen.append(text) or real(text))
    again = tokmod.TokenCache(tmp_path / "tokens.sqlite").tokenize_many(
        ["一村多名大学生计划", "双师型教师", "产教融合 市域产教联合体"])
    assert seen == ["双师型教师"]
    assert again[0] == first[1] and again[2] == first[0] and "一村多名大学生计划" in first[1]


def test_dense_query_without_documents(settings) -> None:
    ingest(settings)
    store = open_store(settings, make_embedder(settings))
    vec = make_embedder(settings).embed_query("送教下乡")
    full = store.query(vec, 3)
    lean = store.query(vec, 3, total=store.count(), with_docs=False)
    assert [h[0] for h in lean] == [h[0] for h in full] and all(h[2] == "" and h[3] == {} for h in lean)
    assert full[0][2]


def test_office_lock_files_are_not_ingested(settings, project: Path) -> None:
    """Word leaves ~$name.docx beside a document that is open; it is no report and must not fail the ingest."""
    from draftkit.corpus.ingest import collect_files

    (project / "corpus" / "~$2022-report.docx").write_bytes(b"\x0bowner\x00" * 20)
    assert all(not f.name.startswith("~$") for f in collect_files([project / "corpus"]))
    stats = ingest(settings)
    assert stats.failed == 0 and stats.documents == 3
