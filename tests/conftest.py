"""Fixtures shared by every test."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from carnet.cache import ENV as CACHE_ENV

# Qt needs a display: a private Xvfb when it is installed, offscreen otherwise; tests never
# open a window on the developer's screen (tests/ui/display.py).
pytest_plugins = ["tests.ui.display"]

logging.getLogger("exifread").setLevel(logging.CRITICAL)


@pytest.fixture(scope="session", autouse=True)
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The cache folder of the fixtures built once per module or session (set before them);
    each test then gets its own (``user_cache``)."""
    folder = tmp_path_factory.mktemp("session-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder of the test's own (search indexes live there), never ``~/.cache``.

    Set in the environment, so the processes a test starts (the search process, the
    command line) use it too; through a patch of its own, which a test's
    ``monkeypatch.undo()`` leaves in place.
    """
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder
