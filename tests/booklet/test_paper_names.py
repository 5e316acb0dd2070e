"""The command line names the booklet's papers without loading the booklet."""

from __future__ import annotations

import subprocess
import sys

from carnet.booklet import PAPERS
from carnet.cli.booklet import PAPER_NAMES


def test_the_command_line_offers_every_paper() -> None:
    assert tuple(PAPERS) == PAPER_NAMES


def test_commands_start_without_the_booklet_or_the_kit() -> None:
    code = (
        "import sys, carnet.cli.main;"
        "print(sorted(m for m in sys.modules if m.startswith(('carnet.booklet', 'carnet.kit',"
        " 'fpdf'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
