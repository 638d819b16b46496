"""Exemplars for a section: past-report passages and case studies from the corpus stage.

``draftkit.corpus`` is imported lazily: when it is not installed yet, or its store is empty or
broken, drafting goes on without exemplars and the reason lands in the section's warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from ..spec import SectionSpec

__all__ = ["Exemplar", "ExemplarSource", "CorpusExemplars", "FakeExemplars", "NoExemplars", "make_exemplar_source"]

_FILTER_KEYS = ("kind", "chapter", "school", "year", "exclude_source")


@dataclass(frozen=True)
class Exemplar:
    """One retrieved passage, in rank order."""

    id: str
    title: str
    text: str
    source: str = ""
    kind: str = "section"
    score: float = 0.0
    section_path: tuple[str, ...] = field(default_factory=tuple)


class ExemplarSource(Protocol):
    """Anything that returns ranked exemplars for a section."""

    def search(self, section: SectionSpec) -> tuple[list[Exemplar], list[str]]:
        """(exemplars, warnings)."""
        ...


class NoExemplars:
    """Drafts without exemplars, saying why once per section."""

    def __init__(self, reason: str):
        self.reason = reason

    def search(self, section: SectionSpec) -> tuple[list[Exemplar], list[str]]:
        return [], [self.reason]


class FakeExemplars:
    """For tests: a fixed list (or a dict by section id) of exemplars."""

    def __init__(self, items: list[Exemplar] | dict[str, list[Exemplar]]):
        self.items = items
        self.calls: list[str] = []

    def search(self, section: SectionSpec) -> tuple[list[Exemplar], list[str]]:
        self.calls.append(section.id)
        items = self.items.get(section.id, []) if isinstance(self.items, dict) else self.items
        return list(items), []


class CorpusExemplars:
    """Adapter over ``draftkit.corpus.Retriever`` (hybrid search with metadata filters)."""

    def __init__(self, retriever: Any):
        self.retriever = retriever

    def search(self, section: SectionSpec) -> tuple[list[Exemplar], list[str]]:
        if section.k == 0 or not section.query:
            return [], []
        filters = {k: v for k, v in section.filters.items() if k in _FILTER_KEYS}
        try:
            hits = self.retriever.search(section.query, k=section.k, **filters)
        except Exception as exc:  # a broken store must not stop drafting
            return [], [f"检索范文失败（{type(exc).__name__}: {exc}），本节未使用范文；可运行 draftkit ingest 重建语料库"]
        out = [
            Exemplar(
                id=str(getattr(h, "chunk_id", "") or f"{section.id}-{i}"),
                title=str(getattr(h, "title", "") or ""),
                text=str(getattr(h, "text", "") or ""),
                source=str(getattr(h, "source", "") or ""),
                kind=str(getattr(h, "kind", "section") or "section"),
                score=float(getattr(h, "score", 0.0) or 0.0),
                section_path=tuple(getattr(h, "section_path", ()) or ()),
            )
            for i, h in enumerate(hits)
        ]
        warnings = [] if out else [f"语料库中没有与「{section.query}」相关的范文，本节未使用范文；若还没有入库，先运行 "
                                   "draftkit ingest，否则可放宽 prompts/report.yaml 中该节的 query 或 filters"]
        return out, warnings


class _LazyCorpus:
    """Opens the corpus retriever on the first section that asks for exemplars."""

    def __init__(self, settings: Any):
        self.settings = settings
        self._source: ExemplarSource | None = None

    def search(self, section: SectionSpec) -> tuple[list[Exemplar], list[str]]:
        if section.k == 0 or not section.query:
            return [], []
        if self._source is None:
            self._source = _open_corpus(self.settings)
        return self._source.search(section)


def _open_corpus(settings: Any) -> ExemplarSource:
    try:
        from ..corpus import Retriever  # type: ignore[attr-defined]
    except Exception as exc:  # not landed yet, or its dependencies are missing
        return NoExemplars(f"语料检索模块不可用（{type(exc).__name__}），本节未使用范文；"
                           "安装/更新 draftkit 并运行 draftkit ingest 后重跑")
    try:
        retriever = Retriever.from_settings(settings)
    except Exception as exc:
        return NoExemplars(f"无法打开语料库（{exc}），本节未使用范文；请先运行 draftkit ingest")
    return CorpusExemplars(retriever)


def make_exemplar_source(settings: Any) -> ExemplarSource:
    """The corpus retriever (opened lazily) when the corpus stage is importable and has content."""
    return _LazyCorpus(settings)
