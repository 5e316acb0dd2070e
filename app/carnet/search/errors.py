"""Errors of the search package (part of Carnet's one hierarchy)."""

from __future__ import annotations

from carnet.errors import CarnetError


class QueryError(CarnetError):
    """A query cannot be understood; the message says why and how to write it."""


class IndexUnavailable(CarnetError):
    """The search index can neither be opened nor rebuilt (disk full, permissions…)."""
