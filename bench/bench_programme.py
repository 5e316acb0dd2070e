"""Benchmark of programme import: reading and storing 100,000 sessions, then again.

For each format (iCalendar with UIDs, frab XML with guids, CSV as organisers write it, with
no id column) it writes a deterministic programme file of N sessions — parallel rooms,
half-hour slots over many days, speakers from a pool of a few thousand names — and times,
through the real code path (``read_programme`` then ``import_programme``):

- import: a fresh archive with one event;
- re-import: the same file again into that archive (every session is recognised, nothing
  changes).

Each figure is the median of ``--runs`` runs, split into reading and storing. With
``--baseline REV`` it also runs, at ``--baseline-size`` sessions, the programme readers and
store of the git revision REV (loaded from ``git show``) on the same files, in the same
process, and prints the ratio: the machines this runs on are noisy, a ratio measured side
by side is not.

    .venv/bin/python bench/bench_programme.py                         # 100k, 3 formats
    .venv/bin/python bench/bench_programme.py --sizes 20000 --runs 3
    .venv/bin/python bench/bench_programme.py --sizes 100000 --baseline HEAD~1

Target (issue 10): under 30 s for each format's import and re-import at 100,000 sessions.
This script prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "app"))

from carnet.catalog.archive import Archive  # noqa: E402
from carnet.catalog.events import add_event, get_event  # noqa: E402
from carnet.programme.readers import read_programme  # noqa: E402
from carnet.programme.store import import_programme  # noqa: E402

ZONE = "Europe/Paris"
ROOMS = 20
SLOTS_PER_DAY = 20  # 09:00 to 19:00, every half hour
FIRST_DAY = datetime(2016, 9, 29, 9, 0)
WORDS = [
    "communs",
    "société",
    "démocratie",
    "numérique",
    "ville",
    "données",
    "confiance",
    "écologie",
    "mobilité",
    "éducation",
    "solidarité",
    "transition",
    "culture",
    "santé",
    "liberté",
    "territoire",
    "participation",
    "algorithmes",
    "plateformes",
    "réseaux",
    "quartiers",
    "associations",
    "énergie",
    "égalité",
    "humanisme",
]
FIRST = [
    "Aïcha",
    "Bruno",
    "Chloé",
    "Damien",
    "Élise",
    "Farid",
    "Gaëlle",
    "Hugo",
    "Inès",
    "Jules",
    "Karima",
    "Léo",
    "Margaux",
]
LAST = [
    "Benali",
    "Martin",
    "Lefèvre",
    "Dubois",
    "Nguyen",
    "Moreau",
    "Laurent",
    "Garcia",
    "Fontaine",
    "Rousseau",
]
TRACKS = ("Communs", "Démocratie", "Villes", "Données", "Culture")


@dataclass
class Row:
    uid: str
    title: str
    start: datetime
    end: datetime
    room: str
    track: str
    speakers: list[str]


def sessions(n: int) -> list[Row]:
    """``n`` deterministic sessions: ``ROOMS`` in parallel, half-hour slots, many days."""
    pool = [f"{f} {last} {k}" for k in range(40) for f in FIRST for last in LAST]
    rows: list[Row] = []
    for i in range(n):
        slot, room = divmod(i, ROOMS)
        day, in_day = divmod(slot, SLOTS_PER_DAY)
        start = FIRST_DAY + timedelta(days=day, minutes=30 * in_day)
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(4)]
        rows.append(
            Row(
                uid=f"session-{i:06d}@bench.example",
                title=f"{' '.join(words).capitalize()} n°{i}",
                start=start,
                end=start + timedelta(minutes=25),
                room=f"Salle {room + 1}",
                track=TRACKS[i % len(TRACKS)],
                speakers=[pool[(i * 13 + k * 101) % len(pool)] for k in range(1 + i % 3)],
            )
        )
    return rows


def write_ics(rows: list[Row], path: Path) -> None:
    out = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Carnet//bench//FR"]
    for r in rows:
        out += [
            "BEGIN:VEVENT",
            f"UID:{r.uid}",
            f"SUMMARY:{r.title}",
            f"DTSTART;TZID={ZONE}:{r.start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID={ZONE}:{r.end:%Y%m%dT%H%M%S}",
            f"LOCATION:{r.room}",
            f"CATEGORIES:{r.track}",
            f"X-SPEAKER:{'; '.join(r.speakers)}",
            "END:VEVENT",
        ]
    out.append("END:VCALENDAR")
    path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8")


def write_frab(rows: list[Row], path: Path) -> None:
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<schedule><conference><title>Bench</title>"
        f"<time_zone_name>{ZONE}</time_zone_name></conference>",
    ]
    by_day: dict[str, dict[str, list[Row]]] = {}
    for r in rows:
        by_day.setdefault(f"{r.start:%Y-%m-%d}", {}).setdefault(r.room, []).append(r)
    for index, (day, rooms) in enumerate(by_day.items(), start=1):
        out.append(f'<day index="{index}" date="{day}">')
        for room, events in rooms.items():
            out.append(f"<room name={quoteattr(room)}>")
            for r in events:
                persons = "".join(f"<person>{escape(s)}</person>" for s in r.speakers)
                out.append(
                    f"<event guid={quoteattr(r.uid)}><start>{r.start:%H:%M}</start>"
                    f"<duration>00:25</duration><title>{escape(r.title)}</title>"
                    f"<track>{escape(r.track)}</track><persons>{persons}</persons></event>"
                )
            out.append("</room>")
        out.append("</day>")
    out.append("</schedule>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def write_csv(rows: list[Row], path: Path) -> None:
    out = ["titre;date;début;fin;salle;parcours;intervenants"]
    for r in rows:
        out.append(
            f"{r.title};{r.start:%d/%m/%Y};{r.start:%H:%M};{r.end:%H:%M};{r.room};{r.track};"
            f"{', '.join(r.speakers) if len(r.speakers) > 2 else ' / '.join(r.speakers)}"
        )
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


WRITERS: dict[str, tuple[str, Callable[[list[Row], Path], None]]] = {
    "ics": ("programme.ics", write_ics),
    "frab": ("schedule.xml", write_frab),
    "csv": ("programme.csv", write_csv),
}


@dataclass
class Code:
    """One version of the programme code: how to read a file and how to store it."""

    read: Callable[[Path, str], object]
    store: Callable[..., object]


def current_code() -> Code:
    return Code(read_programme, import_programme)


def baseline_code(rev: str) -> Code:
    """The readers and the store of git revision ``rev``, loaded beside the current ones."""
    modules: dict[str, types.ModuleType] = {}
    # In dependency order: the readers import csvreader, readers imports all three.
    for name in ("model", "matching", "csvreader", "icsreader", "frab", "readers", "store"):
        source = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{rev}:app/carnet/programme/{name}.py"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        qualified = f"carnet.programme.{name}"
        spec = importlib.util.spec_from_loader(f"baseline_{name}", loader=None)
        assert spec is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module  # dataclasses look their module up there
        # The old modules import their siblings by their real names: give them the old ones.
        saved = {k: sys.modules.get(f"carnet.programme.{k}") for k in modules}
        for k, old in modules.items():
            sys.modules[f"carnet.programme.{k}"] = old
        try:
            exec(compile(source, f"{rev}:{qualified}", "exec"), module.__dict__)
        finally:
            for k, current in saved.items():
                if current is not None:
                    sys.modules[f"carnet.programme.{k}"] = current
        modules[name] = module
    return Code(modules["readers"].read_programme, modules["store"].import_programme)


def run_once(code: Code, path: Path, folder: Path) -> dict[str, float]:
    """Import then re-import ``path`` into a fresh archive; seconds for each step."""
    figures: dict[str, float] = {}
    archive_path = folder / "bench.carnet"
    with Archive.create(archive_path) as archive:
        add_event(archive.db, slug="bench", name="Bench", timezone=ZONE)
        event = get_event(archive.db, "bench")
        for step in ("import", "re-import"):
            t0 = time.perf_counter()
            programme = code.read(path, ZONE)
            t1 = time.perf_counter()
            summary = code.store(archive.db, event, programme)
            t2 = time.perf_counter()
            figures[f"{step} read"] = t1 - t0
            figures[f"{step} store"] = t2 - t1
            figures[step] = t2 - t0
            expected = "added" if step == "import" else "unchanged"
            count = len(programme.sessions)  # type: ignore[attr-defined]
            assert getattr(summary, expected) == count, summary
            del programme, summary  # a re-import is a new command: nothing of this one is kept
    return figures


def measure(codes: list[Code], path: Path, runs: int) -> list[dict[str, float]]:
    """Median figures of each version of the code, their runs taken in turn (so that a busy
    moment of the machine falls on both alike)."""
    results: list[list[dict[str, float]]] = [[] for _ in codes]
    for _ in range(runs):
        for code, found in zip(codes, results, strict=True):
            with tempfile.TemporaryDirectory(prefix="carnet-bench-") as tmp:
                found.append(run_once(code, path, Path(tmp)))
    return [
        {key: statistics.median(r[key] for r in found) for key in found[0]} for found in results
    ]


def show(label: str, fig: dict[str, float]) -> str:
    return (
        f"{label:<10} import {fig['import']:7.2f} s (read {fig['import read']:.2f} + store"
        f" {fig['import store']:.2f})   re-import {fig['re-import']:7.2f} s"
        f" (read {fig['re-import read']:.2f} + store {fig['re-import store']:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--formats", nargs="+", choices=sorted(WRITERS), default=list(WRITERS))
    parser.add_argument("--runs", type=int, default=1, help="runs per figure (median)")
    parser.add_argument("--baseline", metavar="REV", help="also time this git revision")
    parser.add_argument("--baseline-size", type=int, default=20_000)
    parser.add_argument("--baseline-runs", type=int, default=1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="carnet-bench-files-") as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            rows = sessions(n)
            print(f"{n:,} sessions (median of {args.runs} run(s))")
            for fmt in args.formats:
                name, write = WRITERS[fmt]
                path = folder / f"{n}-{name}"
                write(rows, path)
                (fig,) = measure([current_code()], path, args.runs)
                size = path.stat().st_size / 2**20
                print(f"  {show(fmt, fig)}   [{size:.1f} MiB file]", flush=True)
        if args.baseline:
            n = args.baseline_size
            rows = sessions(n)
            old = baseline_code(args.baseline)
            print(
                f"{n:,} sessions: {args.baseline} against the working tree, same files, same"
                f" process (median of {args.baseline_runs} run(s))"
            )
            for fmt in args.formats:
                name, write = WRITERS[fmt]
                path = folder / f"{n}-{name}"
                write(rows, path)
                before, after = measure([old, current_code()], path, args.baseline_runs)
                print(f"  {show(fmt + ' old', before)}")
                print(f"  {show(fmt + ' new', after)}")
                print(
                    f"  {fmt:<10} ratio old/new: import {before['import'] / after['import']:.1f}×,"
                    f" re-import {before['re-import'] / after['re-import']:.1f}×",
                    flush=True,
                )


if __name__ == "__main__":
    main()
