"""The shape of the code: the core never prints, and no package imports one above it.

Both checks read the source with ``ast``, so an import or a ``print`` inside a function
counts as much as one at the top of a module. Only ``carnet.ui`` imports Qt: that one is
``tests/ui/test_layering.py``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import carnet

ROOT = Path(carnet.__file__).parent

#: The faces, which alone may print: the command line and the desktop app.
FACES = ("cli", "ui")

#: Top to bottom; a package may import the packages of the levels below its own. ``carnet``
#: is the top-level package itself (``carnet_version``); ``licences`` (the licences an item
#: can carry), ``processes`` (how child processes start) and ``cache`` (the user's cache
#: folder) are plain helpers with the errors and messages. ``__main__``, the ``carnet``
#: entry point, sits above the faces.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("__main__",),
    FACES,
    ("kit", "search", "demo", "booklet", "merge"),
    ("importing", "programme", "ocr"),
    ("catalog",),
    ("media",),
    ("errors", "messages", "fsutil", "resources", "licences", "processes", "cache", "carnet"),
)

#: The imports allowed between two packages of one level, with why; cycles stay out, and
#: any other import across a level fails the test.
SIDEWAYS: dict[tuple[str, str], str] = {
    ("cli", "ui"): "`carnet gui` opens the window (imported inside the command only)",
    ("kit", "search"): "the kit's offline search analyses words as the index does",
    ("booklet", "kit"): "the booklet reads an event as the kit does, and says dates its way",
    ("demo", "search"): "the demo archive comes with its search index built",
    ("errors", "messages"): "errors carry translatable messages",
    ("fsutil", "errors"): "a full disk or read-only media ends a write as a CarnetError",
    ("fsutil", "messages"): "why a FIFO or a device is refused is a translatable message",
    ("licences", "errors"): "an unknown licence is an InvalidValue",
    ("licences", "messages"): "with a translatable message",
}

LEVEL = {name: i for i, names in enumerate(LAYERS) for name in names}
WRITERS = {"print", "pprint"}
STREAMS = {"stdout", "stderr", "__stdout__", "__stderr__"}


def package_of(path: Path) -> str:
    """The top-level part of ``carnet`` a file belongs to: ``kit`` for ``kit/export.py``,
    ``errors`` for ``errors.py``, ``carnet`` for ``__init__.py``."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    if len(parts) > 1:
        return parts[0]
    return "carnet" if parts[0] == "__init__" else parts[0]


def imported_packages(tree: ast.AST, module: str) -> list[tuple[str, int]]:
    """The parts of ``carnet`` that ``tree`` (the module named ``module``) imports, with
    their lines; wherever the import statement is."""
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the module's own package upward
                package = module.split(".")[: -node.level]
                base = ".".join([*package, base] if base else package)
            # ``from carnet import cli`` imports the package ``cli``; ``from carnet import
            # carnet_version`` imports from ``carnet`` itself.
            if base == "carnet":
                names = [f"carnet.{a.name}" if _is_part(a.name) else base for a in node.names]
            else:
                names = [base]
        for name in names:
            parts = name.split(".")
            if parts[0] == "carnet":
                found.append((parts[1] if len(parts) > 1 else "carnet", node.lineno))
    return found


def _is_part(name: str) -> bool:
    return (ROOT / name / "__init__.py").exists() or (ROOT / f"{name}.py").exists()


def upward_imports(package: str, source: str, module: str | None = None) -> list[str]:
    """The imports of ``source`` (a module of ``package``) that break the layers."""
    tree = ast.parse(source)
    bad = []
    for target, line in imported_packages(tree, module or f"carnet.{package}.x"):
        if target == package:
            continue
        if target not in LEVEL:
            bad.append(f"line {line}: {package} imports {target}, which LAYERS does not place")
        elif LEVEL[target] < LEVEL[package] or (
            LEVEL[target] == LEVEL[package] and (package, target) not in SIDEWAYS
        ):
            bad.append(f"line {line}: {package} imports {target}")
    return bad


def writes_to_terminal(source: str) -> list[str]:
    """The places where ``source`` prints or touches ``sys.stdout``/``sys.stderr``."""
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id in WRITERS:
                bad.append(f"line {node.lineno}: {node.func.id}()")
        elif isinstance(node, ast.Attribute) and node.attr in STREAMS:
            if isinstance(node.value, ast.Name) and node.value.id == "sys":
                bad.append(f"line {node.lineno}: sys.{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module in ("sys", "pprint"):
            for alias in node.names:
                if alias.name in STREAMS | WRITERS:
                    bad.append(f"line {node.lineno}: from {node.module} import {alias.name}")
    return bad


def sources() -> list[tuple[Path, str]]:
    return [(path, path.read_text(encoding="utf-8")) for path in sorted(ROOT.rglob("*.py"))]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


# ---------------------------------------------------------------- the code as it is


def test_every_part_has_a_level() -> None:
    parts = {package_of(path) for path, _ in sources()}
    assert parts - LEVEL.keys() == set(), "place the new part of carnet in LAYERS"
    assert LEVEL.keys() - parts == set(), "LAYERS names a part that no longer exists"


def test_only_the_faces_print() -> None:
    bad = [
        f"{path.relative_to(ROOT)}: {where}"
        for path, source in sources()
        if package_of(path) not in FACES
        for where in writes_to_terminal(source)
    ]
    assert bad == [], "the core returns results and raises errors; the faces say them"


def test_no_package_imports_one_above_it() -> None:
    bad = [
        f"{path.relative_to(ROOT)}: {where}"
        for path, source in sources()
        for where in upward_imports(package_of(path), source, module_name(path))
    ]
    assert bad == []


def test_the_sideways_imports_are_real_and_without_cycles() -> None:
    edges = {
        (package_of(path), target)
        for path, source in sources()
        for target, _ in imported_packages(ast.parse(source), module_name(path))
        if target != package_of(path)
    }
    assert set(SIDEWAYS) <= edges, "SIDEWAYS allows an import the code no longer makes"
    assert not {(b, a) for a, b in SIDEWAYS} & set(SIDEWAYS)
    assert not {(b, a) for a, b in SIDEWAYS} & edges


def test_the_command_line_opens_the_window_only_when_asked() -> None:
    """``carnet.cli`` imports ``carnet.ui`` (and so Qt) only inside ``carnet gui``."""
    for path, source in sources():
        if package_of(path) != "cli":
            continue
        tree = ast.parse(source)
        top = ast.Module(body=[n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)])
        assert "ui" not in {t for t, _ in imported_packages(top, module_name(path))}, path


# ---------------------------------------------------------------- the checks can fire


@pytest.mark.parametrize(
    ("package", "source"),
    [
        ("catalog", "from carnet.kit.export import export_kit\n"),
        ("media", "def f():\n    import carnet.catalog.items\n"),
        ("errors", "from carnet import cli\n"),
        ("importing", "from carnet.programme import store\n"),
        ("search", "from carnet.kit import model\n"),
        ("ui", "from carnet.cli import main\n"),
        ("kit", "from ..cli import output\n"),
    ],
)
def test_an_upward_or_sideways_import_is_found(package: str, source: str) -> None:
    assert len(upward_imports(package, source, f"carnet.{package}.module")) == 1


@pytest.mark.parametrize(
    ("package", "source"),
    [
        ("cli", "from carnet.kit.export import export_kit\n"),
        ("kit", "from carnet.search import analysis\nfrom carnet import carnet_version\n"),
        ("catalog", "from carnet.media import derive\nfrom carnet.errors import NotFound\n"),
        ("kit", "from carnet.kit.model import slugify\nfrom . import pages\n"),
    ],
)
def test_a_downward_import_is_fine(package: str, source: str) -> None:
    assert upward_imports(package, source, f"carnet.{package}.module") == []


@pytest.mark.parametrize(
    "source",
    [
        "print('hello')\n",
        "def f():\n    print('x', file=sys.stderr)\n",
        "import sys\nsys.stdout.write('x')\n",
        "import sys, json\njson.dump({}, sys.stdout)\n",
        "from sys import stderr\n",
        "from pprint import pprint\n",
    ],
)
def test_printing_is_found(source: str) -> None:
    assert writes_to_terminal(source) != []


def test_logging_and_strings_are_not_printing() -> None:
    source = 'import logging\nlogging.getLogger(__name__).warning("x")\nhelp = "print(x)"\n'
    assert writes_to_terminal(source) == []


# ---------------------------------------------------------------- SQL lives in catalog/

#: Statements as the catalog writes them: upper-case keywords in their usual shape.
SQL = re.compile(
    r"\bSELECT\b[\s\S]*\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\bPRAGMA\s+\w+|\b(CREATE|DROP|ALTER)\s+(TABLE|INDEX|TRIGGER|VIEW)\b"
)
#: Calls that run SQL, whatever holds the connection (``BEGIN`` and ``COMMIT`` alone are
#: found by their call: as words they are also iCalendar's).
RUNNERS = {"execute", "executemany", "executescript"}

#: Modules outside catalog/ that still hold SQL, each with why; the list only shrinks (a
#: test fails when one of them no longer needs its place).
SQL_ELSEWHERE: dict[str, str] = {}


def sql_in(source: str) -> list[str]:
    """The places where ``source`` writes SQL or runs it: string literals (f-string parts
    included, docstrings not) that read as SQL, and ``execute``-like calls."""
    tree = ast.parse(source)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    bad = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and SQL.search(node.value)
        ):
            bad.append(f"line {node.lineno}: {node.value.strip()[:40]!r}")
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in RUNNERS
        ):
            bad.append(f"line {node.lineno}: .{node.func.attr}()")
    return bad


def test_sql_lives_in_the_catalog() -> None:
    bad = [
        f"{where_from}: {where}"
        for path, source in sources()
        if package_of(path) != "catalog"
        and (where_from := path.relative_to(ROOT).as_posix()) not in SQL_ELSEWHERE
        for where in sql_in(source)
    ]
    assert bad == [], "put the SQL behind a function of catalog/ and call that"


def test_the_modules_allowed_sql_still_have_some() -> None:
    for name in SQL_ELSEWHERE:
        path = ROOT / name
        assert path.exists(), f"{name} is gone: take it off SQL_ELSEWHERE"
        assert sql_in(path.read_text(encoding="utf-8")), f"{name} has no SQL left: take it off"


@pytest.mark.parametrize(
    "source",
    [
        'db.query("SELECT id FROM items WHERE trashed_at IS NULL")\n',
        'def f(conn):\n    conn.execute("UPDATE items SET title = ?", ("x",))\n',
        'sql = f"DELETE FROM {table} WHERE id = ?"\n',
        'x = ("INSERT OR IGNORE INTO tags (path)" " VALUES (?)")\n',
        'db.scalar("PRAGMA user_version")\n',
        "def f(db):\n    db.execute(statement)\n",
        'db.execute("BEGIN")\n',
    ],
)
def test_sql_is_found(source: str) -> None:
    assert sql_in(source) != []


def test_words_and_docstrings_are_not_sql() -> None:
    source = (
        '"""Select the items, then update their view; SELECT ... FROM in prose."""\n'
        'label = "Select all"\nhelp = "Delete from the trash"\nservice.query("update")\n'
        'lines = ["BEGIN:VCALENDAR", "BEGIN:VEVENT"]\n'
    )
    assert sql_in(source) == []
