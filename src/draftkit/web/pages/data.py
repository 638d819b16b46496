"""数据: metrics by chapter, the data tables, the report's charts, problems; the Excel template."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import Page
from .common import render, web

PAGE = Page("data", "数据", "/data", "年度数据：指标、数据表、图表、校验问题")


def data_page(request: Request) -> Response:
    project = web(request).project
    yd, error = project.data()
    chapters: list[tuple[str, list[dict[str, Any]]]] = []
    if yd is not None:
        from ...data import CHAPTERS

        groups = yd.by_chapter()
        order = list(CHAPTERS) + [k for k in groups if k not in CHAPTERS]
        chapters = [(CHAPTERS.get(k, "其他"), [_metric_row(m) for m in groups[k]]) for k in order if k in groups]
    context = {
        "yd": yd, "error": error, "chapters": chapters, "problems": project.problems(),
        "data_problems": list(getattr(yd, "problems", []) or []), "charts": _chart_list(project, titles=True),
        "data_file": _relative(project, getattr(yd, "path", None)),
    }
    return render(request, "data.html", context, active="data")


def _relative(project: Any, path: Any) -> str:
    if path is None:
        return ""
    try:
        return path.resolve().relative_to(project.project).as_posix()
    except ValueError:
        return path.name


def _metric_row(m: Any) -> dict[str, Any]:
    return {
        "id": m.id, "name": m.name, "value": m.formatted() if m.value is not None else "—",
        "previous": m.formatted(m.previous) if m.previous is not None else "",
        "growth": _growth(m), "down": (m.change or 0) < 0,
        "unit": m.unit, "source": m.source or "", "formula": m.formula or "", "location": m.location,
        "auto": m.auto_derived,
    }


def _growth(m: Any) -> str:
    """+2.94% for amounts; for shares and rates the change in 百分点 (46.23% vs 44.36% → +1.87个百分点)."""
    if m.unit == "%":
        return "" if m.change is None else f"{m.change:+.2f}个百分点"
    return "" if m.growth_rate is None else f"{m.growth_rate:+.2f}%"


def _chart_list(project: Any, titles: bool = False) -> list[dict[str, str]]:
    """The charts the report will carry (named by a section), in report order; with ``titles``, their captions."""
    spec, _ = project.spec()
    if spec is None:
        return []
    seen: dict[str, dict[str, str]] = {}
    for chapter in spec.chapters:
        for s in chapter.sections:
            for cid in s.charts:
                seen.setdefault(cid, {"id": cid, "section": f"{chapter.heading} › {s.title}", "title": ""})
    yd, _ = project.data()
    if titles and yd is not None:
        from ...assemble.charts import build_chart

        for item in seen.values():
            chart = build_chart(item["id"], yd)
            item["title"] = chart if isinstance(chart, str) else chart.title
    return list(seen.values())


async def chart_png(request: Request) -> Response:
    """One chart of the report as PNG (only ids a section names; others 404)."""
    project = web(request).project
    chart_id = request.path_params["chart_id"]
    if chart_id not in {c["id"] for c in _chart_list(project)}:
        raise HTTPException(404, "报告中没有这个图表")
    png, reason = await run_in_threadpool(_draw, project, chart_id)
    if png is None:
        raise HTTPException(404, reason)
    return Response(png, media_type="image/png", headers={"cache-control": "no-store"})


def _draw(project: Any, chart_id: str) -> tuple[bytes | None, str]:
    from ...assemble.charts import build_chart, render_cached

    yd, error = project.data()
    if yd is None:
        return None, error or "数据无法读取"
    data = build_chart(chart_id, yd)
    if isinstance(data, str):
        return None, data
    image = render_cached(data, project.settings().state_dir / "cache" / "charts", dpi=110)
    return image.png, ""


def template_xlsx(request: Request) -> Response:
    """The year data as the Excel fill-in workbook (工作表「指标」与每张表一张)."""
    from ...data import export_xlsx
    from ..uploads import private_dir

    yd, error = web(request).project.data()
    if yd is None:
        raise HTTPException(409, error or "数据无法读取")
    with private_dir() as folder:
        out = export_xlsx(yd, folder / "template.xlsx")
        body = out.read_bytes()
    name = f"{yd.year}.xlsx"
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


ROUTES = [
    Route("/data", data_page, name="data"),
    Route("/data/charts/{chart_id}.png", chart_png, name="chart"),
    Route("/data/template.xlsx", template_xlsx, name="template"),
]
