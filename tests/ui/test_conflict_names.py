"""A merge conflict is named one way in the merge dialog and in the review of those a merge
left open: its field in the window's language, its event or session by name, its values
with drawings and sessions by name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from carnet.catalog.merging import session_key
from carnet.merge.plan import FieldChange
from carnet.ui.conflict_names import field_name, place_name, value_text
from carnet.ui.i18n import Translations
from carnet.ui.merge_review import ConflictModel

CLOTURE = {session_key("s3", "Clôture", "T17"): "Clôture"}


@pytest.fixture
def french(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    translations = Translations()
    assert translations.install("fr")
    yield
    translations.install("en")


def test_every_merged_field_has_its_name_in_french(french: None) -> None:
    assert field_name("caption") == "Légende"
    assert field_name("tags") == "Mots-clés"
    assert field_name("illustrators") == "Illustrateur·rices"
    assert field_name("order") == "Ordre des dessins"
    assert place_name("event forum-2016", {}) == "Événement « forum-2016 »"
    assert place_name("session uid:s3", CLOTURE) == "Session « Clôture »"


def test_a_session_is_named_by_its_title_else_by_what_its_key_says(qapp) -> None:  # type: ignore[no-untyped-def]
    assert place_name("session uid:s3", CLOTURE) == "Session “Clôture”"
    assert place_name("session uid:gone", CLOTURE) == "Session “gone”"
    assert place_name("session ts:clôture|T17", {}) == "Session “clôture”"
    assert value_text("session", None, "uid:s3", CLOTURE, {}) == "Clôture"
    assert value_text("corrections", None, {"rotate": 90}, {}, {}) == '{"rotate": 90}'
    assert value_text("cover", "event forum", "a" * 64, {}, {"a" * 64: "IMG_1.jpg"}) == "IMG_1.jpg"


def test_the_merge_dialog_names_an_archive_session_by_its_title(qapp) -> None:  # type: ignore[no-untyped-def]
    a = "a" * 64
    model = ConflictModel([])
    model.set_conflicts(
        [
            FieldChange(a, 1, "session", "uid:s3", "uid:s4", "uid:s4"),
            FieldChange("", 0, "cover", None, a, a, target="session uid:s3"),
            FieldChange(a, 1, "tags", ["a"], ["b"], ["b"]),
        ],
        {a: "IMG_1.jpg"},
        "Inès",
        CLOTURE,
    )
    rows = [[model.index(row, column).data() for column in range(4)] for row in range(3)]
    assert rows == [
        ["IMG_1.jpg", "Session", "Clôture", "s4"],
        ["Session “Clôture”", "Cover", "—", "IMG_1.jpg"],
        ["IMG_1.jpg", "Tags", "a", "b"],
    ]
