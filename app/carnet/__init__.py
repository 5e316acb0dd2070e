"""Carnet: archives of live graphic recording."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def carnet_version() -> str:
    """Carnet's version, as `pyproject.toml` gives it (the one place it is written)."""
    try:
        return version("carnet")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"
