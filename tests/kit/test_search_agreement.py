"""The kit's search finds what ``carnet search`` finds, in Chromium from ``file://``.

Three archives: the kit tests' small one, the demo's programme and descriptions (its
photos left out: drawing them takes minutes, and the search never looks at pixels), and a
generated 2,000-item archive (bench/bench_search.py's writer, all in one event). For each
query of the lists below, the items the kit finds are exactly the published items of the
event the desktop search finds; for a typo, the kit proposes the correction the desktop
search proposes. Then the filters, "why it matched" and sessions and people as results.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest
from playwright.sync_api import Browser, Page

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import NewItem, add_people, add_tags, insert_item, set_session
from carnet.kit import ExportOptions, export_kit
from carnet.programme.readers import read_programme
from carnet.programme.store import import_programme
from carnet.search import SearchIndex
from tests.kit.conftest import SLUG
from tests.packaging.scripts import load

screenshots = load("kit_screenshots")
BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_search.py"

# Plurals and feminine forms absent from the text, elisions, accents, names, tags.
SMALL_QUERIES = [
    "société",
    "sociétés",
    "societes",
    "communs",
    "commun",
    "communes",
    "l'œuvre",
    "oeuvres",
    "cartes",
    "carte",
    "cartographie",
    "Aïcha",
    "benali",
    "théme",
    "thème",
    "sujet",
    "collectives",
    "libre",
    "zzz",
    "ensemble communs",
    "margaux",
    "lefèvre",
]
DEMO_QUERIES = [
    "écoles",
    "école",
    "villes",
    "ville",
    "sociales",
    "social",
    "habitante",
    "habitantes",
    "habitants",
    "données",
    "donnée",
    "l'école",
    "d'habitants",
    "numérique",
    "numériques",
    "algorithmes",
    "caméras",
    "cartographie libre",
    "protection sociale",
    "dialogue",
    "sketchnote",
    "planche",
    "margaux",
    "inès",
    "bouchareb",
    "theme",
    "apprentissage",
    "familles écrans",
    "code",
    "codes",
    "travailleurs",
    "travailleuse",
]
GENERATED_QUERIES = [
    "écoles",
    "villes",
    "sociales",
    "habitante",
    "citoyennes",
    "citoyen",
    "élue",
    "élus",
    "réseaux",
    "réseau",
    "l'intelligence",
    "d'énergie",
    "numériques",
    "démocratie locale",
    "ostrom",
    "élise",
    "dupré",
    "müller",
    "communs",
    "carte mentale",
    "coup de cœur",
    "fresque",
    "portrait",
    "mobilités",
    "bibliothèques",
    "métropoles",
    "the trusts",
    "numériq*",
    "citoy*",
    "cities",
    "digital",
    "commons",
    "libertés solidarité",
]
TYPOS = {
    "generated": ["numerqiue", "democracie", "bibliotheqe", "ecologei", "habitnate", "vilels"],
    "demo": ["numerqiue", "habitnats", "algoritmes"],
}


def _bench_search() -> object:
    spec = importlib.util.spec_from_file_location("bench_search", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_search"] = module  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


def generated_archive(path: Path, size: int) -> tuple[Path, str]:
    """bench_search's archive of ``size`` items, every item published in its first event."""
    bench = _bench_search()
    archive = bench.build_archive(path, size, 5)  # type: ignore[attr-defined]
    with archive.db.transaction() as conn:
        conn.execute("UPDATE sessions SET event_id = 1")
        conn.execute("UPDATE items SET event_id = 1, published = 1")
        # A few drawings of the second event stay out of the kit (unpublished elsewhere).
        conn.execute("UPDATE items SET published = 0 WHERE id % 97 = 0")
    slug = str(archive.db.scalar("SELECT slug FROM events WHERE id = 1"))
    archive.close()
    return path, slug


def demo_text_archive(path: Path) -> tuple[Path, str]:
    """The demo's programme, drawings' capture times and descriptions, without photos."""
    from carnet.demo import sources

    rng = __import__("random").Random("demo:2016")
    shots = [s for name in sources.DEVICES for s in sources._shots(name, rng)]
    ev = sources.EVENT
    with Archive.create(path) as archive:
        db = archive.db
        event = add_event(
            db, slug=ev.slug, name=ev.name, timezone=ev.timezone, language=ev.language,
            place=ev.place, start_date=ev.start, end_date=ev.end, licence=ev.licence,
        )  # fmt: skip
        csv_path = path.parent / "programme.csv"
        csv_path.write_bytes(sources._programme_csv())
        import_programme(db, event, read_programme(csv_path, event.timezone))
        session_ids = {str(r[1]): int(r[0]) for r in db.query("SELECT id, title FROM sessions")}
        for shot in shots:
            described = sources._describe(shot)
            with db.transaction() as conn:
                item_id = insert_item(
                    conn,
                    NewItem(
                        hash=hashlib.sha256(shot.name.encode()).hexdigest(),
                        original_name=shot.name,
                        original_path=f"/photos/{shot.name}",
                        format="jpeg",
                        size=1000,
                        title=described.title,
                        caption=described.caption,
                        event_id=event.id,
                        illustrator=shot.illustrator,
                        captured_at=(shot.taken - timedelta(hours=2)).isoformat() + "Z",
                    ),
                )
                add_tags(conn, [item_id], described.tags)
                add_people(conn, [item_id], described.speakers, "speaker")
                conn.execute(
                    "UPDATE items SET transcription = ?, published = 1 WHERE id = ?",
                    (described.transcription, item_id),
                )
            set_session(db, [item_id], session_ids[shot.session.title])
    return path, ev.slug


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with playwright_api.sync_playwright() as pw:
        launched = pw.chromium.launch(
            executable_path=screenshots.CHROMIUM, args=screenshots.CHROMIUM_ARGS
        )
        yield launched
        launched.close()


class Pair:
    """An archive, its desktop index and its kit, open in a page."""

    def __init__(self, archive: Path, slug: str, root: Path, browser: Browser) -> None:
        self.slug = slug
        self.kit = root / "kit"
        with Archive.open(archive, readonly=True) as opened:
            export_kit(opened, slug, self.kit, ExportOptions())
        self.archive = Archive.open(archive, readonly=True)
        self.index = SearchIndex(self.archive, cache=root / "cache")
        self.published = {int(p.stem) for p in (self.kit / "data/items").glob("*.html")}
        self.context = browser.new_context()
        self.page: Page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto((self.kit / "data/search.html").resolve().as_uri())

    def app(self, query: str) -> set[int]:
        return self.index.matching_ids(query, event=self.slug) & self.published

    def kit_ids(self, query: str) -> set[int]:
        urls = self.page.evaluate("q => CarnetSearch.matches(q)", query)
        return {int(u.rsplit("/", 1)[1].split(".")[0]) for u in urls}

    def close(self) -> None:
        self.context.close()
        self.index.close()
        self.archive.close()


@pytest.fixture(scope="module")
def small(
    archive_path: Path, browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Pair]:
    pair = Pair(archive_path, SLUG, tmp_path_factory.mktemp("small"), browser)
    yield pair
    pair.close()


@pytest.fixture(scope="module")
def demo(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("demo")
    pair = Pair(*demo_text_archive(root / "Demo.carnet"), root, browser)
    yield pair
    pair.close()


@pytest.fixture(scope="module")
def generated(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    root = tmp_path_factory.mktemp("generated")
    pair = Pair(*generated_archive(root / "Gen.carnet", 2000), root, browser)
    yield pair
    pair.close()


def _agree(pair: Pair, queries: list[str]) -> None:
    found_something = 0
    for query in queries:
        expected = pair.app(query)
        assert pair.kit_ids(query) == expected, query
        found_something += bool(expected)
    assert found_something >= len(queries) * 2 // 3  # the lists are not mostly empty
    assert pair.errors == []


def test_kit_and_desktop_find_the_same_items_in_the_small_archive(small: Pair) -> None:
    _agree(small, SMALL_QUERIES)
    assert small.kit_ids("sociétés") == small.kit_ids("société") != set()


def test_kit_and_desktop_find_the_same_items_in_the_demo(demo: Pair) -> None:
    _agree(demo, DEMO_QUERIES)
    for plural, singular in (("écoles", "école"), ("villes", "ville"), ("sociales", "social")):
        assert demo.kit_ids(plural) == demo.kit_ids(singular) != set(), plural


def test_kit_and_desktop_find_the_same_items_in_a_generated_archive(generated: Pair) -> None:
    assert len(generated.published) > 1900
    _agree(generated, GENERATED_QUERIES)


def _typed(page: Page, query: str) -> None:
    page.fill("#q", query)
    page.wait_for_function(
        "q => document.getElementById('search-status').dataset.query === q", arg=query
    )


@pytest.mark.parametrize("name", ["generated", "demo"])
def test_a_typo_gets_the_desktop_suggestion(name: str, request: pytest.FixtureRequest) -> None:
    pair: Pair = request.getfixturevalue(name)
    proposed = 0
    for query in TYPOS[name]:
        expected = pair.index.search(query, event=pair.slug).suggestion
        _typed(pair.page, query)
        box = pair.page.locator("#search-suggest")
        shown = box.locator("a").inner_text() if box.is_visible() else None
        assert shown == expected, query
        proposed += expected is not None
        if expected:
            box.locator("a").click()
            pair.page.wait_for_selector("#search-results li")
            assert pair.page.input_value("#q") == expected
    assert proposed >= len(TYPOS[name]) - 1


def test_stop_words_and_single_letters_are_explained(small: Pair) -> None:
    page = small.page
    _typed(page, "le de")
    assert (
        "le" in page.inner_text("#search-status")
        and page.locator("#search-results li").count() == 0
    )
    _typed(page, "x")
    assert page.inner_text("#search-status") == "Tapez au moins deux lettres."
    _typed(page, "la société")
    assert page.locator("#search-results li").count() == 3
    assert "la" in page.inner_text("#search-status")
    assert not page.locator("#search-more").is_visible()  # [hidden] hides a styled button


def test_filters_count_and_narrow(generated: Pair) -> None:
    page = generated.page
    _typed(page, "citoyens")
    total = len(generated.app("citoyens"))
    assert total > 20
    assert page.locator("#search-filters").is_visible()
    options = page.locator("#filter-illustrator option")
    first = options.nth(0).inner_text()
    assert first.endswith(f"({total})")
    value = options.nth(1).get_attribute("value")
    label = options.nth(1).inner_text()
    count = int(label.rsplit("(", 1)[1].rstrip(")"))
    assert 0 < count < total
    page.select_option("#filter-illustrator", value)
    page.wait_for_function(
        "n => document.getElementById('search-status').textContent.startsWith(String(n))", arg=count
    )
    shown = page.locator("#search-results li").count()
    assert shown == min(count, 20)
    name = label.rsplit(" (", 1)[0]
    # The speaker filter now counts within that illustrator's drawings only.
    speakers = page.locator("#filter-speaker option").nth(0).inner_text()
    assert speakers.endswith(f"({count})")
    # Each result is by that illustrator: its page says so.
    href = page.locator("#search-results h2 a").first.get_attribute("href")
    assert href is not None
    item = (generated.kit / "data" / href).read_text("utf-8")
    assert name in item


def test_results_say_why_and_people_are_results(generated: Pair) -> None:
    page = generated.page
    _typed(page, "ostrom")
    pages = page.locator("#search-pages li")
    assert pages.count() >= 1 and "Ostrom" in pages.first.inner_text()
    link = pages.first.locator("a").get_attribute("href")
    assert link is not None and link.startswith(("speakers/", "illustrators/"))
    assert (generated.kit / "data" / link).is_file()
    why = page.locator("#search-results li .why").first
    assert "Ostrom" in why.inner_text()
    _typed(page, "fresque")
    assert "format › fresque" in page.locator("#search-results li .why").first.inner_text()
