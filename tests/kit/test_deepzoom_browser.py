"""Deep zoom in a real browser: Debian's Chromium through Playwright, from ``file://``.

One drawing larger than its preview, with a patch of 2-pixel stripes that only full
resolution shows (any coarser level blurs them grey): the kit's viewer is zoomed with the
keyboard to its limit, and the pixel read from the screen is the original's.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Browser, Page

from carnet.catalog.archive import Archive
from carnet.catalog.events import add_event
from carnet.catalog.items import list_items, update_items
from carnet.importing.pipeline import ImportOptions, import_paths
from carnet.kit import ExportOptions, export_kit
from tests.kit.browsing import Watch, page_without_javascript, serious_violations, watched_page
from tests.kit.test_browser import url

SIZE = (2600, 1950)
STRIPES = (1200, 900, 1400, 1100)  # x0, y0, x1, y1: 2-px black and white vertical stripes
GREY = 200


def drawing(path: Path) -> Path:
    image = Image.new("RGB", SIZE, (GREY, GREY, GREY))
    draw = ImageDraw.Draw(image)
    x0, y0, x1, y1 = STRIPES
    for x in range(x0, x1, 4):
        draw.rectangle((x, y0, x + 1, y1 - 1), fill=(0, 0, 0))
        draw.rectangle((x + 2, y0, x + 3, y1 - 1), fill=(255, 255, 255))
    draw.rectangle((100, 100, 700, 500), fill=(30, 90, 160))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=95)
    return path


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("zoom")
    with Archive.create(root / "Zoom.carnet") as archive:
        add_event(
            archive.db,
            slug="zoom",
            name="Zoom",
            timezone="Europe/Paris",
            language="en",
            start_date=date(2024, 5, 1),
            licence="CC-BY-4.0",
        )
        import_paths(
            archive,
            [drawing(root / "in" / "IMG_0001.jpg")],
            ImportOptions(event="zoom", illustrator="Ana", jobs=1),
        )
        ids = [it.id for it in list_items(archive.db)]
        update_items(archive.db, ids, title="Stripes", caption="Tiny lines.", published=True)
    out = root / "kit"
    with Archive.open(root / "Zoom.carnet", readonly=True) as archive:
        summary = export_kit(archive, "zoom", out, ExportOptions())
    assert summary.ok, summary.problems
    return out


def open_page(
    browser: Browser, kit: Path, width: int = 1280, height: int = 900
) -> tuple[Page, Watch, playwright_api.BrowserContext]:
    context = browser.new_context(viewport={"width": width, "height": height})
    page, watch = watched_page(context, kit)
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    watch.failed = failed  # type: ignore[attr-defined]
    page.goto(url(kit, "items/1.html"))
    return page, watch, context


def settle(page: Page) -> None:
    """Wait until the viewer has stopped moving and every tile it wants is drawn."""
    page.wait_for_function(
        """() => {
          const v = window.CarnetZoom && window.CarnetZoom.viewer;
          const t = v && v.world.getItemAt(0);
          return !!t && t.getFullyLoaded() && !v.world.needsDraw();
        }"""
    )
    page.wait_for_timeout(700)  # the zoom animation (0.4 s) is over
    page.wait_for_function(
        """() => { const t = window.CarnetZoom.viewer.world.getItemAt(0);
                   return t.getFullyLoaded() && !window.CarnetZoom.viewer.world.needsDraw(); }"""
    )


def screen_pixel(page: Page, x: float, y: float) -> tuple[int, int, int]:
    shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    r, g, b = shot.getpixel((round(x), round(y)))  # type: ignore[misc]
    return int(r), int(g), int(b)


def test_keyboard_zooms_to_full_resolution_and_reads_the_originals_pixels(
    browser: Browser, kit: Path
) -> None:
    page, watch, context = open_page(browser, kit)
    try:
        button = page.get_by_role("button", name="Zoom into the drawing")
        button.click()
        dialog = page.locator("dialog#zoom")
        assert dialog.evaluate("d => d.open")
        settle(page)
        for _ in range(12):  # well past the limit: the viewer stops at its most
            page.keyboard.press("+")
        settle(page)
        image_zoom = page.evaluate(
            """() => { const vp = window.CarnetZoom.viewer.viewport;
                       return vp.viewportToImageZoom(vp.getZoom()); }"""
        )
        assert image_zoom >= 1  # at least one screen pixel per pixel of the original
        # Put the boundary between two pixels of a black stripe at the centre of the view.
        x_black = STRIPES[0] + 4 * 20 + 1  # pixels x_black - 1 and x_black are black
        y = (STRIPES[1] + STRIPES[3]) // 2
        page.evaluate(
            """([x, y]) => { const vp = window.CarnetZoom.viewer.viewport;
                             vp.panTo(vp.imageToViewportCoordinates(x, y), true); }""",
            [x_black, y],
        )
        settle(page)
        box = page.locator(".zoom-area").bounding_box()
        assert box is not None
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        ratio = image_zoom  # screen pixels per image pixel
        black = screen_pixel(page, cx, cy)
        white = screen_pixel(page, cx + 2 * ratio, cy)  # the white stripe next to it
        assert max(black) < 60, black
        assert min(white) > 195, white
        # The tiles of the full-resolution level were read: 512 × 512 regions at scale 1.
        assert any("/1024,512,512,512/512,512/0/default.jpg" in r for r in watch.requests)
        assert watch.outside == [] and watch.errors == []
        assert watch.failed == []  # type: ignore[attr-defined]
        assert not any(r.startswith("http") for r in watch.requests)
    finally:
        context.close()


def test_keys_move_fit_and_escape_gives_focus_back(browser: Browser, kit: Path) -> None:
    page, watch, context = open_page(browser, kit)
    try:
        page.get_by_role("button", name="Zoom into the drawing").focus()
        page.keyboard.press("Enter")
        settle(page)
        centre = "() => window.CarnetZoom.viewer.viewport.getCenter(true).x"
        home_zoom = page.evaluate("() => window.CarnetZoom.viewer.viewport.getZoom(true)")
        page.keyboard.press("+")
        page.keyboard.press("+")
        settle(page)
        assert page.evaluate("() => window.CarnetZoom.viewer.viewport.getZoom(true)") > home_zoom
        before = page.evaluate(centre)
        page.keyboard.press("ArrowRight")
        settle(page)
        assert page.evaluate(centre) > before
        page.keyboard.press("-")
        page.keyboard.press("0")
        settle(page)
        zoom = page.evaluate("() => window.CarnetZoom.viewer.viewport.getZoom(true)")
        assert abs(zoom - home_zoom) < 1e-6
        # Buttons are labelled, and + works from them too.
        page.get_by_role("button", name="Zoom in", exact=True).click()
        settle(page)
        assert page.evaluate("() => window.CarnetZoom.viewer.viewport.getZoom(true)") > zoom
        page.keyboard.press("Escape")
        assert not page.locator("dialog#zoom").evaluate("d => d.open")
        focused = page.evaluate("document.activeElement.textContent")
        assert focused == "Zoom into the drawing"
        assert watch.errors == [] and watch.outside == []
    finally:
        context.close()


def test_back_closes_the_zoom_and_closing_takes_its_history_entry_back(
    browser: Browser, kit: Path
) -> None:
    page, watch, context = open_page(browser, kit)
    try:
        page_url = page.url
        dialog = page.locator("dialog#zoom")
        page.get_by_role("button", name="Zoom into the drawing").click()
        assert dialog.evaluate("d => d.open")
        assert page.evaluate("history.state") == {"carnetZoom": True}
        page.go_back()
        page.wait_for_function("() => !document.getElementById('zoom').open")
        assert page.url == page_url  # Back closed the zoom, not the page
        assert page.evaluate("document.activeElement.textContent") == "Zoom into the drawing"
        # Closed with its button (or Esc), the zoom takes its history entry back with it,
        # so that the next Back leaves the page as a reader expects.
        page.get_by_role("button", name="Zoom into the drawing").click()
        assert dialog.evaluate("d => d.open")
        page.locator(".zoom-close").click()
        page.wait_for_function("() => history.state === null")
        assert not dialog.evaluate("d => d.open") and page.url == page_url
        assert watch.errors == [] and watch.outside == []
    finally:
        context.close()


def test_mouse_wheel_zooms(browser: Browser, kit: Path) -> None:
    page, _watch, context = open_page(browser, kit)
    try:
        page.locator("figure.large a").click()  # the preview opens the deep zoom too
        settle(page)
        before = page.evaluate("() => window.CarnetZoom.viewer.viewport.getZoom(true)")
        box = page.locator(".zoom-area").bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.wheel(0, -400)
        settle(page)
        assert page.evaluate("() => window.CarnetZoom.viewer.viewport.getZoom(true)") > before
    finally:
        context.close()


def test_item_page_with_deep_zoom_is_accessible(browser: Browser, kit: Path) -> None:
    page, _watch, context = open_page(browser, kit)
    try:
        for state in ("closed", "open"):
            if state == "open":
                page.get_by_role("button", name="Zoom into the drawing").click()
                settle(page)
            assert serious_violations(page) == [], state
    finally:
        context.close()


def test_phone_width_zooms_without_horizontal_scroll(browser: Browser, kit: Path) -> None:
    page, watch, context = open_page(browser, kit, 320, 640)
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.get_by_role("button", name="Zoom into the drawing").click()
        settle(page)
        box = page.locator(".zoom-area").bounding_box()
        assert box is not None and box["width"] <= 320 and box["height"] > 300
        for name in ("Zoom in", "Zoom out", "Show the whole drawing", "Close"):
            button = page.get_by_role("button", name=name, exact=True)
            bounds = button.bounding_box()
            assert bounds is not None and bounds["x"] + bounds["width"] <= 320, name
        assert watch.errors == []
    finally:
        context.close()


def test_without_javascript_the_preview_and_the_download_remain(
    browser: Browser, kit: Path
) -> None:
    with page_without_javascript(browser) as page:
        page.goto(url(kit, "items/1.html"))
        preview = page.locator("figure.large img")
        assert preview.evaluate("i => i.naturalWidth") > 0
        assert "/images/p/" in preview.evaluate("i => i.currentSrc")
        assert not page.get_by_role("button", name="Zoom into the drawing").is_visible()
        link = page.get_by_role("link", name="Download at full resolution")
        assert link.get_attribute("download") == "stripes.jpg"
        href = link.get_attribute("href")
        assert href is not None
        with Image.open(kit / "data" / "items" / href) as full:
            assert full.size == SIZE
