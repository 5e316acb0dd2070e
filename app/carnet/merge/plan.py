"""The dry run of a merge: what a source would change in the archive, as a ``MergePlan``.

Items are the same item when their originals have the same hash. For an item both sides
have, each field is compared three ways: the archive's value (*mine*), the source's
(*theirs*) and the value last merged from the same source (*base*, kept per source in
``merge_bases``). What only one side has is taken; what only they changed since the base
is taken; what both changed, or — at a first merge, with no base — what both hold with
different values, is a *conflict*. Sets (tags, speakers, illustrators) merge without
conflict: their union, less what the source removed since the base.

People whose names are equal once Unicode-normalised and folded for case and spacing are
one person; names equal only without accents, or within two typos, are *proposed*, never
merged. An event's and a session's cover and a session's hand-set order of drawings are
compared like a field (their changes carry a ``target``: ``event SLUG`` or ``session
KEY``): theirs is taken where the archive has none. The command line and the window both
render the plan; ``apply.py`` carries it out.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from carnet.catalog import merging
from carnet.catalog.archive import Archive
from carnet.catalog.events import list_events
from carnet.catalog.fields import FIELDS_BY_NAME, ITEM_FIELDS
from carnet.catalog.items import Item, list_items, normalise_tag
from carnet.errors import InvalidValue
from carnet.media.corrections import read_corrections
from carnet.merge.package import Source, SourceItem
from carnet.messages import Text

Choice = Literal["mine", "theirs"]

#: The item's values a merge compares one by one: its descriptive fields, then these.
SINGLE_EXTRA = ("session", "corrections")
SETS = ("tags", "speakers", "illustrators")
MERGED_FIELDS: tuple[str, ...] = (*(f.name for f in ITEM_FIELDS), *SINGLE_EXTRA, *SETS)
#: What an event or a session has that a merge compares: its cover drawing (a hash), and a
#: session's hand-set order of drawings (a list of hashes).
PLACE_FIELDS = ("cover", "order")


def fold_name(name: str) -> str:
    """A person's name as compared: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def strip_accents(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def _distance(a: str, b: str, most: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``most + 1`` once it is larger."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > most:
            return most + 1
        previous = current
    return previous[-1]


@dataclass
class FieldChange:
    """One field of one item: what the archive holds and what the source holds."""

    hash: str
    item_id: int
    field: str
    mine: Any
    theirs: Any
    #: The value the item gets (an update), or None for a conflict left open.
    value: Any = None
    #: Not an item's field but an event's or a session's (``PLACE_FIELDS``): ``event SLUG``
    #: or ``session KEY``; ``hash`` is then empty and ``item_id`` 0.
    target: str | None = None


@dataclass
class PersonProposal:
    """Two names that may be one person: proposed, never merged by the merge."""

    theirs: str
    mine: str
    why: Literal["accents", "typo"]


@dataclass
class MergePlan:
    """Everything a merge would change; nothing is written while it is made."""

    source: Source
    new_items: list[SourceItem] = field(default_factory=list)
    #: New to the archive but without their original (a package made with --no-originals).
    without_original: list[SourceItem] = field(default_factory=list)
    updates: list[FieldChange] = field(default_factory=list)
    conflicts: list[FieldChange] = field(default_factory=list)
    #: Conflicts settled by ``--prefer`` (mine): nothing changes, but they were seen.
    settled: list[FieldChange] = field(default_factory=list)
    people: list[PersonProposal] = field(default_factory=list)
    #: Source names that are an archive person's under another spelling: source → archive.
    same_people: dict[str, str] = field(default_factory=dict)
    new_events: list[str] = field(default_factory=list)
    new_sessions: int = 0
    #: The base values to record: (hash, field) → JSON text.
    bases: dict[tuple[str, str], str] = field(default_factory=dict)
    already_merged: bool = False

    @property
    def empty(self) -> bool:
        """Whether applying it would write nothing."""
        return not (
            self.new_items
            or self.updates
            or self.conflicts
            or self.new_events
            or self.new_sessions
            or self.bases
            or not self.already_merged
        )


def parse_prefer(values: Iterable[str]) -> tuple[Choice | None, dict[str, Choice]]:
    """``--prefer mine|theirs`` and ``--prefer FIELD=mine|theirs`` as (all, per field)."""
    every: Choice | None = None
    per: dict[str, Choice] = {}
    for value in values:
        name, _, choice = value.rpartition("=")
        if choice not in ("mine", "theirs"):
            raise InvalidValue(
                Text("--prefer takes mine, theirs or FIELD=mine|theirs, not {value!r}", value=value)
            )
        if not name:
            every = choice  # type: ignore[assignment]
        elif name in MERGED_FIELDS or name in PLACE_FIELDS:
            per[name] = choice  # type: ignore[assignment]
        else:
            raise InvalidValue(
                Text(
                    "--prefer: unknown field {name!r} (fields: {known})",
                    name=name,
                    known=", ".join((*MERGED_FIELDS, *PLACE_FIELDS)),
                )
            )
    return every, per


def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value is False or value == [] or value == {}


def has_merge_tables(archive: Archive) -> bool:
    """Whether the catalog has the merge's tables (not a catalog from an older Carnet
    opened read-only, which is not migrated)."""
    return merging.has_merge_tables(archive.db)


class SessionResolver:
    """The archive's sessions found by UID, else by title (ASCII case ignored) and start."""

    def __init__(self, archive: Archive) -> None:
        self.by_uid: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        #: Each session's key (``merging.session_key``): how a match is compared and remembered.
        self.key_of: dict[int, str] = {}
        for session_id, uid, title, start in merging.session_refs(archive.db):
            self.key_of[session_id] = merging.session_key(uid, title, start)
            if uid:
                self.by_uid.setdefault(uid, session_id)
            self.by_title.setdefault(merging.session_key(None, title, start), session_id)

    def __call__(self, uid: str | None, title: str, start: str) -> int | None:
        if uid and uid in self.by_uid:
            return self.by_uid[uid]
        return self.by_title.get(merging.session_key(None, title, start))

    def add(self, session_id: int, uid: str | None, title: str, start: str) -> None:
        self.key_of[session_id] = merging.session_key(uid, title, start)
        if uid:
            self.by_uid.setdefault(uid, session_id)
        self.by_title.setdefault(merging.session_key(None, title, start), session_id)


def make_plan(
    archive: Archive,
    source: Source,
    *,
    prefer: Choice | None = None,
    prefer_field: Mapping[str, Choice] | None = None,
) -> MergePlan:
    """Compare ``source`` with ``archive`` and say what merging it would change."""
    db = archive.db
    plan = MergePlan(source=source)
    per = dict(prefer_field or {})
    merged_before = has_merge_tables(archive)
    plan.already_merged = merged_before and merging.contribution_merged(db, source.package_id)
    known_events = merging.event_slugs(db)
    plan.new_events = [e.slug for e in source.events if e.slug not in known_events]
    resolve = SessionResolver(archive)
    for e in source.events:
        for s in e.sessions:
            if resolve(s.uid, s.title, s.start) is None:
                plan.new_sessions += 1
    _plan_people(archive, source, plan)
    mine_items = {i.hash: i for i in list_items(db, include_trashed=True)}
    old_bases = merging.merge_bases(db, source.source_key) if merged_before else {}
    for item in source.items:
        theirs = their_values(item, plan.same_people, resolve)
        for name in MERGED_FIELDS:
            text = canonical(theirs[name])
            if old_bases.get((item.hash, name)) != text:
                plan.bases[(item.hash, name)] = text
        mine = mine_items.get(item.hash)
        if mine is None:
            if item.original is None:
                plan.without_original.append(item)
            else:
                plan.new_items.append(item)
            continue
        values = my_values(mine, resolve)
        for name in MERGED_FIELDS:
            m, t = values[name], theirs[name]
            if m == t:
                continue
            has_base = (item.hash, name) in old_bases
            base = json.loads(old_bases[(item.hash, name)] or "null") if has_base else None
            if name in SETS:
                if has_base:
                    merged = sorted(
                        (set(m) | (set(t) - set(base or []))) - (set(base or []) - set(t))
                    )
                else:
                    merged = sorted(set(m) | set(t))
                if merged != m:
                    plan.updates.append(FieldChange(item.hash, mine.id, name, m, t, merged))
                continue
            if has_base:
                if t == base:
                    continue
                decision = "take" if m == base else "conflict"
            elif _empty(t):
                continue
            else:
                decision = "take" if _empty(m) else "conflict"
            _decide(plan, FieldChange(item.hash, mine.id, name, m, t, t), decision, per, prefer)
    _plan_places(archive, source, plan, old_bases, resolve, per, prefer)
    return plan


def _decide(
    plan: MergePlan,
    change: FieldChange,
    decision: str,
    per: Mapping[str, Choice],
    prefer: Choice | None,
) -> None:
    """File a change that is taken, or a conflict settled by ``--prefer`` or left open."""
    if decision == "take":
        plan.updates.append(change)
        return
    choice = per.get(change.field, prefer)
    if choice == "theirs":
        plan.updates.append(change)
    elif choice == "mine":
        plan.settled.append(change)
    else:
        change.value = None
        plan.conflicts.append(change)


def _plan_places(
    archive: Archive,
    source: Source,
    plan: MergePlan,
    old_bases: Mapping[tuple[str, str], str | None],
    resolve: SessionResolver,
    per: Mapping[str, Choice],
    prefer: Choice | None,
) -> None:
    """Covers and hand-set orders, compared like a single field (bases keyed by target)."""
    db = archive.db
    event_covers: dict[int, int] = {}
    session_covers: dict[int, int] = {}
    orders: dict[int, list[int]] = {}
    if merging.has_covers(db):  # not a catalog from before covers, opened read-only
        event_covers, session_covers = merging.stored_covers(db)
        orders = merging.hand_orders(db)
    hashes = merging.item_hashes(
        db,
        [
            *event_covers.values(),
            *session_covers.values(),
            *(i for o in orders.values() for i in o),
        ],
    )
    event_ids = {e.slug: e.id for e in list_events(db)}
    for e in source.events:
        event_id = event_ids.get(e.slug)
        mine_cover = hashes.get(event_covers.get(event_id, -1)) if event_id else None
        places: list[tuple[str, str, Any, Any]] = [
            (f"event {e.slug}", "cover", mine_cover, e.cover)
        ]
        for s in e.sessions:
            found = resolve(s.uid, s.title, s.start)
            key = (
                resolve.key_of[found]
                if found is not None
                else merging.session_key(s.uid, s.title, s.start)
            )
            mine_s = hashes.get(session_covers.get(found, -1)) if found is not None else None
            mine_o = [hashes[i] for i in orders.get(found, []) if i in hashes] if found else []
            places.append((f"session {key}", "cover", mine_s, s.cover))
            places.append((f"session {key}", "order", mine_o or None, s.order or None))
        for target, name, m, t in places:
            text = canonical(t)
            if old_bases.get((target, name)) != text:
                plan.bases[(target, name)] = text
            if m == t:
                continue
            has_base = (target, name) in old_bases
            if has_base:
                base = json.loads(old_bases[(target, name)] or "null")
                if t == base:
                    continue
                decision = "take" if m == base else "conflict"
            elif _empty(t):
                continue
            else:
                decision = "take" if _empty(m) else "conflict"
            change = FieldChange("", 0, name, m, t, t, target=target)
            _decide(plan, change, decision, per, prefer)


def my_values(item: Item, resolve: SessionResolver) -> dict[str, Any]:
    """The archive's values of an item, as the merge compares them."""
    values: dict[str, Any] = {f.name: getattr(item, f.name) for f in ITEM_FIELDS}
    values["session"] = None
    if item.session_id is not None and item.session_source == "manual":
        values["session"] = resolve.key_of.get(item.session_id)
    values["corrections"] = item.corrections.to_dict() or None
    values["tags"] = sorted(item.tags)
    values["speakers"] = sorted(item.speakers)
    values["illustrators"] = sorted(item.illustrators)
    return values


def their_values(
    item: SourceItem, same: Mapping[str, str], resolve: SessionResolver
) -> dict[str, Any]:
    """The source's values of an item, as the merge compares them."""
    values: dict[str, Any] = {}
    for f in ITEM_FIELDS:
        value = item.values[f.name]
        if value is not None and f.kind != "bool":
            try:
                value = f.clean(value)
            except InvalidValue:
                value = None  # a value this Carnet would not store counts as none
        values[f.name] = value
    values["session"] = None
    if item.session is not None and item.session_source == "manual":
        ref = item.session
        found = resolve(ref.uid, ref.title, ref.start)
        values["session"] = (
            resolve.key_of[found]
            if found is not None
            else merging.session_key(ref.uid, ref.title, ref.start)
        )
    values["corrections"] = (
        read_corrections(json.dumps(item.corrections), item_id=0).to_dict() or None
        if item.corrections
        else None
    )
    tags = []
    for tag in item.tags:
        try:
            tags.append(normalise_tag(tag))
        except InvalidValue:
            continue
    values["tags"] = sorted(set(tags))
    for name in ("speakers", "illustrators"):
        values[name] = sorted({same.get(p, " ".join(p.split())) for p in getattr(item, name)})
    return values


def _source_names(source: Source) -> set[str]:
    names: set[str] = set()
    for e in source.events:
        names.update(n for n, _ in e.people)
        for s in e.sessions:
            names.update(s.speakers)
    for item in source.items:
        names.update(item.speakers)
        names.update(item.illustrators)
    return {" ".join(n.split()) for n in names if n.strip()}


def _plan_people(archive: Archive, source: Source, plan: MergePlan) -> None:
    mine = merging.people_names(archive.db)
    by_key: dict[str, str] = {}
    for name in mine:
        by_key.setdefault(fold_name(name), name)
    by_bare: dict[str, str] = {}
    for key, name in by_key.items():
        by_bare.setdefault(strip_accents(key), name)
    for name in sorted(_source_names(source)):
        key = fold_name(name)
        if key in by_key:
            if by_key[key] != name:
                plan.same_people[name] = by_key[key]
            continue
        bare = strip_accents(key)
        if bare in by_bare:
            plan.people.append(PersonProposal(name, by_bare[bare], "accents"))
            continue
        if len(bare) < 4:
            continue
        close = [
            other
            for other_bare, other in by_bare.items()
            if len(other_bare) >= 4 and _distance(bare, other_bare, 2) <= 2
        ]
        if close:
            plan.people.append(PersonProposal(name, close[0], "typo"))


def field_label(name: str) -> str:
    """How a merged field is named to a user (the declared label, else its name)."""
    found = FIELDS_BY_NAME.get(name)
    return str(found.label) if found is not None else name
