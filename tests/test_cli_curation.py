"""``carnet event edit/delete``, ``person``, ``tag``, ``saved`` and ``coverage``: the
command line over the same core functions as the window."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.imaging import make_jpeg
from tests.test_cli import forum, run  # noqa: F401 (the fixture)


@pytest.fixture
def drawn(forum: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:  # noqa: F811
    photos = tmp_path / "photos"
    photos.mkdir()
    make_jpeg(photos / "a.jpg", captured_at="2016:09:29 09:20:00")
    make_jpeg(photos / "b.jpg", captured_at="2016:09:29 10:40:00", color=(0, 120, 0))
    assert run(capsys, "import", forum, photos, "--event", "forum", "--jobs", "1")[0] == 0
    assert run(capsys, "match", forum, "--event", "forum")[0] == 0
    for argv in (
        ("item", "set", forum, "1", "--illustrator", "Zoé", "--tag", "theme/communs"),
        ("item", "set", forum, "2", "--illustrator", "Zoe", "--tag", "thème"),
    ):
        code, _, err = run(capsys, *argv)
        assert code == 0, err
    return forum


def test_event_edit_and_delete(drawn: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "event", "edit", drawn, "forum", "--slug", "forum-2016", "--place", "Lyon"
    )
    assert code == 0, err
    code, out, _ = run(capsys, "event", "list", drawn, "--json")
    assert '"slug": "forum-2016"' in out and '"place": "Lyon"' in out
    assert '"name": "Forum Humanisme"' in out
    code, _, err = run(capsys, "event", "edit", drawn, "forum-2016", "--timezone", "Mars/X")
    assert code == 1 and "unknown timezone" in err and err.count("\n") == 1
    with pytest.raises(SystemExit):
        run(capsys, "event", "edit", drawn, "forum-2016", "--start", "2016-13-01")
    assert "not a date" in capsys.readouterr().err

    code, out, _ = run(capsys, "event", "delete", drawn, "forum-2016")
    assert code == 0
    assert "4 sessions, 1 items matched to them, 2 items of the event" in out
    assert "Nothing deleted" in out
    code, out, _ = run(capsys, "event", "delete", drawn, "forum-2016", "--yes")
    assert code == 0
    code, out, _ = run(capsys, "event", "list", drawn)
    assert "forum-2016" not in out
    code, out, _ = run(capsys, "items", drawn, "--json")
    assert out.count('"id"') == 2


def test_person_and_tag(drawn: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "person", "merge", drawn, "Zoe", "Zoé")
    assert code == 0, err
    code, out, _ = run(capsys, "items", drawn, "--json")
    assert out.count('"Zoé"') == 2 and '"Zoe"' not in out
    code, _, err = run(capsys, "person", "rename", drawn, "Zoé", "Zoé Martin")
    assert code == 0, err
    code, _, err = run(capsys, "person", "rename", drawn, "Zoé Martin", "marie curie")
    assert code == 1 and "merge the two instead" in err
    code, _, err = run(capsys, "person", "delete", drawn, "Zoé Martin")
    assert code == 1 and "still credited" in err
    code, _, err = run(capsys, "tag", "merge", drawn, "theme", "thème")
    assert code == 0, err
    code, out, _ = run(capsys, "items", drawn, "--json")
    assert "thème/communs" in out and '"theme' not in out
    code, _, err = run(capsys, "tag", "rename", drawn, "thème", "sujet")
    assert code == 0, err
    code, _, err = run(capsys, "tag", "delete", drawn, "sujet")
    assert code == 1 and "merge it instead" in err
    code, _, err = run(capsys, "tag", "delete", drawn, "absent")
    assert code == 1 and "no tag 'absent'" in err


def test_saved_and_coverage(drawn: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "saved", "add", drawn, "Communs", "tag:communs")[0] == 0
    assert run(capsys, "saved", "rename", drawn, "communs", "Les communs")[0] == 0
    code, out, _ = run(capsys, "saved", "list", drawn)
    assert out.startswith("Les communs")
    code, _, err = run(capsys, "saved", "delete", drawn, "Absent")
    assert code == 1 and "no saved search called 'Absent'" in err
    assert run(capsys, "saved", "delete", drawn, "les communs")[0] == 0
    assert run(capsys, "saved", "list", drawn)[1] == ""

    code, out, _ = run(capsys, "coverage", drawn, "--event", "forum", "--csv")
    lines = out.splitlines()
    assert lines[0] == "session_id,start,end,title,track,room,items"
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == ["1", "0", "0", "0"]
    code, out, _ = run(
        capsys, "coverage", drawn, "--event", "forum", "--csv", "--illustrator", "Zoe"
    )
    assert [line.rsplit(",", 1)[1] for line in out.splitlines()[1:]] == ["0", "0", "0", "0"]
    code, out, _ = run(capsys, "coverage", drawn, "--event", "forum")
    assert "3 of 4 sessions without any item" in out
