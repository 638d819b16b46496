"""Turn a :class:`RawDoc` into a validated :class:`YearData`: catalog defaults, values,
formulas (references, cycles, units), previous values and tables."""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from ..errors import DataError, MissingMetricError, close_ids
from ..yamlerr import shorten
from ..units import UNITS, Quantity, default_precision, dims_of, normalize_unit, unit_info
from .catalog import CHAPTERS, CatalogEntry, catalog_entry, load_catalog
from .formula import BinOp, Node, Num, Ref, evaluate, parse_formula, references
from .model import MAX_ABS, Metric, Unfilled, YearData, sane
from .raw import RawDoc, RawMetric
from .tables import build_table

__all__ = ["build_year_data"]

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def build_year_data(doc: RawDoc) -> YearData:
    """Validate and resolve a document; the first hard problem raises DataError with its location."""
    school, year, period = _header(doc)
    yd = YearData(school=school, year=year, period=period, path=doc.path, published=_published(doc))
    formulas: dict[str, Node] = {}
    for rm in doc.metrics:
        if _unfilled(rm):
            cat = catalog_entry(rm.id)
            yd.unfilled.append(Unfilled(rm.id, str(rm.fields.get("name") or (cat.name if cat else rm.id)), rm.loc("value")))
            continue
        metric, node = _metric(rm)
        if metric.id in yd.metrics:  # duplicate ids across rows (Excel)
            raise DataError(f"指标 id“{metric.id}”重复（第一次在 {yd.metrics[metric.id].location}）",
                            location=rm.location, metric=metric.id, hint="每个 id 只能定义一次；删除或改名其中一个。")
        yd.metrics[metric.id] = metric
        if node is not None:
            formulas[metric.id] = node
    _skip_waiting(yd, formulas)
    before = set(yd.metrics)
    if doc.header.get("auto_derived", True) is not False:
        _add_catalog_derived(yd, formulas)
    auto = set(yd.metrics) - before
    _check_references(yd, formulas, doc)
    order = _topological(yd, formulas)
    for mid in order:
        metric = yd.metrics[mid]
        if metric.id in auto:
            try:
                _derive(yd, metric, formulas[mid])
            except DataError as exc:  # a catalog formula that does not fit this school's data
                del yd.metrics[mid]
                yd.problems.append(f"标准派生指标 {mid} 未计算：{exc.message}")
            continue
        _derive(yd, metric, formulas[mid])
    for rt in doc.tables:
        if not _ID.match(rt.id):
            raise DataError(f"表格 id“{rt.id}”不合规范", location=rt.location,
                            hint="表格 id 用小写英文字母、数字和下划线，例如 majors、funding_by_year。")
        if rt.id in yd.tables:
            raise DataError(f"表格 id“{rt.id}”重复", location=rt.location, hint="每个表格 id 只能定义一次。")
        table = build_table(rt, doc.path, doc.display)
        yd.tables[rt.id] = table
        yd.problems.extend(table.total_problems())
    return yd


def _unfilled(rm: RawMetric) -> bool:
    """A fill-in row (``data extract``): last year's value written, this year's not yet, no formula."""
    f = rm.fields
    cat = catalog_entry(rm.id)
    return (f.get("value") in (None, "") and f.get("formula") in (None, "") and f.get("previous") not in (None, "")
            and not (cat and cat.formula))


def _skip_waiting(yd: YearData, formulas: dict[str, Node]) -> None:
    """Formula rows that use an unfilled row wait for it: skipped and listed with it."""
    waiting = {u.id for u in yd.unfilled}
    changed = True
    while changed:
        changed = False
        for mid, node in list(formulas.items()):
            refs = tuple(r for r in references(node) if r in waiting)
            if refs:
                m = yd.metrics.pop(mid)
                del formulas[mid]
                yd.unfilled.append(Unfilled(mid, m.name, m.location, refs))
                waiting.add(mid)
                changed = True


def _header(doc: RawDoc) -> tuple[str, int, str]:
    h, locs = doc.header, doc.header_locs
    school = h.get("school")
    if not school:
        raise DataError("缺少 school（学校名称）", location=doc.location, hint="在文件开头写 school: 示例职业技术学院")
    year = h.get("year")
    try:
        year_i = int(year)  # type: ignore[arg-type]
        if isinstance(year, bool) or not 1990 <= year_i <= 2100:
            raise ValueError
    except (TypeError, ValueError, OverflowError):  # OverflowError: year: .inf
        raise DataError(f"year 应是四位年份，而不是“{year}”", location=locs.get("year", doc.location),
                        hint="例如 year: 2023") from None
    period = h.get("period") or f"{year_i - 1}-{year_i}学年"
    return str(school), year_i, str(period)


def _published(doc: RawDoc) -> str | None:
    """The cover date: ``published: 2023年12月`` (a YAML date or an Excel date cell works too)."""
    value = doc.header.get("published")
    if value in (None, ""):
        return None
    if isinstance(value, (date, datetime)):
        return f"{value.year}年{value.month}月"
    text = str(value).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?", text)
    if m:
        return f"{m.group(1)}年{int(m.group(2))}月"
    raise DataError(f"published（封面日期）应写成“2023年12月”或 2023-12，而不是“{text}”",
                    location=doc.header_locs.get("published", doc.location),
                    hint="例如 published: 2023年12月；不写则用生成文档当天的日期。")


def _number(rm: RawMetric, key: str) -> float | None:
    raw = rm.fields.get(key)
    if raw is None or raw == "":
        return None
    label = {"value": "数值", "previous": "上年值"}.get(key, key)
    num = None if isinstance(raw, bool) else _strict_number(raw) if isinstance(raw, str) else (
        _finite(raw, rm, key, label) if isinstance(raw, (int, float)) else None)
    if num is None:
        excel = "!" in rm.loc(key)  # file.xlsx[指标!D3]
        hint = ("只写数字（如 17402 或 34118.10），单位写在“单位”列；派生值在“公式”列用指标 id 书写。" if excel else
                "只写数字（如 17402 或 34118.10），单位写在 unit 里；派生值请用 formula。")
        raise DataError(f"指标 {rm.id} 的{label}“{raw}”不是数字", location=rm.loc(key), metric=rm.id, hint=hint)
    return num


def _finite(raw: int | float, rm: RawMetric, key: str, label: str) -> float:
    """A number as written, refused when it is NaN, infinite or beyond ±10^15 (what every command can show)."""
    if isinstance(raw, float) and math.isnan(raw):
        what = "不是数（.nan）"
    elif abs(raw) <= MAX_ABS:
        return float(raw)
    else:
        what = "是无穷大" if isinstance(raw, float) and math.isinf(raw) else "超出合理范围（绝对值应不超过 10^15）"
    raise DataError(f"指标 {rm.id} 的{label}“{shorten(str(rm.texts.get(key, raw)))}”{what}", location=rm.loc(key), metric=rm.id,
                    hint="检查是否多写了数位、指数（如 1.0e+999）或 .inf/.nan；数值要写成普通数字。")


def _strict_number(text: str) -> float | None:
    """A value typed as text: digits with optional thousands commas only (no unit words)."""
    s = text.strip()
    if len(s) > 40 or not re.fullmatch(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", s):  # "1,2" is a typo, not 12
        return None
    value = float(s.replace(",", ""))
    return value if sane(value) else None


def _decimals_as_written(rm: RawMetric, key: str = "value") -> int | None:
    text = rm.texts.get(key)
    if text is None:
        return None
    s = str(text).strip().replace(",", "")
    return len(s.split(".")[1]) if "." in s and s.split(".")[1].isdigit() else 0


def _aliases(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [a.strip() for a in re.split(r"[;；,，、|]", raw) if a.strip()]
    return [str(a).strip() for a in raw if str(a).strip()]


def _metric(rm: RawMetric) -> tuple[Metric, Node | None]:
    """One metric: catalog defaults, then value/formula, name, unit, precision, chapter checks."""
    if not _ID.match(rm.id):
        raise DataError(f"指标 id“{rm.id}”不合规范", location=rm.location, metric=rm.id,
                        hint="id 用小写英文字母、数字和下划线，以字母开头，例如 students_total。")
    f, cat = rm.fields, catalog_entry(rm.id)
    formula = _formula(rm, cat)
    name = f.get("name") or (cat.name if cat else None)
    if not name:
        close = close_ids(rm.id, load_catalog())
        like = f"是不是标准目录里的 {'、'.join(close)}？否则" if close else ""
        raise DataError(f"指标 {rm.id} 缺少 name（中文名称），且不在标准指标目录中", location=rm.location,
                        metric=rm.id, hint=f"{like}加上 name: 中文名称（如 {{name: 教学单位数, value: 12, unit: 个}}），"
                                           "或改用标准目录里的 id（draftkit data catalog）。")
    written = _unit(rm, cat, formula)
    unit = normalize_unit(written) if written is not None else None
    chapter = f.get("chapter") or (cat.chapter if cat else None)
    if chapter is not None and chapter not in CHAPTERS:
        raise DataError(f"指标 {rm.id} 的章节“{chapter}”不存在", location=rm.loc("chapter"), metric=rm.id,
                        hint=f"可用章节：{'、'.join(CHAPTERS)}。")
    value = _number(rm, "value")
    aliases = list(cat.aliases) if cat else []
    aliases += [a for a in _aliases(f.get("aliases")) if a not in aliases]
    m = Metric(
        id=rm.id, name=str(name), unit=unit if unit is not None else "", value=value, formula=formula,
        aliases=aliases, precision=_precision(rm, cat, value, unit, formula), previous=_number(rm, "previous"),
        source=_str(f.get("source")), chapter=chapter, location=rm.location, note=_str(f.get("note")),
        from_catalog=cat is not None and not f.get("name"),
        unit_written=written if written is not None and written != unit else None,
    )
    node = parse_formula(formula, location=rm.loc("formula"), metric=rm.id) if formula else None
    if formula and unit is None:
        m.unit = None  # type: ignore[assignment]  # inferred from the formula after evaluation
    return m, node


def _formula(rm: RawMetric, cat: CatalogEntry | None) -> str | None:
    """The metric's formula (its own or the catalog's); value and formula together are an error."""
    f = rm.fields
    has_value = f.get("value") not in (None, "")
    formula = str(f["formula"]).strip() if f.get("formula") not in (None, "") else None
    if has_value and formula:
        raise DataError(f"指标 {rm.id} 同时写了 value 和 formula", location=rm.loc("formula"), metric=rm.id,
                        hint="派生指标只写 formula（由程序计算），基础指标只写 value；数字不要录两遍。")
    if not has_value and not formula and cat and cat.formula:
        formula = cat.formula
    if not has_value and not formula:
        raise DataError(f"指标 {rm.id} 既没有 value 也没有 formula", location=rm.location, metric=rm.id,
                        hint="写 value: 数字，或 formula: 由其它指标计算的公式。")
    return formula


def _unit(rm: RawMetric, cat: CatalogEntry | None, formula: str | None) -> str | None:
    """The declared unit (checked), the catalog's, or None for a formula whose unit is inferred."""
    unit = rm.fields.get("unit") if "unit" in rm.fields else (cat.unit if cat else None)
    if unit is not None:
        unit = str(unit).strip()
        unit_info(unit, location=rm.loc("unit"), metric=rm.id)  # open: only a non-unit string fails
    elif not formula:
        raise DataError(f"指标 {rm.id} 缺少 unit（单位）", location=rm.location, metric=rm.id,
                        hint="加上 unit: 人 / 万元 / % 等；无单位的比值写 unit: \"\"。")
    return unit


def _precision(rm: RawMetric, cat: CatalogEntry | None, value: float | None, unit: str | None,
               formula: str | None) -> int | None:
    """Stated precision, else decimals as written, else the catalog's, else a default (None: by unit later)."""
    precision = rm.fields.get("precision")
    if precision is not None:
        if isinstance(precision, bool) or not isinstance(precision, int) or not 0 <= precision <= 6:
            raise DataError(f"指标 {rm.id} 的 precision“{precision}”应是 0–6 的整数", location=rm.loc("precision"),
                            metric=rm.id, hint="precision 是保留的小数位数，例如 2。")
        return precision
    if not formula:
        written = _decimals_as_written(rm)
        if written is not None:
            return written
    if cat and cat.precision is not None:
        return cat.precision
    if not formula and value is not None:
        return 0 if float(value).is_integer() else default_precision(unit or "")
    return None


def _str(v: Any) -> str | None:
    return None if v is None or v == "" else str(v)


def _add_catalog_derived(yd: YearData, formulas: dict[str, Node]) -> None:
    """Add catalog formulas whose inputs are all present (repeat until nothing new)."""
    changed = True
    while changed:
        changed = False
        for entry in load_catalog().values():
            if not entry.formula or entry.id in yd.metrics:
                continue
            node = parse_formula(entry.formula, location=f"catalog:{entry.id}", metric=entry.id)
            if all(r in yd.metrics for r in references(node)):
                yd.metrics[entry.id] = Metric(
                    id=entry.id, name=entry.name, unit=entry.unit, formula=entry.formula,
                    aliases=list(entry.aliases), precision=entry.precision, chapter=entry.chapter,
                    location=f"{yd.path}（标准指标目录 {entry.id}）", from_catalog=True, auto_derived=True,
                )
                formulas[entry.id] = node
                changed = True


def _check_references(yd: YearData, formulas: dict[str, Node], doc: RawDoc) -> None:
    locs = {rm.id: rm.loc("formula") for rm in doc.metrics}
    for mid, node in formulas.items():
        for ref in references(node):
            if ref not in yd.metrics:
                close = close_ids(ref, yd.metrics, n=4)
                hint = f"在 metrics 中定义 {ref}，或改正公式中的 id"
                raise MissingMetricError(
                    f"指标 {mid} 的公式“{yd.metrics[mid].formula}”引用了不存在的指标 {ref}",
                    location=locs.get(mid, yd.metrics[mid].location), metric=ref,
                    hint=hint + (f"（相近的有：{'、'.join(close)}）" if close else "") + "。",
                )


def _topological(yd: YearData, formulas: dict[str, Node]) -> list[str]:
    """Formula metrics in dependency order; a cycle raises naming every metric on it.

    Depth-first with an explicit stack: a chain of thousands of formulas (each using the one
    before) would exhaust Python's recursion limit."""
    order: list[str] = []
    state: dict[str, int] = {}  # 1 visiting, 2 done
    refs = {mid: [r for r in references(node) if r in formulas] for mid, node in formulas.items()}
    for start in formulas:
        if state.get(start):
            continue
        state[start] = 1
        path = [start]
        todo = [iter(refs[start])]
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                todo.pop()
                done = path.pop()
                state[done] = 2
                order.append(done)
            elif state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                raise DataError(f"公式之间存在循环引用：{' → '.join(cycle)}", location=yd.metrics[nxt].location,
                                metric=nxt, hint="至少有一个指标应直接填写 value，而不是由公式计算。")
            elif not state.get(nxt):
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(refs[nxt]))
    return order


def _quantity(yd: YearData, mid: str, previous: bool) -> Quantity:
    m = yd.metrics.get(mid)
    if m is None:
        raise MissingMetricError(f"指标 {mid} 未能计算", location=str(yd.path), metric=mid)
    v = m.previous if previous else m.value
    if v is None:
        raise _NoPrevious(mid)
    info = unit_info(m.unit)
    return Quantity(v * info.factor, info.dim_map)


class _NoPrevious(Exception):
    pass


def _derive(yd: YearData, m: Metric, node: Node) -> None:
    q = evaluate(node, lambda r: _quantity(yd, r, False), text=m.formula or "", location=m.location, metric=m.id)
    if m.unit is None:
        m.unit = _infer_unit(yd, node, q, m)
    target = unit_info(m.unit)
    if q.clean().dims != target.dim_map and _per_capita_as_written(yd, m, q):
        target = unit_info(m.unit)
    node, q = _manual_scaling(yd, m, node, q, target)
    if q.clean().dims != target.dim_map:
        raise DataError(
            f"指标 {m.id} 的公式“{m.formula}”算出的量纲与单位“{m.unit}”不符", location=m.location, metric=m.id,
            hint="检查公式（占比是 部分 / 总数，单位 %；生均是 总额 / 人数，单位 万元/人 或 元/生），或改正 unit。",
        )
    m.value = q.base / target.factor
    if not sane(m.value):
        raise DataError(f"指标 {m.id} 的公式“{m.formula}”算出的值超出合理范围（不是有限数，或绝对值超过 10^15）",
                        location=m.location, metric=m.id, hint="检查公式用到的指标数值（是否多写了数位、分母是否接近 0）。")
    if m.precision is None:
        m.precision = default_precision(m.unit)
    if m.previous is not None:
        m.previous_stated = True
        return  # last year's figure stated in the file wins (e.g. a definition that changed)
    try:
        p = evaluate(node, lambda r: _quantity(yd, r, True), text=m.formula or "", location=m.location, metric=m.id)
        m.previous = p.base / target.factor if sane(p.base / target.factor) else None
    except (_NoPrevious, DataError):
        m.previous = None


_PER_CAPITA_WORDS = ("生均", "人均", "师均", "每生", "每名学生")


def _per_capita_as_written(yd: YearData, m: Metric, q: Quantity) -> bool:
    """A 生均 figure whose unit is written as the report writes it after the number (万元, 平方米)
    while its formula is per person: the unit becomes 万元/生 (written as before), with a note."""
    per = "人" if "人均" in m.name else "生"
    dims = dict(unit_info(m.unit).dim_map)
    dims["count"] = dims.get("count", 0) - 1
    if "/" in m.unit or not any(w in m.name for w in _PER_CAPITA_WORDS) or q.clean().dims != {k: v for k, v in dims.items() if v}:
        return False
    written = m.unit_written or m.unit
    m.unit, m.unit_written = f"{m.unit}/{per}", written
    yd.notes.append(f"{m.location}: 指标 {m.id}（{m.name}）的公式是人均值，单位“{written}”按“{m.unit}”理解（报告中照写“{written}”）。")
    return True


def _manual_scaling(yd: YearData, m: Metric, node: Node, q: Quantity, target) -> tuple[Node, Quantity]:  # noqa: ANN001
    """``x / 10000`` with unit 万元 where x is in 元, or ``x * 10000 / students`` with unit 元 where x
    is in 万元: a conversion typed by hand. Units already convert, so the constant would be applied
    twice; each such ``x * k`` / ``x / k`` is read as plain ``x``, with a note."""
    found: list[tuple[str, str, float]] = []
    plain = _strip_scaling(yd, node, target, found)
    if m.unit == "%" and isinstance(plain, BinOp) and plain.op == "*" and isinstance(plain.right, Num) \
            and plain.right.value == 100 and not q.clean().dims:  # a / b * 100 with unit %
        found.append(("", "*", 100.0))
        plain = plain.left
    if not found:
        return node, q
    for ref, op, k in found:
        what = (f"单位换算（{yd.metrics[ref].unit} → {m.unit}），draftkit 会按单位自动换算，已按“{ref}”本身计算"
                if ref and m.unit != "%" else "百分数换算，单位“%”已表示 × 100，已按比值计算")
        yd.notes.append(f"{m.location}: 指标 {m.id} 的公式“{m.formula}”中的 {op} {k:g} 是{what}；可在公式中去掉 {op} {k:g}。")
    return plain, evaluate(plain, lambda r: _quantity(yd, r, False), text=m.formula or "", location=m.location, metric=m.id)


def _strip_scaling(yd: YearData, node: Node, target, found: list, depth: int = 0) -> Node:  # noqa: ANN001
    """The formula without the ``metric * k`` / ``metric / k`` whose k is the factor between that
    metric's unit and the target unit (万元 → 元: 10000; 平方米 → 亩: 666.67, typed rounded), recorded in ``found``; looked for in
    the formula's top levels only (a hand conversion sits there; formulas may nest 1,000 deep)."""
    if not isinstance(node, BinOp) or depth > 6:
        return node
    if node.op in "*/" and isinstance(node.left, Ref) and isinstance(node.right, Num) and node.right.value > 1:
        ref = yd.metrics.get(node.left.name)
        if ref is not None and ref.unit:
            ratio = target.factor / unit_info(ref.unit).factor
            k = node.right.value
            if abs((ratio if node.op == "/" else 1 / ratio) - k) <= 1e-3 * k:  # 666.6667 or 666.67 for 亩
                found.append((ref.id, node.op, k))
                return node.left
    left = _strip_scaling(yd, node.left, target, found, depth + 1)
    right = _strip_scaling(yd, node.right, target, found, depth + 1)
    return node if left is node.left and right is node.right else BinOp(node.op, left, right)


def _infer_unit(yd: YearData, node: Node, q: Quantity, m: Metric) -> str:
    dims = q.clean().dims
    refs = references(node)
    if refs and dims_of(yd.metrics[refs[0]].unit) == dims and dims:
        return yd.metrics[refs[0]].unit
    if not dims:
        return "%"
    if isinstance(node, BinOp) and node.op == "/" and isinstance(node.left, Ref) and isinstance(node.right, Ref):
        cand = f"{yd.metrics[node.left.name].unit}/{yd.metrics[node.right.name].unit}"
        if cand in UNITS or not cand.startswith("/") and unit_info(cand).dim_map == dims:
            return cand
    for sym, info in UNITS.items():
        if info.dim_map == dims and info.factor == 1.0:
            return sym
    raise DataError(f"无法推断指标 {m.id} 的单位", location=m.location, metric=m.id, hint="给该指标写上 unit。")
