"""Where Carnet's resources are (kit templates, translations, icons), wherever it runs from.

One function for every part of Carnet, so a checkout, an installed wheel and a frozen
bundle find the same files the same way.
"""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path


@cache
def resource_root() -> Path:
    """The ``resources`` folder.

    In order: ``$CARNET_RESOURCES`` (for packagers), a frozen bundle's ``resources/``
    (PyInstaller unpacks to ``sys._MEIPASS``), ``carnet/resources`` inside an installed
    package, the repository's ``resources/`` in a checkout, and
    ``<prefix>/share/carnet/resources``.
    """
    candidates: list[Path] = []
    env = os.environ.get("CARNET_RESOURCES")
    if env:
        candidates.append(Path(env))
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.append(Path(bundle) / "resources")
    here = Path(__file__).resolve().parent
    candidates.append(here / "resources")
    candidates.append(here.parents[1] / "resources")
    candidates.append(Path(sys.prefix) / "share" / "carnet" / "resources")
    for root in candidates:
        if root.is_dir():
            return root
    return candidates[-1]


def resource_path(*parts: str) -> Path:
    """The path of a resource under the ``resources`` folder (it may not exist)."""
    return resource_root().joinpath(*parts)
