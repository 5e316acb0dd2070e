"""Only ``carnet.ui`` imports Qt: the core stays plain Python."""

from __future__ import annotations

import re
from pathlib import Path

import carnet

QT_IMPORT = re.compile(r"^\s*(from|import)\s+(PySide6|PyQt\d|shiboken6)\b", re.MULTILINE)


def test_only_the_ui_package_imports_qt() -> None:
    root = Path(carnet.__file__).parent
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "ui" not in path.relative_to(root).parts[:1] and QT_IMPORT.search(path.read_text())
    ]
    assert offenders == []
    assert QT_IMPORT.search((root / "ui" / "models.py").read_text())  # the check can fire
