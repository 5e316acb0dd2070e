"""Load the scripts of ``packaging/`` as modules (that folder is not a package on purpose:
a ``packaging`` package would hide the PyPI library of that name)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def load(name: str, path: Path | None = None) -> ModuleType:
    """A fresh module from ``packaging/<name>.py`` (or from ``path``)."""
    path = path or PACKAGING / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"_carnet_packaging_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
