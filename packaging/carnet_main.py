"""The bundle's entry point: the ``carnet`` command, frozen by PyInstaller.

``freeze_support`` must run first: the import's worker processes (forkserver on Linux,
spawn elsewhere) start this same executable, and it turns them into workers instead of a
second Carnet.
"""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from carnet.__main__ import main

    sys.exit(main())
