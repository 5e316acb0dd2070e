"""Carnet's build backend: setuptools, plus ``resources/`` shipped inside the package.

The resources (kit templates, translations, icons) live at the top of the repository, where
a checkout and an editable install find them. A wheel has no such place, so the build copies
them into the built package as ``carnet/resources/``, where ``carnet.resources`` looks for
them in an installed Carnet. An editable install skips the copy: it runs from the checkout.

``pyproject.toml`` names this module as the build backend (``backend-path = ["packaging"]``)
and its ``BuildPy`` as setuptools' ``build_py`` command.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools.build_meta import *  # type: ignore[import-untyped]  # noqa: F403  (the hooks)
from setuptools.command.build_py import build_py  # type: ignore[import-untyped]

# Sources of generated files, not needed by a running Carnet.
SKIPPED = ("*.ts",)


class BuildPy(build_py):  # type: ignore[misc]
    """``build_py`` that also copies ``resources/`` to ``<build>/carnet/resources/``."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        source = Path(self.distribution.src_root or ".").resolve() / "resources"
        if not (source / "kit" / "templates").is_dir():
            raise FileNotFoundError(f"no Carnet resources in {source}")
        target = Path(self.build_lib) / "carnet" / "resources"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(*SKIPPED))
