"""What the commands share to write on a terminal: a progress bar, JSON, warnings, errors."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from carnet.errors import Cancelled

T = TypeVar("T")


class ProgressBar:
    """A one-line progress bar on a terminal; silent when stderr is not a terminal."""

    def __init__(self, label: str, stream: TextIO = sys.stderr) -> None:
        self.label = label
        self.stream = stream
        self.enabled = stream.isatty()
        self.started = time.monotonic()
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < total and now - self._last < 0.1:
            return
        self._last = now
        width = 30
        filled = int(width * done / total) if total else width
        rate = done / max(now - self.started, 1e-6)
        bar = "█" * filled + "·" * (width - filled)
        self.stream.write(f"\r{self.label} {bar} {done}/{total} ({rate:.1f}/s) ")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\033[K")
            self.stream.flush()


def run_with_progress(
    label: str,
    work: Callable[[ProgressBar], T],
    interrupted: str,
    on_interrupt: Callable[[], None] | None = None,
) -> T:
    """``work(bar)`` under a progress bar labelled ``label``, closed however it ends.

    Ctrl-C closes the bar, runs ``on_interrupt`` and raises ``Cancelled(interrupted)``.
    """
    bar = ProgressBar(label)
    try:
        result = work(bar)
    except KeyboardInterrupt:
        bar.close()
        if on_interrupt is not None:
            on_interrupt()
        raise Cancelled(interrupted) from None
    bar.close()
    return result


def print_json(value: Any) -> None:
    """``value`` as indented JSON on stdout; what JSON cannot hold is written as a string."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def print_error(message: object) -> None:
    """A one-line error on stderr, as ``carnet: …``."""
    print(f"carnet: {message}", file=sys.stderr)


def print_warning(message: object) -> None:
    """A warning on stderr, as ``carnet: warning: …``: the command still did its work."""
    print(f"carnet: warning: {message}", file=sys.stderr)


def one_line(text: str | None, width: int = 60) -> str:
    """``text`` on one line of at most ``width`` characters, cut with an ellipsis."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
