"""One root cause, one finding: a figure that disagrees with the data is the error; the totals,
shares, growth rates and repeated mentions it breaks are named inside its finding, not reported
as wrong themselves.

Arithmetic findings (table-total, part-whole, per-capita, growth-rate, cross-mention) carry the
figures they were computed from (``Finding.inputs``). When one of those inputs has a data-mismatch
error, the arithmetic finding is that error's consequence: it is dropped and named in the input's
finding. A correction ("应为 …", ``expected``) is only offered from the data or from verified
figures: never on a figure that itself agrees with the data — there the finding stays (the
figures around it do not fit) but says the figure matches the data and points at its inputs; a
share that agrees with the data is a warning (which count the text meant as its whole was a guess
by nearness; the data's own formula agrees), and so is a per-capita value or growth rate that
agrees with the data while the figures beside it were not verified. When they all were, the data
contradicts itself (19.98 typed, 336716.41 ÷ 17402 = 19.35): that stays an error.
"""

from __future__ import annotations

from .model import Finding

__all__ = ["resolve"]

_NEAR = ("per-capita", "growth-rate")  # inputs found by nearness in the text, not by a table's structure
_ARITH = {"table-total": "合计", "part-whole": "占比", "per-capita": "生均值", "growth-rate": "增长率",
          "cross-mention": "另一处的同一数字"}


def resolve(findings: list[Finding], verified: set[int]) -> list[Finding]:
    """Fold consequences into their root-cause findings; strip corrections off verified figures."""
    wrong = {id(f.mention): f for f in findings
             if f.rule == "data-mismatch" and f.severity == "error" and f.mention is not None}
    consequences: dict[int, list[str]] = {}
    out: list[Finding] = []
    for f in findings:
        if f.rule not in _ARITH or f.mention is None:
            out.append(f)
            continue
        causes = [x for x in f.inputs if id(x) in wrong and x is not f.mention]
        if id(f.mention) in wrong:
            causes = [f.mention]
        if causes:
            ok = "（与数据一致，无需改动）" if id(f.mention) in verified else "（改正此数后请复核）"
            for c in causes:
                consequences.setdefault(id(c), []).append(f"{_ARITH[f.rule]} {f.figure}{ok}")
            continue
        if id(f.mention) in verified:
            f.expected = None
            f.message += (f"{f.figure} 本身与年度数据一致，请核对另一处。" if f.rule == "cross-mention"
                          else f"{f.figure} 本身与年度数据一致，请核对参与计算的其它数字。")
            guessed = f.rule == "part-whole" or f.rule in _NEAR and not all(id(x) in verified for x in f.inputs)
            if guessed:
                f.severity = "warning"  # the figure is right; the figures it was paired with were a guess
        elif f.expected is not None and not all(id(x) in verified for x in f.inputs):
            f.expected = None  # computed from figures nobody verified: which one is wrong is not known
        out.append(f)
    for f in out:
        names = consequences.get(id(f.mention)) if f.mention is not None else None
        if names:
            f.message += f"受此数影响而对不上的还有：{'、'.join(dict.fromkeys(names))}。"
    return out
