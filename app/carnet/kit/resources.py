"""Where the kit's templates, stylesheet, scripts and strings live.

They are found through ``carnet.resources``, like every other resource.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from carnet.errors import ExportFailed
from carnet.messages import Text
from carnet.resources import resource_path


@cache
def kit_resources() -> Path:
    """The ``resources/kit`` folder; ``ExportFailed`` when it cannot be found."""
    path = resource_path("kit")
    if not (path / "templates").is_dir():
        raise ExportFailed(
            Text("the kit templates cannot be found (no {path})", path=str(path / "templates"))
        )
    return path


@cache
def strings(language: str) -> dict[str, Any]:
    """The page texts of ``language`` ('fr' or 'en')."""
    path = kit_resources() / "i18n" / f"{language}.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ExportFailed(
            Text(
                "cannot read the kit's {language} texts: {error}", language=language, error=str(exc)
            )
        ) from exc
    return data
