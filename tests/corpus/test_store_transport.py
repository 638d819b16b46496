"""A Chroma server that is down, refuses, resets or closes a connection mid-response is one and the
same one-line Chinese message — never an httpx traceback (the server stopped ~2 s into
`draftkit search` gave RemoteProtocolError in 2 of 10 tries)."""

from __future__ import annotations

import os
import socket
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from draftkit.config import load_settings
from draftkit.corpus.embedders import make_embedder
from draftkit.corpus.store import ChromaStore, open_store, server_down
from draftkit.errors import CorpusError


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _BadServer:
    """A real socket server on 127.0.0.1 that misbehaves: closes at once, resets, or sends half a response."""

    def __init__(self, mode: str):
        self.mode = mode
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            conn.recv(65536)
            if self.mode == "reset":
                conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif self.mode == "half":
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ids\"")
            conn.close()


class _Collection:
    """Stands in for chromadb's collection: every call is a real HTTP request to the server."""

    def __init__(self, url: str):
        self.url = url

    def __getattr__(self, name: str):  # noqa: ANN204
        def call(*_a, **_k):  # noqa: ANN002, ANN003, ANN202
            return httpx.post(self.url, json={}, timeout=5).json()

        return call


class _Client:
    def __init__(self, url: str):
        self.url = url

    def get_or_create_collection(self, *_a, **_k) -> _Collection:  # noqa: ANN002, ANN003
        return _Collection(self.url)


@pytest.mark.parametrize("mode", ["close", "reset", "half", "refused"])
def test_every_transport_error_is_the_server_down_message(tmp_path, mode):
    if mode == "refused":
        url = f"http://127.0.0.1:{_free_port()}/"
    else:
        url = f"http://127.0.0.1:{_BadServer(mode).port}/"
    settings = load_settings(tmp_path, embedder="hash")
    store = ChromaStore(_Client(url), "c", make_embedder(settings), "127.0.0.1:8000", remote=True)
    for call in (store.count, store.all, lambda: store.query([0.1] * 8, 3, total=5), lambda: store.file_hash("k")):
        with pytest.raises(CorpusError) as info:
            call()
        assert str(info.value) == str(server_down("127.0.0.1:8000"))
        assert "\n" not in info.value.message and "httpx" not in str(info.value)


def test_a_server_that_is_not_there_says_the_same(tmp_path):
    settings = load_settings(tmp_path, embedder="hash", chroma_host="127.0.0.1", chroma_port=_free_port())
    with pytest.raises(CorpusError) as info:
        open_store(settings)
    assert info.value.message == "连接不上 Chroma 服务" and info.value.location.startswith("127.0.0.1:")


def test_the_embedded_store_does_not_hide_its_errors(tmp_path):
    settings = load_settings(tmp_path, embedder="hash")
    store = ChromaStore(_Client(f"http://127.0.0.1:{_free_port()}/"), "c", make_embedder(settings), "path")
    with pytest.raises(httpx.ConnectError):
        store.count()


@pytest.mark.slow
def test_search_while_the_chroma_server_stops(tmp_path, project):
    """The issue's scenario with a real `chroma run`: the server is killed during a stream of searches;
    every failure is the one-line message."""
    from draftkit.corpus import Retriever, ingest

    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.skip("chroma CLI not installed next to the interpreter")
    port = _free_port()
    proc = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "srv"), "--host", "127.0.0.1", "--port",
                             str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, ANONYMIZED_TELEMETRY="False"))
    try:
        settings = load_settings(project, embedder="hash", chroma_host="127.0.0.1", chroma_port=port)
        deadline = time.time() + 60
        while True:
            try:
                open_store(settings)
                break
            except CorpusError:
                if time.time() > deadline or proc.poll() is not None:
                    pytest.fail("chroma server did not start")
                time.sleep(0.3)
        ingest(settings)
        retriever = Retriever.from_settings(settings)
        threading.Timer(1.0, proc.kill).start()
        failures: set[str] = set()
        t0 = time.time()
        while time.time() - t0 < 3:
            retriever.refresh()  # every search reads the store again (count + all + query)
            try:
                retriever.search("农民大学生 送教下乡", k=3)
            except CorpusError as exc:
                failures.add(str(exc))
        assert failures == {str(server_down(f"127.0.0.1:{port}"))}
    finally:
        proc.kill()
        proc.wait(timeout=20)
