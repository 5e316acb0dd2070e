"""`carnet demo` builds a realistic archive through the real import, programme and match."""

from __future__ import annotations

from pathlib import Path

from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.events import list_events, list_sessions
from carnet.catalog.items import list_items
from carnet.demo import build_demo


def test_demo_archive(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    summary = build_demo(tmp_path / "Demo.carnet", progress=lambda d, t: calls.append((d, t)))
    assert "60 drawings" in summary
    with Archive.open(tmp_path / "Demo.carnet", readonly=True) as archive:
        (event,) = list_events(archive.db)
        assert event.language == "fr" and event.timezone == "Europe/Paris"
        sessions = list_sessions(archive.db, event.id)
        assert len(sessions) == 16
        assert len({s.track for s in sessions if s.track}) == 4
        items = list_items(archive.db)
        assert len(items) == 60
        assert {f for i in items for f in [i.format]} == {"jpeg", "heic"}
        assert {n for i in items for n in i.illustrators} == {"Margaux Lefèvre", "Inès Bouchareb"}
        assert all(i.session for i in items)
        assert all(i.caption and i.title for i in items)
        assert sum(1 for i in items if i.tags) >= 50
        assert all(i.published and i.licence == "CC-BY-SA-4.0" for i in items)
        # a session with no drawing, for the coverage view
        covered = {i.session_id for i in items}
        assert any(s.id not in covered for s in sessions)
        assert check_archive(archive).ok
    assert calls and calls[-1] == (60, 60)
