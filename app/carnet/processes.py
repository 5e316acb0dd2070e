"""Child processes: the one way Carnet starts them (import workers, the search process).

Every child also ends itself when the process that started it dies (``exit_with_parent``):
a killed importer or window must not leave workers behind, decoding for nobody.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from multiprocessing.connection import wait
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # ForkServerContext does not exist on Windows
    from multiprocessing.context import ForkServerContext, SpawnContext

#: The exit status of a child that ended because its parent had died.
ORPHANED = 75
#: How often the fallback watch (no sentinel to wait on) looks at the parent, in seconds.
POLL_SECONDS = 0.5


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


def exit_with_parent() -> None:
    """In a child process: end it at once when the process that started it dies.

    Call it first thing in a child (a pool's ``initializer``). A pool worker waits on a
    queue whose other end its siblings hold too, so it never sees its parent go, and a
    parent killed with SIGKILL cannot stop it: without this, workers (and, through them,
    the fork server) would run for ever. A daemon thread waits on the parent's sentinel
    (a pipe only the parent holds open, or its process handle on Windows) and ends the
    process when it closes; nothing else is done, so no work is half-committed by an
    orphan. Where there is no sentinel it watches ``os.getppid()`` instead.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    sentinel = getattr(parent, "sentinel", None)
    target = _wait_for_sentinel if isinstance(sentinel, int) else _poll_parent
    args = (sentinel,) if isinstance(sentinel, int) else (os.getppid(),)
    threading.Thread(target=target, args=args, name="carnet-parent-watch", daemon=True).start()


def _wait_for_sentinel(sentinel: int) -> None:
    wait([sentinel])
    os._exit(ORPHANED)


def _poll_parent(ppid: int) -> None:
    while os.getppid() == ppid:
        time.sleep(POLL_SECONDS)
    os._exit(ORPHANED)
