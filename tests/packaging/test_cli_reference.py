"""The command line reference in the READMEs is the parser's own help, kept up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.scripts import ROOT, load

cli_reference = load("cli_reference")


def test_both_readmes_hold_the_current_reference() -> None:
    # When this fails after a change to the command line: run `make readme`.
    assert cli_reference.stale() == []


def test_the_reference_covers_every_command() -> None:
    text = cli_reference.reference()
    for command in ("carnet import", "carnet programme import", "carnet item set",
                    "carnet search", "carnet export", "carnet gui"):  # fmt: skip
        assert f"#### `{command}`" in text
    assert "usage: carnet item set" in text


def test_a_stale_reference_is_noticed(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    readme.write_text(text.replace("worker processes (default", "workers (default"), "utf-8")
    assert cli_reference.stale((readme,)) == [
        "README.md: the command line reference is out of date"
    ]
    cli_reference.write((readme,))
    assert readme.read_text(encoding="utf-8") == text


def test_a_readme_without_the_markers_is_refused(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Carnet\n", encoding="utf-8")
    assert "no reference section" in cli_reference.stale((readme,))[0]
    with pytest.raises(cli_reference.OutOfDate):
        cli_reference.write((readme,))


def test_the_text_outside_the_markers_is_kept() -> None:
    text = f"before\n{cli_reference.START}\nold\n{cli_reference.END}\nafter\n"
    new = cli_reference.updated(text, "NEW\n")
    assert new == f"before\n{cli_reference.START}\n\nNEW\n\n{cli_reference.END}\nafter\n"
