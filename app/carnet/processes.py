"""Child processes: the one way Carnet starts them (import workers, the search process)."""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # ForkServerContext does not exist on Windows
    from multiprocessing.context import ForkServerContext, SpawnContext


def process_context() -> ForkServerContext | SpawnContext:
    """A multiprocessing context whose children never start as a fork of the caller.

    The desktop app has threads and a database connection that a fork would copy in an
    unknown state. Where the system has it (Linux, macOS) children come from a clean
    server process, which loads the import stages and Pillow once, so each new worker
    starts with them ready; elsewhere (Windows) they are spawned afresh. The preload is the
    same for every caller: the first to start the server decides it for the process.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["carnet.importing.pipeline"])
    return context
