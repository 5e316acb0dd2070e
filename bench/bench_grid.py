"""Alias of ``bench_ui.py`` (the grid benchmark): same figures, same arguments."""

from __future__ import annotations

import runpy
from pathlib import Path

if __name__ == "__main__":
    runpy.run_path(str(Path(__file__).with_name("bench_ui.py")), run_name="__main__")
