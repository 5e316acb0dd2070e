"""Benchmark of the kit's search in Chromium from ``file://``: data loaded and time taken.

For each size (10,000 and 100,000 drawings by default) it generates bench_search.py's
archive (French and English titles, captions, transcriptions, sessions, speakers,
illustrators and tags), puts every item in one published event, and builds that event's
search data through the real code (``load_kit_data`` → ``entry_for`` →
``build_search_files``). The pages of a small export of the same generator carry it (the
search page does not depend on the number of items; item pages and images are not
needed to search). Then, for each query, in a fresh browser context:

- the bytes the first search loads: the search page's scripts (``search/index.js``,
  ``assets/vendor/snowball/stem.js``, ``assets/search.js``) and every data file the query asked for;
- the time from the query to its first page of results on screen, to the filters and
  their counts too (``CarnetSearch.run`` resolves then), and from typing to all of it as
  a visitor sees it (the input waits 120 ms for a pause in typing; that is included).

    .venv/bin/python bench/bench_kit_search.py                 # 10k then 100k
    .venv/bin/python bench/bench_kit_search.py --sizes 10000
    .venv/bin/python bench/bench_kit_search.py --sizes 10000 --events 2

With ``--events N`` the drawings are dealt to N events, French and English in turn, and
the search data is a collection kit's (``carnet export --all``): one index where each
event's words are stemmed in its language. An event's own search in a collection kit is
its kit's, which the default (one event) measures.

Targets (issue 15): at 10,000 drawings, the first search loads under 1 MB and answers in
under 300 ms. This script prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import playwright.sync_api as playwright_api

from carnet.catalog.archive import Archive
from carnet.kit import ExportOptions, export_kit
from carnet.kit.model import load_kit_data
from carnet.kit.searchdata import (
    SearchEvent,
    build_search_files,
    entry_for,
    page_links,
    search_event,
)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"  # Debian's (.ci/run installs it), as the kit's tests use
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Plurals and feminine forms, elisions, names, tags, two-word and common-word queries,
#: one typo (it loads the words of its first letter for "did you mean").
QUERIES = [
    "société",
    "villes",
    "habitante",
    "l'intelligence",
    "numériques",
    "citoyens démocratie",
    "ostrom",
    "carte mentale",
    "commons",
    "numerqiue",
]


def _bench_search() -> object:
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench/bench_search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_search"] = module  # its dataclasses look it up
    spec.loader.exec_module(module)
    return module


def one_event(path: Path, size: int) -> str:
    """bench_search's archive of ``size`` items, all published in its first event."""
    archive = _bench_search().build_archive(path, size, 15)  # type: ignore[attr-defined]
    with archive.db.transaction() as conn:
        conn.execute("UPDATE sessions SET event_id = 1")
        conn.execute("UPDATE items SET event_id = 1, published = 1")
    slug = str(archive.db.scalar("SELECT slug FROM events WHERE id = 1"))
    archive.close()
    return slug


def make_kit(workdir: Path, size: int, events: int = 1) -> tuple[Path, float, int]:
    """A kit whose search data covers ``size`` drawings, in ``events`` events (a
    collection's search when more than one); (its folder, build s, bytes)."""
    small = workdir / f"small-{size}.carnet"
    slug = one_event(small, 40)
    kit = workdir / f"kit-{size}"
    with Archive.open(small, readonly=True) as archive:
        export_kit(archive, slug, kit, ExportOptions())
    big = workdir / f"big-{size}.carnet"
    slug = one_event(big, size)
    with Archive.open(big, readonly=True) as archive:
        started = time.perf_counter()
        data = load_kit_data(archive.db, slug)
        if events > 1:  # as export_collection: each event stemmed in its language
            langs = ["fr", "en"]
            shared = [
                SearchEvent(f"Event {n}", f"e{n}/index.html", langs[n % 2]) for n in range(events)
            ]
            entries = [
                entry_for(k, prefix=f"e{n % events}/", event=n % events, language=langs[n % 2])
                for n, k in enumerate(data.items)
            ]
            files = build_search_files(entries, "fr", page_links(data), shared)
        else:
            files = build_search_files(
                (entry_for(k) for k in data.items),
                data.event.language or "fr",
                page_links(data),
                [search_event(data)],  # as export_kit, and an event's folder in a collection
            )
        built = time.perf_counter() - started
    shutil.rmtree(kit / "data/search")
    for rel, content in files.items():
        target = kit / "data" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return kit, built, sum(len(v) for v in files.values())


def measure(
    kit: Path, queries: Sequence[str]
) -> list[tuple[str, int, int, float, float, float, int]]:
    """Per query: (query, bytes loaded, files loaded, ms to the results on screen, ms to
    the filters too, ms from typing to everything, hits)."""
    page_url = (kit / "data/search.html").resolve().as_uri()
    data = (kit / "data").resolve()
    out = []
    size = count = hits = 0
    run_ms = all_ms = typing_ms = 0.0
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            for typed in (False, True):
                context = browser.new_context()
                loaded: list[str] = []

                def record(route: playwright_api.Route) -> None:
                    loaded.append(route.request.url)  # noqa: B023 (used before the next loop)
                    route.continue_()

                context.route("**/*", record)
                page = context.new_page()
                page.goto(page_url)
                page.wait_for_load_state("load")
                if typed:
                    started = time.perf_counter()
                    page.fill("#q", query)
                    page.wait_for_function(
                        "q => document.getElementById('search-status').dataset.query === q",
                        arg=query,
                    )
                    typing_ms = (time.perf_counter() - started) * 1000
                    hits = int(page.evaluate("CarnetSearch.count()"))
                else:
                    shown, done = page.evaluate(
                        "q => { const t = performance.now(); CarnetSearch.shownAt = 0;"
                        " return CarnetSearch.run(q).then(() => { const end = performance.now();"
                        " return [(CarnetSearch.shownAt || end) - t, end - t]; }); }",
                        query,
                    )
                    run_ms, all_ms = float(shown), float(done)
                    scripts = [
                        u
                        for u in loaded
                        if "/search/" in u or u.endswith(("/stem.js", "/search.js"))
                    ]
                    size = sum((data / u.split("/data/", 1)[1]).stat().st_size for u in scripts)
                    count = len(scripts)
                context.close()
            out.append((query, size, count, run_ms, all_ms, typing_ms, hits))
        browser.close()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument(
        "--events", type=int, default=1, help="deal the drawings to N events (a collection kit)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="carnet-bench-kit-search-") as tmp:
        workdir = args.workdir or Path(tmp)
        for size in args.sizes:
            print(f"=== {size:,} drawings, {args.events} event(s) ===", flush=True)
            kit, built, total = make_kit(workdir, size, args.events)
            files = len(list((kit / "data/search").iterdir()))
            print(f"search data: {total / 1e6:.1f} MB in {files} files, built in {built:.1f} s")
            rows = measure(kit, QUERIES)
            print(
                f"{'query':22} {'loaded':>8} {'files':>5} {'results':>8} {'filters':>8}"
                f" {'typing':>8} {'hits':>7}"
            )
            for query, size_b, count, run_ms, all_ms, typing_ms, hits in rows:
                print(
                    f"{query:22} {size_b / 1e3:6.0f}KB {count:5d} {run_ms:6.0f}ms"
                    f" {all_ms:6.0f}ms {typing_ms:6.0f}ms {hits:7,}"
                )
            worst = max(r[1] for r in rows)
            slowest = max(r[3] for r in rows)
            median = statistics.median(r[3] for r in rows)
            complete = statistics.median(r[4] for r in rows)
            print(
                f"first search: at most {worst / 1e3:.0f} KB loaded (target < 1,000 KB);"
                f" query to results median {median:.0f} ms, at most {slowest:.0f} ms"
                f" (target < 300 ms); with the filters, median {complete:.0f} ms",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
