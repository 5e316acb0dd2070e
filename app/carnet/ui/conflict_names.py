"""How the window names a merge conflict, in its language: the field, the event or session of
a cover or order conflict, and the values (drawings and sessions by name).

The merge dialog (the conflicts of a dry run, ``merge_review.ConflictModel``) and the review
of those a merge left open (``conflicts_dialog.ConflictReviewModel``) say them alike. The
texts are in the translations' ``ConflictNames`` context.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from carnet.catalog.fields import FIELDS_BY_NAME
from carnet.catalog.merging import session_key_name
from carnet.ui.i18n import say


def show_value(value: Any) -> str:
    """A merged value on one line (a set as a list), cut short."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if value is None:
        return ""
    if value is True or value is False:
        return "✓" if value else "✗"
    return " ".join(str(value).split())[:200]


def field_name(name: str) -> str:
    """A merged field as the window names it, in its language."""
    declared = FIELDS_BY_NAME.get(name)
    if declared is not None:
        return say(declared.label)
    translate = QCoreApplication.translate
    others = {
        "session": translate("ConflictNames", "Session"),
        "corrections": translate("ConflictNames", "Corrections"),
        "tags": translate("ConflictNames", "Tags"),
        "speakers": translate("ConflictNames", "Speakers"),
        "illustrators": translate("ConflictNames", "Illustrators"),
        "cover": translate("ConflictNames", "Cover"),
        "order": translate("ConflictNames", "Order of drawings"),
    }
    return others.get(name, name)


def session_name(key: str, sessions: Mapping[str, str]) -> str:
    """A session a merge names by its key (``catalog/merging.py:session_key``): its title
    in ``sessions`` (``catalog/conflicts.py:session_names``), else what the key says."""
    return sessions.get(key) or session_key_name(key)


def place_name(target: str, sessions: Mapping[str, str]) -> str:
    """The event or session of a cover or order conflict (``event SLUG``, ``session KEY``)."""
    kind, _, ref = target.partition(" ")
    if kind == "event":
        return QCoreApplication.translate("ConflictNames", "Event “%1”").replace("%1", ref)
    return QCoreApplication.translate("ConflictNames", "Session “%1”").replace(
        "%1", session_name(ref, sessions)
    )


def value_text(
    field: str,
    target: str | None,
    value: Any,
    sessions: Mapping[str, str],
    drawings: Mapping[str, str],
) -> str:
    """A conflict's value as shown: the drawings of a cover or an order by name (from
    ``drawings``, by hash), a session by its title, corrections as their JSON."""
    if target is not None:
        hashes = value if isinstance(value, list) else [value] if value else []
        return ", ".join(drawings.get(str(h)) or str(h)[:12] for h in hashes)
    if field == "session" and isinstance(value, str):
        return session_name(value, sessions)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)[:200]
    return show_value(value)
