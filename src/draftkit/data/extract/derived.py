"""Derived rows of the fill-in workbook: a share or a per-capita figure whose inputs are rows too
becomes a formula row, where the report's own figures reproduce it after rounding."""

from __future__ import annotations

import re

from ...units import compatible, convert, is_count_unit, unit_group
from .rows import _fits, ExtractRow, _Fig
from ..catalog import load_catalog

__all__ = ["derive"]


def derive(figs: list[_Fig], rows: list[ExtractRow]) -> None:
    """Shares and per-capita figures whose inputs are rows become formula rows, where the
    report's own figures reproduce them: inputs from the same sentence, else the same paragraph,
    else the whole of a catalog formula whose numerator is the figure before the share."""
    for f in figs:
        row = f.row
        if row is None or row.formula or f.kind not in ("share", "per_capita") or row.occurrences[0].figure != f.m.fig.text:
            continue
        same_p = [g for g in figs if g.m.passage is f.m.passage and g is not f and g.row is not None and g.kind == "level"]
        before = [g for g in same_p if g.m.fig.start < f.m.fig.start and g.m.sentence == f.m.sentence]
        if f.kind == "share":
            found = _share_inputs(f, before, [g.row for g in before]) or \
                _share_inputs(f, before[-1:], [g.row for g in same_p]) or _catalog_whole(f, before[-1:], rows)
        else:
            found = _per_capita_inputs(f, before, figs)
        if found is None:
            continue
        num, whole, unit = found
        row.formula = f"{num.id} / {whole.id}"
        row.unit = unit
        row.remarks.append(f"派生指标：{num.name} ÷ {whole.name}，由公式计算，不必填写数值")
        _catalog_share(row, num, whole, rows)


def _ratio(num: ExtractRow, whole: ExtractRow) -> float | None:
    nu, wu = num.canon_unit, whole.canon_unit
    try:
        if not compatible(nu, wu) and not (is_count_unit(nu) and is_count_unit(wu)):
            return None
        n = convert(num.previous, nu, wu) if compatible(nu, wu) else num.previous
    except Exception:  # noqa: BLE001 - units that do not convert give no formula
        return None
    return n / whole.previous if whole.previous else None


def _share_inputs(f: _Fig, nums: list[_Fig], wholes: list[ExtractRow]):  # noqa: ANN202
    """(numerator row, whole row, unit): the numerator nearest the share among ``nums`` and the
    one whole among ``wholes`` whose ratio rounds to the share as written."""
    fig = f.m.fig
    for k in range(len(nums) - 1, -1, -1):
        num = nums[k].row
        uniq = {w.id: w for w in wholes if w is not num and not w.formula}
        ok = [w for w in uniq.values()
              if w.previous > num.previous and (r := _ratio(num, w)) is not None and _fits(r * 100, fig.value, fig.decimals)]
        if len(ok) == 1:
            return num, ok[0], "%"
        if ok:
            return None
    return None


def _catalog_whole(f: _Fig, nums: list[_Fig], rows: list[ExtractRow]):  # noqa: ANN202
    """"双师素质教师 694人，占比 87.19%": the catalog defines the share of teachers_dual over
    teachers_fulltime; taken when that row is in the report and the figures reproduce the share."""
    if not nums or not nums[0].row.catalog:
        return None
    num = nums[0].row
    by_id = {r.id: r for r in rows}
    for e in load_catalog().values():
        parts = re.fullmatch(r"\s*([a-z0-9_]+)\s*/\s*([a-z0-9_]+)\s*", e.formula or "")
        if e.unit == "%" and parts and parts.group(1) == num.id and parts.group(2) in by_id:
            whole = by_id[parts.group(2)]
            r = _ratio(num, whole)
            if r is not None and _fits(r * 100, f.m.fig.value, f.m.fig.decimals):
                return num, whole, "%"
    return None


def _per_capita_inputs(f: _Fig, before: list[_Fig], figs: list[_Fig]):  # noqa: ANN202
    """(total row, students row, unit) for 生均 figures: the total written before it in the sentence
    and a row of 在校生 in the report whose quotient rounds to the figure."""
    fig = f.m.fig
    students = [g.row for g in figs if g.row is not None and g.kind == "level" and unit_group(g.row.canon_unit)[0] == "person"
                and ("在校生" in g.row.name or g.row.id == "students_total")]
    seen = {r.id: r for r in students}
    for g in reversed(before):
        total = g.row
        try:
            scale = convert(1.0, total.canon_unit, fig.unit)
        except Exception:  # noqa: BLE001
            continue
        ok = [s for s in seen.values() if s.previous and _fits(total.previous * scale / s.previous, fig.value, fig.decimals)]
        if len(ok) == 1:
            per = fig.unit if fig.unit in ("万元", "元", "平方米", "册") else None
            if per is None:
                return None
            return total, ok[0], f"{per}/生"
    return None


def _catalog_share(row: ExtractRow, num: ExtractRow, whole: ExtractRow, rows: list[ExtractRow]) -> None:
    """A verified share whose formula is a catalog metric's takes the catalog id (once)."""
    used = {r.id for r in rows}
    for e in load_catalog().values():
        if e.formula and re.sub(r"\s+", "", e.formula) == f"{num.id}/{whole.id}" and e.id not in used:
            row.id, row.name, row.catalog, row.chapter = e.id, e.name, True, e.chapter
            return
