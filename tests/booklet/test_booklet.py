"""``carnet booklet``: the PDF as poppler reads it, determinism, hostile text, bad input."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from carnet.booklet import BookletOptions, BookletSummary, make_booklet, printable_area
from carnet.booklet.images import PRINT_DPI
from carnet.catalog.archive import Archive
from carnet.cli.main import main
from carnet.errors import Cancelled, ExportFailed, NotFound
from tests.booklet.conftest import CAPTIONS, LONG, SLUG, Fixture, run

PT = 72 / 25.4  # points per millimetre
PAGE_POINTS = {"A4": (595.28, 841.89), "A5": (419.53, 595.28), "letter": (612.0, 792.0)}


def make(archive: Fixture, out: Path, **options: object) -> BookletSummary:
    with Archive.open(archive.path, readonly=True) as opened:
        return make_booklet(opened, SLUG, out, BookletOptions(**options))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def booklet(
    archive: Fixture, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, BookletSummary]:
    out = tmp_path_factory.mktemp("booklet") / "livret.pdf"
    return out, make(archive, out)


def flat(text: str) -> str:
    return " ".join(text.split())


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = run("pdfinfo", "-f", "1", "-l", "9999", pdf)
    return [
        (float(w), float(h))
        for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    ]


def images_list(pdf: Path) -> list[dict[str, str]]:
    lines = run("pdfimages", "-list", pdf).splitlines()
    names = lines[0].split()
    return [dict(zip(names, line.split(), strict=False)) for line in lines[2:]]


def layout(pdf: Path, tmp: Path) -> ET.Element:
    """pdftohtml's XML: pages, text, image boxes (in points) and the outline."""
    tmp.mkdir(exist_ok=True)
    xml = run("pdftohtml", "-xml", "-stdout", "-zoom", "1", "-q", pdf, cwd=tmp)
    return ET.fromstring(xml.replace('<!DOCTYPE pdf2xml SYSTEM "pdf2xml.dtd">', ""))


# ---------------------------------------------------------------- what poppler sees


def test_page_count_and_size(archive: Fixture, booklet: tuple[Path, BookletSummary]) -> None:
    pdf, summary = booklet
    info = run("pdfinfo", pdf)
    assert re.search(r"Pages:\s+(\d+)", info)[1] == str(summary.pages)  # type: ignore[index]
    assert "A4" in info
    sizes = page_sizes(pdf)
    assert len(sizes) == summary.pages
    portrait, landscape = PAGE_POINTS["A4"], PAGE_POINTS["A4"][::-1]
    assert all(s in (portrait, landscape) for s in sizes)
    orientation = {p.item_id: sizes[p.page - 1] for p in summary.placed if p.page > 1}
    assert orientation[archive.ids["wide.jpg"]] == landscape  # a panorama: the page turns
    for name in ("small.jpg", "turned.jpg", "rotated.jpg"):
        assert orientation[archive.ids[name]] == portrait, name
    # cover, contents, programme, 2 session pages, 7 drawings, a caption continued, the
    # "outside the programme" page, index, colophon
    assert summary.drawings == 7 and summary.pages >= 15


@pytest.mark.parametrize("paper", ["A5", "letter"])
def test_other_papers(archive: Fixture, tmp_path: Path, paper: str) -> None:
    out = tmp_path / "p.pdf"
    make(archive, out, paper=paper, sessions=[archive.sessions[0]])
    assert page_sizes(out)[0] == PAGE_POINTS[paper]


def test_every_font_is_embedded(booklet: tuple[Path, BookletSummary]) -> None:
    rows = run("pdffonts", booklet[0]).splitlines()[2:]
    assert len(rows) >= 2
    for row in rows:
        emb, _sub, uni = row.split()[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row


def test_text_holds_every_caption_with_accents(booklet: tuple[Path, BookletSummary]) -> None:
    done = subprocess.run(["pdftotext", booklet[0], "-"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""  # poppler finds nothing to complain of
    text = flat(done.stdout)
    assert "Une «société» des communs" not in text
    assert "Une « société » des communs ; vraiment ? « Oui » dit Hélène. Œuvre collective." in text
    assert "Bonjour : l’été !" in text  # curly apostrophe, spaces before : and !
    for name, (_, caption) in CAPTIONS.items():
        if name in ("draft.jpg", "hostile.jpg", "big.jpg"):
            continue
        assert flat(caption.replace("'", "’")) in text, name
    assert text.count("Très long") == LONG.count("Très long")
    assert "secret" not in text  # not published


def test_french_spaces_are_narrow_and_unbreakable(booklet: tuple[Path, BookletSummary]) -> None:
    """pdftotext writes every space as U+0020, so the narrow space is measured: the gap
    before ``!``, ``;``, ``?`` and ``»`` is narrower than a word space."""
    bbox = run("pdftotext", "-bbox", booklet[0], "-")
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', bbox
    )
    gaps = {}
    for (_, y0, x1, _), (nx0, ny0, _, nw) in itertools.pairwise(words):
        if abs(float(y0) - float(ny0)) < 0.5:
            gaps.setdefault(nw, []).append(float(nx0) - float(x1))
            gaps.setdefault("word", []).append(float(nx0) - float(x1))
    word_space = sorted(gaps["word"])[len(gaps["word"]) // 2]
    for sign in ("!", ";", "?", "»"):
        assert sign in gaps, sign
        assert 0 < min(gaps[sign]) < word_space, sign
    # and the glyph drawn there is U+202F, as the fonts' character maps say
    assert re.search(rb"<[0-9A-F]{4}> <202F>", booklet[0].read_bytes())


def test_images_at_print_resolution_never_enlarged(
    archive: Fixture, booklet: tuple[Path, BookletSummary]
) -> None:
    pdf, summary = booklet
    rows = images_list(pdf)
    assert len(rows) == len(summary.placed) == 8  # the cover drawing, then the seven
    by_page = {int(r["page"]): r for r in rows}
    for placed in summary.placed:
        row = by_page[placed.page] if placed.page != 1 else by_page[1]
        assert (int(row["width"]), int(row["height"])) == placed.pixels
        assert row["x-ppi"] == row["y-ppi"]  # aspect ratio kept
        assert int(row["x-ppi"]) <= PRINT_DPI + 1
    big = next(p for p in summary.placed if p.item_id == archive.ids["big.jpg"] and p.page > 1)
    assert int(by_page[big.page]["x-ppi"]) >= 299  # shrunk to 300 dpi: the original had more
    assert max(big.pixels) < 2600
    small = next(p for p in summary.placed if p.item_id == archive.ids["small.jpg"])
    assert small.pixels == (400, 600)  # too small for 200 dpi: printed as is, never enlarged
    turned = next(p for p in summary.placed if p.item_id == archive.ids["turned.jpg"])
    rotated = next(p for p in summary.placed if p.item_id == archive.ids["rotated.jpg"])
    assert turned.pixels[0] < turned.pixels[1]  # EXIF orientation applied
    assert rotated.pixels[0] < rotated.pixels[1]  # the user's rotation applied
    # every JPEG is a plain one the printer reads as it is
    assert all(r["enc"] == "jpeg" and r["color"] == "rgb" for r in rows)


def test_every_drawing_lies_whole_inside_the_printable_area(
    booklet: tuple[Path, BookletSummary], tmp_path: Path
) -> None:
    pdf, summary = booklet
    root = layout(pdf, tmp_path / "html")
    seen = 0
    for page in root.iter("page"):
        width, height = float(page.get("width", 0)), float(page.get("height", 0))
        landscape = width > height
        x0, y0, x1, y1 = (v * PT for v in printable_area("A4", landscape=landscape))
        for image in page.iter("image"):
            # pdftohtml rounds to whole points
            left, top = float(image.get("left", 0)), float(image.get("top", 0))
            w, h = float(image.get("width", 0)), float(image.get("height", 0))
            assert x0 - 1 <= left and left + w <= x1 + 1, (page.get("number"), left, w)
            assert y0 - 1 <= top and top + h <= y1 + 1, (page.get("number"), top, h)
            placed = next(p for p in summary.placed if p.page == int(page.get("number", 0)))
            px_w, px_h = placed.pixels
            assert abs(w / h - px_w / px_h) <= (2 / h) * px_w / px_h + 0.002
            x, y, bw, bh = placed.box  # and exactly, as placed
            assert abs(bw / bh - px_w / px_h) < 1e-6
            assert x >= x0 / PT - 1e-6 and x + bw <= x1 / PT + 1e-6
            assert y >= y0 / PT - 1e-6 and y + bh <= y1 / PT + 1e-6
            seen += 1
    assert seen == len(summary.placed)


def test_drawings_are_as_large_as_the_page_allows(booklet: tuple[Path, BookletSummary]) -> None:
    _, summary = booklet
    for placed in summary.placed:
        _, _, w, h = placed.box
        portrait = printable_area("A4")
        landscape = printable_area("A4", landscape=True)
        widths = (portrait[2] - portrait[0], landscape[2] - landscape[0])
        # the drawing fills the width, or else the height left by its text
        assert any(abs(w - full) < 0.01 for full in widths) or h > 100, placed


def test_bookmarks_per_session_and_document_language(
    booklet: tuple[Path, BookletSummary], tmp_path: Path
) -> None:
    pdf, summary = booklet
    root = layout(pdf, tmp_path / "html")
    outline = root.find("outline")
    assert outline is not None
    top = [item.text for item in outline.findall("item")]
    assert top[:2] == ["Sommaire", "Programme"]
    assert "Les communs et la société" in top and "L’école et les écrans" in top
    assert top[-3:] == ["Dessins hors programme", "Index", "Colophon"]
    drawings = [item.text for sub in outline.findall("outline") for item in sub.findall("item")]
    assert "Bonjour : l’été !" in drawings and len(drawings) == summary.drawings
    data = pdf.read_bytes()
    assert b"/Lang (fr)" in data
    assert b"/StructTreeRoot" in data  # drawings tagged as figures with their alt text
    assert "Tagged:          yes" in run("pdfinfo", pdf)


def test_contents_index_and_colophon(booklet: tuple[Path, BookletSummary]) -> None:
    pdf, summary = booklet
    text = run("pdftotext", "-layout", pdf, "-")
    pages = text.split("\f")
    contents = pages[1]
    assert "Sommaire" in contents
    session_line = next(line for line in contents.splitlines() if "Les communs et" in line)
    number = int(session_line.split()[-1])
    assert "Les communs et la société" in pages[number - 1]
    index = next(p for p in pages if p.lstrip().startswith("Index"))
    benali = next(line for line in index.splitlines() if "Aïcha Benali" in line)
    for n in re.findall(r"\d+", benali.split("Aïcha Benali")[1]):
        assert "Aïcha Benali" in pages[int(n) - 1]
    assert "Inès Bouchareb" in index and "Margaux Lefèvre" in index
    colophon = flat(pages[summary.pages - 1])
    assert "Creative Commons Attribution-ShareAlike 4.0" in colophon
    assert "Livret.carnet" in colophon and "Atkinson Hyperlegible" in colophon


def test_same_archive_gives_same_bytes(archive: Fixture, tmp_path: Path) -> None:
    make(archive, tmp_path / "a.pdf", large_print=True)
    make(archive, tmp_path / "b.pdf", large_print=True)
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert b"CreationDate" in (tmp_path / "a.pdf").read_bytes()


def test_large_print_has_bigger_type(booklet: tuple[Path, BookletSummary], archive: Fixture,
                                     tmp_path: Path) -> None:  # fmt: skip
    out = tmp_path / "large.pdf"
    summary = make(archive, out, large_print=True)
    assert summary.pages > booklet[1].pages

    def caption_height(pdf: Path) -> float:
        bbox = run("pdftotext", "-bbox", pdf, "-")
        found = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">Redressé', bbox)
        assert found
        a, b = [float(v) for v in found.groups() if v]
        return b - a

    assert caption_height(out) > caption_height(booklet[0]) * 1.4


def test_english_booklet(archive: Fixture, tmp_path: Path) -> None:
    out = tmp_path / "en.pdf"
    make(archive, out, language="en", sessions=[archive.sessions[0]])
    text = flat(run("pdftotext", out, "-"))
    assert "Contents" in text and "Drawn by Margaux Lefèvre" in text
    assert "Une “société” des communs" in text
    assert b"/Lang (en)" in out.read_bytes()


def test_selection_and_unpublished(archive: Fixture, tmp_path: Path) -> None:
    out = tmp_path / "sel.pdf"
    summary = make(archive, out, items=[archive.ids["small.jpg"], archive.ids["wide.jpg"]])
    assert summary.drawings == 2 and summary.sessions == 2
    out2 = tmp_path / "all.pdf"
    summary = make(archive, out2, include_unpublished=True)
    assert summary.drawings == 8
    assert "secret" in run("pdftotext", out2, "-")


def test_cover_drawing_can_be_chosen(archive: Fixture, tmp_path: Path) -> None:
    summary = make(archive, tmp_path / "c.pdf", cover_item=archive.ids["wide.jpg"])
    assert summary.placed[0].page == 1 and summary.placed[0].item_id == archive.ids["wide.jpg"]
    summary = make(archive, tmp_path / "d.pdf")
    assert summary.placed[0].item_id == archive.ids["big.jpg"]  # first of the first session


def test_hostile_caption_lays_out(archive: Fixture, booklet: tuple[Path, BookletSummary]) -> None:
    pdf, summary = booklet
    text = run("pdftotext", pdf, "-")
    assert "fin." in text and "□" in text  # emoji it cannot draw: a visible placeholder
    assert "‮" not in text  # the override control is not printed
    hostile = [p for p in summary.placed if p.item_id == archive.ids["hostile.jpg"]]
    assert len(hostile) == 1
    assert not summary.problems


# ---------------------------------------------------------------- problems and bad input


def test_missing_original_is_a_problem_not_a_failure(archive: Fixture, tmp_path: Path) -> None:
    copy = tmp_path / "copy.carnet"
    shutil.copytree(archive.path, copy)
    with Archive.open(copy, readonly=True) as opened:
        item = next(i for i in opened.db.query("SELECT hash, format FROM items WHERE id = ?",
                                               (archive.ids["small.jpg"],)))  # fmt: skip
        original = opened.paths.original(item[0], "jpg")
        original.chmod(0o644)
        original.unlink()
        summary = make_booklet(opened, SLUG, tmp_path / "m.pdf")
    assert (
        len(summary.problems) == 1 and f"drawing {archive.ids['small.jpg']}" in summary.problems[0]
    )
    assert "L’image de ce dessin n’est pas dans l’archive." in flat(
        run("pdftotext", tmp_path / "m.pdf", "-")
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"sessions": [9999]}, "session 9999 is not a session of forum-livret"),
        ({"items": [9999]}, "drawing 9999 is not among the drawings of this booklet"),
        ({"paper": "A3"}, "unknown paper size 'A3'"),
        ({"language": "de"}, "unknown booklet language 'de'"),
    ],
)
def test_bad_options_are_refused_and_nothing_written(
    archive: Fixture, tmp_path: Path, options: dict[str, object], message: str
) -> None:
    out = tmp_path / "x.pdf"
    with pytest.raises(ExportFailed, match=re.escape(message)):
        make(archive, out, **options)
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_unknown_event_and_bad_targets(archive: Fixture, tmp_path: Path) -> None:
    with Archive.open(archive.path, readonly=True) as opened:
        with pytest.raises(NotFound):
            make_booklet(opened, "nope", tmp_path / "x.pdf")
        with pytest.raises(ExportFailed, match="is a folder"):
            make_booklet(opened, SLUG, tmp_path)
        with pytest.raises(ExportFailed, match="inside the archive"):
            make_booklet(opened, SLUG, archive.path / "x.pdf")


def test_empty_booklet_is_refused(archive: Fixture, tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="would have no drawing"):
        # a session whose drawings are all unpublished
        copy = tmp_path / "copy.carnet"
        shutil.copytree(archive.path, copy)
        with Archive.open(copy) as opened:
            opened.db.execute("UPDATE items SET published = 0")
            make_booklet(opened, SLUG, tmp_path / "y.pdf")
    assert not (tmp_path / "y.pdf").exists()


def test_unwritable_target_is_refused(archive: Fixture, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"old")
    with pytest.raises(ExportFailed, match="cannot write"):
        make(archive, blocker / "x.pdf", sessions=[archive.sessions[0]])
    assert blocker.read_bytes() == b"old" and list(tmp_path.iterdir()) == [blocker]


def test_cancel_writes_nothing(archive: Fixture, tmp_path: Path) -> None:
    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:
            cancel.set()

    with Archive.open(archive.path, readonly=True) as opened, pytest.raises(Cancelled):
        make_booklet(opened, SLUG, tmp_path / "x.pdf", progress=progress, cancel=cancel)
    assert not (tmp_path / "x.pdf").exists()
    assert seen[0] == (0, 8)


def test_progress_reaches_the_end(archive: Fixture, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    with Archive.open(archive.path, readonly=True) as opened:
        options = BookletOptions(sessions=[archive.sessions[0]])
        make_booklet(
            opened, SLUG, tmp_path / "x.pdf", options, progress=lambda d, t: seen.append((d, t))
        )
    assert seen[-1] == (4, 4) and [d for d, _ in seen] == sorted(d for d, _ in seen)


# ---------------------------------------------------------------- the command


def test_command_writes_the_booklet(
    archive: Fixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "cli.pdf"
    session = str(archive.sessions[1])
    code = main(["booklet", str(archive.path), "--event", SLUG, str(out), "--paper", "A5",
                 "--session", session, "--lang", "en", "--large-print"])  # fmt: skip
    assert code == 0
    said = capsys.readouterr().out
    assert f"Booklet written to {out}" in said and "3 drawings" in said
    assert page_sizes(out)[0] == PAGE_POINTS["A5"]
    both = [str(s) for s in archive.sessions]
    assert main(["booklet", str(archive.path), "--event", SLUG, str(out), "--session", *both]) == 0
    assert "6 drawings, 2 sessions" in capsys.readouterr().out


def test_command_refuses_an_unknown_session(
    archive: Fixture, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["booklet", str(archive.path), "--event", SLUG, str(tmp_path / "x.pdf"),
                 "--session", "9999"])  # fmt: skip
    assert code == 1
    assert "carnet: session 9999 is not a session of forum-livret" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_hostile_title_and_names_lay_out_inside_the_page(archive: Fixture, tmp_path: Path) -> None:
    """A title of 6,000 characters, right-to-left names, emoji only, a caption of blanks."""
    from carnet.catalog.items import add_people, update_items

    copy = tmp_path / "copy.carnet"
    shutil.copytree(archive.path, copy)
    big, small = archive.ids["big.jpg"], archive.ids["small.jpg"]
    with Archive.open(copy) as opened:
        update_items(opened.db, [big], title="Titre interminable " * 320, caption=" \t\n \u00a0 ")
        update_items(opened.db, [small], title="🎨🦜🧶", caption="שלום עולם مرحبا بالعالم")
        with opened.db.transaction() as conn:
            add_people(conn, [big], ["مرحبا بالعالم " * 20, "Ⅻ" * 300], "illustrator")
        summary = make_booklet(
            opened, SLUG, tmp_path / "h.pdf", BookletOptions(sessions=[archive.sessions[0]],
                                                             paper="A5", large_print=True)
        )  # fmt: skip
    done = subprocess.run(["pdftotext", tmp_path / "h.pdf", "-"], capture_output=True, text=True)
    assert done.stderr == ""  # every line has its font, on pages begun by a break too
    text = flat(done.stdout)
    assert text.count("Titre interminable") >= 320  # the whole title, on the pages after
    assert "□□□" in text
    x0, y0, x1, y1 = printable_area("A5", large_print=True)
    for placed in summary.placed:
        x, y, w, h = placed.box
        assert x0 - 1e-6 <= x and x + w <= x1 + 1e-6 and y0 - 1e-6 <= y and y + h <= y1 + 1e-6
        assert h > (y1 - y0) * 0.3  # the text never squeezes the drawing to nothing


def test_event_cover_and_session_order_are_the_booklets(archive: Fixture, tmp_path: Path) -> None:
    from carnet.catalog.covers import session_item_ids, set_event_cover, set_session_order

    copy = tmp_path / "copy.carnet"
    shutil.copytree(archive.path, copy)
    first = archive.sessions[0]
    with Archive.open(copy) as a:
        ids = session_item_ids(a.db, first)
        assert len(ids) >= 2
        set_session_order(a.db, first, ids[::-1])
        set_event_cover(a.db, a.db.scalar("SELECT id FROM events"), archive.ids["wide.jpg"])
    moved = Fixture(copy, archive.ids, archive.sessions)
    summary = make(moved, tmp_path / "o.pdf")
    assert summary.placed[0].page == 1 and summary.placed[0].item_id == archive.ids["wide.jpg"]
    inside = [p.item_id for p in summary.placed[1:] if p.item_id in ids]
    assert inside == [i for i in ids[::-1] if i in inside]
    assert inside[0] == ids[-1]
    # An explicit cover still wins.
    summary = make(moved, tmp_path / "p.pdf", cover_item=archive.ids["big.jpg"])
    assert summary.placed[0].item_id == archive.ids["big.jpg"]
