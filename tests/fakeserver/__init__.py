"""A local OpenAI-compatible chat server for tests and benchmarks (stdlib only, 127.0.0.1).

    with OpenAIServer() as srv:                 # default: answers every call
        srv.script(Reply("正文{{students_total}}"), Status(429, retry_after=1), Slow(5))
        settings = load_settings(project, llm_backend="openai", openai_base_url=srv.base_url,
                                 openai_api_key="sk-local-test")

Each request takes the next scripted action (or ``default``). The default reply cites every
metric of the prompt's fact sheet as a placeholder, so a draft binds completely. Streaming
requests (``"stream": true``) get Server-Sent Events with a final usage chunk when
``stream_options.include_usage`` is set. Every request is recorded in ``requests``.
"""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

__all__ = ["OpenAIServer", "Reply", "Status", "Slow", "fact_sheet_reply"]

_FACT_RE = re.compile(r"^\[([A-Za-z_][A-Za-z0-9_]*)\] ", re.M)


def fact_sheet_reply(body: dict[str, Any]) -> str:
    """A plausible section: one sentence per fact-sheet metric, figures as placeholders."""
    user = next((m["content"] for m in body.get("messages", []) if m.get("role") == "user"), "")
    ids = list(dict.fromkeys(_FACT_RE.findall(user)))
    if not ids:
        return "学校围绕年度重点任务扎实推进各项工作，取得了积极成效。\n"
    sentences = [f"学校相关指标达到{{{{{mid}}}}}。" for mid in ids]
    return "### 1.总体情况\n\n" + "".join(sentences) + "\n\n各项工作稳步推进。\n"


@dataclass
class Reply:
    """A 200 answer (``content`` may be a callable of the request body)."""

    content: str | Callable[[dict[str, Any]], str] = fact_sheet_reply
    delay: float = 0.0
    usage: tuple[int, int] | None = None  # (prompt, completion); default: rough counts


@dataclass
class Status:
    """An error status, e.g. 429 with Retry-After or 500."""

    code: int
    retry_after: float | None = None
    message: str = "error"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Slow:
    """Answer only after ``delay`` seconds (to exceed the client timeout)."""

    delay: float
    content: str = "迟到的回答"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # like real servers: no 40 ms Nagle + delayed-ACK stall per answer
    server: "_Server"

    def log_message(self, *args: Any) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # /v1/models, /stats
        owner = self.server.owner
        if self.path.rstrip("/").endswith("/stats"):
            self._json(200, {"calls": owner.calls, "max_active": owner.max_active,
                             "arrivals": [r["wall"] for r in owner.requests]})
            return
        self._json(200, {"object": "list", "data": [{"id": "local-model", "object": "model"}]})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        owner = self.server.owner
        action = owner._record_and_next(self.path, dict(self.headers), body)
        owner._enter()
        try:
            if isinstance(action, Status):
                self._status(action)
            elif isinstance(action, Slow):
                time.sleep(action.delay)
                self._answer(body, Reply(action.content))
            else:
                if action.delay:
                    time.sleep(action.delay)
                if self.path.rstrip("/").endswith("/embeddings"):
                    self._embeddings(body)
                else:
                    self._answer(body, action)
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            owner._leave()

    def _json(self, code: int, payload: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def _status(self, action: Status) -> None:
        headers = dict(action.headers)
        if action.retry_after is not None:
            headers["Retry-After"] = f"{action.retry_after:g}"
        kind = "rate_limit_exceeded" if action.code == 429 else "server_error"
        self._json(action.code, {"error": {"message": action.message, "type": kind, "code": kind}}, headers)

    def _embeddings(self, body: dict[str, Any]) -> None:
        """/v1/embeddings: deterministic vectors (draftkit's hash embedder), float or base64 as asked."""
        import base64

        import numpy as np

        from draftkit.corpus.embedders import HashEmbedder

        texts = body.get("input") or []
        texts = [texts] if isinstance(texts, str) else texts
        if not all(isinstance(t, str) for t in texts):
            self._json(400, {"error": {"message": "input must be strings", "type": "invalid_request_error"}})
            return
        vecs = HashEmbedder(dim=64).embed_documents(texts)
        b64 = body.get("encoding_format") == "base64"
        data = [{"object": "embedding", "index": i,
                 "embedding": base64.b64encode(np.asarray(v, dtype=np.float32).tobytes()).decode() if b64 else v}
                for i, v in enumerate(vecs)]
        tokens = sum(len(t) for t in texts)
        self._json(200, {"object": "list", "data": data, "model": body.get("model", "local-embed"),
                         "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})

    def _answer(self, body: dict[str, Any], reply: Reply) -> None:
        text = reply.content(body) if callable(reply.content) else reply.content
        prompt_chars = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
        pin, pout = reply.usage or (max(1, prompt_chars // 2), max(1, len(text) // 2))
        usage = {"prompt_tokens": pin, "completion_tokens": pout, "total_tokens": pin + pout}
        model = body.get("model", "local-model")
        if body.get("stream"):
            self._sse(text, model, usage if (body.get("stream_options") or {}).get("include_usage") else None)
            return
        self._json(200, {
            "id": "chatcmpl-local", "object": "chat.completion", "created": int(time.time()), "model": model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": usage,
        })

    def _sse(self, text: str, model: str, usage: dict[str, int] | None) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Connection", "close")
        self.end_headers()
        base = {"id": "chatcmpl-local", "object": "chat.completion.chunk", "created": int(time.time()), "model": model}
        pieces = [text[i:i + 8] for i in range(0, len(text), 8)] or [""]
        events = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}]}]
        events += [{**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]} for p in pieces]
        events.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
        if usage:
            events.append({**base, "choices": [], "usage": usage})
        for ev in events:
            self.wfile.write(f"data: {json.dumps(ev, ensure_ascii=False)}\n\n".encode("utf-8"))
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: "OpenAIServer"


class OpenAIServer:
    """Start with ``with OpenAIServer() as srv`` (or ``start()``/``stop()``)."""

    def __init__(self, default: Reply | Status | Slow | None = None):
        self.default = default or Reply()
        self._script: list[Any] = []
        self._lock = threading.Lock()
        self.requests: list[dict[str, Any]] = []
        self.active = 0
        self.max_active = 0
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def script(self, *actions: Reply | Status | Slow) -> "OpenAIServer":
        """Queue actions for the next requests, in order."""
        with self._lock:
            self._script.extend(actions)
        return self

    def _record_and_next(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> Any:
        with self._lock:
            self.requests.append({"path": path, "headers": headers, "body": body, "t": time.perf_counter(),
                                  "wall": time.time()})
            return self._script.pop(0) if self._script else self.default

    def _enter(self) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)

    def _leave(self) -> None:
        with self._lock:
            self.active -= 1

    @property
    def calls(self) -> int:
        return len(self.requests)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> "OpenAIServer":
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> "OpenAIServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
