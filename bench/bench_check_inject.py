"""Error injection for bench_check.py: pick figures of the seed, rewrite one in a copy, remember where.

Kinds: digit swap (two adjacent different digits), ±1 on the last digit written, ±10 %
(recomputed, same decimals) and, for shares, the share recomputed from the wrong base.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

__all__ = ["Target", "Injection", "locate", "variants", "inject"]


@dataclass
class Target:
    """A figure of the clean seed that an injected error should be flagged at."""

    block: int                 # block index in the checker's document (paragraph / table block)
    figure: str                # as written
    raw_start: int             # offset in the raw seed text
    row: int | None = None
    col: int | None = None
    wrong_bases: tuple[float, ...] = ()   # for shares: part / wrong_base
    part: float | None = None
    group: str = ""            # data | derived
    oracle: tuple | None = None  # derived figures: how to recompute them from the written inputs


@dataclass
class Injection:
    target: Target
    kind: str
    new_figure: str


_NUM = re.compile(r"\d+(?:\.\d+)?")


def locate(raw: str, line: int | None, figure: str, before: str) -> int | None:
    """Offset of ``figure`` in the raw text near ``line`` whose preceding characters match ``before``."""
    if line is None:
        return None
    lines = raw.split("\n")
    start = sum(len(x) + 1 for x in lines[: max(line - 1, 0)])
    window = raw[start : start + 6000]
    want = re.sub(r"\s+", "", before)[-4:]
    pos = 0
    while True:
        i = window.find(figure, pos)
        if i < 0:
            return None
        left = re.sub(r"\s+", "", window[max(0, i - 40) : i])
        right = window[i + len(figure) : i + len(figure) + 1]
        if (not want or left.endswith(want)) and not right.isdigit() and not (i > 0 and window[i - 1].isdigit()):
            return start + i
        pos = i + 1


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def variants(t: Target, rng: random.Random) -> list[Injection]:
    """Every applicable kind of error for one figure."""
    m = _NUM.search(t.figure)
    if not m:
        return []
    num = m.group(0)
    dec = len(num.split(".")[1]) if "." in num else 0
    value = float(num)
    out: list[Injection] = []

    def make(kind: str, new_num: str) -> None:
        if new_num != num and float(new_num) >= 0:
            out.append(Injection(t, kind, t.figure[: m.start()] + new_num + t.figure[m.end() :]))

    digits = [i for i, c in enumerate(num) if c.isdigit()]
    pairs = [(a, b) for a, b in zip(digits, digits[1:]) if b == a + 1 and num[a] != num[b]]
    if pairs:
        a, b = rng.choice(pairs)
        swapped = num[:a] + num[b] + num[a] + num[b + 1 :]
        if not swapped.startswith("0") or swapped.startswith("0."):
            make("digit-swap", swapped)
    step = 10 ** (-dec)
    make("plus-minus-1", _fmt(value + (step if rng.random() < 0.5 or value < 2 * step else -step), dec))
    factor = 1.1 if rng.random() < 0.5 else 0.9
    make("ten-percent", _fmt(value * factor, dec))
    if t.wrong_bases and t.part is not None:
        base = rng.choice(t.wrong_bases)
        make("wrong-base", _fmt(t.part / base * 100, dec))
    return out


def inject(raw: str, inj: Injection) -> str:
    """The raw text with one figure replaced."""
    s = inj.target.raw_start
    assert raw[s : s + len(inj.target.figure)] == inj.target.figure
    return raw[:s] + inj.new_figure + raw[s + len(inj.target.figure) :]
