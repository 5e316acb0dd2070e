"""Events, their sessions and people, and camera clock offsets."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carnet.catalog.database import Database, chunked
from carnet.errors import InvalidValue, NotFound
from carnet.licences import normalise_licence
from carnet.messages import Text

ROLES = ("speaker", "illustrator", "facilitator")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


@dataclass(frozen=True)
class Event:
    id: int
    slug: str
    name: str
    timezone: str
    language: str
    start_date: str | None = None
    end_date: str | None = None
    place: str | None = None
    licence: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Event:
        return cls(
            id=row["id"],
            slug=row["slug"],
            name=row["name"],
            timezone=row["timezone"],
            language=row["language"],
            start_date=row["start_date"],
            end_date=row["end_date"],
            place=row["place"],
            licence=row["licence"],
        )


@dataclass
class Session:
    id: int
    event_id: int
    title: str
    start: datetime
    end: datetime
    track: str | None = None
    room: str | None = None
    description: str | None = None
    uid: str | None = None
    speakers: list[str] = field(default_factory=list)


def check_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidValue(
            Text(
                "unknown timezone {name!r}; use a name like Europe/Paris or America/Montreal",
                name=name,
            )
        ) from None
    return name


def checked_event_fields(
    slug: str,
    name: str,
    timezone: str,
    language: str,
    start_date: date | None,
    end_date: date | None,
    licence: str | None,
) -> str | None:
    """Refuse an event's fields in one sentence where they cannot be; its licence code.

    One check for adding an event and for editing one (``catalog/curation.py``)."""
    if not _SLUG.match(slug):
        raise InvalidValue(
            Text(
                "invalid slug {slug!r}: use lower-case letters, digits and dashes "
                "(e.g. forum-2016)",
                slug=slug,
            )
        )
    if not name.strip():
        raise InvalidValue(Text("an event needs a name"))
    check_timezone(timezone)
    if language not in ("fr", "en"):
        raise InvalidValue(Text("unknown language {language!r}: use fr or en", language=language))
    if start_date and end_date and end_date < start_date:
        raise InvalidValue(Text("the event ends before it starts"))
    return normalise_licence(licence) if licence else None


def add_event(
    db: Database,
    *,
    slug: str,
    name: str,
    timezone: str,
    language: str = "en",
    place: str | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
    licence: str | None = None,
) -> Event:
    """Create an event; the slug names it on the command line and in the kit's URLs."""
    code = checked_event_fields(slug, name, timezone, language, start_date, end_date, licence)
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM events WHERE slug = ?", (slug,)).fetchone():
            raise InvalidValue(Text("an event with the slug {slug!r} already exists", slug=slug))
        conn.execute(
            "INSERT INTO events (slug, name, timezone, language, place, start_date, end_date,"
            " licence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                slug,
                name.strip(),
                timezone,
                language,
                place,
                start_date.isoformat() if start_date else None,
                end_date.isoformat() if end_date else None,
                code,
            ),
        )
    return get_event(db, slug)


def get_event(db: Database, slug: str) -> Event:
    row = db.query_one("SELECT * FROM events WHERE slug = ?", (slug,))
    if row is None:
        known = ", ".join(e.slug for e in list_events(db)) or Text("none yet")
        raise NotFound(Text("no event {slug!r} (events: {known})", slug=slug, known=known))
    return Event.from_row(row)


def get_event_by_id(db: Database, event_id: int) -> Event:
    row = db.query_one("SELECT * FROM events WHERE id = ?", (event_id,))
    if row is None:
        raise NotFound(Text("no event with id {id}", id=event_id))
    return Event.from_row(row)


def list_events(db: Database) -> list[Event]:
    return [Event.from_row(r) for r in db.query("SELECT * FROM events ORDER BY start_date, slug")]


def person_id(conn: sqlite3.Connection, name: str) -> int:
    """The id of the person called ``name`` (case-insensitive), created when new."""
    clean = " ".join(name.split())
    if not clean:
        raise InvalidValue(Text("a person needs a name"))
    row = conn.execute("SELECT id FROM people WHERE name = ?", (clean,)).fetchone()
    if row:
        return int(row[0])
    return int(conn.execute("INSERT INTO people (name) VALUES (?)", (clean,)).lastrowid or 0)


def add_role(conn: sqlite3.Connection, event_id: int, pid: int, role: str) -> None:
    if role not in ROLES:
        raise InvalidValue(
            Text("unknown role {role!r}: use one of {roles}", role=role, roles=", ".join(ROLES))
        )
    conn.execute(
        "INSERT OR IGNORE INTO event_people (event_id, person_id, role) VALUES (?, ?, ?)",
        (event_id, pid, role),
    )


def people_of_event(db: Database, event_id: int) -> list[tuple[str, str]]:
    """(name, role) pairs of an event, sorted by role then name."""
    rows = db.query(
        "SELECT p.name, ep.role FROM event_people ep JOIN people p ON p.id = ep.person_id"
        " WHERE ep.event_id = ? ORDER BY ep.role, p.name",
        (event_id,),
    )
    return [(r[0], r[1]) for r in rows]


def list_sessions(db: Database, event_id: int) -> list[Session]:
    rows = db.query("SELECT * FROM sessions WHERE event_id = ? ORDER BY start, title", (event_id,))
    speakers: dict[int, list[str]] = {}
    for r in db.query(
        "SELECT ss.session_id, p.name FROM session_speakers ss JOIN people p"
        " ON p.id = ss.person_id JOIN sessions s ON s.id = ss.session_id"
        " WHERE s.event_id = ? ORDER BY ss.position",
        (event_id,),
    ):
        speakers.setdefault(r[0], []).append(r[1])
    return [
        Session(
            id=r["id"],
            event_id=r["event_id"],
            title=r["title"],
            start=datetime.fromisoformat(r["start"]),
            end=datetime.fromisoformat(r["end"]),
            track=r["track"],
            room=r["room"],
            description=r["description"],
            uid=r["uid"],
            speakers=speakers.get(r["id"], []),
        )
        for r in rows
    ]


def items_per_session(db: Database) -> dict[int, int]:
    """How many live (not trashed) items each session holds, by session id; sessions
    without any are left out."""
    return {
        int(r[0]): int(r[1])
        for r in db.query(
            "SELECT session_id, count(*) FROM items WHERE trashed_at IS NULL"
            " AND session_id IS NOT NULL GROUP BY session_id"
        )
    }


def count_sessions(db: Database) -> int:
    """How many sessions the catalog holds, every event together."""
    return int(db.scalar("SELECT count(*) FROM sessions"))


def find_session(db: Database, event_id: int, ref: str) -> int:
    """A session of the event by id or by (case-insensitive, unique) title."""
    # Only what SQLite can hold is an id ("²" is a digit to Python, 2**63 too large for
    # SQLite): anything else can only be a title.
    if ref.isascii() and ref.isdigit() and int(ref) < 2**63:
        row = db.query_one(
            "SELECT id FROM sessions WHERE id = ? AND event_id = ?", (int(ref), event_id)
        )
        if row:
            return int(row[0])
    rows = db.query(
        "SELECT id, start FROM sessions WHERE event_id = ? AND lower(title) = lower(?)",
        (event_id, ref.strip()),
    )
    if not rows:
        raise NotFound(Text("no session {ref!r} in this event", ref=ref))
    if len(rows) > 1:
        ids = ", ".join(str(r[0]) for r in rows)
        raise InvalidValue(
            Text("several sessions are called {ref!r}; give the id ({ids})", ref=ref, ids=ids)
        )
    return int(rows[0][0])


#: Clock-offset keys besides a camera's 'Make Model': one device, by its serial number;
#: an illustrator's cameras, all of them or of one model (``illustrator:NAME|Make Model``).
SERIAL_KEY = "serial:"
ILLUSTRATOR_KEY = "illustrator:"


def offset_key(
    camera: str | None = None, *, serial: str | None = None, illustrator: str | None = None
) -> str:
    """The key a clock offset is kept under: a device's serial number, an illustrator's
    camera (or all their cameras when no camera is named), or a camera model as
    ``camera_key`` names it. Two illustrators with the same phone model keep their own."""
    camera = " ".join((camera or "").split())
    serial = " ".join((serial or "").split())
    who = " ".join((illustrator or "").split())
    if serial and who:
        raise InvalidValue(Text("give a clock offset a serial number or an illustrator, not both"))
    if serial:
        return SERIAL_KEY + serial
    if who:
        return ILLUSTRATOR_KEY + who.casefold() + (f"|{camera}" if camera else "")
    if not camera:
        raise InvalidValue(Text("name the camera as 'Make Model', e.g. 'Apple iPhone 13'"))
    return camera


def clock_keys(
    make: str | None, model: str | None, serial: str | None, illustrators: Sequence[str] = ()
) -> tuple[str, ...]:
    """The keys an item's clock offset is looked up by, most specific first: its device's
    serial, its illustrators' camera of its model, its illustrators', then its model."""
    camera = camera_key(make, model)
    keys: list[str] = []
    if serial and serial.strip():
        keys.append(offset_key(serial=serial))
    names = sorted({" ".join(n.split()).casefold() for n in illustrators if n.strip()})
    if camera:
        keys += [f"{ILLUSTRATOR_KEY}{n}|{camera}" for n in names]
    keys += [ILLUSTRATOR_KEY + n for n in names]
    if camera:
        keys.append(camera)
    return tuple(keys)


def item_clock_keys(db: Database, item_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """``clock_keys`` of each of ``item_ids`` (those that exist)."""
    wanted = list(item_ids)
    rows: dict[int, tuple[str | None, str | None, str | None]] = {}
    names: dict[int, list[str]] = {}
    for chunk in chunked(wanted, 900):
        marks = ",".join("?" * len(chunk))
        for r in db.query(
            f"SELECT id, camera_make, camera_model, camera_serial FROM items WHERE id IN ({marks})",
            chunk,
        ):
            rows[int(r[0])] = (r[1], r[2], r[3])
        for r in db.query(
            "SELECT ip.item_id, p.name FROM item_people ip JOIN people p ON p.id = ip.person_id"
            f" WHERE ip.role = 'illustrator' AND ip.item_id IN ({marks})",
            chunk,
        ):
            names.setdefault(int(r[0]), []).append(str(r[1]))
    return {
        item_id: clock_keys(make, model, serial, names.get(item_id, ()))
        for item_id, (make, model, serial) in rows.items()
    }


def has_scoped_offsets(db: Database) -> bool:
    """Whether any clock offset is a device's or an illustrator's (matching then looks
    up each item's ``clock_keys``; else the camera model is enough)."""
    return (
        db.query_one(
            "SELECT 1 FROM camera_offsets WHERE substr(camera, 1, 7) = 'serial:'"
            " OR substr(camera, 1, 12) = 'illustrator:' LIMIT 1"
        )
        is not None
    )


def set_camera_offset(
    db: Database,
    camera: str | None,
    seconds: int,
    *,
    serial: str | None = None,
    illustrator: str | None = None,
) -> str:
    """Record how wrong a camera's clock is: true time = camera time + offset; for one
    device (``serial``) or one illustrator's cameras (``illustrator``, of the model
    ``camera`` or all of them). Returns the key it is kept under (``offset_key``)."""
    key = offset_key(camera, serial=serial, illustrator=illustrator)
    with db.transaction() as conn:
        if seconds == 0:
            conn.execute("DELETE FROM camera_offsets WHERE camera = ?", (key,))
        else:
            conn.execute(
                "INSERT INTO camera_offsets (camera, offset_seconds) VALUES (?, ?)"
                " ON CONFLICT(camera) DO UPDATE SET offset_seconds = excluded.offset_seconds",
                (key, seconds),
            )
    return key


def camera_offsets(db: Database) -> dict[str, int]:
    """Every clock offset by its key (``offset_key``), in seconds."""
    return {r[0]: int(r[1]) for r in db.query("SELECT camera, offset_seconds FROM camera_offsets")}


def cameras(db: Database) -> list[tuple[str, int]]:
    """Every camera seen in the archive (by ``camera_key``) with its item count."""
    counts: dict[str, int] = {}
    for row in db.query(
        "SELECT camera_make, camera_model, count(*) FROM items WHERE trashed_at IS NULL"
        " GROUP BY camera_make, camera_model"
    ):
        key = camera_key(row[0], row[1])
        if key:
            counts[key] = counts.get(key, 0) + int(row[2])
    return sorted(counts.items())


def camera_key(make: str | None, model: str | None) -> str | None:
    """The name a camera goes by for clock offsets: 'Make Model', without repeating the make."""
    make = (make or "").strip()
    model = (model or "").strip()
    if make and model.lower().startswith(make.lower()):
        make = ""
    key = f"{make} {model}".strip()
    return key or None
