"""章节: one section — its draft rendered, the facts it used, the exemplars retrieved, provenance,
the writer notes, and a redraft with a chosen backend (a background job)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from . import Page
from .common import backend_choices, endpoint_label, render, web

PAGE = Page("sections", "章节", "/sections", "逐节查看草稿、所用数据、参考范文与出处，重新起草")


def sections_index(request: Request) -> Response:
    rows = web(request).project.section_rows()
    if not rows:
        return render(request, "error.html", {"status": 409, "message": "报告提纲（prompts/report.yaml）中没有节，或无法读取。"},
                      active="sections", status=409)
    return RedirectResponse(f"/sections/{rows[0].id}", status_code=303)


def section_page(request: Request) -> Response:
    state = web(request)
    project = state.project
    found = project.section(request.path_params["section_id"])
    if found is None:
        raise HTTPException(404, f"报告提纲中没有这个节：{request.path_params['section_id'][:80]}")
    section, chapter = found
    rows = project.section_rows()
    row = next(r for r in rows if r.id == section.id)
    yd, _ = project.data()
    drafts = project.drafts_dir()
    text, prov = _draft_files(drafts, section.id)
    from ..render import draft_html, draft_notes

    titles = _titles(yd)
    settings = project.settings()
    context = {
        "section": section, "chapter": chapter, "row": row, "rows": rows,
        "draft": draft_html(text, titles) if text is not None else None,
        "notes": draft_notes(text) if text else [], "prov": prov,
        "facts": _facts(yd, prov.metrics_used if prov else section.metrics),
        "facts_from_spec": prov is None,
        "exemplars": _exemplars(state, prov), "backends": backend_choices(settings),
        "model": settings.model, "endpoint": endpoint_label(settings),
        "default_backend": "openai" if settings.resolved_backend == "openai" else "offline",
    }
    return render(request, "section.html", context, active="sections")


def _draft_files(drafts: Any, section_id: str) -> tuple[str | None, Any]:
    if drafts is None:
        return None, None
    from ...draft.provenance import draft_paths, read_provenance

    md, js = draft_paths(drafts, section_id)
    text = md.read_text(encoding="utf-8", errors="replace") if md.is_file() else None
    return text, read_provenance(js)


def _titles(yd: Any) -> dict[str, str]:
    if yd is None:
        return {}
    out = {tid: t.title for tid, t in yd.tables.items()}
    from ...assemble.charts import CHARTS, build_chart

    for cid in CHARTS:
        chart = build_chart(cid, yd)
        out[cid] = cid if isinstance(chart, str) else chart.title
    return out


def _facts(yd: Any, ids: list[str]) -> list[dict[str, str]]:
    """The metrics a draft cites (from its provenance; before drafting, the ones the outline lists)."""
    if yd is None:
        return []
    out = []
    for mid in ids:
        m = yd.get(mid)
        if m is None:
            out.append({"id": mid, "name": "（数据中没有）", "value": "", "previous": "", "source": ""})
            continue
        out.append({"id": m.id, "name": m.name, "value": m.formatted() if m.value is not None else "—",
                    "previous": m.formatted(m.previous) if m.previous is not None else "",
                    "source": m.source or ""})
    return out


def _exemplars(state: Any, prov: Any) -> dict[str, Any]:
    """The exemplars the draft's prompt carried, looked up in the vector store by chunk id."""
    ids = list(prov.exemplar_ids) if prov else []
    if not ids:
        return {"items": [], "note": ""}
    running = state.jobs.running()
    if running is not None and running.kind == "ingest":
        return {"items": [], "note": "正在入库，范文详情稍后显示。", "ids": ids}
    try:
        from ...corpus import open_store

        store = open_store(state.project.settings())
        got = store.collection.get(ids=ids, include=["documents", "metadatas"])
    except Exception as exc:  # noqa: BLE001 - the page stays usable without the store
        return {"items": [], "note": f"无法读取向量库（{type(exc).__name__}），只显示范文编号。", "ids": ids}
    found = dict(zip(got.get("ids") or [], zip(got.get("documents") or [], got.get("metadatas") or [])))
    items = []
    for rank, cid in enumerate(ids, 1):
        doc, meta = found.get(cid, ("", {}))
        items.append({"rank": rank, "id": cid, "title": (meta or {}).get("title", ""),
                      "source": (meta or {}).get("source", ""), "kind": (meta or {}).get("kind", ""),
                      "path": _path(meta or {}), "text": doc or "", "missing": cid not in found})
    return {"items": items, "note": ""}


def _path(meta: dict[str, Any]) -> str:
    import json

    raw = meta.get("section_path")
    try:
        parts = json.loads(raw) if isinstance(raw, str) else list(raw or [])
    except ValueError:
        parts = [str(raw)]
    return " › ".join(str(p) for p in parts)


ROUTES = [
    Route("/sections", sections_index, name="sections"),
    Route("/sections/{section_id}", section_page, name="section"),
]
