"""The kit's tests in a real browser: Debian's Chromium driven by Playwright, a page watched
for what it should not do, axe's serious violations, a page without JavaScript.

Chromium comes from Debian (.ci/run installs it); without it these tests fail, by design.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import playwright.sync_api as playwright_api
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, Route

from tests.packaging.scripts import load

screenshots = load("kit_screenshots")
CHROMIUM, CHROMIUM_ARGS = screenshots.CHROMIUM, screenshots.CHROMIUM_ARGS


class Watch:
    """What a page did that it should not: errors, dialogs, requests outside the kit."""

    def __init__(self, kit: Path) -> None:
        self.root = kit.resolve().as_uri() + "/"
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.outside: list[str] = []
        self.requests: list[str] = []

    def route(self, route: Route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.root) or url.startswith("data:"):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


def launch() -> Iterator[Browser]:
    """Chromium, for a fixture's lifetime (the ``browser`` fixture of ``conftest.py``)."""
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def watched_page(context: BrowserContext, kit: Path) -> tuple[Page, Watch]:
    """A new page of ``context`` whose errors, warnings, dialogs (dismissed) and requests
    outside ``kit`` (refused) are noted in its ``Watch``."""
    watch = Watch(kit)
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on(
        "console", lambda m: watch.errors.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda e: watch.errors.append(str(e)))

    def on_dialog(dialog: playwright_api.Dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page, watch


def serious_violations(page: Page) -> list[tuple[str, str, int]]:
    """axe's serious and critical violations on ``page``: (rule, impact, how many nodes)."""
    results = Axe().run(page)
    return [
        (v["id"], v["impact"], len(v["nodes"]))
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@contextmanager
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    """A page of a new context with JavaScript off, closed afterwards."""
    context = browser.new_context(java_script_enabled=False)
    try:
        yield context.new_page()
    finally:
        context.close()
