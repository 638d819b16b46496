"""Token counting offline (seeded tiktoken cache) and exemplar trimming by rank."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from draftkit.draft.budget import Budget, count_tokens, estimate_cost, fit_exemplars, seed_tiktoken_cache


def test_tiktoken_loads_from_a_fresh_cache_without_network(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import socket
        def refuse(*a, **k):
            raise OSError("network disabled in this test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        import tiktoken
        from draftkit.draft.budget import seed_tiktoken_cache
        seed_tiktoken_cache()
        for name in ("cl100k_base", "o200k_base"):
            enc = tiktoken.get_encoding(name)
            assert enc.decode(enc.encode("全日制在校生数 = 17402人")) == "全日制在校生数 = 17402人"
        print("ok")
    """)
    cache = tmp_path / "tt-cache"
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
    assert len(list(cache.iterdir())) == 2  # one file per encoding, named by sha1 of the blob URL


def test_seeding_is_idempotent(tmp_path: Path) -> None:
    first = seed_tiktoken_cache(tmp_path)
    mtimes = {p.name: p.stat().st_mtime_ns for p in first.iterdir()}
    seed_tiktoken_cache(tmp_path)
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == mtimes


def test_count_tokens_depends_on_model_family() -> None:
    text = "学校坚持立德树人根本任务，深化产教融合。" * 20
    a, b = count_tokens(text, "gpt-4o-mini"), count_tokens(text, "deepseek-chat")
    assert a > 0 and b > 0 and a != b
    assert count_tokens("", "gpt-4o-mini") == 0


def test_fit_exemplars_keeps_by_rank_and_truncates_the_first_overflow() -> None:
    items = [("a", "甲" * 200), ("b", "乙" * 200), ("c", "丙" * 200), ("d", "丁" * 10)]
    size = count_tokens("甲" * 200, "gpt-4o-mini")
    kept, dropped = fit_exemplars(items, int(size * 1.6), lambda it: it[1], "gpt-4o-mini", min_tokens=20)
    assert [it[0] for it, _, _ in kept] == ["a", "b"]
    assert kept[0][1] == "甲" * 200 and kept[1][1].endswith("…") and len(kept[1][1]) < 200
    assert sum(n for _, _, n in kept) <= int(size * 1.6)
    assert [it[0] for it in dropped] == ["c", "d"]  # lower ranks never jump the queue


def test_budget_and_cost() -> None:
    assert Budget(context=1000, reserved_output=300, fixed=200).for_exemplars == 500
    assert Budget(context=100, reserved_output=300, fixed=200).for_exemplars == 0
    assert estimate_cost("gpt-4o-mini", 1_000_000, 0) > 0
    assert estimate_cost("my-local-llama", 10_000, 10_000) == 0.0


def test_configured_price_wins_over_the_table() -> None:
    assert estimate_cost("my-local-llama", 1_000_000, 1_000_000, price=(0.5, 1.5)) == 2.0
    assert estimate_cost("gpt-4o-mini", 1_000_000, 0, price=(1.0, 1.0)) == 1.0
    assert estimate_cost("deepseek/deepseek-chat", 1_000_000, 0) == estimate_cost("deepseek-chat", 1_000_000, 0) > 0
