"""An archive from someone else never runs code: no Whoosh pickle is read from it.

An older Carnet kept the search index in ``ARCHIVE/index/`` (``state.json`` naming a
Whoosh folder), and Whoosh's table of contents is a pickle: a crafted one runs code when
it is read. These tests lay out such an index whose pickle would create a marker file,
then open, search, check and export the archive through the core, the command line and
the desktop app's search process, and check that the marker never appears and that the
search still answers. Then the variants: a state file pointing outside, an ``index/``
that is a file or a link, a cache entry of another copy or made writable by others, an
archive id that would lead out of the cache.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from carnet.catalog import identity
from carnet.catalog.archive import Archive
from carnet.catalog.check import check_archive
from carnet.catalog.items import update_items
from carnet.kit.export import export_kit
from carnet.search import SearchIndex
from carnet.search.index import STATE_NAME
from carnet.search.schema import SCHEMA_VERSION, index_schema
from carnet.search.service import SearchService
from tests.kit.conftest import SLUG, build_archive
from tests.search.conftest import build_forum, cache_folder

FOLDER = f"v{SCHEMA_VERSION}-deadbeef"


class Payload:
    """Unpickled, it creates (opens for writing) the file ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (self.marker, "w"))


def plant_index(folder: Path, marker: Path) -> Path:
    """A Whoosh index in ``folder`` whose table of contents lists a crafted segment."""
    folder.mkdir(parents=True, exist_ok=True)
    schema = index_schema()
    windex.create_in(str(folder), schema)  # generation 0, a genuine empty index
    TOC(schema, [Payload(marker)], 1).write(FileStorage(str(folder)), "MAIN")
    return folder


def plant_legacy_index(root: Path, marker: Path, folder: str | Path = FOLDER) -> None:
    """``ARCHIVE/index/`` as an older Carnet laid it out, with the crafted index in it."""
    legacy = root / "index"
    legacy.mkdir(exist_ok=True)
    plant_index(legacy / folder, marker)
    with Archive.open(root, readonly=True) as archive:
        seq = archive.change_seq()
    state = {"format": "carnet-search", "version": SCHEMA_VERSION, "dir": str(folder), "seq": seq}
    (legacy / STATE_NAME).write_text(json.dumps(state))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real archive (imported drawings, previews, a programme), built once."""
    return build_archive(tmp_path_factory.mktemp("pristine"))


@pytest.fixture
def archive(pristine: Path, tmp_path: Path) -> Path:
    """A copy of it for one test, as it would arrive on a USB stick."""
    root = tmp_path / "stick" / "Test.carnet"
    shutil.copytree(pristine, root)
    return root


@pytest.fixture
def marker(tmp_path: Path) -> Path:
    return tmp_path / "payload-ran"


def carnet(*argv: object) -> subprocess.CompletedProcess[str]:
    """The ``carnet`` command line in a process of its own (the test's cache folder)."""
    return subprocess.run(
        [sys.executable, "-m", "carnet", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def search_ids(root: Path, query: str, *, readonly: bool) -> set[int]:
    with Archive.open(root, readonly=readonly) as archive, SearchIndex(archive) as index:
        return index.matching_ids(query)


def test_the_crafted_index_would_run_its_payload(archive: Path, marker: Path) -> None:
    # What the other tests guard against is real: Whoosh reading this index runs the code.
    plant_legacy_index(archive, marker)
    assert not marker.exists()
    with contextlib.suppress(Exception):  # what it does next does not matter
        windex.open_dir(str(archive / "index" / FOLDER), schema=index_schema()).searcher()
    assert marker.exists()


def test_the_core_never_reads_an_index_from_the_archive(
    archive: Path, marker: Path, tmp_path: Path
) -> None:
    plant_legacy_index(archive, marker)
    expected = search_ids(archive, "communs", readonly=True)
    assert expected  # the search works, through an index of its own
    with Archive.open(archive, readonly=True) as opened:
        assert check_archive(opened).ok
        summary = export_kit(opened, SLUG, tmp_path / "kit-ro")
        assert summary.items == 4 and not summary.problems
    assert (archive / "index" / STATE_NAME).exists()  # a read-only open leaves it alone
    assert not marker.exists()

    assert search_ids(archive, "communs", readonly=False) == expected
    with Archive.open(archive) as opened:
        assert check_archive(opened, repair=True).ok
        export_kit(opened, SLUG, tmp_path / "kit-rw")
    assert not (archive / "index").exists()  # removed by the first writable open
    assert not marker.exists()


def test_the_command_line_never_reads_an_index_from_the_archive(
    archive: Path, marker: Path, tmp_path: Path
) -> None:
    with Archive.open(archive):  # another process writes it: the commands read only
        plant_legacy_index(archive, marker)
        searched = carnet("search", archive, "communs", "--json")
        assert searched.returncode == 0, searched.stderr
        assert json.loads(searched.stdout)["total"] >= 1
        checked = carnet("check", archive)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        exported = carnet("export", archive, "--event", SLUG, tmp_path / "kit")
        assert exported.returncode == 0, exported.stderr
    assert (archive / "index" / STATE_NAME).exists()
    assert not marker.exists()
    for command in (
        ("search", archive, "communs"),
        ("check", archive, "--repair"),
        ("reindex", archive),
        ("export", archive, "--event", SLUG, tmp_path / "kit"),
    ):
        done = carnet(*command)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert "Traceback" not in done.stderr
    assert not marker.exists()
    assert not (archive / "index").exists()


def test_the_desktop_search_process_never_reads_an_index_from_the_archive(
    archive: Path, marker: Path
) -> None:
    plant_legacy_index(archive, marker)
    expected = search_ids(archive, "communs", readonly=True)
    for writable in (False, True):  # a second window, then the window that writes
        with Archive.open(archive, readonly=not writable) as opened:
            service = SearchService(opened.root)
            try:
                service.sync()
                outcome = service.query("communs")
                assert outcome.error is None
                assert outcome.ids == expected
            finally:
                service.close()
            assert not marker.exists()


@pytest.mark.parametrize("where", ["parent", "absolute"])
def test_a_state_file_pointing_outside_the_index_is_never_followed(
    archive: Path, marker: Path, tmp_path: Path, where: str
) -> None:
    outside = tmp_path / "elsewhere" / FOLDER
    target = outside if where == "absolute" else Path("..") / ".." / ".." / "elsewhere" / FOLDER
    plant_legacy_index(archive, marker, folder=target)  # the crafted index is outside
    assert (archive / "index" / target).resolve() == outside.resolve()
    assert search_ids(archive, "communs", readonly=True)
    # The same state in the user's cache, as if tampered with there: rebuilt, never read.
    with Archive.open(archive) as opened:
        folder = cache_folder(opened)
        state = json.loads((folder / STATE_NAME).read_text())
        (folder / STATE_NAME).write_text(json.dumps({**state, "dir": str(outside)}))
        with SearchIndex(opened) as index:
            assert index.matching_ids("communs")
        assert json.loads((folder / STATE_NAME).read_text())["dir"] != str(outside)
    assert not marker.exists()


def test_an_index_that_is_a_file_is_not_an_error(archive: Path, tmp_path: Path) -> None:
    (archive / "index").write_bytes(b"\x80\x04crafted")
    assert search_ids(archive, "communs", readonly=True)
    for command in (("check", archive), ("search", archive, "communs")):
        done = carnet(*command)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    # Checking and searching open the archive read-only: they leave the file as it was...
    assert (archive / "index").read_bytes() == b"\x80\x04crafted"
    Archive.open(archive).close()  # ...and the next writable open removes it, derived data
    assert not (archive / "index").exists()


def test_an_index_that_is_a_link_is_never_followed(
    archive: Path, marker: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "someone's folder"
    plant_index(elsewhere / FOLDER, marker)
    precious = elsewhere / "precious.txt"
    precious.write_text("keep me")
    state = {"format": "carnet-search", "version": SCHEMA_VERSION, "dir": FOLDER, "seq": 0}
    (elsewhere / STATE_NAME).write_text(json.dumps(state))
    (archive / "index").symlink_to(elsewhere, target_is_directory=True)
    assert search_ids(archive, "communs", readonly=True)
    assert search_ids(archive, "communs", readonly=False)
    assert not (archive / "index").is_symlink()  # the link went, not what it points to
    assert precious.read_text() == "keep me"
    assert (elsewhere / FOLDER).is_dir()
    assert not marker.exists()


def test_two_copies_that_diverge_never_use_each_other_s_index(tmp_path: Path) -> None:
    place = tmp_path / "usb" / "Forum.carnet"
    forum = build_forum(place)
    first, loose = forum.archive, forum.ids["loose"]
    with SearchIndex(first) as index:
        index.sync()
    first.close()
    copy = tmp_path / "laptop" / "Forum.carnet"
    shutil.copytree(place, copy)
    # Both change the same item, each its own way, and each keeps an index.
    for root, caption in ((place, "Une loutre."), (copy, "Un castor.")):
        with Archive.open(root) as opened, SearchIndex(opened) as index:
            update_items(opened.db, [loose], caption=caption)
            assert index.matching_ids(caption.split()[1].rstrip(".")) == {loose}
    with Archive.open(place, readonly=True) as a, Archive.open(copy, readonly=True) as b:
        assert identity.archive_id(a.db) == identity.archive_id(b.db)  # one archive, two copies
        assert cache_folder(a) != cache_folder(b)  # an index each
    # The copy is put in the place of the first (same path, same id): the index found
    # there is the first's, of a lineage the copy does not know; it is rebuilt.
    shutil.rmtree(place)
    shutil.copytree(copy, place)
    assert search_ids(place, "castor", readonly=True) == {loose}
    assert search_ids(place, "loutre", readonly=True) == set()


def test_a_cache_entry_copied_from_another_copy_is_rebuilt(tmp_path: Path) -> None:
    forum = build_forum(tmp_path / "a" / "Forum.carnet")
    first, loose = forum.archive, forum.ids["loose"]
    copy = tmp_path / "b" / "Forum.carnet"
    first.close()
    shutil.copytree(first.root, copy)
    with Archive.open(first.root) as opened, SearchIndex(opened) as index:
        update_items(opened.db, [loose], caption="Une loutre.")
        index.sync()
        theirs = cache_folder(opened)
    with Archive.open(copy) as opened:
        update_items(opened.db, [loose], caption="Un castor.")
        mine = cache_folder(opened)
        shutil.rmtree(mine)
        shutil.copytree(theirs, mine)  # the other copy's index, in this copy's place
        before = json.loads((mine / STATE_NAME).read_text())
        with SearchIndex(opened) as index:
            assert index.matching_ids("castor") == {loose}
            assert index.matching_ids("loutre") == set()
        assert json.loads((mine / STATE_NAME).read_text())["dir"] != before["dir"]


def test_a_cache_others_can_write_to_is_never_read(
    archive: Path, marker: Path, user_cache: Path
) -> None:
    expected = search_ids(archive, "communs", readonly=False)
    with Archive.open(archive, readonly=True) as opened:
        folder = cache_folder(opened)
    state = json.loads((folder / STATE_NAME).read_text())
    shutil.rmtree(folder / state["dir"])
    plant_index(folder / state["dir"], marker)  # planted by someone else…
    os.chmod(folder, 0o777)  # …who could, since the folder is open to all
    with Archive.open(archive, readonly=True) as opened, SearchIndex(opened) as index:
        assert index.matching_ids("communs") == expected
        assert index.is_temporary
    assert not marker.exists()


def test_an_archive_id_that_would_leave_the_cache_is_not_used(
    archive: Path, user_cache: Path, tmp_path: Path
) -> None:
    with Archive.open(archive) as opened, opened.db.transaction() as conn:
        conn.execute("UPDATE archive_identity SET archive_id = '../../../escaped'")
    with Archive.open(archive, readonly=True) as opened, SearchIndex(opened) as index:
        assert index.matching_ids("communs")
        assert index.is_temporary
    assert not list(tmp_path.rglob("escaped*"))
    assert list(user_cache.rglob(STATE_NAME)) == []
