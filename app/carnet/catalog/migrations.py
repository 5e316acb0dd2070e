"""Numbered, forward-only schema migrations, recorded in the ``migrations`` table.

Each migration runs in its own transaction. Before an existing catalog is migrated, a
backup copy is taken next to it (``catalog.sqlite.before-vN``), so a failed or regretted
upgrade never costs the user their catalog.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from carnet.catalog import identity
from carnet.catalog.database import Database
from carnet.errors import ArchiveCorrupt
from carnet.messages import Text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    apply: Callable[[sqlite3.Connection], None]


def _script(sql: str) -> Callable[[sqlite3.Connection], None]:
    def run(conn: sqlite3.Connection) -> None:
        # executescript() would COMMIT the open transaction first; run statements one by one.
        for statement in _split(sql):
            conn.execute(statement)

    return run


def _split(sql: str) -> list[str]:
    """Split a script on ';' at statement ends, keeping trigger bodies whole."""
    statements: list[str] = []
    current = ""
    for line in sql.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


V1_SCHEMA = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    place TEXT,
    timezone TEXT NOT NULL DEFAULT 'UTC',
    language TEXT NOT NULL DEFAULT 'en',
    licence TEXT
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    track TEXT,
    room TEXT,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    description TEXT,
    uid TEXT
);
CREATE INDEX sessions_event ON sessions(event_id, start);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    url TEXT
);
CREATE TABLE event_people (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('speaker', 'illustrator', 'facilitator')),
    PRIMARY KEY (event_id, person_id, role)
);
CREATE TABLE session_speakers (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, person_id)
);
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    original_name TEXT NOT NULL,
    original_path TEXT NOT NULL,
    format TEXT NOT NULL,
    size INTEGER NOT NULL,
    width INTEGER,
    height INTEGER,
    captured_at TEXT,
    capture_offset TEXT,
    camera_make TEXT,
    camera_model TEXT,
    orientation INTEGER NOT NULL DEFAULT 1,
    gps_lat REAL,
    gps_lon REAL,
    gps_alt REAL,
    imported_at TEXT NOT NULL,
    title TEXT,
    caption TEXT,
    transcription TEXT,
    licence TEXT,
    rights TEXT,
    published INTEGER NOT NULL DEFAULT 0,
    event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
    session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
    session_source TEXT CHECK (session_source IN ('auto', 'manual')),
    rotation INTEGER NOT NULL DEFAULT 0,
    trashed_at TEXT
);
CREATE INDEX items_event ON items(event_id);
CREATE INDEX items_session ON items(session_id);
CREATE INDEX items_captured ON items(captured_at);
CREATE TABLE item_people (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('speaker', 'illustrator', 'facilitator')),
    PRIMARY KEY (item_id, person_id, role)
);
CREATE INDEX item_people_person ON item_people(person_id);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    parent_id INTEGER REFERENCES tags(id) ON DELETE CASCADE
);
CREATE TABLE item_tags (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, tag_id)
);
CREATE INDEX item_tags_tag ON item_tags(tag_id);
CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
    illustrator TEXT,
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'finished', 'cancelled', 'interrupted'))
);
CREATE TABLE import_log (
    id INTEGER PRIMARY KEY,
    batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('imported', 'duplicate', 'rejected')),
    reason TEXT,
    hash TEXT,
    item_id INTEGER REFERENCES items(id) ON DELETE SET NULL
);
CREATE INDEX import_log_batch ON import_log(batch_id);
CREATE TABLE camera_offsets (
    camera TEXT PRIMARY KEY,
    offset_seconds INTEGER NOT NULL
);
"""

# The search index (and any other derived view) follows the catalog through a change
# counter: every change to an item, or to what an item's description shows (session
# title, person name, tag), bumps ``change_seq`` and records the item ids it touched.
# ``changed_at`` (Unix seconds) is when that last happened: the kit dates itself with it,
# not with the clock, so the same archive always exports the same bytes.
V2_CHANGES = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('change_seq', 0);
INSERT INTO meta (key, value) VALUES ('changed_at', CAST(strftime('%s', 'now') AS INTEGER));
CREATE TABLE item_changes (
    item_id INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL
);
CREATE INDEX item_changes_seq ON item_changes(seq);
INSERT INTO item_changes (item_id, seq) SELECT id, 0 FROM items;
"""

_BUMP = (
    "UPDATE meta SET value = value + 1 WHERE key = 'change_seq';\n"
    "    UPDATE meta SET value = CAST(strftime('%s', 'now') AS INTEGER)"
    " WHERE key = 'changed_at';"
)
_SEQ = "(SELECT value FROM meta WHERE key = 'change_seq')"


def _trigger(name: str, when: str, item_ids_sql: str) -> str:
    return f"""
CREATE TRIGGER {name} AFTER {when} BEGIN
    {_BUMP}
    DELETE FROM item_changes WHERE item_id IN (SELECT item_id FROM ({item_ids_sql}));
    INSERT INTO item_changes (item_id, seq) SELECT item_id, {_SEQ} FROM ({item_ids_sql});
END;
"""


# Not "INSERT OR REPLACE": inside a trigger, the conflict policy of the statement that
# fired it wins, so an "INSERT OR IGNORE INTO item_tags" would silently keep the old seq.


V2_TRIGGERS = "".join(
    [
        _trigger("items_ins", "INSERT ON items", "SELECT NEW.id AS item_id"),
        _trigger("items_upd", "UPDATE ON items", "SELECT NEW.id AS item_id"),
        _trigger("items_del", "DELETE ON items", "SELECT OLD.id AS item_id"),
        _trigger("item_tags_ins", "INSERT ON item_tags", "SELECT NEW.item_id AS item_id"),
        _trigger("item_tags_del", "DELETE ON item_tags", "SELECT OLD.item_id AS item_id"),
        _trigger("item_people_ins", "INSERT ON item_people", "SELECT NEW.item_id AS item_id"),
        _trigger("item_people_del", "DELETE ON item_people", "SELECT OLD.item_id AS item_id"),
        _trigger(
            "sessions_upd",
            "UPDATE OF title, track, room, start, end ON sessions",
            "SELECT id AS item_id FROM items WHERE session_id = NEW.id",
        ),
        _trigger(
            "people_upd",
            "UPDATE OF name ON people",
            "SELECT item_id FROM item_people WHERE person_id = NEW.id",
        ),
        _trigger(
            "session_speakers_ins",
            "INSERT ON session_speakers",
            "SELECT id AS item_id FROM items WHERE session_id = NEW.session_id",
        ),
        _trigger(
            "session_speakers_del",
            "DELETE ON session_speakers",
            "SELECT id AS item_id FROM items WHERE session_id = OLD.session_id",
        ),
        _trigger(
            "events_upd",
            "UPDATE OF name, slug, language ON events",
            "SELECT id AS item_id FROM items WHERE event_id = NEW.id",
        ),
    ]
)


# What the desktop app needs: named saved searches, and indexes for the grid's sorts and
# the trash (a 100,000-item grid is sorted and filtered by these columns at every refresh).
V3_DESKTOP = """
CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    query TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX items_trashed ON items(trashed_at);
CREATE INDEX items_imported ON items(imported_at);
CREATE INDEX items_title ON items(coalesce(title, original_name) COLLATE NOCASE);
"""


# An item's alt text: a short description of the image for people who cannot see it,
# read from Iptc4xmpCore:AltTextAccessibility on import (catalog/fields.py).
def _alt_text(conn: sqlite3.Connection) -> None:
    # Only when missing: a catalog written while this migration had another number has it.
    if "alt_text" not in {r[1] for r in conn.execute("PRAGMA table_info(items)")}:
        conn.execute("ALTER TABLE items ADD COLUMN alt_text TEXT")


MIGRATIONS: list[Migration] = [
    Migration(1, "initial schema", _script(V1_SCHEMA)),
    Migration(2, "change counter for derived indexes", _script(V2_CHANGES + V2_TRIGGERS)),
    Migration(3, "saved searches and indexes for the desktop grid", _script(V3_DESKTOP)),
]

MIGRATIONS.append(Migration(4, "alt text of items", _alt_text))


# What the machine read of an item's lettering (``carnet transcribe``, ``ocr/``): the text,
# kept apart from the transcription a person wrote and never written over it, the engine
# and model that read it, its mean confidence and when it was read (``catalog/readings.py``).
_OCR_COLUMNS = (
    ("ocr_text", "TEXT"),
    ("ocr_engine", "TEXT"),
    ("ocr_confidence", "REAL"),
    ("ocr_read_at", "TEXT"),
)


def _machine_read_text(conn: sqlite3.Connection) -> None:
    present = {r[1] for r in conn.execute("PRAGMA table_info(items)")}
    for name, kind in _OCR_COLUMNS:
        if name not in present:  # a catalog written while this had another number has it
            conn.execute(f"ALTER TABLE items ADD COLUMN {name} {kind}")


MIGRATIONS.append(Migration(5, "machine-read text of items", _machine_read_text))


# An item's corrections (rotation by any angle, crop, four-corner perspective), one JSON
# object checked by ``media/corrections.py``; NULL is none. The quarter turns of the
# ``rotation`` column become corrections; the column stays (0) and is no longer read.
def _corrections(conn: sqlite3.Connection) -> None:
    if "corrections" not in {r[1] for r in conn.execute("PRAGMA table_info(items)")}:
        conn.execute("ALTER TABLE items ADD COLUMN corrections TEXT")
    conn.execute(
        "UPDATE items SET corrections = json_object('rotate', rotation), rotation = 0"
        " WHERE rotation IN (90, 180, 270) AND corrections IS NULL"
    )
    conn.execute("UPDATE items SET rotation = 0 WHERE rotation != 0")


MIGRATIONS.append(Migration(6, "corrections of items", _corrections))


# Who the archive is, for what this machine derives from it outside the folder (the search
# index lives in the user's cache, keyed by the archive's id). Copies of an archive share
# its id, so each writable open also starts a *lineage*: a random id and the change_seq at
# which it starts. Two copies that diverge each open with a lineage of their own, so a
# derived index that names (lineage, seq) is only taken for valid by the catalog it came
# from (see ``catalog/identity.py``). The first lineage is the migration's own.
IDENTITY = """
CREATE TABLE IF NOT EXISTS archive_identity (
    archive_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lineages (
    n INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    start_seq INTEGER NOT NULL,
    opened_at TEXT NOT NULL
);
"""


def _identity(conn: sqlite3.Connection) -> None:
    # Only what is missing: a catalog written while this migration had another number has
    # its id already (and keeps it).
    _script(IDENTITY)(conn)
    if not conn.execute("SELECT count(*) FROM archive_identity").fetchone()[0]:
        conn.execute("INSERT INTO archive_identity (archive_id) VALUES (?)", (identity.new_id(),))
    identity.insert_lineage(conn)


MIGRATIONS.append(Migration(7, "archive identity and lineages for derived indexes", _identity))


# Several illustrators, one archive (``merge/``): each contribution merged in (a package or
# another archive), which contribution each item and each field value came from, the
# values last merged from each source (the base of the next merge's three-way comparison),
# and the conflicts left open for review.
CONTRIBUTIONS = """
CREATE TABLE IF NOT EXISTS contributions (
    id INTEGER PRIMARY KEY,
    package_id TEXT NOT NULL UNIQUE,
    source_key TEXT NOT NULL,
    illustrator TEXT,
    package_name TEXT,
    source_archive TEXT,
    created_at TEXT,
    merged_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS item_provenance (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, field)
);
CREATE TABLE IF NOT EXISTS merge_bases (
    source_key TEXT NOT NULL,
    hash TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (source_key, hash, field)
);
CREATE TABLE IF NOT EXISTS merge_conflicts (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    mine TEXT,
    theirs TEXT,
    PRIMARY KEY (item_id, field)
);
"""

MIGRATIONS.append(Migration(8, "contributions, provenance and merge bases", _script(CONTRIBUTIONS)))


# Covers and a hand-set order (``catalog/covers.py``): an event's and a session's cover
# drawing (cleared by SQLite when the item is deleted; a trashed cover or one that left the
# session is skipped when read, so it comes back on restore), and a drawing's place among
# its session's drawings, kept per session so it lapses when the drawing changes session.
COVER_COLUMN = "cover_item_id INTEGER REFERENCES items(id) ON DELETE SET NULL"
COVERS_AND_ORDER = """
CREATE TABLE IF NOT EXISTS session_order (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (session_id, item_id)
);
CREATE INDEX IF NOT EXISTS session_order_item ON session_order(item_id);
"""


def _covers_and_order(conn: sqlite3.Connection) -> None:
    # Only what is missing, like the migrations before it: a catalog written while these
    # migrations were numbered otherwise may have the columns already.
    for table in ("events", "sessions"):
        if "cover_item_id" not in {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN {COVER_COLUMN}")
    _script(COVERS_AND_ORDER)(conn)


MIGRATIONS.append(Migration(9, "covers and the order of drawings in a session", _covers_and_order))

# Rejected suggestions (``catalog/matches.py``): a session the user said a drawing does not
# belong to is never suggested for it again, by the window's review or by ``carnet match``.
REJECTED_MATCHES = """
CREATE TABLE IF NOT EXISTS rejected_matches (
    item_id INTEGER NOT NULL REFERENCES items(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, session_id)
);
CREATE INDEX IF NOT EXISTS rejected_matches_session ON rejected_matches(session_id);
"""

MIGRATIONS.append(Migration(10, "rejected match suggestions", _script(REJECTED_MATCHES)))


# Clock offsets per device (``catalog/events.py:clock_keys``): an item's camera serial
# number (EXIF BodySerialNumber, else CameraSerialNumber), so two illustrators with the
# same phone model keep their own offsets. And the conflicts of a merge that are not an
# item's field: an event's or a session's cover, a session's hand-set order
# (``catalog/merging.py``), kept for review like ``merge_conflicts``.
MERGE_PLACE_CONFLICTS = """
CREATE TABLE IF NOT EXISTS merge_place_conflicts (
    target TEXT NOT NULL,
    field TEXT NOT NULL,
    contribution_id INTEGER NOT NULL REFERENCES contributions(id) ON DELETE CASCADE,
    mine TEXT,
    theirs TEXT,
    PRIMARY KEY (target, field)
);
"""


def _camera_serial(conn: sqlite3.Connection) -> None:
    # Only what is missing, like the migrations before it.
    if "camera_serial" not in {r[1] for r in conn.execute("PRAGMA table_info(items)")}:
        conn.execute("ALTER TABLE items ADD COLUMN camera_serial TEXT")
    _script(MERGE_PLACE_CONFLICTS)(conn)


MIGRATIONS.append(
    Migration(11, "camera serial numbers and merge conflicts of covers and order", _camera_serial)
)


# Covers and the hand-set order (migration 9) are in no item's description, so they record
# no item in ``item_changes``; but they change what the kit and the booklet show, so their
# writes advance ``change_seq`` and ``changed_at`` like every other change (the kit's bag
# names the counter it reflects). By trigger, so no write can forget it and it lands in the
# write's own transaction. A cover set to what it already was is no change.
_COVER_MOVED = "WHEN OLD.cover_item_id IS NOT NEW.cover_item_id"
_PLACE_TRIGGERS = (
    ("events_cover_upd", f"UPDATE OF cover_item_id ON events {_COVER_MOVED}"),
    ("sessions_cover_upd", f"UPDATE OF cover_item_id ON sessions {_COVER_MOVED}"),
    ("session_order_ins", "INSERT ON session_order"),
    ("session_order_upd", "UPDATE ON session_order"),
    ("session_order_del", "DELETE ON session_order"),
)


def _place_triggers(conn: sqlite3.Connection) -> None:
    # IF NOT EXISTS: only what is missing, like the migrations before it.
    for name, when in _PLACE_TRIGGERS:
        conn.execute(f"CREATE TRIGGER IF NOT EXISTS {name} AFTER {when} BEGIN {_BUMP} END")


MIGRATIONS.append(
    Migration(12, "covers and the order of drawings advance the change counter", _place_triggers)
)


LATEST = MIGRATIONS[-1].number


def current_version(db: Database) -> int:
    exists = db.scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    )
    if not exists:
        return 0
    return int(db.scalar("SELECT coalesce(max(number), 0) FROM migrations"))


def migrate(db: Database, *, target: int = LATEST, backup: bool = True) -> list[int]:
    """Bring the catalog up to ``target``; returns the numbers of the migrations applied."""
    version = current_version(db)
    if version > LATEST:
        raise ArchiveCorrupt(
            Text(
                "this catalog was written by a newer Carnet (schema {version}, this one knows "
                "{latest}); update Carnet to open it",
                version=version,
                latest=LATEST,
            )
        )
    pending = [m for m in MIGRATIONS if version < m.number <= target]
    if not pending:
        return []
    if version > 0 and backup:
        _backup(db, version)
    with db.transaction() as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS migrations ("
            "number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
    applied = []
    for migration in pending:
        log.info("applying migration %d: %s", migration.number, migration.name)
        with db.transaction() as conn:
            migration.apply(conn)
            conn.execute(
                "INSERT INTO migrations (number, name, applied_at) VALUES (?, ?, ?)",
                (migration.number, migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        applied.append(migration.number)
    return applied


def _backup(db: Database, version: int) -> None:
    target = db.path.with_name(f"{db.path.name}.before-v{version + 1}")
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
