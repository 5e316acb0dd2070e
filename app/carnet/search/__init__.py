"""Full-text search over an archive: a Whoosh index kept in step with the catalog.

``SearchIndex(archive)`` is the one entry point: ``search`` (ranked results with snippets,
facets and suggestions), ``matching_ids`` (the full set, for the desktop grid), ``sync``
(called after every catalog write) and ``rebuild``.
"""

from carnet.search.errors import IndexUnavailable, QueryError
from carnet.search.index import SearchIndex
from carnet.search.results import FacetValue, SearchHit, SearchResults

__all__ = [
    "FacetValue",
    "IndexUnavailable",
    "QueryError",
    "SearchHit",
    "SearchIndex",
    "SearchResults",
]
