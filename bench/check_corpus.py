"""Import a folder of real-world images and report what happened to each file.

    python bench/check_corpus.py ../shared/corpus/exif-samples

Every file must be imported or rejected with a reason (the exit status is 1 otherwise),
and for the EXIF orientation samples (``*/orientation/landscape_N.jpg`` and
``portrait_N.jpg``) each thumbnail must look like the upright ``_1`` one: the script
compares them pixel by pixel and prints the mean difference.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageChops, ImageStat

CARNET = Path(sys.executable).parent / "carnet"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args()
    files = sorted(p for p in args.corpus.rglob("*") if p.is_file())
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "corpus.carnet"
        subprocess.run([CARNET, "init", archive], check=True, capture_output=True)
        started = time.perf_counter()
        run = subprocess.run(
            [CARNET, "import", archive, args.corpus], capture_output=True, text=True, timeout=600
        )
        elapsed = time.perf_counter() - started
        print(run.stdout.strip(), f"in {elapsed:.1f} s")
        rejected = dict(re.findall(r"^rejected: (.*?): (.*)$", run.stderr, re.M))
        for path, reason in rejected.items():
            print(f"  rejected {Path(path).relative_to(args.corpus)}: {reason}")
        listing = subprocess.run(
            [CARNET, "items", archive, "--json"], check=True, capture_output=True, text=True
        )
        items = json.loads(listing.stdout)
        imported = {i["original_name"] for i in items}
        missing = [f for f in files if f.name not in imported and str(f) not in rejected]
        with_time = sum(1 for i in items if i["captured_at"])
        print(
            f"{len(files)} files: {len(items)} imported ({with_time} with a capture time), "
            f"{len(rejected)} rejected, {len(missing)} unaccounted for"
        )
        for f in missing:
            print(f"  UNACCOUNTED {f}")
        worst = _orientation_report(archive, items)
        check = subprocess.run([CARNET, "check", archive], capture_output=True, text=True)
        print(check.stdout.strip().splitlines()[-1])
    ok = not missing and check.returncode == 0 and worst < 12 and "Traceback" not in run.stderr
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def _orientation_report(archive: Path, items: list[dict[str, object]]) -> float:
    """Mean pixel difference of each orientation sample's thumbnail to the upright one."""
    thumbs: dict[str, Image.Image] = {}
    for item in items:
        name = str(item["original_name"])
        if re.fullmatch(r"(landscape|portrait)_\d\.jpg", name):
            digest = str(item["hash"])
            thumbs[name] = Image.open(archive / "thumbnails" / digest[:2] / f"{digest}.jpg")
    worst = 0.0
    for shape in ("landscape", "portrait"):
        upright = thumbs.get(f"{shape}_1.jpg")
        if upright is None:
            continue
        line = []
        for n in range(1, 9):
            thumb = thumbs.get(f"{shape}_{n}.jpg")
            if thumb is None:
                continue
            if thumb.size != upright.size:
                diff = 255.0
            else:
                diff = sum(ImageStat.Stat(ImageChops.difference(thumb, upright)).mean) / 3
            worst = max(worst, diff)
            line.append(f"{n}:{diff:.1f}")
        print(f"orientation {shape}: mean difference to _1 (0 = identical) " + " ".join(line))
    return worst


if __name__ == "__main__":
    sys.exit(main())
