"""Run the local OpenAI-compatible server in its own process (for benchmarks).

    python tests/fakeserver --delay 0.5      # prints its base URL on the first line, serves until killed
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakeserver import OpenAIServer, Reply  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description="local OpenAI-compatible chat server")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    args = ap.parse_args()
    with OpenAIServer(Reply(delay=args.delay)) as srv:
        print(srv.base_url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
