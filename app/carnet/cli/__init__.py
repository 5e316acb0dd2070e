"""The ``carnet`` command line: a thin layer over the core.

Every command opens the archive, calls one core function and turns its result (or its
``CarnetError``) into words. Errors become one line on stderr and a non-zero exit status.
With the desktop app (``carnet.ui``), this package is the only place that prints: the core
returns results and raises errors, the faces say them.

``main`` builds the parser and runs a command; the commands live one group per module
(``archive``, ``importing``, ``events``, ``programme``, ``items``, ``search``, ``kit``,
``gui``), and ``output`` holds what they share to write on a terminal.
"""

from __future__ import annotations

from carnet.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
