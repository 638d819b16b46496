"""Chinese tokens for BM25: jieba (search mode), loaded quietly once, stopwords and punctuation out.

jieba's full dictionary (349k words) takes ~2 s to load on a small machine, on every search.
We build a reduced copy once (words with frequency >= 5: 137k words, the rest are rare
names and phrases that the HMM still segments) in the temp folder and load that (~0.3 s)
into our own ``jieba.Tokenizer``, leaving the global jieba instance alone.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
import tempfile
import threading
from pathlib import Path
from typing import Sequence

from ..fsutil import atomic_write, sha256_text

__all__ = ["tokenize", "TokenCache", "STOPWORDS"]

#: Function words and report boilerplate that carry no topic.
STOPWORDS = frozenset(
    "的 了 和 与 及 以及 等 在 是 为 对 以 将 把 被 从 中 上 下 也 并 而 或 其 之 这 那 有 个 我 我们 "
    "着 就 都 又 还 向 于 由 所 该 各 每 一 不 更 很 已 已经 通过 进行 开展 加强 推进 实现 相关 方面 "
    "工作 情况 其中 同时 进一步 如何 哪些 什么 怎样 怎么 多少 哪个 吗 呢 啊 年 月 日".split()
)
_DOMAIN_WORDS = (
    "一村多名大学生计划", "一村多名", "农民大学生", "1+X", "1+X证书", "产教融合", "市域产教联合体", "产教联合体",
    "行业产教融合共同体", "双高计划", "双师型", "双师素质", "现代学徒制", "订单班", "典型案例", "课程思政",
    "技能大赛", "乡村振兴", "一站式学生社区", "诊改", "质量年报", "生师比", "专任教师", "在校生", "毕业去向落实率",
    "技能校园", "解剖一堂课", "职教活动周", "中文+职业技能", "特定技能", "非遗", "社会培训", "退役军人",
)
_lock = threading.Lock()
_tokenizer = None
_WORD = re.compile(r"[\w+]+", re.UNICODE)
_MIN_FREQ = 5


def _small_dictionary() -> Path:
    """jieba's dict.txt without its rarest words, written once to the temp folder."""
    import jieba

    src = Path(jieba.__file__).with_name("dict.txt")
    target = Path(tempfile.gettempdir()) / f"draftkit-jieba-{jieba.__version__}-f{_MIN_FREQ}.txt"
    if not target.is_file():
        keep = []
        for line in src.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= _MIN_FREQ:
                keep.append(line)
        atomic_write(target, "\n".join(keep) + "\n")
    return target


def _get():  # type: ignore[no-untyped-def]
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            import jieba

            jieba.setLogLevel(logging.WARNING)
            logging.getLogger("jieba").setLevel(logging.WARNING)
            try:
                tok = jieba.Tokenizer(str(_small_dictionary()))
                tok.initialize()
            except OSError:  # read-only temp folder: fall back to the full dictionary
                tok = jieba.Tokenizer()
                tok.initialize()
            for w in _DOMAIN_WORDS:
                tok.add_word(w, freq=20000)
            _tokenizer = tok
        return _tokenizer


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (long words and their parts), lower-cased, no stopwords/punctuation."""
    out: list[str] = []
    for tok in _get().cut_for_search(text):
        t = tok.strip().lower()
        if not t or t in STOPWORDS or not _WORD.fullmatch(t):
            continue
        if t.isdigit() and len(t) < 2:
            continue
        out.append(t)
    return out


def _tokenizer_key() -> str:
    """Changes whenever the tokens would: jieba version, dictionary cut, domain words, stopwords."""
    import jieba

    basis = json.dumps([jieba.__version__, _MIN_FREQ, _DOMAIN_WORDS, sorted(STOPWORDS)], ensure_ascii=False)
    return sha256_text(basis)[:16]


class TokenCache:
    """BM25 tokens of passages in SQLite, keyed by (tokenizer key, sha256(text)).

    Tokenizing the whole corpus with jieba took ~0.2 s of every draft run's first retrieval;
    ingest fills this cache so a draft run only reads it.
    """

    def __init__(self, path: Path):
        self.path = path
        self.key = _tokenizer_key()
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(path, timeout=30) as db:
            db.execute("CREATE TABLE IF NOT EXISTS tokens (tok TEXT, hash TEXT, toks TEXT, PRIMARY KEY (tok, hash))")

    def tokenize_many(self, texts: Sequence[str]) -> list[list[str]]:
        """Tokens of each text; only texts never seen before are tokenized (and stored)."""
        hashes = [sha256_text(t) for t in texts]
        found: dict[str, list[str]] = {}
        with sqlite3.connect(self.path, timeout=30) as db:
            uniq = list(dict.fromkeys(hashes))
            for i in range(0, len(uniq), 500):
                part = uniq[i : i + 500]
                q = f"SELECT hash, toks FROM tokens WHERE tok=? AND hash IN ({','.join('?' * len(part))})"
                found.update((h, t.split("\n") if t else []) for h, t in db.execute(q, [self.key, *part]))
        new = {h: tokenize(t) for h, t in zip(hashes, texts) if h not in found}
        if new:
            with self._lock, sqlite3.connect(self.path, timeout=30) as db:
                db.executemany("INSERT OR REPLACE INTO tokens VALUES (?, ?, ?)",
                               [(self.key, h, "\n".join(toks)) for h, toks in new.items()])
            found.update(new)
        return [found[h] for h in hashes]
