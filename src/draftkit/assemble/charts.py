"""Charts from the year data (matplotlib, a pip-installed CJK font, PNG bytes for the docx).

Each chart id named in a spec section's ``charts:`` list maps to a builder that reads YearData
and returns :class:`ChartData` (or None with a reason when the data it needs is absent, so the
build goes on and reports it). Any data table id is also a chart id: a bar chart of its first
numeric column.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ..data.model import Table, YearData, parse_number

__all__ = ["ChartData", "ChartImage", "CHARTS", "chart_ids", "build_chart", "render_chart", "render_cached",
           "cjk_font_path", "RENDER_VERSION"]

RENDER_VERSION = "3"  # bump when the drawing code changes, to invalidate cached PNGs


@dataclass
class ChartData:
    """What to draw: kind, category labels, one or more named series."""

    title: str
    kind: str  # "pie" | "bar" | "barh" | "grouped" | "panels"
    labels: list[str]
    series: dict[str, list[float]]
    unit: str = ""
    source: str | None = None
    panels: list["ChartData"] = field(default_factory=list)  # kind "panels": side-by-side charts
    table: str | None = None  # the data table drawn from (placed before the chart if no section names it)


@dataclass
class ChartImage:
    """A rendered chart: PNG bytes plus the caption title and data source."""

    png: bytes
    title: str
    source: str | None
    warnings: list[str] = field(default_factory=list)


Builder = Callable[[YearData], "ChartData | str"]
CHARTS: dict[str, Builder] = {}


def chart(chart_id: str) -> Callable[[Builder], Builder]:
    """Register a chart builder under ``chart_id``."""
    def deco(fn: Builder) -> Builder:
        CHARTS[chart_id] = fn
        return fn
    return deco


def chart_ids() -> list[str]:
    """Chart ids with a dedicated builder (any table id works too)."""
    return sorted(CHARTS)


# --------------------------------------------------------------------------- helpers


def _metric(yd: YearData, *ids: str):
    for mid in ids:
        m = yd.get(mid)
        if m is not None and m.value is not None:
            return m
    return None


def _table(yd: YearData, *ids: str) -> Table | None:
    for tid in ids:
        if tid in yd.tables:
            return yd.tables[tid]
    return None


def _col(t: Table, *patterns: str) -> int | None:
    """First column whose header contains one of the patterns (regex)."""
    for pat in patterns:
        for i, c in enumerate(t.columns):
            if re.search(pat, c):
                return i
    return None


def _body_rows(t: Table) -> list[list[str]]:
    """Rows without the total row."""
    total = t.total_index()
    return [r for i, r in enumerate(t.rows) if i != total and not _is_total_label(r)]


def _is_total_label(row: list[str]) -> bool:
    return any(c.strip() in ("合计", "总计", "小计", "总数") for c in row[:2])


def _label_col(t: Table) -> int:
    """The text column naming the rows: the one with the most distinct values (ties: leftmost)."""
    rows = _body_rows(t)
    best, best_n = 0, -1
    for i, c in enumerate(t.columns):
        if re.search(r"序号|编号", c):
            continue
        vals = [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
        if vals and any(parse_number(v) is None for v in vals) and len(set(vals)) > best_n:
            best, best_n = i, len(set(vals))
    return best


def _numeric_cols(t: Table) -> list[int]:
    rows = _body_rows(t)
    out = []
    for i, c in enumerate(t.columns):
        if re.search(r"序号|编号", c):
            continue
        vals = [r[i] for r in rows if i < len(r) and r[i].strip()]
        if vals and all(parse_number(v) is not None for v in vals):
            out.append(i)
    return out


def table_chart(t: Table, title: str | None = None, value_col: int | None = None, top: int = 12) -> ChartData | str:
    """Generic chart of a table: its label column against one numeric column."""
    nums = _numeric_cols(t)
    if value_col is None:
        if not nums:
            return f"数据表 {t.id} 没有数值列，无法作图"
        value_col = nums[0]
    lc = _label_col(t)
    pairs = [(r[lc], parse_number(r[value_col]) or 0.0) for r in _body_rows(t)]
    if len(pairs) > top:
        pairs = sorted(pairs, key=lambda p: -p[1])[:top]
    parts_of_whole = t.total_index() is not None and 2 <= len(pairs) <= 6 and all(p[1] >= 0 for p in pairs)
    if parts_of_whole:
        kind = "pie"
    else:
        kind = "barh" if len(pairs) > 6 or max((len(p[0]) for p in pairs), default=0) > 6 else "bar"
    unit = _unit_of(t.columns[value_col]) or (t.unit or "")
    return ChartData(title or t.title, kind, [p[0] for p in pairs],
                     {t.columns[value_col]: [p[1] for p in pairs]}, unit=unit, source=t.source, table=t.id)


def _unit_of(header: str) -> str:
    m = re.search(r"[（(]([^（）()]+)[)）]\s*$", header)
    return m.group(1) if m else ""


# --------------------------------------------------------------------------- builders


@chart("teacher_structure")
def teacher_structure(yd: YearData) -> ChartData | str:
    """专任教师结构：学历结构（博士/硕士/本科及以下）与职称结构（teachers_title 表）两幅饼图."""
    panels: list[ChartData] = []
    total = _metric(yd, "teachers_fulltime", "teachers_total")
    master = _metric(yd, "teachers_master")
    if total is not None and master is not None and master.value <= total.value:
        doctor = _metric(yd, "teachers_doctor")
        d = doctor.value if doctor is not None and doctor.value <= master.value else 0.0
        labels = (["博士"] if d else []) + ["硕士" if d else "硕士及以上", "本科及以下"]
        values = ([d] if d else []) + [master.value - d, total.value - master.value]
        panels.append(ChartData("学历结构", "pie", labels, {"人数": values}, unit="人", source=total.source))
    t = _table(yd, "teachers_title", "teacher_titles", "teacher_structure")
    if t is not None:
        col = _col(t, r"人数", r"数量")
        tc = table_chart(t, "职称结构", value_col=col)
        if isinstance(tc, ChartData):
            tc.kind = "pie"
            tc.unit = "人"
            panels.append(tc)
    if not panels:
        return "缺少指标 teachers_fulltime / teachers_master 与数据表 teachers_title，无法绘制教师结构图"
    if len(panels) == 1:
        panels[0].title = "专任教师" + panels[0].title
        return panels[0]
    return ChartData("专任教师学历与职称结构", "panels", [], {}, source=panels[0].source or panels[1].source,
                     panels=panels, table=panels[1].table)


# 专业大类 → 三次产业 (《职业教育专业目录（2021年）》的大类按产业归属)
INDUSTRY_OF_CATEGORY = {
    "农林牧渔": "第一产业",
    "资源环境与安全": "第二产业", "能源动力与材料": "第二产业", "土木建筑": "第二产业",
    "水利": "第二产业", "装备制造": "第二产业", "生物与化工": "第二产业", "轻工纺织": "第二产业",
    "食品药品与粮食": "第二产业",
    "交通运输": "第三产业", "电子与信息": "第三产业", "医药卫生": "第三产业", "财经商贸": "第三产业",
    "旅游": "第三产业", "文化艺术": "第三产业", "新闻传播": "第三产业", "教育与体育": "第三产业",
    "公安与司法": "第三产业", "公共管理与服务": "第三产业",
}


def industry_of(category: str) -> str | None:
    """``农林牧渔大类`` → ``第一产业``; None when the category is unknown."""
    key = re.sub(r"大类$", "", category.strip())
    return INDUSTRY_OF_CATEGORY.get(key)


@chart("majors_by_industry")
def majors_by_industry(yd: YearData) -> ChartData | str:
    """专业数按三次产业分布（由专业大类归并；无法归并时按专业大类）."""
    t = _table(yd, "majors_by_industry", "majors_industry")
    if t is not None:
        data = table_chart(t, "专业数按产业分布")
        if isinstance(data, ChartData) and len(data.labels) <= 6:
            data.kind = "pie"
        return data
    t = _table(yd, "majors")
    if t is None:
        return "缺少数据表 majors（专业设置），无法绘制专业按产业分布图"
    col = _col(t, r"产业", r"专业大类", r"大类")
    if col is None:
        return "数据表 majors 没有「产业」或「专业大类」列，无法绘制专业按产业分布图"
    count_col = _col(t, r"专业数", r"专业个数")
    counts: dict[str, float] = {}
    by_industry = "产业" not in t.columns[col] and all(industry_of(r[col]) for r in _body_rows(t))
    for r in _body_rows(t):
        key = r[col].strip()
        if not key:
            continue
        if by_industry:
            key = industry_of(key) or key
        n = parse_number(r[count_col]) if count_col is not None else 1.0
        counts[key] = counts.get(key, 0.0) + (n or 0.0)
    order = sorted(counts, key=lambda k: ("第一产业", "第二产业", "第三产业").index(k)
                   if k in ("第一产业", "第二产业", "第三产业") else 9)
    industry = by_industry or "产业" in t.columns[col]
    kind = "pie" if len(order) <= 6 else "barh"
    return ChartData("专业数按产业分布" if industry else "专业数按专业大类分布", kind, order,
                     {"专业数": [counts[k] for k in order]}, unit="个", source=t.source, table=t.id)


@chart("employment_destinations")
def employment_destinations(yd: YearData) -> ChartData | str:
    """毕业生毕业去向分布."""
    t = _table(yd, "employment_destinations", "graduate_destinations", "destinations", "employment")
    if t is None:
        return "缺少数据表 employment_destinations（毕业去向），无法绘制毕业去向分布图"
    nums = _numeric_cols(t)
    share = next((i for i in nums if re.search(r"比例|占比|%", t.columns[i])), None)
    count = next((i for i in nums if re.search(r"人数|数量|人", t.columns[i])), None)
    data = table_chart(t, "毕业生毕业去向分布", value_col=count if count is not None else share)
    if isinstance(data, ChartData):
        data.kind = "barh"
        data.unit = "人" if count is not None else "%"
    return data


@chart("funding_by_year")
def funding_by_year(yd: YearData) -> ChartData | str:
    """经费收入与支出：本年与上年对比."""
    t = _table(yd, "funding_by_year", "funding")
    if t is not None:
        nums = _numeric_cols(t)
        years = [i for i in nums if re.search(r"(19|20)\d\d", t.columns[i])]
        if len(years) >= 2:
            lc = _label_col(t)
            rows = [r for r in _body_rows(t) if "总额" in r[lc]] or _body_rows(t)
            labels = [re.sub(r"[（(].*?[)）]", "", r[lc]) for r in rows]
            series = {t.columns[i]: [parse_number(r[i]) or 0.0 for r in rows] for i in years}
            return ChartData("办学经费收支情况", "grouped", labels, series, unit="万元", source=t.source,
                             table=t.id)
    items = [m for m in (_metric(yd, "funding_income"), _metric(yd, "funding_expense", "funding_expenditure"))
             if m is not None and m.previous is not None]
    if not items:
        return "缺少带上年值（previous）的 funding_income / funding_expense 指标，无法绘制经费图"
    prev, cur = f"{yd.year - 1}年", f"{yd.year}年"
    return ChartData("办学经费收支情况", "grouped", [m.name for m in items],
                     {prev: [float(m.previous or 0) for m in items], cur: [float(m.value or 0) for m in items]},
                     unit=items[0].unit, source=items[0].source)


def build_chart(chart_id: str, yd: YearData) -> ChartData | str:
    """The chart's data, or a Chinese reason why it cannot be drawn."""
    if chart_id in CHARTS:
        return CHARTS[chart_id](yd)
    if chart_id in yd.tables:
        return table_chart(yd.tables[chart_id])
    return f"未知的图表 id「{chart_id}」（已知：{'、'.join(chart_ids())}，或任一数据表 id）"


# --------------------------------------------------------------------------- rendering


@lru_cache(maxsize=1)
def cjk_font_path() -> str:
    """Noto Sans SC shipped by the pip package ``pylopdf-fonts-zh-cn``."""
    from pylopdf_fonts_zh_cn import sans_path

    return str(sans_path())


@lru_cache(maxsize=1)
def _font_name() -> str:
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


PALETTE = ["#2F5597", "#C55A11", "#548235", "#BF9000", "#7030A0", "#2E75B6", "#A5A5A5", "#843C0C"]


def render_chart(data: ChartData, dpi: int = 200) -> ChartImage:
    """Draw the chart to PNG; glyph-missing warnings are returned, never ignored."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    family = _font_name()
    rc = {"font.family": [family], "font.sans-serif": [family], "axes.unicode_minus": False,
          "font.size": 10, "axes.spines.top": False, "axes.spines.right": False}
    with warnings.catch_warnings(record=True) as caught, plt.rc_context(rc):
        warnings.simplefilter("always")
        if data.kind == "panels":
            fig, axes = plt.subplots(1, len(data.panels), figsize=(3.4 * len(data.panels), 3.4))
        else:
            height = 3.6 if data.kind != "barh" else max(3.0, 0.34 * len(data.labels) + 1.0)
            fig, ax = plt.subplots(figsize=(6.3, height))
        try:
            if data.kind == "panels":
                for panel_ax, panel in zip(axes, data.panels):
                    _DRAW[panel.kind](panel_ax, panel, legend_below=True)
                    panel_ax.set_title(panel.title, fontsize=11)
            else:
                _DRAW[data.kind](ax, data)
            fig.tight_layout()
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
        finally:
            plt.close(fig)
    problems = [str(w.message) for w in caught if "Glyph" in str(w.message) or "missing from" in str(w.message)]
    return ChartImage(buf.getvalue(), data.title, data.source, problems)


_MONEY = ("元", "万元", "亿元")


def _decimals(values: list[float], unit: str) -> int:
    """Money keeps two decimals (34118.10); counts none; otherwise as many as the data needs (≤2)."""
    if unit in _MONEY and any(v != int(v) for v in values):
        return 2
    return max((len(f"{v:.2f}".rstrip("0").split(".")[1]) for v in values if v != int(v)), default=0)


def _fmt(v: float, unit: str, decimals: int | None = None) -> str:
    d = _decimals([v], unit) if decimals is None else decimals
    return f"{v:.{d}f}" + ("%" if unit == "%" else "")


def _draw_pie(ax, d: ChartData, legend_below: bool = False) -> None:
    values = next(iter(d.series.values()))
    wedges, _texts, autotexts = ax.pie(
        values, labels=None, colors=PALETTE[: len(values)], startangle=90, counterclock=False,
        autopct=lambda p: f"{p:.1f}%" if p >= 4 else "", pctdistance=0.72,
        wedgeprops={"linewidth": 1, "edgecolor": "white"})
    for t in autotexts:
        t.set_color("white")
        t.set_fontsize(9)
    dec = _decimals(values, d.unit)
    labels = [f"{l}（{_fmt(v, d.unit, dec)}{d.unit if d.unit != '%' else ''}）" for l, v in zip(d.labels, values)]
    if legend_below:
        ax.legend(wedges, labels, loc="upper center", bbox_to_anchor=(0.5, 0.0), frameon=False,
                  ncol=2, fontsize=9)
    else:
        ax.legend(wedges, labels, loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False)
    ax.axis("equal")


def _draw_bar(ax, d: ChartData, legend_below: bool = False) -> None:
    name, values = next(iter(d.series.items()))
    bars = ax.bar(range(len(values)), values, color=PALETTE[0], width=0.55)
    ax.set_xticks(range(len(values)), d.labels)
    dec = _decimals(values, d.unit)
    ax.bar_label(bars, labels=[_fmt(v, d.unit, dec) for v in values], padding=2, fontsize=9)
    ax.set_ylabel(f"{name}（{d.unit}）" if d.unit else name)
    ax.margins(y=0.15)


def _draw_barh(ax, d: ChartData, legend_below: bool = False) -> None:
    name, values = next(iter(d.series.items()))
    y = list(range(len(values)))[::-1]
    bars = ax.barh(y, values, color=PALETTE[0], height=0.6)
    ax.set_yticks(y, d.labels)
    dec = _decimals(values, d.unit)
    ax.bar_label(bars, labels=[_fmt(v, d.unit, dec) for v in values], padding=3, fontsize=9)
    ax.set_xlabel(f"{name}（{d.unit}）" if d.unit else name)
    ax.margins(x=0.15)


def _draw_grouped(ax, d: ChartData, legend_below: bool = False) -> None:
    n = len(d.series)
    width = 0.7 / n
    dec = _decimals([v for vals in d.series.values() for v in vals], d.unit)
    for k, (name, values) in enumerate(d.series.items()):
        xs = [i + (k - (n - 1) / 2) * width for i in range(len(values))]
        bars = ax.bar(xs, values, width=width, label=name, color=PALETTE[k % len(PALETTE)])
        ax.bar_label(bars, labels=[_fmt(v, d.unit, dec) for v in values], padding=2, fontsize=8)
    ax.set_xticks(range(len(d.labels)), d.labels)
    if d.unit:
        ax.set_ylabel(d.unit)
    ax.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=n)
    ax.margins(y=0.12)


_DRAW = {"pie": _draw_pie, "bar": _draw_bar, "barh": _draw_barh, "grouped": _draw_grouped}


def render_cached(data: ChartData, cache_dir: Path | None, dpi: int = 200) -> ChartImage:
    """``render_chart`` with PNGs cached by content hash (unchanged data costs nothing on rebuild)."""
    if cache_dir is None:
        return render_chart(data, dpi)
    from ..fsutil import atomic_write, sha256_text

    key = sha256_text(f"{RENDER_VERSION}|{dpi}|{data!r}")[:32]
    path = Path(cache_dir) / f"{key}.png"
    if path.is_file():
        return ChartImage(path.read_bytes(), data.title, data.source)
    image = render_chart(data, dpi)
    if not image.warnings:
        try:
            atomic_write(path, image.png)
        except OSError:
            pass
    return image
