"""A check result as the 核对 page shows it: findings grouped by chapter and severity, the document
text with every checked figure highlighted, and a chart of findings per chapter.

Highlights come from ``CheckResult.text`` (paragraphs and tables as the checker read them) and
``CheckResult.marks`` (every figure, with the metric it linked to); a finding sits on the mark
with the same block, cell and span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

__all__ = ["CheckView", "build_view", "SEVERITY_CN", "RULE_CN"]

SEVERITY_CN = {"error": "错误", "warning": "提醒", "info": "提示"}
RULE_CN = {
    "data-mismatch": "与数据不符", "part-whole": "占比", "per-capita": "生均", "growth-rate": "增长率",
    "table-total": "合计", "cross-mention": "前后不一致", "unsupported": "无对应数据",
}
_RANK = {"error": 0, "warning": 1, "info": 2, "ok": 3}


@dataclass
class ChapterGroup:
    """Findings of one chapter: listed ones by severity, plus the count of unsupported figures."""

    chapter: str
    by_severity: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    unsupported: list[tuple[int, Any]] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0


@dataclass
class CheckView:
    """Everything the result page needs."""

    groups: list[ChapterGroup]
    blocks: list[dict[str, Any]]
    chart: Markup
    verified: int
    where: dict[int, str]  # finding index → "第 3 段" / "表 1-1 第 2 行第 3 列"


def build_view(result: Any, data: Any = None) -> CheckView:
    """Group findings, highlight figures in the text and draw the per-chapter chart."""
    groups = _groups(result.findings)
    spots = _spots(result, data)
    by_place: dict[tuple, list[dict[str, Any]]] = {}
    for (block, cell, _span), spot in spots.items():
        by_place.setdefault((block, cell), []).append(spot)
    blocks = [_render_block(tb, by_place) for tb in result.text]
    for before, block in zip(blocks, blocks[1:]):  # a caption paragraph right above its table: shown once
        if block["kind"] == "table" and before["kind"] == "caption" and block["caption"].strip() == before["text"].strip():
            block["caption"] = ""
    verified = sum(1 for s in spots.values() if s["cls"] == "ok")
    where = {i: location_text(f.place()) for i, f in enumerate(result.findings)}
    return CheckView(groups, blocks, _chart(groups), verified, where)


def location_text(place: dict[str, Any]) -> str:
    """Where a finding is, from ``Finding.place()`` (counted from 1), as the console and the JSON say it."""
    if "table" in place:
        cap = place.get("caption") or f"表格{place['table']}"
        return f"{cap} 第{place['row']}行第{place['column']}列"
    text = f"第{place.get('paragraph', 1)}段"
    return text + (f"（第{place['line']}行）" if place.get("line") else "")


def _groups(findings: list[Any]) -> list[ChapterGroup]:
    out: dict[str, ChapterGroup] = {}
    for i, f in enumerate(findings):
        g = out.setdefault(f.chapter or "（未分章）", ChapterGroup(f.chapter or "（未分章）"))
        if f.rule == "unsupported":
            g.unsupported.append((i, f))
        else:
            g.by_severity.setdefault(f.severity, []).append((i, f))
        g.errors += f.severity == "error"
        g.warnings += f.severity == "warning"
    for g in out.values():
        g.by_severity = {s: g.by_severity[s] for s in ("error", "warning", "info") if s in g.by_severity}
    return list(out.values())


def _key(loc: dict[str, Any], span: tuple[int, int] | None) -> tuple:
    cell = (loc.get("row"), loc.get("column")) if "table" in loc else None
    return loc.get("block"), cell, tuple(span) if span else None


def _spots(result: Any, data: Any) -> dict[tuple, dict[str, Any]]:
    """Highlight per figure: class (error/warning/info/ok), tooltip, anchor of its first finding."""
    spots: dict[tuple, dict[str, Any]] = {}
    for m in result.marks:
        if m.metric:
            spots[_key(m.location, m.span)] = {"cls": "ok", "tips": [_verified_tip(m, data)], "fid": None,
                                               "span": m.span, "figure": m.figure}
    for i, f in enumerate(result.findings):
        key = _key(f.location, f.span)
        tip = f"【{SEVERITY_CN.get(f.severity, f.severity)}·{RULE_CN.get(f.rule, f.rule)}】{f.message}"
        if f.expected:
            tip += f"（应为 {f.expected}）"
        spot = spots.get(key)
        if spot is None or spot["cls"] == "ok":
            spots[key] = {"cls": f.severity, "tips": [tip], "fid": i, "span": f.span, "figure": f.figure}
        else:
            spot["tips"].append(tip)
            if _RANK[f.severity] < _RANK[spot["cls"]]:
                spot["cls"], spot["fid"] = f.severity, i
    return spots


def _verified_tip(mark: Any, data: Any) -> str:
    metric = data.get(mark.metric) if data is not None else None
    if metric is None:
        return f"已核对：与数据指标 {mark.metric} 一致"
    return f"已核对：与数据一致——{metric.name}（{metric.id}）= {metric.formatted()}"


def _render_block(tb: Any, by_place: dict[tuple, list[dict[str, Any]]]) -> dict[str, Any]:
    block = tb.location.get("block")
    if tb.kind == "table":
        rows = [[_highlight(cell, by_place.get((block, (r, c)), [])) for c, cell in enumerate(row)]
                for r, row in enumerate(tb.rows or [])]
        return {"kind": "table", "caption": tb.text, "rows": rows}
    return {"kind": tb.kind, "html": _highlight(tb.text, by_place.get((block, None), [])), "text": tb.text}


def _highlight(text: str, spots: list[dict[str, Any]]) -> Markup:
    """``text`` escaped, each spot wrapped in ``<mark>`` (a spot without a usable span is found by text)."""
    placed: list[tuple[int, int, dict[str, Any]]] = []
    for s in spots:
        start, end = s["span"] if s["span"] else (-1, -1)
        if text[start:end] != s["figure"] or start < 0:
            start = text.find(s["figure"])
            end = start + len(s["figure"])
        if start >= 0 and not any(a < end and start < b for a, b, _ in placed):
            placed.append((start, end, s))
    out, pos = Markup(""), 0
    for start, end, s in sorted(placed, key=lambda x: x[0]):
        anchor = f' id="f{s["fid"]}" data-fid="{s["fid"]}"' if s["fid"] is not None else ""
        tip = escape("\n".join(s["tips"]))
        out += escape(text[pos:start]) + Markup(
            f'<mark class="fig f-{s["cls"]}"{anchor} tabindex="0" data-tip="{tip}" title="{tip}">'
            f"{escape(text[start:end])}</mark>")
        pos = end
    return out + escape(text[pos:])


def _chart(groups: list[ChapterGroup]) -> Markup:
    """Horizontal stacked bars (errors, warnings other than unsupported, unsupported) per chapter, as SVG."""
    rows = [(g.chapter, g.errors, g.warnings - len(g.unsupported), len(g.unsupported)) for g in groups]
    if not rows:
        return Markup("")
    top = max(e + w + u for _, e, w, u in rows) or 1
    label_w, bar_w, row_h = 190, 420, 24
    height = row_h * len(rows) + 30
    parts = [f'<svg class="chart" viewBox="0 0 {label_w + bar_w + 70} {height}" role="img" '
             f'aria-label="各章核对结果">']
    for n, (chapter, e, w, u) in enumerate(rows):
        y = n * row_h + 4
        name = chapter if len(chapter) <= 12 else chapter[:11] + "…"
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" class="lbl">{escape(name)}</text>')
        x = label_w
        for count, cls, what in ((e, "e", "错误"), (w, "w", "提醒"), (u, "u", "无对应数据")):
            if count:
                width = max(bar_w * count / top, 2)
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{row_h - 8}" class="{cls}">'
                             f"<title>{escape(chapter)}：{what} {count}</title></rect>")
                x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + 15}" class="num">{e}/{w}/{u}</text>')
    legend_y = height - 8
    parts.append(f'<rect x="{label_w}" y="{legend_y - 10}" width="12" height="10" class="e"/>'
                 f'<text x="{label_w + 16}" y="{legend_y}" class="lbl">错误</text>'
                 f'<rect x="{label_w + 60}" y="{legend_y - 10}" width="12" height="10" class="w"/>'
                 f'<text x="{label_w + 76}" y="{legend_y}" class="lbl">提醒</text>'
                 f'<rect x="{label_w + 120}" y="{legend_y - 10}" width="12" height="10" class="u"/>'
                 f'<text x="{label_w + 136}" y="{legend_y}" class="lbl">无对应数据</text></svg>')
    return Markup("".join(parts))
