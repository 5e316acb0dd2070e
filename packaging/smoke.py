"""Run an installed or bundled ``carnet`` through a user's first steps and check each result.

    python packaging/smoke.py CARNET [--gui-python PYTHON] [--workdir DIR]

``CARNET`` is the command to test: ``dist/carnet/carnet`` (the PyInstaller bundle) or the
``carnet`` of a fresh virtual environment (the wheel). Each step checks what the user would
see, not just the exit status: the version is the one in ``pyproject.toml``; the demo
archive holds its drawings; a search finds them, accent-insensitively; an import of new
photos (a JPEG and a HEIC, through the worker processes) adds exactly them; the kit has its
pages, its search data and one page per published item; the booklet is a PDF with its
fonts and every published drawing. The desktop app is started
offscreen: with ``--gui-python``, by ``gui_smoke.py`` in that Python, which inspects the
window and quits; otherwise (the bundle) as ``CARNET gui``, stopped once it has opened the
archive. The work happens outside the checkout, so nothing there is used by accident.
Exits 1 at the first failed check.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVENT = "forum-humanisme-numerique-2016"


class Failed(Exception):
    pass


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return str(tomllib.load(f)["project"]["version"])


def clean_env(workdir: Path) -> dict[str, str]:
    """The environment of a user: no resources override, no checkout on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("CARNET_RESOURCES", "PYTHONPATH")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(workdir / "config")
    env["XDG_DATA_HOME"] = str(workdir / "data")
    env["HOME"] = str(workdir / "home")
    env["CARNET_CACHE_DIR"] = str(workdir / "cache")  # where the search indexes go
    (workdir / "home").mkdir(exist_ok=True)
    return env


def search_index_built(workdir: Path) -> bool:
    """Whether a search index was built, in the cache ``clean_env`` names (not the archive)."""
    return any((workdir / "cache" / "index").glob("*/state.json"))


def run(cmd: list[str], workdir: Path, *, expect: int = 0) -> str:
    print("$", " ".join(cmd), flush=True)
    done = subprocess.run(
        cmd, cwd=workdir, env=clean_env(workdir), capture_output=True, text=True, check=False
    )
    if done.returncode != expect:
        raise Failed(
            f"{' '.join(cmd)} exited with {done.returncode} (expected {expect})\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return done.stdout


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Failed(message)
    print("  ok:", message)


def items(carnet: str, archive: Path, workdir: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(run([carnet, "items", str(archive), "--json"], workdir))
    return data


def make_photos(folder: Path) -> list[Path]:
    """A JPEG and a HEIC photo (as phones take them), made here so no file is needed."""
    import pillow_heif
    from PIL import Image

    pillow_heif.register_heif_opener()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (colour, kind) in enumerate((((200, 120, 80), "JPEG"), ((60, 120, 140), "HEIF"))):
        image = Image.new("RGB", (640, 480), colour)
        exif = Image.Exif()
        exif[0x0132] = f"2016:09:29 1{n}:05:00"  # DateTime
        path = folder / f"smoke-{n}.{'jpg' if kind == 'JPEG' else 'heic'}"
        image.save(path, kind, exif=exif, quality=85)
        paths.append(path)
    return paths


def read_lettering(carnet: str, archive: Path, workdir: Path) -> None:
    """Import a drawing lettered in block capitals, read it with the OCR engine the package
    carries (its models included: nothing is downloaded), and find its words by ``lu:``."""
    from PIL import Image, ImageDraw, ImageFont

    folder = workdir / "lettering"
    folder.mkdir(exist_ok=True)
    image = Image.new("RGB", (900, 300), "white")
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "DejaVuSans.ttf"), 64)
    ImageDraw.Draw(image).text((40, 100), "BOURSE AUX SEMENCES", font=font, fill="black")
    image.save(folder / "lettering.png")
    before = {i["id"] for i in items(carnet, archive, workdir)}
    run([carnet, "import", str(archive), str(folder), "--jobs", "1"], workdir)
    (new,) = {i["id"] for i in items(carnet, archive, workdir)} - before
    said = run([carnet, "transcribe", str(archive), str(new), "--jobs", "1"], workdir)
    expect(said.startswith("1 read"), "`transcribe` read the lettering of a drawing")
    found = json.loads(run([carnet, "search", str(archive), "lu:semences", "--json"], workdir))
    expect(
        [hit["id"] for hit in found["hits"]] == [new] and found["hits"][0]["ocr_only"],
        "and `search lu:semences` finds it, by its machine-read text only",
    )


def gui_opens(carnet: str, archive: Path, workdir: Path) -> str:
    """Start ``carnet gui ARCHIVE``, wait until it has opened the archive and its search
    process has built the index, then stop it.

    For a program we cannot script (the bundle): the app records an archive among the recent
    ones once its window shows it, so the settings file is the sign. The wait is a safety
    net for a hung start, not a measurement.
    """
    settings = workdir / "config" / "Carnet" / "Carnet.ini"
    settings.unlink(missing_ok=True)
    print("$", carnet, "gui", archive, flush=True)
    process = subprocess.Popen(
        [carnet, "gui", str(archive)],
        cwd=workdir,
        env=clean_env(workdir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(600):
            if process.poll() is not None:
                out = process.stdout.read() if process.stdout else ""
                raise Failed(f"carnet gui stopped by itself ({process.returncode}):\n{out}")
            shown = settings.is_file() and archive.name in settings.read_text(encoding="utf-8")
            if shown and search_index_built(workdir):  # its search process too
                return settings.read_text(encoding="utf-8")
            time.sleep(0.1)
        raise Failed("carnet gui did not open the archive within a minute")
    finally:
        process.terminate()
        process.wait()


def correct_a_board(carnet: str, archive: Path, workdir: Path) -> None:
    """Import a board photographed at an angle and straighten it with ``item correct
    --auto``: OpenCV finds its corners and the preview becomes the board alone. Run with
    ``-v``, which would log that libvips (the import's JPEG engine) could not be loaded."""
    from PIL import Image, ImageDraw

    folder = workdir / "board"
    folder.mkdir(exist_ok=True)
    image = Image.new("RGB", (1600, 1200), (60, 55, 50))
    draw = ImageDraw.Draw(image)
    draw.polygon([(260, 180), (1380, 250), (1320, 1020), (300, 950)], fill=(235, 233, 225))
    for y in range(320, 900, 60):
        draw.line((380, y, 1180, y + 20), fill=(30, 30, 30), width=6)
    image.save(folder / "board.jpg", quality=90)
    before = {i["id"] for i in items(carnet, archive, workdir)}
    run([carnet, "import", str(archive), str(folder), "--jobs", "1"], workdir)
    (new,) = {i["id"] for i in items(carnet, archive, workdir)} - before
    command = [carnet, "-v", "item", "correct", str(archive), str(new), "--auto"]
    print("$", " ".join(command), flush=True)
    done = subprocess.run(
        command, cwd=workdir, env=clean_env(workdir), capture_output=True, text=True, check=False
    )
    expect(
        done.returncode == 0 and "perspective from corners" in done.stdout,
        f"`item correct --auto` found the board's corners ({done.stdout.strip()}"
        f"{done.stderr.strip()[-500:]})",
    )
    expect("libvips not available" not in done.stderr, "libvips is there, for JPEG previews")
    (item,) = [i for i in items(carnet, archive, workdir) if i["id"] == new]
    corners = item["corrections"]["corners"]
    truth = [(260, 180), (1380, 250), (1320, 1020), (300, 950)]
    expect(
        all(abs(c[0] - t[0]) + abs(c[1] - t[1]) < 40 for c, t in zip(corners, truth, strict=True)),
        f"the corners are the board's ({corners})",
    )


def smoke(
    carnet: str, workdir: Path, gui_python: str | None, resources_under: Path | None = None
) -> None:
    version = run([carnet, "--version"], workdir).strip()
    expect(version == f"carnet {project_version()}", f"`carnet --version` says {version!r}")

    archive = workdir / "Forum.carnet"
    run([carnet, "demo", str(archive)], workdir)
    expect((archive / "catalog.sqlite").is_file(), "the demo archive has its catalog")
    demo_items = items(carnet, archive, workdir)
    published = [i for i in demo_items if i["published"]]
    expect(len(demo_items) > 0, f"the demo archive holds {len(demo_items)} items")

    found = json.loads(run([carnet, "search", str(archive), "numerique", "--json"], workdir))
    ids = {i["id"] for i in demo_items}
    hits = found["hits"]
    expect(
        found["total"] > 0 and all(hit["id"] in ids for hit in hits),
        f"`search numerique` finds {found['total']} items of the archive",
    )
    expect(
        any("numérique" in (hit.get("title") or "") for hit in hits),
        "and 'numerique' found 'numérique' (accents folded)",
    )

    photos = make_photos(workdir / "photos")
    run([carnet, "import", str(archive), str(workdir / "photos"), "--jobs", "2"], workdir)
    after = items(carnet, archive, workdir)
    new = {i["original_name"] for i in after} - {i["original_name"] for i in demo_items}
    expect(
        len(after) == len(demo_items) + 2 and new == {p.name for p in photos},
        "`import` with two worker processes added the two photos",
    )

    read_lettering(carnet, archive, workdir)
    correct_a_board(carnet, archive, workdir)

    kit = workdir / "kit"
    run([carnet, "export", str(archive), "--event", EVENT, str(kit)], workdir)
    expect((kit / "index.html").is_file(), "the kit has its index.html")
    home = (kit / "data" / "index.html").read_text(encoding="utf-8")
    expect("Humanisme" in home or "humanisme" in home, "the kit's home page names the event")
    expect((kit / "data" / "assets" / "kit.css").is_file(), "the kit has its stylesheet")
    expect((kit / "data" / "search" / "index.js").is_file(), "the kit has its search data")
    pages = list((kit / "data" / "items").glob("*.html"))
    expect(len(pages) == len(published), f"the kit has one page per published item ({len(pages)})")
    tile_sets = [p for p in (kit / "data" / "tiles").glob("*") if p.is_dir()]
    expect(
        len(tile_sets) == len(published) and all(any(p.rglob("default.jpg")) for p in tile_sets),
        f"libvips cut every published drawing into deep-zoom tiles ({len(tile_sets)} sets)",
    )
    downloads = list((kit / "data" / "downloads").glob("*.jpg"))
    expect(len(downloads) == len(published), "each drawing has its full-resolution download")

    booklet = workdir / "livret.pdf"
    said = run(
        [carnet, "booklet", str(archive), "--event", EVENT, str(booklet), "--large-print"], workdir
    )
    data = booklet.read_bytes() if booklet.is_file() else b""
    expect(
        data.startswith(b"%PDF-") and b"/FontFile2" in data and b"/DCTDecode" in data,
        "`booklet` wrote a PDF with its fonts and drawings embedded",
    )
    expect(f"{len(published)} drawings" in said, "the booklet holds every published drawing")

    # The desktop app searches through a process of its own; without an index on disk, that
    # process has to build one, which the checks below look for.
    shutil.rmtree(workdir / "cache" / "index", ignore_errors=True)
    if gui_python:
        out = run([gui_python, str(ROOT / "packaging" / "gui_smoke.py"), str(archive)], workdir)
        print(out.rstrip())
        expect("À propos de Carnet" in out, "`carnet gui` opened the archive, in French")
        expect("search in the window: " in out, "a search in the window was answered")
        if resources_under is not None:
            line = next(x for x in out.splitlines() if x.startswith("resources: "))
            where = Path(line.removeprefix("resources: "))
            expect(
                where.is_relative_to(resources_under),
                f"the resources were found in the installed package ({where})",
            )
    else:
        # Qt's own French (standard buttons, file dialogs), which the window loads beside
        # carnet_fr.qm: PyInstaller's Qt hook brings it with QtCore.
        bundled = Path(carnet).resolve().parent
        expect(
            any(bundled.rglob("qtbase_fr.qm")), "the bundle carries Qt's own French (qtbase_fr.qm)"
        )
        recorded = gui_opens(carnet, archive, workdir)
        expect("recent" in recorded, "`carnet gui` showed the archive and remembered it")
    expect(
        search_index_built(workdir) and not (archive / "index").exists(),
        "the window's search process built the search index, in the cache",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("carnet", help="the carnet command to test")
    parser.add_argument("--gui-python", help="also start the desktop app with this Python")
    parser.add_argument(
        "--resources-under",
        type=Path,
        help="with --gui-python: the resources must be found under this folder",
    )
    parser.add_argument("--workdir", type=Path, help="where to work (default: a temporary one)")
    args = parser.parse_args(argv)
    # abspath, not resolve: a virtual environment's python is a symlink out of it.
    carnet = os.path.abspath(args.carnet)
    gui_python = os.path.abspath(args.gui_python) if args.gui_python else None
    with tempfile.TemporaryDirectory(prefix="carnet-smoke-") as tmp:
        workdir = (args.workdir or Path(tmp)).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        try:
            resources_under = args.resources_under.resolve() if args.resources_under else None
            smoke(carnet, workdir, gui_python, resources_under)
        except Failed as exc:
            print(f"smoke: FAILED: {exc}", file=sys.stderr)
            return 1
    print("smoke: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
