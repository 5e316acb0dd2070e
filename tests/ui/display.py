"""Which display the Qt tests run on: a private X server when Xvfb is installed, Qt's
``offscreen`` platform otherwise (a pytest plugin, registered by ``tests/conftest.py``).

Focus, window activation and keyboard shortcuts behave under X as on a Linux desktop and
not offscreen: the key bindings differ (Redo is Ctrl+Shift+Z on X11, Ctrl+Y offscreen), and
offscreen no key goes through the X server's keymap. So when ``Xvfb`` is installed
(``.ci/run`` installs it), the whole run shares one virtual X server, started when the
first Qt test is collected and stopped at the end; each test runs once. ``openbox``, when
installed, manages its windows as on a desktop: focus and activation then go through a
window manager (the tests pass without one too: Qt then sets the X focus itself). It never
opens windows on the developer's own screen.

The environment decides first: ``QT_QPA_PLATFORM=offscreen`` runs offscreen (a quicker
loop), ``QT_QPA_PLATFORM=xcb`` runs on the ``DISPLAY`` given.

Tests marked ``x11`` are about the keyboard: under Xvfb they type through the X server
(XTest, with ``xdotool``), so shortcuts resolve exactly as when a user presses the keys.
Offscreen is a supported way to run the suite (no X server on the machine), so they run
there too, with Qt's simulated key events and Qt's default key bindings, and the run ends
with a line saying so and what to install; they are never skipped.
"""

from __future__ import annotations

import ctypes
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

#: What to install for the real X server (Debian names); ``.ci/run`` installs them.
PACKAGES = "xvfb openbox xdotool"
SCREEN = "1366x768x24"


@dataclass
class Display:
    """The display chosen for this run, and the processes started for it."""

    platform: str = "offscreen"
    name: str = ""
    window_manager: bool = False
    typist: str = "qtest"  # "xdotool": keys go through the X server
    chosen_by_environment: bool = False
    qt_tests: bool = False
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    simulated_key_tests: list[str] = field(default_factory=list)
    problem: str = ""

    @property
    def real_x(self) -> bool:
        return self.platform == "xcb"


DISPLAY = pytest.StashKey[Display]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "x11: about the keyboard or focus; types through a real X server (Xvfb) when there "
        "is one, with simulated keys offscreen (said at the end of the run)",
    )
    chosen = os.environ.get("QT_QPA_PLATFORM", "")
    display = Display(chosen_by_environment=bool(chosen))
    if chosen:
        display.platform = "xcb" if chosen.startswith("xcb") else chosen
        display.name = os.environ.get("DISPLAY", "")
        if display.real_x and shutil.which("xdotool"):
            display.typist = "xdotool"
    else:
        # Until a Qt test is collected: the rest of the suite, and what it starts, never
        # needs a display.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    config.stash[DISPLAY] = display


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    display = config.stash[DISPLAY]
    display.qt_tests = any("qapp" in getattr(item, "fixturenames", ()) for item in items)
    if display.chosen_by_environment or display.processes or not display.qt_tests:
        return
    if not shutil.which("Xvfb"):
        display.problem = "Xvfb not found"
        return
    try:
        _start_x(display)
    except (OSError, RuntimeError) as exc:
        _stop_x(display)
        display.problem = str(exc)
        return
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ["DISPLAY"] = display.name
    display.platform = "xcb"
    display.typist = "xdotool" if shutil.which("xdotool") else "qtest"


def pytest_runtest_setup(item: pytest.Item) -> None:
    display = item.config.stash[DISPLAY]
    if item.get_closest_marker("x11") and display.typist != "xdotool":
        display.simulated_key_tests.append(item.nodeid)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    display = terminalreporter.config.stash[DISPLAY]
    if not display.qt_tests:
        return
    if display.real_x:
        where = f"Xvfb {display.name}" if display.processes else f"X display {display.name}"
        if display.processes:
            manager = "with openbox" if display.window_manager else "without a window manager"
            why = f", {display.problem}" if display.problem else ""
            where += f" {manager}{why}"
        keys = "keys typed through xdotool" if display.typist == "xdotool" else "simulated keys"
        terminalreporter.write_line(f"Qt tests ran on {where} ({keys}).")
    else:
        why = f" ({display.problem})" if display.problem else ""
        where = "offscreen" if display.platform == "offscreen" else f"on {display.platform}"
        terminalreporter.write_line(f"Qt tests ran {where}{why}.")
    if display.simulated_key_tests:
        terminalreporter.write_line(
            f"{len(display.simulated_key_tests)} keyboard test(s) marked x11 ran with simulated "
            f"keys ({display.platform}), not as a user types under X: "
            f"apt-get install {PACKAGES} to run them on a virtual X server.",
            yellow=True,
            bold=True,
        )


def pytest_unconfigure(config: pytest.Config) -> None:
    display = config.stash.get(DISPLAY, None)
    if display is not None:
        _stop_x(display)


def _start_x(display: Display) -> None:
    """Start Xvfb on a free display number, then openbox on it; wait until both are up."""
    read, write = os.pipe()
    try:
        # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_end_with_parent,
        )
        display.processes.append(server)
        os.close(write)
        write = -1
        number = b""
        deadline = time.monotonic() + 15
        while not number.endswith(b"\n"):
            ready, _, _ = select.select([read], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(read, 16) if ready else b""
            if not chunk:
                raise RuntimeError("Xvfb did not start")
            number += chunk
    finally:
        os.close(read)
        if write >= 0:
            os.close(write)
    display.name = f":{int(number)}"
    if shutil.which("openbox"):
        display.window_manager = _start_openbox(display)


def _start_openbox(display: Display) -> bool:
    """Start openbox on the display; wait until it manages windows (False: it did not)."""
    folder = Path(tempfile.mkdtemp(prefix="carnet-openbox-"))
    started = folder / "started"
    try:
        manager = subprocess.Popen(
            ["openbox", "--sm-disable", "--startup", f"touch {started}"],
            env={**os.environ, "DISPLAY": display.name},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_end_with_parent,
        )
        display.processes.append(manager)
        deadline = time.monotonic() + 15
        while not started.exists():
            if manager.poll() is not None or time.monotonic() > deadline:
                display.problem = "openbox did not start"
                return False
            time.sleep(0.02)
        return True
    finally:
        shutil.rmtree(folder)


def _end_with_parent() -> None:
    """In the X server and window manager, before they start: end with the test run, even
    one Qt aborted (pytest_unconfigure never runs then)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _stop_x(display: Display) -> None:
    for process in reversed(display.processes):
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    display.processes.clear()
