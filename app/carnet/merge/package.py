"""Contribution packages: what an illustrator hands to the organiser, and how it is read.

A package is a BagIt bag (the ``bagit`` library) whose payload holds
``contribution.json`` (an event, its sessions and people, covers and hand-set orders, the
clock offsets and the items with their descriptions, tags, people, matches and
corrections; ``SCHEMA`` inside) and,
unless left out, the originals under ``originals/ab/<sha256>.<ext>``.

Everything read from a package or from another archive folder is untrusted input
(``docs/architecture.md``, "Trust and threat model"): the JSON is size- and depth-limited
and checked key by key; no path is ever taken from it (an original's place is computed
from its hash and format); a bag's manifest with a path that escapes is refused; an
archive folder is opened read-only, its ``index/`` never read, its catalog with
``trusted_schema`` off.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carnet.catalog.archive import Archive, ArchivePaths
from carnet.catalog.covers import hand_order, named_covers
from carnet.catalog.events import (
    camera_offsets,
    get_event,
    list_events,
    list_sessions,
    people_of_event,
)
from carnet.catalog.fields import ITEM_FIELDS, clean_text
from carnet.catalog.identity import archive_id, new_id
from carnet.catalog.items import Item, list_items
from carnet.catalog.merging import distrust_schema, has_covers, session_refs
from carnet.errors import Cancelled, InvalidValue, write_error
from carnet.fsutil import atomic_write_bytes, open_regular
from carnet.media.formats import EXTENSIONS, FORMATS
from carnet.merge.jsonsteps import loads_in_steps
from carnet.messages import Text

log = logging.getLogger(__name__)

#: The version of ``contribution.json``; a package with a newer one is refused.
SCHEMA = 1
FORMAT = "carnet-contribution"
JSON_NAME = "contribution.json"
#: The largest ``contribution.json`` read (a 100,000-item archive is well under this).
MAX_JSON = 256 * 1024 * 1024
#: The deepest nesting a description may have (the schema's is 4).
MAX_DEPTH = 16
MAX_TEXT = 100_000
MAX_LIST = 10_000

_HASH = re.compile(r"[0-9a-f]{64}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")

Progress = Callable[[int, int], None]

#: The technical values of an item a package carries besides its descriptive fields.
TECHNICAL: dict[str, tuple[type, ...]] = {
    "original_name": (str,),
    "size": (int,),
    "width": (int, type(None)),
    "height": (int, type(None)),
    "captured_at": (str, type(None)),
    "capture_offset": (str, type(None)),
    "camera_make": (str, type(None)),
    "camera_model": (str, type(None)),
    "camera_serial": (str, type(None)),
    "orientation": (int,),
    "gps_lat": (float, int, type(None)),
    "gps_lon": (float, int, type(None)),
    "gps_alt": (float, int, type(None)),
}

#: What a descriptive field's kind holds in JSON.
_KIND_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str, type(None)),
    "longtext": (str, type(None)),
    "licence": (str, type(None)),
    "bool": (bool,),
}


class PackageRefused(InvalidValue):
    """A contribution package or archive folder cannot be merged: why, in one sentence."""


@dataclass
class SessionRef:
    """Which session an item is tied to, as two archives can agree on it."""

    uid: str | None
    title: str
    start: str


@dataclass
class SourceItem:
    """One item of a source: its hash, format, values and relations."""

    hash: str
    format: str
    event: str | None
    values: dict[str, Any]
    session: SessionRef | None = None
    session_source: str | None = None
    corrections: dict[str, Any] | None = None
    tags: list[str] = field(default_factory=list)
    speakers: list[str] = field(default_factory=list)
    illustrators: list[str] = field(default_factory=list)
    #: Where the original is in the source, or None when the source left it out.
    original: Path | None = None


@dataclass
class SourceSession:
    uid: str | None
    title: str
    start: str
    end: str
    track: str | None = None
    room: str | None = None
    description: str | None = None
    speakers: list[str] = field(default_factory=list)
    #: The hash of its cover drawing, and of its drawings in their hand-set order.
    cover: str | None = None
    order: list[str] = field(default_factory=list)


@dataclass
class SourceEvent:
    slug: str
    name: str
    timezone: str
    language: str
    start_date: str | None = None
    end_date: str | None = None
    place: str | None = None
    licence: str | None = None
    sessions: list[SourceSession] = field(default_factory=list)
    people: list[tuple[str, str]] = field(default_factory=list)
    #: The hash of its cover drawing.
    cover: str | None = None


@dataclass
class Source:
    """A package or an archive folder, read and checked: what a merge brings in."""

    package_id: str
    illustrator: str | None
    source_archive: str | None
    created_at: str | None
    name: str
    events: list[SourceEvent] = field(default_factory=list)
    items: list[SourceItem] = field(default_factory=list)
    #: Clock offsets in seconds by key: a camera model, ``serial:S`` (one device) or
    #: ``illustrator:NAME[|Make Model]`` (``catalog/events.py:offset_key``).
    offsets: dict[str, int] = field(default_factory=dict)

    @property
    def source_key(self) -> str:
        """Who the contribution comes from, for the base of the next merge: the archive it
        was made from and the illustrator (two illustrators sharing one archive keep two)."""
        return f"{self.source_archive or self.package_id}/{(self.illustrator or '').casefold()}"


# ---------------------------------------------------------------- describing an archive


def describe(
    archive: Archive, *, event: str | None = None, illustrator: str | None = None
) -> dict[str, Any]:
    """The JSON description of an archive's event (or of all of it): ``contribution.json``.

    ``illustrator`` keeps only the items they drew (an item with no illustrator counts as
    theirs when the package is theirs: they imported it).
    """
    db = archive.db
    events = [get_event(db, event)] if event else list_events(db)
    wanted = {e.id for e in events}
    items = [
        i
        for i in list_items(db)
        if (i.event_id in wanted if event else True)
        and (
            not illustrator
            or not i.illustrators
            or illustrator.casefold() in (n.casefold() for n in i.illustrators)
        )
    ]
    out_events = []
    hash_of = {i.id: i.hash for i in items}
    places = has_covers(db)  # not in a catalog from before covers, opened read-only
    for e in events:
        sessions = list_sessions(db, e.id)
        people = people_of_event(db, e.id)
        event_cover, session_covers = named_covers(db, e.id) if places else (None, {})
        out_events.append(
            {
                "slug": e.slug,
                "name": e.name,
                "timezone": e.timezone,
                "language": e.language,
                "start_date": e.start_date,
                "end_date": e.end_date,
                "place": e.place,
                "licence": e.licence,
                "cover": hash_of.get(event_cover) if event_cover is not None else None,
                "sessions": [
                    {
                        "uid": s.uid,
                        "title": s.title,
                        "start": s.start.isoformat(),
                        "end": s.end.isoformat(),
                        "track": s.track,
                        "room": s.room,
                        "description": s.description,
                        "speakers": s.speakers,
                        "cover": hash_of.get(session_covers.get(s.id, -1)),
                        "order": [
                            hash_of[i]
                            for i in (hand_order(db, s.id) if places else [])
                            if i in hash_of
                        ],
                    }
                    for s in sessions
                ],
                "people": [{"name": name, "role": role} for name, role in people],
            }
        )
    sessions_by_id = {
        session_id: {"uid": uid, "title": title, "start": start}
        for session_id, uid, title, start in session_refs(db)
    }
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "package": {
            "id": new_id(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "illustrator": illustrator,
            "source_archive": archive_id(db),
        },
        "events": out_events,
        "camera_offsets": [
            {"camera": camera, "seconds": seconds}
            for camera, seconds in sorted(camera_offsets(db).items())
        ],
        "items": [_item_json(item, sessions_by_id) for item in items],
    }


def _item_json(item: Item, sessions: dict[int, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {"hash": item.hash, "format": item.format, "event": item.event}
    for name in TECHNICAL:
        values[name] = getattr(item, name)
    for f in ITEM_FIELDS:
        values[f.name] = getattr(item, f.name)
    session = sessions.get(item.session_id) if item.session_id is not None else None
    values["session"] = (
        {"uid": session["uid"], "title": session["title"], "start": session["start"]}
        if session is not None
        else None
    )
    values["session_source"] = item.session_source if session is not None else None
    corrections = item.corrections.to_dict()
    values["corrections"] = corrections or None
    values["tags"] = item.tags
    values["speakers"] = item.speakers
    values["illustrators"] = item.illustrators
    return values


# ---------------------------------------------------------------- writing a package


@dataclass
class ShareSummary:
    items: int
    originals: int
    path: Path


def write_package(
    archive: Archive,
    out: Path,
    *,
    event: str,
    illustrator: str | None = None,
    originals: bool = True,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ShareSummary:
    """Write the contribution package of ``event`` to the new folder ``out``.

    The bag is made under a temporary name beside ``out`` and renamed when complete, so a
    package that exists is whole.
    """
    import bagit  # at run time only here and in ``read_package``: it loads hashlib's all

    doc = describe(archive, event=event, illustrator=illustrator)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise PackageRefused(Text("{path} already exists and is not empty", path=str(out)))
    temp = out.with_name(f".tmp-{out.name}")
    items = doc["items"]
    total = len(items) if originals else 0
    try:
        if temp.exists():
            shutil.rmtree(temp)
        temp.mkdir(parents=True)
        copied = 0
        if originals:
            for done, item in enumerate(items):
                if cancel is not None and cancel.is_set():
                    raise Cancelled(Text("sharing cancelled: nothing was written"))
                ext = EXTENSIONS.get(item["format"], item["format"])
                src = archive.paths.original(item["hash"], ext)
                dest = temp / "originals" / src.parent.name / src.name
                dest.parent.mkdir(parents=True, exist_ok=True)
                try:
                    with open_regular(src) as handle, open(dest, "wb") as target:
                        shutil.copyfileobj(handle, target, 1 << 20)
                    copied += 1
                except FileNotFoundError:
                    log.warning("original of item %s missing: left out", item["hash"])
                if progress is not None:
                    progress(done + 1, total)
        atomic_write_bytes(
            temp / JSON_NAME,
            json.dumps(doc, ensure_ascii=False, indent=1, sort_keys=True).encode(),
        )
        bagit.make_bag(
            str(temp),
            {
                "Source-Organization": illustrator or "Carnet",
                "External-Description": f"Carnet contribution package ({event})",
                "Bag-Software-Agent": "Carnet",
            },
            checksums=["sha256"],
        )
        os.replace(temp, out)
    except OSError as exc:
        shutil.rmtree(temp, ignore_errors=True)
        raise write_error(exc, out.parent) or PackageRefused(
            Text("cannot write {path}: {error}", path=str(out), error=exc.strerror or str(exc))
        ) from exc
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    if progress is not None:
        progress(total, total)
    return ShareSummary(items=len(items), originals=copied, path=out)


# ---------------------------------------------------------------- reading a source


def read_source(path: Path) -> Source:
    """Read a contribution package or an archive folder, checked: a ``Source``.

    Refused with ``PackageRefused`` (one sentence) when it is neither, its bag does not
    validate, its JSON is not what this schema says, or it was written by a newer Carnet.
    """
    path = Path(path)
    if (path / "bagit.txt").is_file():
        return read_package(path)
    if (path / "catalog.sqlite").exists():
        return read_archive(path)
    raise PackageRefused(
        Text("{path} is neither a contribution package nor a Carnet archive", path=str(path))
    )


def read_package(path: Path) -> Source:
    """Read and check a contribution package (see the module's docstring)."""
    import bagit

    try:
        bag = bagit.Bag(str(path))
        # Sizes and the list of files (every file listed, every listed file there, no path
        # that escapes); each original's checksum is its name, checked when it is read in.
        bag.validate(fast=True)
        manifest = bag.entries
    except (bagit.BagError, OSError, UnicodeError, ValueError) as exc:
        raise PackageRefused(
            Text("{path} is not a valid package: {error}", path=str(path), error=_short(exc))
        ) from exc
    data = Path(path) / "data"
    expected = manifest.get(f"data/{JSON_NAME}", {}).get("sha256")
    if not expected:
        raise PackageRefused(
            Text("{path} is not a valid package: it has no {name}", path=str(path), name=JSON_NAME)
        )
    raw = _read_json_bytes(data / JSON_NAME, path)
    if hashlib.sha256(raw).hexdigest() != expected:
        raise PackageRefused(
            Text(
                "{path} is not a valid package: {name} does not match its checksum",
                path=str(path),
                name=JSON_NAME,
            )
        )
    source = parse_description(raw, path)
    for item in source.items:
        rel = f"originals/{item.hash[:2]}/{item.hash}.{EXTENSIONS[item.format]}"
        entry = manifest.get(f"data/{rel}")
        if entry is None:
            continue  # left out (--no-originals)
        if entry.get("sha256") != item.hash:
            raise PackageRefused(
                Text(
                    "{path} is not a valid package: the checksum of {file} is not its name",
                    path=str(path),
                    file=rel,
                )
            )
        item.original = data / rel
    source.name = Path(path).name
    return source


def read_archive(path: Path) -> Source:
    """Read another archive folder as a source: read-only, never its ``index/``."""
    with Archive.open(path, readonly=True) as other:
        distrust_schema(other.db)
        seq = other.change_seq()
        doc = describe(other)
    the_id = doc["package"]["source_archive"] or new_id()
    doc["package"]["id"] = hashlib.sha256(f"{the_id}:{seq}".encode()).hexdigest()[:32]
    doc["package"]["created_at"] = None
    source = _parse(doc, path)
    paths = ArchivePaths(Path(path))
    for item in source.items:
        item.original = paths.original(item.hash, EXTENSIONS[item.format])
    source.name = Path(path).name
    return source


def _read_json_bytes(file: Path, package: Path) -> bytes:
    try:
        with open_regular(file) as handle:
            raw = handle.read(MAX_JSON + 1)
    except OSError as exc:
        raise PackageRefused(
            Text("{path} is not a valid package: {error}", path=str(package), error=_short(exc))
        ) from exc
    if len(raw) > MAX_JSON:
        raise PackageRefused(
            Text(
                "{path} is not a valid package: its description is larger than {most} MB",
                path=str(package),
                most=MAX_JSON // (1024 * 1024),
            )
        )
    return raw


def parse_description(raw: bytes, where: Path) -> Source:
    """``contribution.json``'s bytes, checked, as a ``Source``."""
    if _depth_exceeded(raw):
        raise _bad(where, Text("its description is nested too deeply"))
    try:
        doc = loads_in_steps(raw.decode("utf-8"))  # the window's thread runs meanwhile
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise _bad(where, Text("its description is not JSON ({error})", error=_short(exc))) from exc
    return _parse(doc, where)


def _depth_exceeded(raw: bytes) -> bool:
    """Whether brackets nest deeper than ``MAX_DEPTH`` (outside strings), before parsing."""
    depth = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return False


def _bad(where: Path, why: Text) -> PackageRefused:
    return PackageRefused(Text("{path} is not a valid package: {why}", path=str(where), why=why))


class _Checker:
    """Reads typed values out of untrusted JSON, naming where a wrong one was."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def fail(self, at: str, what: str) -> PackageRefused:
        return _bad(self.where, Text("{at} should be {what}", at=at, what=what))

    def obj(self, value: Any, at: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(at, "an object")
        return value

    def lst(self, value: Any, at: str) -> list[Any]:
        if not isinstance(value, list) or len(value) > 10_000_000:
            raise self.fail(at, "a list")
        return value

    def text(self, value: Any, at: str, *, optional: bool = True) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str) or len(value) > MAX_TEXT:
            raise self.fail(at, "a text" + (" or null" if optional else ""))
        return value

    def req(self, value: Any, at: str) -> str:
        text = self.text(value, at, optional=False)
        assert text is not None
        return text

    def names(self, value: Any, at: str) -> list[str]:
        items = self.lst(value if value is not None else [], at)
        if len(items) > MAX_LIST:
            raise self.fail(at, f"a list of at most {MAX_LIST} names")
        names = (clean_text(self.req(v, f"{at}[{i}]")) for i, v in enumerate(items))
        return [n for n in names if n]

    def typed(self, value: Any, types: tuple[type, ...], at: str) -> Any:
        if isinstance(value, bool) and bool not in types:
            raise self.fail(at, "of another type")
        if not isinstance(value, types):
            raise self.fail(at, "of another type")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise self.fail(at, "a shorter text")
        return value


def _parse(doc: Any, where: Path) -> Source:
    c = _Checker(where)
    doc = c.obj(doc, "the description")
    if doc.get("format") != FORMAT:
        raise _bad(where, Text("it is not a Carnet contribution"))
    schema = doc.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise c.fail("schema", "a number")
    if schema > SCHEMA:
        raise PackageRefused(
            Text(
                "{path} was written by a newer Carnet (package schema {schema}, this one "
                "reads {known}): update Carnet to merge it",
                path=str(where),
                schema=schema,
                known=SCHEMA,
            )
        )
    package = c.obj(doc.get("package"), "package")
    package_id = c.req(package.get("id"), "package.id")
    if not re.fullmatch(r"[0-9a-f]{32}", package_id):
        raise c.fail("package.id", "32 hexadecimal digits")
    source = Source(
        package_id=package_id,
        illustrator=c.text(package.get("illustrator"), "package.illustrator"),
        source_archive=c.text(package.get("source_archive"), "package.source_archive"),
        created_at=c.text(package.get("created_at"), "package.created_at"),
        name=where.name,
    )
    for n, e in enumerate(c.lst(doc.get("events", []), "events")):
        at = f"events[{n}]"
        e = c.obj(e, at)
        slug = c.req(e.get("slug"), f"{at}.slug")
        if not _SLUG.fullmatch(slug):
            raise c.fail(f"{at}.slug", "a slug")
        event = SourceEvent(
            slug=slug,
            name=c.req(e.get("name"), f"{at}.name"),
            timezone=c.req(e.get("timezone"), f"{at}.timezone"),
            language=c.req(e.get("language"), f"{at}.language"),
            start_date=c.text(e.get("start_date"), f"{at}.start_date"),
            end_date=c.text(e.get("end_date"), f"{at}.end_date"),
            place=c.text(e.get("place"), f"{at}.place"),
            licence=c.text(e.get("licence"), f"{at}.licence"),
            cover=_hash_or_none(c, e.get("cover"), f"{at}.cover"),
        )
        for k, s in enumerate(c.lst(e.get("sessions", []), f"{at}.sessions")):
            sat = f"{at}.sessions[{k}]"
            s = c.obj(s, sat)
            event.sessions.append(
                SourceSession(
                    uid=c.text(s.get("uid"), f"{sat}.uid"),
                    title=c.req(s.get("title"), f"{sat}.title"),
                    start=_iso(c, s.get("start"), f"{sat}.start"),
                    end=_iso(c, s.get("end"), f"{sat}.end"),
                    track=c.text(s.get("track"), f"{sat}.track"),
                    room=c.text(s.get("room"), f"{sat}.room"),
                    description=c.text(s.get("description"), f"{sat}.description"),
                    speakers=c.names(s.get("speakers"), f"{sat}.speakers"),
                    cover=_hash_or_none(c, s.get("cover"), f"{sat}.cover"),
                    order=_hashes(c, s.get("order"), f"{sat}.order"),
                )
            )
        for k, p in enumerate(c.lst(e.get("people", []), f"{at}.people")):
            p = c.obj(p, f"{at}.people[{k}]")
            role = c.req(p.get("role"), f"{at}.people[{k}].role")
            if role not in ("speaker", "illustrator", "facilitator"):
                raise c.fail(f"{at}.people[{k}].role", "speaker, illustrator or facilitator")
            event.people.append((c.req(p.get("name"), f"{at}.people[{k}].name"), role))
        source.events.append(event)
    for n, o in enumerate(c.lst(doc.get("camera_offsets", []), "camera_offsets")):
        o = c.obj(o, f"camera_offsets[{n}]")
        seconds = c.typed(o.get("seconds"), (int,), f"camera_offsets[{n}].seconds")
        if abs(seconds) > 100 * 366 * 86400:
            raise c.fail(f"camera_offsets[{n}].seconds", "within a hundred years")
        key = " ".join(c.req(o.get("camera"), f"camera_offsets[{n}].camera").split())
        if not key or len(key) > 1000:
            raise c.fail(f"camera_offsets[{n}].camera", "a camera, serial or illustrator key")
        source.offsets[key] = seconds
    slugs = {e.slug for e in source.events}
    seen: set[str] = set()
    for n, i in enumerate(c.lst(doc.get("items", []), "items")):
        source.items.append(_parse_item(c, c.obj(i, f"items[{n}]"), f"items[{n}]", slugs, seen))
    return source


def _hash_or_none(c: _Checker, value: Any, at: str) -> str | None:
    text = c.text(value, at)
    if text is not None and not _HASH.fullmatch(text):
        raise c.fail(at, "a SHA-256 in lower-case hexadecimal or null")
    return text


def _hashes(c: _Checker, value: Any, at: str) -> list[str]:
    """A list of distinct hashes (a hand-set order)."""
    items = c.lst(value if value is not None else [], at)
    if len(items) > 10 * MAX_LIST:
        raise c.fail(at, f"a list of at most {10 * MAX_LIST} hashes")
    out: dict[str, None] = {}
    for k, v in enumerate(items):
        digest = _hash_or_none(c, v, f"{at}[{k}]")
        if digest is None or digest in out:
            raise c.fail(f"{at}[{k}]", "the hash of one drawing, given once")
        out[digest] = None
    return list(out)


def _iso(c: _Checker, value: Any, at: str) -> str:
    text = c.req(value, at)
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise c.fail(at, "a date and time") from None
    return text


def _parse_item(
    c: _Checker, i: dict[str, Any], at: str, slugs: set[str], seen: set[str]
) -> SourceItem:
    digest = c.req(i.get("hash"), f"{at}.hash")
    if not _HASH.fullmatch(digest):
        raise c.fail(f"{at}.hash", "a SHA-256 in lower-case hexadecimal")
    if digest in seen:
        raise c.fail(f"{at}.hash", "the hash of one item only")
    seen.add(digest)
    fmt = c.req(i.get("format"), f"{at}.format")
    if fmt not in FORMATS:
        raise c.fail(f"{at}.format", "one of " + ", ".join(FORMATS))
    event = c.text(i.get("event"), f"{at}.event")
    if event is not None and event not in slugs:
        raise c.fail(f"{at}.event", "the slug of an event of the package")
    values: dict[str, Any] = {}
    for name, types in TECHNICAL.items():
        default: object = 1 if name == "orientation" else 0 if name == "size" else None
        if name == "original_name":
            default = digest
        values[name] = c.typed(i.get(name, default), types, f"{at}.{name}")
    if not 1 <= values["orientation"] <= 8:
        values["orientation"] = 1
    for f in ITEM_FIELDS:
        default = False if f.kind == "bool" else None
        values[f.name] = c.typed(i.get(f.name, default), _KIND_TYPES[f.kind], f"{at}.{f.name}")
    item = SourceItem(hash=digest, format=fmt, event=event, values=values)
    session = i.get("session")
    if session is not None:
        s = c.obj(session, f"{at}.session")
        item.session = SessionRef(
            uid=c.text(s.get("uid"), f"{at}.session.uid"),
            title=c.req(s.get("title"), f"{at}.session.title"),
            start=_iso(c, s.get("start"), f"{at}.session.start"),
        )
        source_kind = c.text(i.get("session_source"), f"{at}.session_source")
        item.session_source = "manual" if source_kind == "manual" else "auto"
    corrections = i.get("corrections")
    if corrections is not None:
        item.corrections = c.obj(corrections, f"{at}.corrections")
    item.tags = c.names(i.get("tags"), f"{at}.tags")
    item.speakers = c.names(i.get("speakers"), f"{at}.speakers")
    item.illustrators = c.names(i.get("illustrators"), f"{at}.illustrators")
    return item


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 200 else text[:199] + "…"


def iter_originals(source: Source) -> Iterator[SourceItem]:
    """The items of ``source`` that carry their original."""
    return (item for item in source.items if item.original is not None)
