"""``carnet search`` and ``carnet reindex``, driven through ``carnet.cli.main``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.cli import main
from carnet.cli.search import add_reindex, add_search
from tests.search.conftest import build_forum


@pytest.fixture
def root(tmp_path: Path) -> Path:
    forum = build_forum(tmp_path / "Forum.carnet")
    forum.archive.close()
    return tmp_path / "Forum.carnet"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_search_on_a_terminal_shows_title_session_and_snippet(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "search", root, "numériques")
    assert code == 0, err
    lines = out.splitlines()
    assert "La société numérique" in lines[0]
    assert "[Les communs urbains]" in lines[0]
    assert "NUMÉRIQUE → CONFIANCE !" in lines[1]
    assert lines[-1] == "1 item match"


def test_search_words_without_quotes(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", root, "speaker:ostrom", "confiance")
    assert code == 0
    assert "La société numérique" in out


def test_search_json_is_complete(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", root, "confiance", "--json", "--facets")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "confiance"
    assert data["total"] == 2
    assert {h["title"] for h in data["hits"]} == {"La société numérique", "Piège"}
    hit = next(h for h in data["hits"] if h["title"] == "Piège")
    assert set(hit) >= {
        "id",
        "score",
        "title",
        "title_html",
        "snippet_html",
        "snippet",
        "event",
        "session",
        "captured_at",
        "published",
    }
    assert "&lt;script&gt;" in hit["snippet_html"]
    assert data["facets"]["event"] == [
        {"value": "forum-2016", "label": "Forum Humanisme", "count": 2}
    ]
    assert data["suggestion"] is None
    assert data["stale"] is False


def test_search_limit_and_event(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", root, "speaker:ostrom", "--limit", "1")
    assert code == 0
    assert out.splitlines()[-1] == "3 items match, showing 1"
    code, out, _ = run(capsys, "search", root, "ostrom", "--event", "summit", "--json")
    assert [h["title"] for h in json.loads(out)["hits"]] == ["Drawings of the commons"]
    code, _, err = run(capsys, "search", root, "ostrom", "--event", "nowhere")
    assert code == 1
    assert err.startswith("carnet: no event 'nowhere'")


def test_search_facets_on_a_terminal(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", root, "speaker:ostrom", "--facets")
    assert code == 0
    assert "Events: Forum Humanisme (2), Civic Summit (1)" in out
    assert "Speakers: Elinor Ostrom (3), Paul Langevin (1)" in out


def test_no_match_suggests(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", root, "confiense")
    assert code == 0
    assert "No item matches 'confiense'." in out
    assert "Did you mean: confiance" in out


def test_bad_queries_are_one_line_errors(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for query in ("*", "auteur:x", "x" * 10_000, "date:hier"):
        code, out, err = run(capsys, "search", root, query)
        assert code == 1
        assert out == ""
        assert err.startswith("carnet: ")
        assert "Traceback" not in err
        assert len(err.splitlines()) == 1


def test_bad_limit(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["search", str(root), "x", "--limit", "0"])
    assert exit_info.value.code == 1


def test_search_a_locked_archive_read_only(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "search", root, "confiance")  # builds the index
    with Archive.open(root):  # another process would hold the writer lock
        code, out, err = run(capsys, "search", root, "confiance")
    assert code == 0, err
    assert "2 items match" in out


def test_reindex(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "reindex", root)
    assert code == 0, err
    assert out.startswith("Search index rebuilt: 6 items in ")
    code, out, _ = run(capsys, "search", root, "énergie")
    assert "Transition écologique" in out


def test_search_and_reindex_are_registered(root: Path) -> None:
    parser = argparse.ArgumentParser(prog="carnet")
    sub = parser.add_subparsers(dest="command")
    add_search(sub)
    add_reindex(sub)
    args = parser.parse_args(["search", str(root), "a", "b", "--facets", "--event", "x"])
    assert args.query == ["a", "b"]
    assert args.facets
    assert args.event == "x"
    assert args.limit == 20
    assert callable(args.func)
    args = parser.parse_args(["reindex", str(root)])
    assert callable(args.func)
