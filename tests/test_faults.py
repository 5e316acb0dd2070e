"""Every command against a full disk and read-only media: one sentence, nothing half-written.

The faults are injected by shims (portable, and meaningful as root, where permissions
prove nothing): under the folders a test names, the file-system calls that write raise
``OSError(ENOSPC)`` or ``OSError(EROFS)``, and SQLite's writing statements fail the way
SQLite fails on such a disk. The list of commands is read from the parser itself, so a new
command cannot escape: it fails ``test_every_command_is_in_the_table`` until it has a row.

A real read-only bind mount and a real full ``tmpfs`` prove the same where the machine
allows mounting (``unshare -m``, as root); they are skipped with the reason otherwise.
"""

from __future__ import annotations

import argparse
import builtins
import contextlib
import errno
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from carnet.cli import build_parser, main
from carnet.cli.parsing import path_arg
from tests.imaging import make_jpeg

PROGRAMME = """titre;début;fin;salle;parcours;intervenants
Ouverture;29/09/2016 09:00;29/09/2016 10:00;Grand amphi;Plénière;Marie Curie
Les communs urbains;29/09/2016 10:30;29/09/2016 11:45;Salle A;Communs;Elinor Ostrom
"""
NEW_PROGRAMME = PROGRAMME + "Clôture;29/09/2016 16:00;29/09/2016 17:00;Grand amphi;Plénière;\n"
CAMERA = "Apple iPhone 13"
#: Where the search index goes (``carnet.cache.ENV``): the tests' own folder, never ~/.cache.
CACHE_ENV = "CARNET_CACHE_DIR"


@dataclass(frozen=True)
class Case:
    """One command line, and how it must end on read-only media and on a full disk.

    ``read_only`` and ``full`` are exit codes: 0 for a command that only reads (it must
    work), 1 for one that must write (it must fail in one sentence).
    """

    argv: tuple[str, ...]
    read_only: int
    full: int
    prepare: Callable[[Path], None] | None = None


def _drop_a_thumbnail(archive: Path) -> None:
    next((archive / "thumbnails").rglob("*.jpg")).unlink()


def _name_and_save(archive: Path) -> None:
    """Tags, a second spelling of an illustrator, an unused person and tag, a saved search."""
    steps = [
        ("item", "set", archive, "1", "--tag", "theme/communs", "--illustrator", "Zoé"),
        ("item", "set", archive, "2", "--tag", "thème/communs", "--illustrator", "Zoe"),
        ("item", "set", archive, "2", "--tag", "vide", "--speaker", "Personne"),
        ("item", "set", archive, "2", "--remove-tag", "vide", "--remove-speaker", "Personne"),
        ("saved", "add", archive, "Communs", "communs"),
    ]
    for step in steps:
        assert main([str(a) for a in step]) == 0, step


#: A valid command line for every command; ``{archive}``, ``{new}`` (a folder to make),
#: ``{out}`` (a kit's folder), ``{photo}`` and ``{programme}`` are filled in.
CASES: dict[str, list[Case]] = {
    "init": [Case(("init", "{new}"), 1, 1)],
    "import": [Case(("import", "{archive}", "{photo}", "--jobs", "1", "--event", "forum"), 1, 1)],
    "check": [
        Case(("check", "{archive}"), 0, 0),
        Case(("check", "--repair", "{archive}"), 1, 1, prepare=_drop_a_thumbnail),
    ],
    "event add": [
        Case(
            ("event", "add", "{archive}", "--slug", "f2", "--name", "F2", "--timezone", "UTC"),
            1,
            1,
        )
    ],
    "event list": [Case(("event", "list", "{archive}"), 0, 0)],
    "event edit": [Case(("event", "edit", "{archive}", "forum", "--place", "Lyon"), 1, 1)],
    "event delete": [
        Case(("event", "delete", "{archive}", "forum"), 0, 0),
        Case(("event", "delete", "{archive}", "forum", "--yes"), 1, 1),
    ],
    "person rename": [
        Case(("person", "rename", "{archive}", "Marie Curie", "Marie Skłodowska-Curie"), 1, 1)
    ],
    "person merge": [
        Case(("person", "merge", "{archive}", "Zoe", "Zoé"), 1, 1, prepare=_name_and_save)
    ],
    "person delete": [
        Case(("person", "delete", "{archive}", "Personne"), 1, 1, prepare=_name_and_save)
    ],
    "tag rename": [
        Case(("tag", "rename", "{archive}", "theme", "sujet"), 1, 1, prepare=_name_and_save)
    ],
    "tag merge": [
        Case(("tag", "merge", "{archive}", "theme", "thème"), 1, 1, prepare=_name_and_save)
    ],
    "tag delete": [Case(("tag", "delete", "{archive}", "vide"), 1, 1, prepare=_name_and_save)],
    "saved list": [Case(("saved", "list", "{archive}"), 0, 0)],
    "saved add": [Case(("saved", "add", "{archive}", "Communs", "communs"), 1, 1)],
    "saved rename": [
        Case(("saved", "rename", "{archive}", "communs", "Les communs"), 1, 1, _name_and_save)
    ],
    "saved delete": [Case(("saved", "delete", "{archive}", "Communs"), 1, 1, _name_and_save)],
    "coverage": [
        Case(("coverage", "{archive}", "--event", "forum", "--csv"), 0, 0),
        Case(("coverage", "{archive}", "--event", "forum", "--illustrator", "Zoé"), 0, 0),
    ],
    "event cover": [Case(("event", "cover", "{archive}", "--event", "forum", "1"), 1, 1)],
    "session cover": [Case(("session", "cover", "{archive}", "1", "1"), 1, 1)],
    "session order": [Case(("session", "order", "{archive}", "1", "1"), 1, 1)],
    "programme import": [
        Case(("programme", "import", "{archive}", "{programme}", "--event", "forum"), 1, 1),
        Case(
            ("programme", "import", "{archive}", "{programme}", "--event", "forum", "--dry-run"),
            0,
            0,
        ),
    ],
    "programme show": [Case(("programme", "show", "{archive}", "--event", "forum"), 0, 0)],
    "session add": [
        Case(
            (
                *("session", "add", "{archive}", "--event", "forum", "--title", "Atelier"),
                *("--start", "2016-09-29 14:00", "--end", "15:00"),
            ),
            1,
            1,
        )
    ],
    "session split": [Case(("session", "split", "{archive}", "1", "--at", "09:30"), 1, 1)],
    "session merge": [Case(("session", "merge", "{archive}", "1", "2"), 1, 1)],
    "session delete": [Case(("session", "delete", "{archive}", "1"), 1, 1)],
    "people": [Case(("people", "{archive}", "--event", "forum"), 0, 0)],
    "match": [
        Case(("match", "{archive}", "--event", "forum"), 1, 1),
        Case(("match", "{archive}", "--event", "forum", "--dry-run"), 0, 0),
    ],
    "camera offset": [
        Case(("camera", "offset", "{archive}", CAMERA, "+01:00:00"), 1, 1),
        Case(("camera", "offset", "{archive}", "+01:00:00", "--serial", "F2LXK01"), 1, 1),
    ],
    "camera list": [Case(("camera", "list", "{archive}"), 0, 0)],
    "items": [Case(("items", "{archive}", "--json"), 0, 0)],
    "item show": [Case(("item", "show", "{archive}", "1"), 0, 0)],
    "item set": [Case(("item", "set", "{archive}", "1", "--title", "Nouveau"), 1, 1)],
    "item correct": [Case(("item", "correct", "{archive}", "1", "--rotate", "90"), 1, 1)],
    "demo": [Case(("demo", "{new}"), 1, 1)],
    "search": [Case(("search", "{archive}", "communs"), 0, 0)],
    "reindex": [Case(("reindex", "{archive}"), 0, 0)],
    "transcribe": [Case(("transcribe", "{archive}", "1", "--jobs", "1"), 1, 1)],
    # From read-only media into a writable folder: works; onto a full disk: refused.
    "export": [
        Case(("export", "{archive}", "--event", "forum", "{out}", "--zip"), 0, 1),
        # The collection kit: every event of the archive as one site.
        Case(("export", "{archive}", "--all", "{out}", "--zip"), 0, 1),
    ],
    "booklet": [
        Case(("booklet", "{archive}", "--event", "forum", "{out}.pdf", "--cover", "1"), 0, 1)
    ],
    # A package from read-only media into a writable folder: works; onto a full disk: refused.
    "share": [Case(("share", "{archive}", "{out}", "--event", "forum"), 0, 1)],
    "merge": [
        Case(("merge", "{archive}", "{archive}", "--dry-run"), 0, 0),
        Case(("merge", "{archive}", "{archive}"), 1, 1),
    ],
    "conflicts": [
        Case(("conflicts", "{archive}", "--json"), 0, 0),
        Case(("conflicts", "{archive}", "--settle", "theirs"), 1, 1),
    ],
}
#: Commands left out, with why and what covers them.
EXCLUDED = {
    "gui": "it opens a window: tests/ui/test_dialogs.py covers the command and tests/ui the app"
    " (its empty path is refused like every command's: test_no_argument_is_a_bare_path…)",
}


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> Iterator[str]:
    """Every runnable command of ``parser``: ``init``, ``event add``, … (groups walked)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any(isinstance(a, argparse._SubParsersAction) for a in sub._actions):
                    yield from _commands(sub, (*prefix, name))
                else:
                    yield " ".join((*prefix, name))


COMMANDS = set(_commands(build_parser()))


def _cases() -> list[Any]:
    return [
        pytest.param(case, id=f"{name}-{i}" if len(cases) > 1 else name)
        for name, cases in CASES.items()
        if name in COMMANDS
        for i, case in enumerate(cases)
    ]


def test_every_command_is_in_the_table() -> None:
    assert len(COMMANDS) > 15  # the walk found the commands: the test can fail
    assert COMMANDS - set(EXCLUDED) - set(CASES) == set()


# ---------------------------------------------------------------- the archive


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive with an event, a programme and two items tied to its sessions."""
    root = tmp_path_factory.mktemp("built")
    archive = root / "Forum.carnet"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(CACHE_ENV, str(root / "cache"))
        photos = root / "photos"
        photos.mkdir()
        make_jpeg(photos / "a.jpg", captured_at="2016:09:29 09:20:00", model="iPhone 13")
        make_jpeg(
            photos / "b.jpg",
            captured_at="2016:09:29 10:40:00",
            model="iPhone 13",
            color=(0, 120, 0),
        )
        (root / "programme.csv").write_text(PROGRAMME, encoding="utf-8")
        steps = [
            ["init", archive],
            ["event", "add", archive, "--slug", "forum", "--name", "Forum", "--timezone", "CET"],
            ["programme", "import", archive, root / "programme.csv", "--event", "forum"],
            ["import", archive, photos, "--event", "forum", "--jobs", "1"],
            ["item", "set", archive, "1", "--published", "--title", "Les communs"],
            ["item", "set", archive, "2", "--published", "--session", "none"],
        ]
        for step in steps:
            assert main([str(a) for a in step]) == 0, step
    return archive


@dataclass
class Place:
    """Where one test's files live: the media (archive, new archives) and a kit's folder."""

    root: Path
    media: Path
    archive: Path
    new: Path
    out: Path
    photo: Path
    programme: Path

    def argv(self, case: Case) -> list[str]:
        values = {k: str(v) for k, v in self.__dict__.items()}
        return [arg.format(**values) if "{" in arg else arg for arg in case.argv]


@pytest.fixture
def place(built: Path, tmp_path: Path) -> Place:
    media = tmp_path / "media"
    media.mkdir()
    archive = media / built.name
    shutil.copytree(built, archive)
    photo = tmp_path / "new.jpg"
    make_jpeg(photo, captured_at="2016:09:29 16:10:00", color=(200, 200, 0))
    programme = tmp_path / "new-programme.csv"
    programme.write_text(NEW_PROGRAMME, encoding="utf-8")
    out = tmp_path / "kit"
    return Place(tmp_path, media, archive, media / "New.carnet", out, photo, programme)


def _state(archive: Path) -> tuple[str, list[tuple[str, int]]]:
    """The catalog's content (a dump, read read-only) and every other file with its size."""
    uri = f"{(archive / 'catalog.sqlite').as_uri()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        dump = "\n".join(conn.iterdump())
    finally:
        conn.close()
    skip = {"lock", "catalog.sqlite", "catalog.sqlite-wal", "catalog.sqlite-shm"}
    files = sorted(
        (p.relative_to(archive).as_posix(), p.stat().st_size)
        for p in archive.rglob("*")
        if p.is_file() and p.name not in skip
    )
    return dump, files


# ---------------------------------------------------------------- the shims

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_WRITE_SQL = ("insert", "update", "delete", "replace", "create", "drop", "alter")


class Shim:
    """Writes under ``roots`` fail with ``number`` (``ENOSPC`` or ``EROFS``).

    ``EROFS``: nothing under the roots can be created, changed, renamed or removed.
    ``ENOSPC``: nothing can be created or grown; an existing file may still be opened
    (a full disk keeps its files), renaming and removing still work.
    """

    def __init__(self, number: int, roots: list[Path]) -> None:
        self.number = number
        self.roots = [str(r.resolve()) for r in roots]
        self.hits = 0

    def covers(self, path: Any) -> bool:
        if isinstance(path, int):
            return False
        try:
            full = os.path.abspath(os.fsdecode(path))
        except TypeError:
            return False
        return any(full == r or full.startswith(r + os.sep) for r in self.roots)

    def fail(self, path: Any) -> OSError:
        self.hits += 1
        return OSError(self.number, os.strerror(self.number), os.fsdecode(path))

    def creates(self, path: Any, flags: int) -> bool:
        if self.number == errno.EROFS:
            return bool(flags & _WRITE_FLAGS)
        return bool(flags & os.O_CREAT and not os.path.exists(path)) or bool(flags & os.O_TRUNC)

    def sql_error(self) -> sqlite3.OperationalError:
        self.hits += 1
        if self.number == errno.ENOSPC:
            return sqlite3.OperationalError("database or disk is full")
        return sqlite3.OperationalError("attempt to write a readonly database")


@contextmanager
def shimmed(number: int, roots: list[Path]) -> Iterator[Shim]:
    shim = Shim(number, roots)
    real_os_open, real_open = os.open, builtins.open
    real_connect = sqlite3.connect

    def os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: Any = None) -> int:
        if dir_fd is None and shim.covers(path) and shim.creates(path, flags):
            raise shim.fail(path)
        return real_os_open(path, flags, mode, dir_fd=dir_fd)

    def py_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if shim.covers(file) and any(c in mode for c in "wax+"):
            flags = os.O_CREAT | (os.O_TRUNC if "w" in mode else 0) | os.O_WRONLY
            if shim.creates(file, flags) or shim.number == errno.EROFS:
                raise shim.fail(file)
        return real_open(file, mode, *args, **kwargs)

    def refuse(real: Callable[..., Any], *, on_full: bool) -> Callable[..., Any]:
        def call(path: Any, *args: Any, **kwargs: Any) -> Any:
            if (on_full or shim.number == errno.EROFS) and shim.covers(path):
                raise shim.fail(path)
            return real(path, *args, **kwargs)

        return call

    class FaultyCursor(sqlite3.Cursor):
        def execute(self, sql: str, *args: Any) -> Any:
            if sql.lstrip().lower().startswith(_WRITE_SQL):
                raise shim.sql_error()
            return super().execute(sql, *args)

        def executemany(self, sql: str, *args: Any) -> Any:
            if sql.lstrip().lower().startswith(_WRITE_SQL):
                raise shim.sql_error()
            return super().executemany(sql, *args)

    class FaultyConnection(sqlite3.Connection):
        def cursor(self, factory: Any = None) -> Any:
            return super().cursor(FaultyCursor)

        def execute(self, sql: str, *args: Any) -> Any:
            return self.cursor().execute(sql, *args)

        def executemany(self, sql: str, *args: Any) -> Any:
            return self.cursor().executemany(sql, *args)

        def executescript(self, script: str) -> Any:
            raise shim.sql_error()

    def connect(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        name = os.fsdecode(database)
        if name.startswith("file:"):
            name = unquote(name[5:].split("?", 1)[0]).removeprefix("//")
        if shim.covers(name):
            kwargs["factory"] = FaultyConnection
        connection: sqlite3.Connection = real_connect(database, *args, **kwargs)
        return connection

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "open", os_open)
        mp.setattr(builtins, "open", py_open)
        mp.setattr(io, "open", py_open)
        mp.setattr(sqlite3, "connect", connect)
        for name in ("mkdir", "rmdir", "unlink", "remove", "chmod", "utime", "truncate"):
            mp.setattr(os, name, refuse(getattr(os, name), on_full=name in ("mkdir",)))
        for name in ("replace", "rename", "link", "symlink"):
            mp.setattr(os, name, refuse(getattr(os, name), on_full=False))
        yield shim


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _stray_temporaries(*folders: Path) -> list[Path]:
    return [p for f in folders if f.exists() for p in f.rglob("*") if p.name.startswith(".tmp")]


@pytest.mark.parametrize("number", [errno.EROFS, errno.ENOSPC], ids=["read-only", "full"])
@pytest.mark.parametrize("case", _cases())
def test_every_command_on_read_only_media_and_a_full_disk(
    case: Case, number: int, place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    if case.prepare:
        case.prepare(place.archive)
    before = _state(place.archive)
    # Read-only media: the archive's medium. A full disk: the whole disk, kit folder too.
    roots = [place.media] if number == errno.EROFS else [place.root]
    expected = case.read_only if number == errno.EROFS else case.full
    with shimmed(number, roots) as shim:
        code, _, err = _run(capsys, place.argv(case))
    assert "Traceback" not in err
    assert code == expected, err
    if expected:
        assert shim.hits, "the command failed without writing: the shim proved nothing"
        assert len(err.strip().splitlines()) == 1, err
        assert err.startswith("carnet: ")
        said = "read-only media" if number == errno.EROFS else "is full"
        assert said in err, err
        assert not place.new.exists() or not any(place.new.iterdir())
    assert _state(place.archive) == before
    assert _stray_temporaries(place.media, place.out) == []


def test_a_read_only_archive_is_read_searched_and_exported(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    with shimmed(errno.EROFS, [place.media]):
        code, out, err = _run(capsys, ["items", str(place.archive), "--json"])
        assert code == 0, err
        assert [i["title"] for i in json.loads(out)] == ["Les communs", None]
        code, out, err = _run(capsys, ["search", str(place.archive), "communs"])
        assert code == 0, err
        assert "Les communs" in out
        code, out, err = _run(
            capsys, ["export", str(place.archive), "--event", "forum", str(place.out)]
        )
        assert code == 0, err
    assert (place.out / "index.html").is_file()


# ---------------------------------------------------------------- arguments


def _path_positions(parser: argparse.ArgumentParser, words: list[str]) -> list[int]:
    """Indexes in ``words`` (a valid command line) of the arguments typed as paths."""
    probe: list[int] = []
    for i in range(len(words)):
        trial = list(words)
        trial[i] = "\0probe"
        said = io.StringIO()
        with contextlib.redirect_stderr(said), contextlib.suppress(SystemExit):
            parser.parse_args(trial)
        if "cannot hold a NUL" in said.getvalue():
            probe.append(i)
    return probe


def test_no_argument_is_a_bare_path_or_number() -> None:
    """Every path argument goes through ``path_arg`` (so none takes "" as this folder), and
    every number through a type that checks its range (so none reaches SQLite too large)."""
    seen = 0
    stack = [build_parser()]
    while stack:
        parser = stack.pop()
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                stack.extend(action.choices.values())
            elif action.type in (Path, int, float):
                pytest.fail(f"{parser.prog} {action.dest}: a bare {action.type}")
            seen += action.type is path_arg
    assert seen >= 20


@pytest.mark.parametrize("case", _cases())
def test_an_empty_path_is_an_error_in_every_command(
    case: Case, place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    words = place.argv(case)
    positions = _path_positions(build_parser(), words)
    capsys.readouterr()
    assert positions, "no path argument found"
    for i in positions:
        trial = list(words)
        trial[i] = ""
        with pytest.raises(SystemExit) as exit_info:
            main(trial)
        assert exit_info.value.code == 1
        err = capsys.readouterr().err
        assert "an empty path names nothing" in err
        assert err.count("\n") == 1, err
    assert not place.new.exists()


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["item", "show", "{archive}", "99999999999999999999"], "from 1 to 9223372036854775807"),
        (["item", "show", "{archive}", "-1"], "from 1 to"),
        (["item", "show", "{archive}", "0"], "from 1 to"),
        (["item", "show", "{archive}", "un"], "not a whole number"),
        (["item", "set", "{archive}", "9223372036854775808", "--title", "x"], "from 1 to"),
        (["import", "{archive}", "{photo}", "--jobs", "100000"], "between 0"),
        (["import", "{archive}", "{photo}", "--jobs", "-1"], "between 0"),
        (["match", "{archive}", "--event", "forum", "--grace", "99999999999h"], "far too long"),
        (["match", "{archive}", "--event", "forum", "--grace", "8d"], "at most 7 days"),
        (["match", "{archive}", "--event", "forum", "--grace", "1e400s"], "grace"),
        (["camera", "offset", "{archive}", CAMERA, "+99999999999h"], "far too long"),
        (["camera", "offset", "{archive}", CAMERA, "+999999999d"], "at most"),
        (["camera", "offset", "{archive}", CAMERA, "-40000d"], "at most"),
        (["search", "{archive}", "x", "--limit", "99999999999999999999"], "between 1"),
        (["search", "{archive}", "x", "--limit", "0"], "between 1"),
        (["transcribe", "{archive}", "1", "--time-limit", "0"], "between 1"),
        (["transcribe", "{archive}", "0"], "from 1"),
        (["booklet", "{archive}", "--event", "forum", "b.pdf", "--cover", "1e30"], "whole"),
        (["booklet", "{archive}", "--event", "forum", "b.pdf", "--item", "2" * 30], "from 1"),
        (["booklet", "{archive}", "--event", "forum", "b.pdf", "--session", "-3"], "from 1"),
        (
            [
                *("event", "add", "{archive}", "--slug", "x", "--name", "X"),
                "--timezone",
                "UTC",
                "--start",
                "9999-12-31",
            ],
            "a date from",
        ),
        (
            [
                *("event", "add", "{archive}", "--slug", "x", "--name", "X"),
                "--timezone",
                "UTC",
                "--end",
                "0001-01-01",
            ],
            "a date from",
        ),
        (
            [
                *("event", "add", "{archive}", "--slug", "x", "--name", "X"),
                "--timezone",
                "UTC",
                "--start",
                "2016-02-30",
            ],
            "not a date",
        ),
    ],
)
def test_numbers_dates_and_lengths_of_time_are_range_checked(
    argv: list[str], said: str, place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _state(place.archive)
    values = {"archive": str(place.archive), "photo": str(place.photo)}
    with pytest.raises(SystemExit) as exit_info:
        main([a.format(**values) for a in argv])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("carnet: "), err
    assert said in err, err
    assert _state(place.archive) == before


@pytest.mark.parametrize("ref", [str(2**63), "9" * 30, "²", "٣"])
def test_a_session_given_as_a_number_too_large_or_odd_is_a_title_not_found(
    ref: str, place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = ["items", str(place.archive), "--json"]
    before = _run(capsys, listed)[1]
    code, _, err = _run(capsys, ["item", "set", str(place.archive), "1", "--session", ref])
    assert code == 1
    assert err == f"carnet: no session {ref!r} in this event\n"
    assert _run(capsys, listed)[1] == before


def test_a_number_too_large_that_no_type_checked_is_still_one_sentence(
    place: Place, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr("carnet.cli.items.list_items", failing)
    code, _, err = _run(capsys, ["items", str(place.archive)])
    assert code == 1
    said = "a number is too large: Python int too large to convert to SQLite INTEGER"
    assert err == f"carnet: {said}\n"


def test_the_largest_id_is_simply_not_found(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, ["item", "show", str(place.archive), str(2**63 - 1)])
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err


# ---------------------------------------------------------------- the last resort


@pytest.mark.parametrize(
    ("error", "said"),
    [
        (OSError(errno.EIO, "Input/output error", "/media/x"), "/media/x: Input/output error"),
        (OSError(errno.EIO, "Input/output error", b"/media/b"), "/media/b: Input/output error"),
        (OSError(errno.EIO, "Input/output error"), "a file: Input/output error"),
        (OSError("something odd"), "a file: something odd"),
        (OSError(errno.ENOSPC, "No space left on device", "/m/y"), "the disk holding /m/y"),
        (PermissionError(errno.EROFS, "Read-only file system", "/m/z"), "/m/z is on read-only"),
        (sqlite3.OperationalError("database or disk is full"), "is full"),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only media"),
        (sqlite3.OperationalError("unable to open database file"), "cannot be used"),
    ],
)
def test_an_untranslated_error_is_one_sentence(
    error: Exception,
    said: str,
    place: Place,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr("carnet.cli.items.list_items", failing)
    code, _, err = _run(capsys, ["items", str(place.archive)])
    assert code == 1
    assert err.count("\n") == 1 and said in err and "Traceback" not in err


# ---------------------------------------------------------------- processes


def _carnet(*argv: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "carnet", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_output_into_a_closed_pipe_ends_quietly(place: Place) -> None:
    for argv in (["items", str(place.archive)], ["items", str(place.archive), "--json"]):
        with subprocess.Popen(
            [sys.executable, "-m", "carnet", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as proc:
            assert proc.stdout is not None and proc.stderr is not None
            proc.stdout.close()  # like `| head -0`: nobody reads what carnet writes
            err = proc.stderr.read().decode()
            code = proc.wait(timeout=120)
        assert err == ""
        assert code == 141


def _unshare_mount() -> str | None:
    """Why mounting in a namespace of its own is impossible here, or None."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return "needs Linux and unshare"
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    if probe.returncode:
        return f"cannot mount in a namespace of its own: {probe.stderr.strip()}"
    return None


def _in_namespace(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["unshare", "-m", "sh", "-ec", script],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, **env, "PY": sys.executable, "PYTHONPATH": os.pathsep.join(sys.path)},
    )


def test_a_real_read_only_mount(place: Place, tmp_path: Path) -> None:
    reason = _unshare_mount()
    if reason:
        pytest.skip(reason)
    mount = tmp_path / "dvd"
    mount.mkdir()
    archive = mount / place.archive.name
    before = _state(place.archive)
    script = f"""
mount --bind -o ro "{place.media}" "{mount}"
run() {{
  "$PY" -m carnet "$@" >/dev/null 2>"$ERR" && echo "ok $1" || echo "fail $1 $(cat "$ERR")"
}}
run items "{archive}"
run search "{archive}" communs
run check "{archive}"
run export "{archive}" --event forum "{place.out}"
run item set "{archive}" 1 --title X
run import "{archive}" "{place.photo}"
run init "{mount}/New.carnet"
"""
    result = _in_namespace(script, ERR=str(tmp_path / "err"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == ["ok items", "ok search", "ok check", "ok export"], result.stdout
    for line in lines[4:]:
        assert line.startswith("fail") and "Traceback" not in line, line
    assert "is on read-only media" in lines[4] and "is on read-only media" in lines[5]
    assert _state(place.archive) == before
    assert (place.out / "index.html").is_file()


def test_a_really_full_disk(place: Place, tmp_path: Path) -> None:
    """A 2 MB tmpfs filled up: import, programme import, edits and export each end in one
    sentence; ``check`` then finds the catalog healthy."""
    reason = _unshare_mount()
    if reason:
        pytest.skip(reason)
    disk = tmp_path / "disk"
    disk.mkdir()
    photos = tmp_path / "photos"
    photos.mkdir()
    for i in range(6):
        make_jpeg(photos / f"p{i}.jpg", (1600, 1200), color=(40 * i, 90, 200 - 20 * i))
    archive = disk / place.archive.name
    script = f"""
mount -t tmpfs -o size=2m tmpfs "{disk}"
cp -a "{place.archive}" "{archive}"
dd if=/dev/zero of="{disk}/filler" bs=64k 2>/dev/null || true
run() {{
  "$PY" -m carnet "$@" >/dev/null 2>"$ERR" && code=0 || code=$?
  echo "$code $1 $(wc -l < "$ERR") $(cat "$ERR")"
}}
run check "{archive}"
run items "{archive}"
run import "{archive}" "{photos}" --event forum
run programme import "{archive}" "{place.programme}" --event forum
run item set "{archive}" 1 --title "Nouveau titre"
run export "{archive}" --event forum "{disk}/kit"
run init "{disk}/New.carnet"
rm "{disk}/filler"
run check "{archive}"
"$PY" -m carnet items "{archive}" --json > "{tmp_path}/items.json"
find "{disk}" -name '.tmp-*' > "{tmp_path}/strays"
"""
    result = _in_namespace(script, ERR=str(tmp_path / "err"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # Reading a full disk works, and finds the catalog healthy.
    assert [line.rstrip() for line in lines[:2]] == ["0 check 0", "0 items 0"], result.stdout
    for line in lines[2:-1]:
        assert line.startswith("1 ") and " 1 carnet: " in line, line
        assert "Traceback" not in line
    assert "is full" in lines[2] and "is full" in lines[4], result.stdout
    assert lines[-1].rstrip() == "0 check 0", lines[-1]
    items = json.loads((tmp_path / "items.json").read_text(encoding="utf-8"))
    assert [i["title"] for i in items] == ["Les communs", None]
    assert (tmp_path / "strays").read_text() == ""


def test_a_negative_clock_offset_is_a_value_not_an_option(
    place: Place, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = str(place.archive)
    assert _run(capsys, ["camera", "offset", archive, CAMERA, "-00:05:00"])[0] == 0
    code, out, _ = _run(capsys, ["camera", "list", archive])
    assert code == 0 and "-00:05:00" in out


def test_with_v_the_traceback_of_an_untranslated_error_is_logged(
    place: Place,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    def failing(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.EIO, "Input/output error", "/media/x")

    monkeypatch.setattr("carnet.cli.items.list_items", failing)
    code, _, err = _run(capsys, ["-v", "items", str(place.archive)])
    assert code == 1 and "/media/x: Input/output error" in err
    [record] = [r for r in caplog.records if r.name == "carnet.cli.main"]
    assert record.exc_info is not None and record.exc_info[0] is OSError
