"""The kit in a real browser: Debian's Chromium driven by Playwright, from ``file://``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from carnet.catalog.archive import Archive
from carnet.kit import ExportOptions, export_kit
from tests.kit.browsing import Watch, page_without_javascript, serious_violations, watched_page
from tests.kit.conftest import SLUG, Exporter


@pytest.fixture(scope="module")
def kit(archive_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "kit"
    with Archive.open(archive_path, readonly=True) as archive:
        export_kit(archive, SLUG, out, ExportOptions())
    return out


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def watched(context: BrowserContext, kit: Path) -> tuple[Page, Watch]:
    return watched_page(context, kit)


def url(kit: Path, rel: str) -> str:
    return (kit / "data" / rel).resolve().as_uri()


def test_home_loads_without_errors_or_outside_requests(
    watched: tuple[Page, Watch], kit: Path
) -> None:
    page, watch = watched
    page.goto(url(kit, "index.html"))
    page.wait_for_load_state("load")
    assert page.title() == "Forum de test"
    assert page.locator("#programme .sessions a").count() == 2
    for rel in ("sessions/1.html", "items/1.html", "search.html", "about.html"):
        page.goto(url(kit, rel))
        page.wait_for_load_state("load")
    assert watch.errors == [] and watch.outside == []
    assert any(r.endswith("assets/kit.css") for r in watch.requests)


def test_search_finds_accented_words_typed_without_accents(
    watched: tuple[Page, Watch], kit: Path
) -> None:
    page, watch = watched
    page.goto(url(kit, "search.html"))
    page.fill("#q", "societe")
    page.wait_for_selector("#search-results li")
    results = page.locator("#search-results li")
    assert results.count() == 3  # the item titled so, and the two others of its session
    assert "La société des communs" in results.first.inner_text()  # title words rank first
    assert page.locator("#search-results mark").first.inner_text() == "société"
    assert page.evaluate("location.hash") == "#q=societe"
    # A prefix, two words (all must match), a ligature, an elision, nothing.
    queries = (("cart", 1), ("societe communs", 3), ("oeuvre", 1), ("l'oeuvre", 1), ("zzz", 0))
    for query, expected in queries:
        page.fill("#q", query)
        page.wait_for_function(
            "q => document.getElementById('search-status').textContent !== ''"
            " && location.hash === '#q=' + encodeURIComponent(q)",
            arg=query,
        )
        page.wait_for_timeout(50)
        assert page.locator("#search-results li").count() == expected, query
    # The query in the fragment can be shared: opening the link shows the results.
    page.goto(url(kit, "search.html") + "#q=%C5%93uvre")
    page.wait_for_selector("#search-results li")
    assert page.input_value("#q") == "œuvre"
    assert watch.errors == [] and watch.outside == []
    loaded = [r.rsplit("/", 1)[1] for r in watch.requests if "/search/" in r]
    assert "d0.js" in loaded and all(n.startswith(("s-", "d", "f", "index")) for n in loaded)


def test_viewer_opens_moves_with_arrows_and_closes_with_escape(
    watched: tuple[Page, Watch], kit: Path
) -> None:
    page, watch = watched
    page.goto(url(kit, "sessions/1.html"))
    links = page.locator("ul.grid a")
    assert links.count() == 3
    links.first.click()
    viewer = page.locator("#viewer")
    assert viewer.evaluate("d => d.open")
    first = page.locator(".viewer-img").get_attribute("src")
    assert page.locator(".viewer-count").inner_text().startswith("1 / 3")
    page.keyboard.press("ArrowRight")
    assert page.locator(".viewer-count").inner_text().startswith("2 / 3")
    assert page.locator(".viewer-img").get_attribute("src") != first
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    assert page.locator(".viewer-count").inner_text().startswith("3 / 3")
    page.keyboard.press("Escape")
    assert not viewer.evaluate("d => d.open")
    assert page.evaluate("document.activeElement === document.querySelector('ul.grid a')")
    assert watch.errors == []


def test_hidden_controls_stay_hidden(watched: tuple[Page, Watch], kit: Path) -> None:
    """``[hidden]`` wins over the buttons' own display: one drawing has no arrows, and
    "more results" shows only when there are more."""
    page, watch = watched
    page.goto(url(kit, "tags/sujet-societe.html"))
    page.locator("ul.grid a").first.click()
    assert page.locator("#viewer").evaluate("d => d.open")
    assert not page.locator(".viewer-prev").is_visible()
    assert not page.locator(".viewer-next").is_visible()
    assert page.locator(".viewer-close").is_visible()
    page.goto(url(kit, "search.html") + "#q=societe")
    page.wait_for_function("document.getElementById('search-status').dataset.query === 'societe'")
    assert page.locator("#search-results li").count() == 3
    assert not page.locator("#search-more").is_visible()
    assert not page.locator("#search-suggest").is_visible()
    assert watch.errors == []


def test_hostile_captions_never_run(watched: tuple[Page, Watch], kit: Path) -> None:
    page, watch = watched
    hostile_tag = "tags/img-src-x-onerror-alert-1.html"
    for rel in ("items/3.html", "sessions/1.html", "index.html", hostile_tag):
        page.goto(url(kit, rel))
        page.wait_for_load_state("load")
        assert (
            page.locator(
                "img[src='x'], [onerror], script:not([src]):not([type='application/ld+json'])"
            ).count()
            == 0
        )
    page.goto(url(kit, "search.html") + "#q=script%20alert")
    page.wait_for_selector("#search-results li")
    page.locator("#search-results a").first.wait_for()
    assert page.locator("#search-results script, #search-results img[src='x']").count() == 0
    page.goto(url(kit, "search.html") + "#q=onerror")
    page.wait_for_selector("#search-results li")
    page.wait_for_timeout(100)
    assert watch.dialogs == []
    assert page.locator("img[src='x'], [onerror]").count() == 0


def test_pages_have_no_serious_accessibility_violation(
    watched: tuple[Page, Watch], kit: Path
) -> None:
    page, _ = watched
    pages = (
        "index.html",
        "sessions/1.html",
        "items/1.html",
        "about.html",
        "tags/theme-communs.html",
        "speakers/aicha-benali.html",
        "illustrators/margaux-lefevre.html",
        "search.html",
        "search.html#q=communs",  # results, filters, "why", a session and a tag as results
        "search.html#q=comuns",  # did you mean
        "search.html#q=le",  # stop words
    )
    for rel in pages:
        path, _, fragment = rel.partition("#")
        page.goto(url(kit, path) + (f"#{fragment}" if fragment else ""))
        if "#q=" in rel:
            query = fragment.removeprefix("q=")
            page.wait_for_function(
                "q => document.getElementById('search-status').dataset.query === q", arg=query
            )
        if rel.endswith("communs"):
            assert page.locator("#search-filters").is_visible()
            assert page.locator("#search-pages li").count() >= 2
            assert page.locator("#search-results .why").count() >= 1
        if rel.endswith("comuns"):
            assert page.locator("#search-suggest a").inner_text() == "communs"
        assert serious_violations(page) == [], rel


def test_browse_pages_work_without_javascript(browser: Browser, kit: Path) -> None:
    with page_without_javascript(browser) as page:
        page.goto(url(kit, "index.html"))
        page.click("text=Les communs et la société")
        assert page.url.endswith("sessions/1.html")
        page.locator("ul.grid a").first.click()
        assert page.url.endswith("items/1.html")
        assert page.locator("figure.large img").evaluate("i => i.naturalWidth") > 0
        page.goto(url(kit, "search.html"))
        assert "La recherche demande JavaScript" in page.inner_text("main")


def test_phone_width_has_no_horizontal_scroll(browser: Browser, kit: Path) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        for rel in ("index.html", "items/3.html", "sessions/1.html"):
            page.goto(url(kit, rel))
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (rel, width)
    finally:
        context.close()


def test_drawing_alt_text_is_short_and_content_carries_the_event_language(
    watched: tuple[Page, Watch], kit: Path
) -> None:
    page, _ = watched
    for n in (1, 2, 3, 4):
        page.goto(url(kit, f"items/{n}.html"))
        img = page.locator("figure.large img")
        alt = img.get_attribute("alt") or ""
        assert 0 < len(alt) <= 125, (n, alt)
        assert ".." not in alt and ". —" not in alt, alt
        assert img.get_attribute("lang") == "fr"
        for ref in (img.get_attribute("aria-describedby") or "").split():
            assert page.locator(f"#{ref}").get_attribute("lang") == "fr"
        assert page.locator("h1").get_attribute("lang") == "fr"
    # The third drawing's caption and 10,000-character transcription stay out of its alt.
    page.goto(url(kit, "items/3.html"))
    alt = page.locator("figure.large img").get_attribute("alt") or ""
    assert "Très long" not in alt and "javascript" not in alt


def test_drawing_page_carries_json_ld_dublin_core_and_a_citation(
    watched: tuple[Page, Watch], kit: Path
) -> None:
    page, watch = watched
    page.goto(url(kit, "items/1.html"))
    docs = page.evaluate(
        "[...document.querySelectorAll('script[type=\"application/ld+json\"]')]"
        ".map(s => JSON.parse(s.textContent))"
    )
    assert len(docs) == 1
    doc = docs[0]
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "VisualArtwork"
    assert doc["name"] == "La société des communs" and doc["inLanguage"] == "fr"
    assert doc["creator"] == [{"@type": "Person", "name": "Margaux Lefèvre"}]
    # No offset in the photo: the event's time zone at that date (Paris, summer time).
    assert doc["dateCreated"] == "2016-09-29T10:10:00+02:00"
    assert doc["license"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    about = doc["about"]
    assert about["@type"] == "Event" and about["name"] == "Les communs et la société"
    assert about["startDate"] == "2016-09-29T10:00:00+02:00"
    assert about["performer"] == [{"@type": "Person", "name": "Aïcha Benali"}]
    assert about["superEvent"]["name"] == "Forum de test"
    assert "url" not in doc and "image" not in doc  # no address into the kit without a base
    dc = dict(
        page.evaluate(
            "[...document.querySelectorAll('meta[name^=\"DC.\"]')].map(m => [m.name, m.content])"
        )
    )
    assert dc["DC.creator"] == "Margaux Lefèvre" and dc["DC.date"] == "2016-09-29"
    assert dc["DC.title"] == "La société des communs" and dc["DC.language"] == "fr"
    cite = page.locator("p.cite").inner_text()
    assert cite == (
        "Margaux Lefèvre. « La société des communs ». Les communs et la société, Forum de test. "
        "2016-09-29. Creative Commons Attribution-ShareAlike 4.0."
    )
    # A hostile caption stays data: the page's JSON-LD parses and nothing ran.
    page.goto(url(kit, "items/3.html"))
    doc = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert "<script>alert(1)</script>" in doc["description"]
    assert watch.dialogs == [] and watch.errors == []


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_printing_gives_one_a4_page_per_drawing_and_whole_drawings(
    browser: Browser, kit: Path, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.emulate_media(media="print")
        for n in (1, 2, 3):  # the third has a hostile caption and a 10,000-character text
            page.goto(url(kit, f"items/{n}.html"))
            page.screenshot(path=str(tmp_path / f"item-{n}-print.png"), full_page=True)
            assert page.locator("figure.large img").is_visible()
            assert page.locator("figure.large .credit").is_visible()
            assert page.locator("p.cite").is_visible()
            assert "Creative Commons" in page.locator("p.cite").inner_text()
            assert not page.locator("#transcription").is_visible()
            assert _pdf_pages(page.pdf(format="A4", print_background=False)) == 1, n
        assert page.locator("#caption").is_visible()
        page.goto(url(kit, "sessions/1.html"))
        page.screenshot(path=str(tmp_path / "session-print.png"), full_page=True)
        ratios = page.evaluate(
            "[...document.querySelectorAll('.grid img')].map(i => {"
            " const r = i.getBoundingClientRect();"
            " return [getComputedStyle(i).objectFit, i.naturalWidth / i.naturalHeight,"
            " r.width / r.height]; })"
        )
        assert ratios
        for fit, natural, shown in ratios:
            assert fit != "cover" and abs(natural - shown) < 0.02, ratios
    finally:
        context.close()


def test_viewer_bar_fits_a_phone_and_home_end_back_work(browser: Browser, kit: Path) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url(kit, "sessions/1.html"))
        # The longest title a label holds (120 characters), with no space to break at.
        page.evaluate("document.querySelector('ul.grid .label').textContent = 'W'.repeat(120)")
        page.locator("ul.grid a").first.click()
        viewer = page.locator("#viewer")
        assert viewer.evaluate("d => d.open")
        bar = page.locator(".viewer-bar").bounding_box()
        assert bar is not None and bar["height"] <= 64  # one line
        for button in (".viewer-prev", ".viewer-next", ".viewer-close"):
            box = page.locator(button).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, button
        page.keyboard.press("End")
        assert page.locator(".viewer-count").inner_text().startswith("3 / 3")
        page.keyboard.press("Home")
        assert page.locator(".viewer-count").inner_text().startswith("1 / 3")
        page.go_back()
        page.wait_for_function("() => !document.getElementById('viewer').open")
        assert page.url.endswith("sessions/1.html")  # Back closed the viewer, not the page
        # Closed with its button, the viewer takes its history entry back with it.
        page.locator("ul.grid a").nth(1).click()
        assert viewer.evaluate("d => d.open")
        page.locator(".viewer-close").click()
        page.wait_for_function("() => history.state === null")
        assert not viewer.evaluate("d => d.open") and page.url.endswith("sessions/1.html")
        assert errors == []
    finally:
        context.close()


def test_results_drawn_by_the_search_carry_the_events_language(
    browser: Browser, export: Exporter, tmp_path: Path
) -> None:
    """Pages in English, drawings in French: every title, snippet and session or tag name
    a result shows is marked French, as on the server-rendered pages (WCAG 3.1.2)."""
    kit = export(tmp_path / "kit", language="en")
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url(kit, "search.html") + "#q=communs")
        page.wait_for_function(
            "() => document.getElementById('search-status').dataset.query === 'communs'"
        )
        assert page.get_attribute("html", "lang") == "en"
        titles = page.locator("#search-results h2 a")
        assert titles.count() == 3
        assert set(titles.evaluate_all("l => l.map(a => a.lang)")) == {"fr"}
        snippets = page.locator("#search-results li > div > p:not(.why)")
        assert snippets.count() >= 1
        assert set(snippets.evaluate_all("l => l.map(p => p.lang)")) == {"fr"}
        why = page.locator("#search-results .why mark")
        assert why.count() >= 1
        assert set(why.evaluate_all("l => l.map(m => m.lang)")) == {"fr"}
        session = page.locator("#search-pages-list a", has_text="Les communs et la société")
        assert session.get_attribute("lang") == "fr"
    finally:
        context.close()
