"""Run the local OpenAI-compatible server in its own process (for benchmarks and manual checks).

    python tests/fakeserver --delay 0.5                      # prints its base URL on the first line, serves until killed
    python tests/fakeserver --status 429 --retry-after 2     # every call is rate-limited (Retry-After: 2)
    python tests/fakeserver --status 503                     # every call fails with a server error
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fakeserver import OpenAIServer, Reply, Status  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description="local OpenAI-compatible chat server")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds before every answer")
    ap.add_argument("--status", type=int, default=None,
                    help="answer every call with this HTTP error status instead (e.g. 429, 500, 503)")
    ap.add_argument("--retry-after", type=float, default=None,
                    help="with --status: send this Retry-After header (seconds)")
    args = ap.parse_args()
    if args.retry_after is not None and args.status is None:
        ap.error("--retry-after needs --status")
    default = Status(args.status, retry_after=args.retry_after) if args.status else Reply(delay=args.delay)
    with OpenAIServer(default) as srv:
        print(srv.base_url, flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
