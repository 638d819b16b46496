"""LangChain wrapper: the hybrid retriever as a ``BaseRetriever`` returning Documents."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

__all__ = ["DraftkitLangChainRetriever"]


class DraftkitLangChainRetriever(BaseRetriever):
    """Hits as Documents: page_content = passage, metadata = hit fields + chunk metadata."""

    retriever: Any
    k: int = 5
    filters: dict = {}

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        hits = self.retriever.search(query, k=self.k, **self.filters)
        return [
            Document(
                page_content=h.text,
                metadata={**h.metadata, "rank": h.rank, "score": h.score, "title": h.title,
                          "section_path": h.section_path, "source": h.source, "chunk_id": h.chunk_id},
                id=h.chunk_id,
            )
            for h in hits
        ]
