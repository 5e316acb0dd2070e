"""Build the wheel, install it into a fresh virtual environment, and run the smoke checks.

    python packaging/wheel_test.py [--keep DIR]

This is what proves that ``pip install .`` ships the kit templates, the translations and the
icons: the fresh environment has no checkout on its path, and ``smoke.py`` checks that the
desktop app found its resources inside the installed package.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def step(*cmd: str | Path) -> None:
    print("$", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="work in DIR and leave it there")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="carnet-wheel-") as tmp:
        work = (args.keep or Path(tmp)).resolve()
        work.mkdir(parents=True, exist_ok=True)
        dist, venv = work / "dist", work / "venv"
        step(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, ROOT)
        wheels = sorted(dist.glob("carnet-*.whl"))
        if len(wheels) != 1:
            print(f"wheel_test: expected one wheel in {dist}, found {wheels}", file=sys.stderr)
            return 1
        step(sys.executable, "-m", "venv", venv)
        bindir = venv / ("Scripts" if os.name == "nt" else "bin")
        step(bindir / "python", "-m", "pip", "install", "--quiet", wheels[0])
        site = subprocess.run(
            [bindir / "python", "-c", "import carnet, pathlib; print(carnet.__file__)"],
            check=True,
            capture_output=True,
            text=True,
            cwd=work,
        ).stdout.strip()
        package = Path(site).parent
        return subprocess.run(
            [
                sys.executable,
                ROOT / "packaging" / "smoke.py",
                bindir / "carnet",
                "--gui-python",
                bindir / "python",
                "--resources-under",
                package,
                "--workdir",
                work / "smoke",
            ],
            check=False,
        ).returncode


if __name__ == "__main__":
    sys.exit(main())
