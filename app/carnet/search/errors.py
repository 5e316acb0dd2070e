"""Errors of the search package (part of Carnet's one hierarchy)."""

from __future__ import annotations

from carnet.errors import CarnetError
from carnet.messages import Text


class QueryError(CarnetError):
    """A query cannot be understood; the message says why and how to write it."""


class IndexUnavailable(CarnetError):
    """The search index can neither be opened nor rebuilt (disk full, permissions…)."""


INDEXING_CANCELLED = Text("indexing cancelled; the search index was left as it was")
INDEX_CLOSED = Text("the search index is closed")
