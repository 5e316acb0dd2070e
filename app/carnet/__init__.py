"""Carnet: archives of live graphic recording."""

from __future__ import annotations


def carnet_version() -> str:
    """Carnet's version, as `pyproject.toml` gives it (the one place it is written)."""
    # Imported here: importlib.metadata takes longer to load than the rest of a command's
    # start, and only --version, the About box and the kit's generator line need it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("carnet")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"
