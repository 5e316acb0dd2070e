"""The `carnet` command line, driven in-process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carnet.cli import main
from tests.imaging import make_jpeg

PROGRAMME = """titre;début;fin;salle;parcours;intervenants
Ouverture;29/09/2016 09:00;29/09/2016 10:00;Grand amphi;Plénière;Marie Curie, Paul Langevin
Les communs urbains;29/09/2016 10:30;29/09/2016 11:45;Salle A;Communs;Elinor Ostrom
Démocratie locale;29/09/2016 10:30;29/09/2016 11:45;Salle B;Démocratie;Jean Jaurès
Clôture;29/09/2016 16:00;29/09/2016 17:00;Grand amphi;Plénière;
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def forum(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "Forum.carnet"
    assert run(capsys, "init", root)[0] == 0
    code, _, err = run(
        capsys,
        "event",
        "add",
        root,
        "--slug",
        "forum",
        "--name",
        "Forum Humanisme",
        "--timezone",
        "Europe/Paris",
        "--language",
        "fr",
    )
    assert code == 0, err
    csv = tmp_path / "programme.csv"
    csv.write_text(PROGRAMME, encoding="utf-8")
    code, out, err = run(capsys, "programme", "import", root, csv, "--event", "forum")
    assert code == 0, err
    assert "4 sessions added" in out
    return root


def _items(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, object]]:
    code, out, _ = run(capsys, "items", root, "--json")
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("carnet 0.")


def test_import_match_and_edit(
    forum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    # 11:52 is after the 10:30–11:45 sessions: within a 45-minute grace period.
    make_jpeg(photos / "a.jpg", captured_at="2016:09:29 09:20:00", model="iPhone 13")
    make_jpeg(
        photos / "b.jpg", captured_at="2016:09:29 11:52:00", model="iPhone 13", color=(0, 200, 0)
    )
    make_jpeg(
        photos / "c.jpg", captured_at="2016:09:29 15:50:00", model="iPhone 13", color=(0, 0, 200)
    )
    code, out, err = run(
        capsys, "import", forum, photos, "--event", "forum", "--illustrator", "Léa", "--jobs", "1"
    )
    assert code == 0, err
    assert "3 imported, 0 already in the archive, 0 rejected" in out

    # b is ambiguous (two parallel sessions); the camera is 15 minutes late for c.
    code, out, _ = run(capsys, "camera", "offset", forum, "Apple iPhone 13", "+00:15:00")
    assert code == 0
    code, out, _ = run(capsys, "match", forum, "--event", "forum", "--grace", "45m", "--dry-run")
    assert code == 0 and "would be tied" in out
    assert all(i["session"] is None for i in _items(capsys, forum))

    code, out, _ = run(capsys, "match", forum, "--event", "forum", "--grace", "45m")
    assert code == 0
    assert "1 ambiguous" in out
    sessions = {i["original_name"]: i["session"] for i in _items(capsys, forum)}
    assert sessions == {"a.jpg": "Ouverture", "b.jpg": None, "c.jpg": "Clôture"}

    code, out, _ = run(
        capsys, "match", forum, "--event", "forum", "--grace", "45m", "--room", "Salle B"
    )
    sessions = {i["original_name"]: i["session"] for i in _items(capsys, forum)}
    assert sessions["b.jpg"] == "Démocratie locale"

    # A session set by hand is never overwritten by matching.
    ids = {i["original_name"]: i["id"] for i in _items(capsys, forum)}
    code, _, err = run(
        capsys,
        "item",
        "set",
        forum,
        ids["a.jpg"],
        "--session",
        "Les communs urbains",
        "--caption",
        "La société en communs",
        "--tag",
        "theme/communs",
        "--tag",
        "ville",
        "--speaker",
        "Elinor Ostrom",
        "--licence",
        "cc-by-4.0",
        "--published",
    )
    assert code == 0, err
    run(capsys, "match", forum, "--event", "forum", "--grace", "45m")
    item = next(i for i in _items(capsys, forum) if i["id"] == ids["a.jpg"])
    assert item["session"] == "Les communs urbains"
    assert item["session_source"] == "manual"
    assert item["caption"] == "La société en communs"
    assert item["tags"] == ["theme/communs", "ville"]
    assert item["speakers"] == ["Elinor Ostrom"]
    assert item["licence"] == "CC-BY-4.0"
    assert item["published"] is True
    for key in (
        "id",
        "original_name",
        "hash",
        "event",
        "session",
        "captured_at",
        "caption",
        "tags",
    ):
        assert key in item

    code, out, _ = run(capsys, "item", "show", forum, ids["a.jpg"])
    assert "La société en communs" in out and "Les communs urbains" in out

    code, out, _ = run(capsys, "check", forum)
    assert code == 0, out


def test_errors_are_one_clear_line(
    forum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "items", forum, "--event", "nope")
    assert code == 1 and err.startswith("carnet: no event 'nope'")
    code, _, err = run(capsys, "item", "set", forum, "999", "--caption", "x")
    assert code == 1 and "no item with id 999" in err
    code, _, err = run(
        capsys,
        "event",
        "add",
        forum,
        "--slug",
        "Bad Slug",
        "--name",
        "x",
        "--timezone",
        "Europe/Paris",
    )
    assert code == 1 and "invalid slug" in err
    code, _, err = run(
        capsys, "event", "add", forum, "--slug", "x", "--name", "x", "--timezone", "Mars/Olympus"
    )
    assert code == 1 and "unknown timezone" in err
    code, _, err = run(capsys, "items", tmp_path / "nothing-here")
    assert code == 1 and "not a Carnet archive" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("titre;début;fin\nA;29/09/2016 10:00;29/09/2016 09:00\nB;demain;\n")
    code, _, err = run(capsys, "programme", "import", forum, bad, "--event", "forum")
    assert code == 1
    assert "line 2" in err and "line 3" in err and "nothing imported" in err
    code, out, _ = run(capsys, "programme", "show", forum, "--event", "forum")
    assert out.count("\n") >= 4 and "(0 items)" in out  # the bad file changed nothing
    with pytest.raises(SystemExit):
        main(["camera", "offset", str(forum), "Apple iPhone 13", "soon"])
    assert "offset" in capsys.readouterr().err


def test_import_exit_status_is_1_when_something_is_rejected(
    forum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.jpg").write_text("hello")
    code, out, err = run(capsys, "import", forum, tmp_path / "notes.jpg")
    assert code == 1
    assert "rejected:" in err and "notes.jpg" in err
    assert "0 imported, 0 already in the archive, 1 rejected" in out


def test_programme_import_dry_run_previews_and_changes_nothing(
    forum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    changed = PROGRAMME.replace("Salle B", "Salle C") + (
        "Nouvelle session;29/09/2016 14:00;29/09/2016 15:00;Salle A;Communs;\n"
    )
    csv = tmp_path / "changed.csv"
    csv.write_text(changed, encoding="utf-8")

    code, out, err = run(capsys, "programme", "import", forum, csv, "--event", "forum", "--dry-run")

    assert code == 0, err
    assert "add     2016-09-29 14:00  Nouvelle session" in out
    assert "update  2016-09-29 10:30  Démocratie locale" in out
    assert "1 sessions to add, 1 to update, 3 unchanged; 0 entries skipped" in out
    code, out, _ = run(capsys, "programme", "show", forum, "--event", "forum")
    assert "Nouvelle session" not in out and "Salle C" not in out


def test_programme_import_skips_calendar_entries_without_title_or_end(
    forum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ics = tmp_path / "p.ics"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Test//Carnet//EN",
        "BEGIN:VEVENT",
        "UID:a",
        "SUMMARY:Atelier",
        "DTSTART:20160929T140000",
        "DTEND:20160929T150000",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:b",
        "DTSTART:20160929T150000",
        "DTEND:20160929T160000",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    ics.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")

    code, out, err = run(capsys, "programme", "import", forum, ics, "--event", "forum", "--dry-run")
    assert code == 0, err
    assert "skip    line 10:" in out and "SUMMARY" in out
    assert "1 sessions to add, 0 to update, 0 unchanged; 1 entries skipped" in out

    code, out, err = run(capsys, "programme", "import", forum, ics, "--event", "forum")
    assert code == 0, err
    assert "1 sessions added" in out and "1 entries skipped" in out


def test_covers_and_order_of_a_session(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from carnet.catalog.archive import Archive
    from carnet.catalog.covers import event_cover, session_cover, session_item_ids

    archive = tmp_path / "A.carnet"
    assert main(["init", str(archive)]) == 0
    assert (
        main(["event", "add", str(archive), "--slug", "f", "--name", "F", "--timezone", "UTC"]) == 0
    )
    with Archive.open(archive) as a, a.db.transaction() as conn:
        conn.execute(
            "INSERT INTO sessions (event_id, title, start, end)"
            " VALUES (1, 'S', '2016-09-29T10:00:00+00:00', '2016-09-29T11:00:00+00:00')"
        )
        conn.executemany(
            "INSERT INTO items (hash, original_name, original_path, format, size, imported_at,"
            " captured_at, event_id, session_id) VALUES (?, 'f.jpg', '/x', 'jpeg', 1,"
            " '2016-01-01', ?, 1, ?)",
            [(f"{i:064x}", f"2016-09-29T10:0{i}:00", 1 if i < 3 else None) for i in (1, 2, 3)],
        )
    a_ = str(archive)
    assert main(["session", "order", a_, "1", "2", "1"]) == 0
    assert main(["session", "cover", a_, "1", "2"]) == 0
    assert main(["event", "cover", a_, "--event", "f", "3"]) == 0
    with Archive.open(archive, readonly=True) as a:
        assert session_item_ids(a.db, 1) == [2, 1]
        assert session_cover(a.db, 1) == 2
        assert event_cover(a.db, 1) == 3
    assert main(["event", "cover", a_, "--event", "f", "--clear"]) == 0
    assert main(["session", "cover", a_, "1", "--clear"]) == 0
    with Archive.open(archive, readonly=True) as a:
        assert event_cover(a.db, 1) == 2
        assert session_cover(a.db, 1) == 2
    capsys.readouterr()
    assert main(["session", "cover", a_, "1", "3"]) == 1
    assert "item 3 is not a drawing of this session" in capsys.readouterr().err
    assert main(["session", "order", a_, "1", "1", "1"]) == 1
    assert "only one place" in capsys.readouterr().err
    assert main(["event", "cover", a_, "--event", "f"]) == 1
    assert "either the cover's item id or --clear" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["session", "cover", a_, "1"])
    assert "one of the arguments ID --clear is required" in capsys.readouterr().err


def test_session_add_split_merge_delete(forum: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "session",
        "add",
        forum,
        "--event",
        "forum",
        "--title",
        "Atelier",
        "--start",
        "29/09/2016 14:00",
        "--end",
        "15:30",
        "--speaker",
        "Ada Lovelace",
    )
    assert code == 0, err
    assert out.startswith("Session 5 added")
    code, out, err = run(capsys, "session", "split", forum, "5", "--at", "14:45")
    assert code == 0, err
    assert "the rest is session 6" in out
    code, out, _ = run(capsys, "programme", "show", forum, "--event", "forum")
    assert "2016-09-29 14:00–14:45  Atelier" in out and "2016-09-29 14:45–15:30  Atelier" in out
    code, out, err = run(capsys, "session", "merge", forum, "5", "6")
    assert code == 0, err
    code, out, _ = run(capsys, "programme", "show", forum, "--event", "forum")
    assert "2016-09-29 14:00–15:30  Atelier" in out and "14:45" not in out
    code, out, err = run(capsys, "session", "delete", forum, "5")
    assert code == 0, err
    code, out, _ = run(capsys, "programme", "show", forum, "--event", "forum")
    assert "Atelier" not in out


def test_session_commands_refuse_bad_input_in_one_sentence(
    forum: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "session", "split", forum, "1", "--at", "12:00")
    assert code == 1 and "split at a time inside it" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "session", "merge", forum, "1", "1")
    assert code == 1 and "at least two" in err
    code, _, err = run(capsys, "session", "delete", forum, "99")
    assert code == 1 and "no session with id 99" in err
    code, _, err = run(
        capsys,
        "session",
        "add",
        forum,
        "--event",
        "forum",
        "--title",
        "X",
        "--start",
        "soon",
        "--end",
        "15:00",
    )
    assert code == 1 and "cannot read 'soon'" in err


def test_match_reject_and_confirm(
    forum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    make_jpeg(photos / "a.jpg", captured_at="2016:09:29 09:20:00", model="iPhone 13")
    make_jpeg(
        photos / "b.jpg", captured_at="2016:09:29 11:00:00", model="iPhone 13", color=(0, 200, 0)
    )
    assert run(capsys, "import", forum, photos, "--event", "forum", "--jobs", "1")[0] == 0
    ids = {i["original_name"]: i["id"] for i in _items(capsys, forum)}
    # b runs during two parallel sessions (2: Les communs urbains, 3: Démocratie locale).
    code, out, err = run(
        capsys, "match", forum, "--event", "forum", "--reject", f"{ids['b.jpg']}:2"
    )
    assert code == 0, err
    sessions = {i["original_name"]: i for i in _items(capsys, forum)}
    assert sessions["b.jpg"]["session"] == "Démocratie locale"
    # Matching again keeps the rejection: the rejected session is never suggested again.
    code, out, err = run(
        capsys, "match", forum, "--event", "forum", "--reject", f"{ids['b.jpg']}:3"
    )
    assert code == 0, err
    assert "1 whose suggestion was rejected" in out
    sessions = {i["original_name"]: i for i in _items(capsys, forum)}
    assert sessions["b.jpg"]["session"] is None

    code, out, err = run(capsys, "match", forum, "--event", "forum", "--confirm")
    assert code == 0, err
    assert "1 matches confirmed" in out
    code, out, _ = run(capsys, "item", "show", forum, str(ids["a.jpg"]))
    assert "manual" in out or "by hand" in out

    with pytest.raises(SystemExit) as refused:
        run(capsys, "match", forum, "--event", "forum", "--reject", "b")
    assert refused.value.code == 1 and "ITEM:SESSION" in capsys.readouterr().err
    code, _, err = run(capsys, "match", forum, "--event", "forum", "--confirm", "--dry-run")
    assert code == 1 and "cannot --reject or --confirm" in err
