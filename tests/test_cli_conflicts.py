"""``carnet conflicts``: the conflicts merges left open, listed one a line or as JSON, and
settled as mine or theirs, by field and by item; bad input changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.conflicts import count_open
from carnet.catalog.items import list_items
from carnet.cli.main import main
from tests.conflicted import conflicted_archive


@pytest.fixture
def conflicted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CARNET_CACHE_DIR", str(tmp_path / "cache"))
    return conflicted_archive(tmp_path)


def _captions(root: Path) -> dict[str, str | None]:
    with Archive.open(root, readonly=True) as archive:
        return {i.original_name: i.caption for i in list_items(archive.db)}


def _open(root: Path) -> int:
    with Archive.open(root, readonly=True) as archive:
        return count_open(archive.db)


def test_lists_one_line_each_with_names_not_keys(
    conflicted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["conflicts", str(conflicted)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6 and lines[-1].startswith("5 conflict(s) open")
    caption = next(line for line in lines if "Caption" in line)
    assert "mine “Ma légende” / theirs “Their caption”" in caption
    assert "(IMG_0.jpg)" in caption and "from Theirs.carnet" in caption
    session = next(line for line in lines if " session:" in line)
    assert "mine “Ouverture” / theirs “Clôture”" in session
    assert any(line.startswith("session “Communs” cover") for line in lines)


def test_json_lists_them_with_their_contribution(
    conflicted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["conflicts", str(conflicted), "--json", "--field", "caption"]) == 0
    [found] = json.loads(capsys.readouterr().out)
    assert found["field"] == "caption" and found["target"] is None
    assert (found["mine"], found["theirs"]) == ("Ma légende", "Their caption")
    assert found["package"] == "Theirs.carnet" and found["merged_at"]


def test_settle_theirs_for_one_field_then_mine_for_the_rest(
    conflicted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["conflicts", str(conflicted), "--settle", "theirs", "--field", "caption"]
    assert main(argv) == 0
    assert "settled 1 conflict(s)" in capsys.readouterr().out
    assert _captions(conflicted)["IMG_0.jpg"] == "Their caption"
    assert _open(conflicted) == 4
    assert main(["conflicts", str(conflicted), "--settle", "mine"]) == 0
    assert _open(conflicted) == 0
    assert main(["conflicts", str(conflicted)]) == 0
    assert "no open conflicts" in capsys.readouterr().out


def test_settle_by_item(conflicted: Path) -> None:
    with Archive.open(conflicted, readonly=True) as archive:
        item = next(i.id for i in list_items(archive.db) if i.original_name == "IMG_0.jpg")
    assert main(["conflicts", str(conflicted), "--settle", "theirs", "--item", str(item)]) == 0
    assert _captions(conflicted)["IMG_0.jpg"] == "Their caption"
    assert _open(conflicted) == 4


def test_bad_input_is_one_sentence_and_changes_nothing(
    conflicted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _captions(conflicted)
    argv = ["conflicts", str(conflicted), "--settle", "theirs", "--item", "999"]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no open conflict matches" in err
    for bad in (["--settle", "both"], ["--field", "tags"]):
        with pytest.raises(SystemExit) as exit:
            main(["conflicts", str(conflicted), *bad])
        assert exit.value.code == 1
        assert "invalid choice" in capsys.readouterr().err
    assert _captions(conflicted) == before and _open(conflicted) == 5


def test_a_value_that_cannot_be_taken_is_said_and_left_open(
    conflicted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from carnet.catalog.events import find_session, get_event
    from carnet.catalog.sessions import delete_session

    with Archive.open(conflicted) as archive:
        cloture = find_session(archive.db, get_event(archive.db, "forum").id, "Clôture")
        assert cloture is not None
        delete_session(archive.db, cloture)
    argv = ["conflicts", str(conflicted), "--settle", "theirs", "--field", "session"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "settled 0 conflict(s)" in out and "left open: item" in out
    assert _open(conflicted) == 5
