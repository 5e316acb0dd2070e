"""The sidebar sorts people and tags the way the window's language sorts them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale

from carnet.catalog.browse import Overview, PersonCount
from carnet.ui.sidebar import SidebarModel


@pytest.fixture
def french() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    yield
    QLocale.setDefault(before)


def _children(model: SidebarModel, title: str) -> list[str]:
    for row in range(model.rowCount()):
        header = model.index(row, 0)
        if str(header.data()).casefold() == title.casefold():
            return [model.index(r, 0, header).data() for r in range(model.rowCount(header))]
    raise AssertionError([model.index(r, 0).data() for r in range(model.rowCount())])


def test_french_names_sort_with_their_letters(qtbot, french: None) -> None:  # type: ignore[no-untyped-def]
    tags = ["Zèbre", "travail", "éducation", "eau", "Économie", "tag 10", "tag 2"]
    people = ["Émile", "Zoé", "eric", "Élodie"]
    counts = Overview(
        total=1,
        events=[],
        people=[PersonCount(i, name, "illustrator", 1) for i, name in enumerate(people)],
        tags=[(t, 1) for t in sorted(tags)],  # the catalog's byte order: é after z
        no_session=0,
        suggested=0,
        unpublished=0,
        trash=0,
    )
    model = SidebarModel()
    model.build(counts, [], None)
    assert _children(model, "Tags") == [
        "eau",
        "Économie",
        "éducation",
        "tag 2",
        "tag 10",
        "travail",
        "Zèbre",
    ]
    people_header = next(
        model.index(r, 0) for r in range(model.rowCount()) if model.index(r, 0).data() == "PEOPLE"
    )
    illustrators = model.index(0, 0, people_header)
    names = [model.index(r, 0, illustrators).data() for r in range(model.rowCount(illustrators))]
    assert names == ["Élodie", "Émile", "eric", "Zoé"]
