"""``carnet transcribe``: reads, says what it did, and what search then finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.items import get_item
from carnet.cli.main import main
from tests.ocr.drawings import add_item, lettering, png_bytes


def test_transcribe_reads_then_search_says_it_matched_only_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "A.carnet"
    with Archive.create(root) as archive:
        item = add_item(archive, png_bytes(lettering([(40, 60, "BOURSE AUX SEMENCES")])), "a.png")
    assert main(["transcribe", str(root), str(item), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "1 read, 0 with no lettering found, 0 not read" in out
    with Archive.open(root, readonly=True) as archive:
        assert get_item(archive.db, item).ocr_text == "BOURSE AUX SEMENCES"
    # Already read: nothing to do without --redo.
    assert main(["transcribe", str(root), "--all"]) == 0
    assert "0 read" in capsys.readouterr().out
    assert main(["search", str(root), "semences"]) == 0
    out = capsys.readouterr().out
    assert "BOURSE AUX SEMENCES" in out
    assert "found only in the machine-read text" in out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        ([], "say which items to read"),
        (["--event", "nowhere"], "nowhere"),
        (["7"], "no item with id 7"),
    ],
)
def test_a_bad_choice_of_items_is_one_sentence_and_reads_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    root = tmp_path / "A.carnet"
    Archive.create(root).close()
    assert main(["transcribe", str(root), *args]) == 1
    err = capsys.readouterr().err
    assert said in err and len(err.strip().splitlines()) == 1, err
