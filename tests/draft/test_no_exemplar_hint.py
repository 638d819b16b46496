"""No exemplar found for a section: the warning says how to fix it (ingest the corpus, or widen the query)."""

from __future__ import annotations

from draftkit.draft.retrieval import CorpusExemplars
from draftkit.spec import SectionSpec


class _EmptyRetriever:
    def search(self, query: str, k: int = 4, **filters: object) -> list:
        return []


def test_empty_result_points_at_ingest_and_the_query() -> None:
    section = SectionSpec(id="talent-party", title="党建引领", template="sections/talent-party.md.j2",
                          query="党建引领 样板支部")
    hits, warnings = CorpusExemplars(_EmptyRetriever()).search(section)
    assert hits == [] and len(warnings) == 1
    assert "draftkit ingest" in warnings[0] and "query" in warnings[0] and "党建引领 样板支部" in warnings[0]
