"""``python tests/fakeserver`` (used by bench/ and by hand) can play a rate-limited endpoint."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SERVER = Path(__file__).resolve().parents[1] / "fakeserver"


def _post(url: str) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(url + "/chat/completions", data=json.dumps({"messages": []}).encode(),
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers)
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers)


@pytest.mark.parametrize("argv, code, retry_after", [
    (["--status", "429", "--retry-after", "7"], 429, "7"),
    (["--status", "503"], 503, None),
    ([], 200, None),
])
def test_status_option(argv: list[str], code: int, retry_after: str | None) -> None:
    proc = subprocess.Popen([sys.executable, str(SERVER), *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        url = (proc.stdout.readline() if proc.stdout else "").strip()
        assert url.startswith("http://127.0.0.1:"), proc.stderr.read() if proc.stderr else ""
        status, headers = _post(url)
        assert status == code
        assert headers.get("Retry-After") == retry_after
    finally:
        proc.kill()
        proc.wait(timeout=10)
