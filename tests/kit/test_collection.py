"""The collection kit (``carnet export ARCHIVE --all OUT``): one site for every event.

The archive holds two events, one in French and one in English; the same illustrator drew
at both. The site is checked on disk (both sites, the home, the collection's index, the
bag, the same bytes twice, ``--base-url``) and in Chromium from ``file://`` (the search
across events with each event's stems, the results' event and language, axe, no
JavaScript).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import bagit
import pytest
from playwright.sync_api import Browser, Page

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import list_items, update_items
from carnet.cli import main
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.kit import ExportOptions
from carnet.kit.export import export_collection
from tests.imaging import make_jpeg
from tests.kit.browsing import Watch, page_without_javascript, serious_violations, watched_page
from tests.kit.conftest import SLUG, build_archive
from tests.kit.test_export import tree

ENGLISH = "summit-2017"


def build_collection(root: Path) -> Path:
    """The kit tests' French archive, plus an English event drawn by the same illustrator."""
    path = build_archive(root)
    files = [
        make_jpeg(
            root / "en" / f"E_{n}.jpg",
            (480, 360),
            color=(30 + 60 * n, 90, 200),
            captured_at=f"2017:10:05 14:{10 + n:02d}:00",
        )
        for n in range(2)
    ]
    with Archive.open(path) as archive:
        db = archive.db
        french = [it.id for it in list_items(db)]
        # A word only French stemming finds from "citoyen" (English keeps "citoyenn").
        update_items(db, [french[1]], caption="Cartographier ensemble avec les citoyennes.")
        event = add_event(
            db,
            slug=ENGLISH,
            name="Commons Summit",
            timezone="Europe/London",
            language="en",
            place="Bristol",
            start_date=date(2017, 10, 5),
            end_date=date(2017, 10, 6),
            licence="CC-BY-4.0",
        )
        import_paths(archive, files, ImportOptions(event=ENGLISH, illustrator="Margaux Lefèvre"))
        ids = [it.id for it in list_items(db, event_id=event.id)]
        # "libraries": English stems it "librari", as "library"; French would say "librar".
        update_items(
            db, [ids[0]], title="Running libraries", caption="Libraries run by volunteers."
        )
        update_items(db, [ids[1]], title="Bicycle workshops")
        update_items(db, ids, published=True)
    return path


@pytest.fixture(scope="module")
def collection_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_collection(tmp_path_factory.mktemp("collection-archive"))


def export_all(archive: Path, out: Path, **options: object) -> Path:
    with Archive.open(archive, readonly=True) as opened:
        summary = export_collection(opened, out, ExportOptions(**options))  # type: ignore[arg-type]
    assert summary.ok, summary.problems
    return out


@pytest.fixture(scope="module")
def site(collection_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_all(collection_archive, tmp_path_factory.mktemp("collection") / "kit")


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.hrefs.append(value)


def links(page: Path) -> list[str]:
    parser = Links()
    parser.feed(page.read_text("utf-8"))
    return parser.hrefs


def test_both_sites_a_home_listing_both_and_links_that_resolve(site: Path) -> None:
    data = site / "data"
    for folder in (SLUG, ENGLISH):
        for rel in ("index.html", "search.html", "about.html", "items.csv", "items.json"):
            assert (data / folder / rel).is_file(), (folder, rel)
    assert (data / SLUG / "sessions/1.html").is_file()
    home = (data / "index.html").read_text("utf-8")
    assert home.index("Commons Summit") < home.index("Forum de test")  # newest first
    assert f'href="{ENGLISH}/index.html"' in home and f'href="{SLUG}/index.html"' in home
    assert "Rivelonne" in home and "Bristol" in home
    assert "4 drawings" in home and "2 drawings" in home
    assert "29–30 September 2016" in home
    assert '<strong lang="fr">Forum de test</strong>' in home
    # Every relative link of the home and of an event's pages lands on a file of the kit.
    pages = [data / "index.html", data / "search.html", data / SLUG / "items/1.html"]
    pages += [data / ENGLISH / "index.html"]
    for page in pages:
        for href in links(page):
            if href.startswith(("http", "data:", "#", "mailto:")):
                continue
            target = (page.parent / href.split("#")[0]).resolve()
            assert target.is_file() and target.is_relative_to(site.resolve()), (page, href)
    # An event's pages lead back to the collection's home.
    assert "../../index.html" in links(data / SLUG / "items/1.html")
    assert "../index.html" in links(data / ENGLISH / "index.html")
    # The top-level index.html opens the collection.
    assert "data/index.html" in (site / "index.html").read_text("utf-8")


def test_items_json_is_an_index_of_the_events_and_their_own_files(site: Path) -> None:
    index = json.loads((site / "data/items.json").read_text("utf-8"))
    events = {e["slug"]: e for e in index["events"]}
    assert set(events) == {SLUG, ENGLISH}
    assert events[ENGLISH]["language"] == "en" and events[ENGLISH]["drawings"] == 2
    for event in events.values():
        own = json.loads((site / "data" / event["items_json"]).read_text("utf-8"))
        assert own["event"]["slug"] == event["slug"]
        assert len(own["items"]) == event["drawings"]
        assert (site / "data" / event["items_csv"]).is_file()
    assert not (site / "data/items.csv").exists()


def test_the_bag_covers_every_event_and_is_the_same_byte_for_byte(
    site: Path, collection_archive: Path, tmp_path: Path
) -> None:
    bag = bagit.Bag(str(site))
    bag.validate()
    assert f"data/{SLUG}/items/1.html" in bag.payload_entries()
    assert f"data/{ENGLISH}/index.html" in bag.payload_entries()
    info = (site / "bag-info.txt").read_text("utf-8")
    assert "Carnet-Event: Forum de test" in info and "Carnet-Event: Commons Summit" in info
    again = export_all(collection_archive, tmp_path / "again")
    assert tree(again) == tree(site)


def test_a_second_export_rewrites_nothing_and_progress_reaches_the_end(
    collection_archive: Path, tmp_path: Path
) -> None:
    out = export_all(collection_archive, tmp_path / "kit")
    seen: list[tuple[int, int]] = []
    with Archive.open(collection_archive, readonly=True) as opened:
        summary = export_collection(opened, out, progress=lambda n, t: seen.append((n, t)))
    assert summary.written == 0 and summary.removed == 0 and summary.unchanged > 200
    assert summary.items == 6 and seen[-1] == (8, 8)  # 6 drawings and 2 events
    assert [n for n, _ in seen] == sorted(n for n, _ in seen)


def test_an_events_search_in_the_collection_is_its_own(site: Path) -> None:
    """Each event's site keeps the search data of its own kit: its first search loads no
    more in the collection than alone."""
    own = (site / "data" / ENGLISH / "search/index.js").read_text("utf-8")
    whole = (site / "data/search/index.js").read_text("utf-8")
    assert "Forum de test" not in own and "Forum de test" in whole
    search = (site / "data" / ENGLISH / "search.html").read_text("utf-8")
    assert '<script src="search/index.js">' in search


def test_base_url_gives_the_whole_collection_a_sitemap_a_feed_and_canonical_links(
    collection_archive: Path, tmp_path: Path
) -> None:
    base = "https://archive.example.org/forum"
    out = export_all(collection_archive, tmp_path / "web", base_url=base)
    data = out / "data"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in ET.parse(data / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert f"{base}/data/index.html" in locs and f"{base}/data/search.html" in locs
    assert f"{base}/data/{SLUG}/items/1.html" in locs
    assert f"{base}/data/{ENGLISH}/index.html" in locs
    atom = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(data / "feed.xml").getroot()
    entries = feed.findall("a:entry", atom)
    assert len(entries) == 6
    ids = {e.findtext("a:id", namespaces=atom) for e in entries}
    assert f"{base}/data/{SLUG}/items/1.html" in ids
    assert any(str(i).startswith(f"{base}/data/{ENGLISH}/items/") for i in ids)
    langs = {e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in entries}
    assert langs == {"fr", "en"}
    home = (data / "index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{base}/data/index.html">' in home
    item = (data / SLUG / "items/1.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{base}/data/{SLUG}/items/1.html">' in item
    assert f"{base}/data/{SLUG}/images/p/" in item  # the preview tags' absolute image
    assert not (data / SLUG / "sitemap.xml").exists()


def test_all_with_event_is_refused_in_one_sentence(
    collection_archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "kit"
    code = main(["export", str(collection_archive), "--all", "--event", SLUG, str(out)])
    captured = capsys.readouterr()
    assert code != 0 and not out.exists()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and "--all" in lines[0] and "--event" in lines[0], captured.err
    assert main(["export", str(collection_archive), str(out)]) != 0
    assert not out.exists()
    assert main(["export", str(collection_archive), "--all", str(out)]) == 0
    assert (out / "data" / ENGLISH / "index.html").is_file()


# ---------------------------------------------------------------- in the browser


@pytest.fixture
def watched(browser: Browser, site: Path) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield watched_page(context, site)
    context.close()


def at(site: Path, rel: str) -> str:
    return (site / "data" / rel).resolve().as_uri()


def search(page: Page, site: Path, query: str, rel: str = "search.html") -> None:
    page.goto(at(site, rel) + "#q=" + query)
    page.wait_for_function(
        "q => document.getElementById('search-status').dataset.query === q", arg=query
    )


def titles(page: Page) -> list[tuple[str, str | None]]:
    heads = page.locator("#search-results h2 a")
    return [
        (heads.nth(n).inner_text(), heads.nth(n).get_attribute("lang"))
        for n in range(heads.count())
    ]


def test_search_finds_words_of_each_event_with_its_own_stems(
    watched: tuple[Page, Watch], site: Path
) -> None:
    page, watch = watched
    # "library" finds "libraries" only through English stems: the English event's words.
    search(page, site, "library")
    assert titles(page) == [("Running libraries", "en")]
    assert page.locator("#search-results .from").inner_text() == "Event: Commons Summit"
    assert page.locator("#search-results p[lang='en']").count() == 1  # the snippet too
    # "citoyen" finds "citoyennes" only through French stems: the French event's words.
    search(page, site, "citoyen")
    assert titles(page) == [("Cartes libres", "fr")]
    assert page.locator("#search-results .from a").get_attribute("href") == f"{SLUG}/index.html"
    page.locator("#search-results h2 a").click()
    assert page.url.endswith(f"{SLUG}/items/2.html")
    # A name found in both events: the results say each event, and can be narrowed to one.
    search(page, site, "margaux")
    found = titles(page)
    assert len(found) == 6 and {lang for _, lang in found} == {"fr", "en"}
    events = page.locator("#filter-event option")
    assert events.all_inner_texts() == ["All (6)", "Forum de test (4)", "Commons Summit (2)"]
    page.select_option("#filter-event", label="Commons Summit (2)")
    page.wait_for_function("document.querySelectorAll('#search-results li').length === 2")
    assert {lang for _, lang in titles(page)} == {"en"}
    assert watch.errors == [] and watch.outside == []


def test_an_events_own_search_loads_only_its_data(watched: tuple[Page, Watch], site: Path) -> None:
    page, watch = watched
    search(page, site, "libraries", f"{ENGLISH}/search.html")
    assert titles(page) == [("Running libraries", "en")]
    loaded = [r for r in watch.requests if "/search/" in r]
    assert loaded and all(f"/{ENGLISH}/search/" in r for r in loaded)


def test_collection_pages_have_no_serious_accessibility_violation(
    watched: tuple[Page, Watch], site: Path
) -> None:
    page, _ = watched
    for rel, query in (("index.html", ""), ("search.html", "margaux"), (f"{SLUG}/index.html", "")):
        if query:
            search(page, site, query, rel)
        else:
            page.goto(at(site, rel))
        assert serious_violations(page) == [], rel


def test_without_javascript_the_collection_still_browses(browser: Browser, site: Path) -> None:
    with page_without_javascript(browser) as page:
        page.goto(at(site, "index.html"))
        page.click("text=Commons Summit")
        assert page.url.endswith(f"{ENGLISH}/index.html")
        page.locator("ul.grid a").first.click()
        assert f"{ENGLISH}/items/" in page.url
        assert page.locator("figure.large img").evaluate("i => i.naturalWidth") > 0
        page.click("text=All events")
        assert page.url.endswith("data/index.html")
        page.click("text=Forum de test")
        page.click("text=Les communs et la société")
        assert page.url.endswith(f"{SLUG}/sessions/1.html")
