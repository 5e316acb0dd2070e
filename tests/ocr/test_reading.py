"""Reading the lettering: offline, in reading order, bad images, time limit, cancel.

OCR is heavy: these tests read a handful of small drawings, each once.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from carnet.catalog.archive import Archive
from carnet.catalog.items import get_item, update_items
from carnet.errors import Cancelled, NotFound
from carnet.ocr import Reader, transcribe
from carnet.ocr.engine import forbid_network
from tests.imaging import make_bomb_png
from tests.ocr.drawings import add_item, lettering, png_bytes

#: A title across the board, then two columns whose lines are not level with each other.
BOARD = [
    (60, 20, "LES COMMUNS NUMÉRIQUES"),
    (40, 160, "RÉPARER"),
    (40, 250, "PLUTÔT"),
    (560, 200, "PARTAGER"),
    (560, 290, "LE SAVOIR"),
]


def _no_network(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("the network was used while reading")


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every network socket of this process refuses to connect (workers refuse by
    themselves, ``forbid_network``); local sockets stay, the fork server listens on one."""
    connect = socket.socket.connect

    def local_only(sock: socket.socket, address: Any) -> Any:
        if sock.family != socket.AF_UNIX:
            _no_network()
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", local_only)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_network)
    monkeypatch.setattr(socket, "create_connection", _no_network)
    monkeypatch.setattr(socket, "getaddrinfo", _no_network)
    yield


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader()


def test_a_reader_reads_a_board_in_reading_order_with_its_accents(
    reader: Reader, offline: None
) -> None:
    reading = reader.read(lettering(BOARD, size=(1000, 420)))
    assert reading.lines == [
        "LES COMMUNS NUMÉRIQUES",
        "RÉPARER",
        "PLUTÔT",
        "PARTAGER",
        "LE SAVOIR",
    ]
    assert reading.engine.startswith("rapidocr ")
    assert reading.confidence is not None and 0.5 < reading.confidence <= 1


def test_a_blank_or_tiny_image_gives_no_text(reader: Reader) -> None:
    for image in (Image.new("RGB", (600, 400), "white"), Image.new("L", (6, 4000), 0)):
        reading = reader.read(image)
        assert reading.lines == [] and reading.text == "" and reading.confidence is None


def test_forbid_network_refuses_every_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, getattr(socket.socket, name))
    monkeypatch.setattr(socket, "create_connection", socket.create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", socket.getaddrinfo)
    forbid_network()
    with pytest.raises(OSError, match="never uses the network"):
        socket.create_connection(("127.0.0.1", 9))
    with socket.socket() as sock, pytest.raises(OSError, match="never uses the network"):
        sock.connect(("127.0.0.1", 9))


def test_a_batch_reads_offline_and_a_bad_image_never_stops_it(
    tmp_path: Path, offline: None
) -> None:
    with Archive.create(tmp_path / "A.carnet") as archive:
        good = add_item(archive, png_bytes(lettering([(40, 40, "JARDIN PARTAGÉ")])), "a.png")
        blank = add_item(archive, png_bytes(Image.new("RGB", (500, 300), "white")), "b.png")
        # Neither a preview nor an original that decodes: a reason, not a hang.
        corrupt = add_item(archive, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "c.png", previews=False)
        # A header claiming ten billion pixels: refused before decoding.
        bomb = add_item(
            archive, make_bomb_png(tmp_path / "bomb.png").read_bytes(), "d.png", previews=False
        )
        update_items(archive.db, [good], transcription="Écrit par une personne")
        seen: list[tuple[int, int]] = []
        report = transcribe(
            archive, every=True, workers=2, progress=lambda d, t: seen.append((d, t))
        )
        assert report.read == [good]
        assert report.empty == [blank]
        failed = dict(report.failed)
        assert set(failed) == {corrupt, bomb}
        assert all(reason for reason in failed.values())
        assert seen[0] == (0, 4) and seen[-1] == (4, 4)
        item = get_item(archive.db, good)
        assert item.ocr_text == "JARDIN PARTAGÉ"
        assert item.transcription == "Écrit par une personne"  # never written over
        assert item.ocr_engine and item.ocr_read_at and item.ocr_confidence
        assert get_item(archive.db, blank).ocr_read_at is not None
        assert get_item(archive.db, corrupt).ocr_read_at is None  # tried again next time
        # Read again only when asked.
        again = transcribe(archive, [good, blank], workers=1)
        assert again.read == again.empty == again.failed == []


def test_an_image_over_the_time_limit_is_given_up_and_the_batch_goes_on(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "A.carnet") as archive:
        ids = [
            add_item(archive, png_bytes(lettering([(40, 40, word)])), f"{word}.png")
            for word in ("UN", "DEUX")
        ]
        # No reading takes a millisecond: each worker is killed and replaced.
        report = transcribe(archive, ids, workers=1, time_limit=0.001)
        assert [i for i, _ in report.failed] == ids
        assert all("longer than" in reason for _, reason in report.failed)
        assert get_item(archive.db, ids[0]).ocr_read_at is None


def test_cancelling_keeps_what_was_read(tmp_path: Path) -> None:
    with Archive.create(tmp_path / "A.carnet") as archive:
        ids = [
            add_item(archive, png_bytes(lettering([(40, 40, word)], size=(500, 200))), f"{n}.png")
            for n, word in enumerate(("UN", "DEUX", "TROIS"))
        ]
        cancel = threading.Event()

        def progress(done: int, total: int) -> None:
            if done >= 1:
                cancel.set()

        with pytest.raises(Cancelled):
            transcribe(archive, ids, workers=1, progress=progress, cancel=cancel)
        read = [i for i in ids if get_item(archive.db, i).ocr_read_at is not None]
        assert len(read) == 1


def test_an_unknown_item_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    with (
        Archive.create(tmp_path / "A.carnet") as archive,
        pytest.raises(NotFound, match="no item with id 42"),
    ):
        transcribe(archive, [42])
