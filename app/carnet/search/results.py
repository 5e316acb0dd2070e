"""What a search returns: ranked hits with snippets, facet counts, a suggestion."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from carnet.search.highlight import plain


@dataclass(frozen=True)
class SearchHit:
    """One result. ``title_html`` and ``snippet_html`` are escaped HTML with ``<mark>``.

    ``ocr_only``: the words were found only in what the machine read of the lettering
    (nothing a person wrote that the result shows matched); the snippet is then from it.
    """

    id: int
    score: float
    title: str
    title_html: str
    snippet_html: str
    event: str | None
    session: str | None
    captured_at: str | None
    published: bool
    ocr_only: bool = False

    @property
    def snippet(self) -> str:
        """The snippet as plain text."""
        return plain(self.snippet_html)


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet: ``value`` is what to filter on, ``label`` what to show."""

    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    """The answer to ``SearchIndex.search``.

    ``total`` counts every matching item (``hits`` holds at most ``limit`` of them).
    ``suggestion`` is a corrected query when nothing matched and a close spelling does.
    ``stale`` is True when the index is behind the catalog and could not be brought up to
    date (a read-only archive whose writer has not caught up yet, or a writer busy in
    another thread): results may miss the latest edits, and trashed items are hidden.
    """

    query: str
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: str | None = None
    stale: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for hit, source in zip(data["hits"], self.hits, strict=True):
            hit["snippet"] = source.snippet
        return data
