"""Suggest the session each item belongs to, from its capture time.

A drawing photographed at 11:52 in a session that ran 10:30–11:45 belongs to that session:
illustrators often finish (and photograph) a board just after the speakers stop. Cameras and
phones are often wrong by minutes or hours, so each camera can carry a clock offset. The
result is a suggestion with a reason; the user reviews it.

Matching is a pure function over plain values so the importer, the command line and the
desktop app share it, and it is fast enough to re-run over a whole archive at every change of
offset or grace period: the sessions are indexed once (sorted boundaries, bisect), never
scanned per item.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from carnet.errors import InvalidValue
from carnet.messages import Text

log = logging.getLogger(__name__)

_T = TypeVar("_T")

DURING = "during"
GRACE = "grace"
AMBIGUOUS = "ambiguous"
NO_SESSION = "no-session"
NO_TIME = "no-time"
REJECTED = "rejected"


@dataclass(frozen=True)
class CaptureInfo:
    """What matching needs to know about one item.

    ``captured_at`` is naive when it is the camera's wall clock (plain EXIF), aware when the
    camera also wrote its UTC offset. ``camera`` ("Make Model") is the key of clock offsets;
    ``clocks`` the keys tried before it, most specific first (the device's serial, the
    illustrator's camera, the illustrator: ``catalog/events.py:clock_keys``), so two
    illustrators with the same phone model keep their own offsets.
    """

    item_id: int
    captured_at: datetime | None
    camera: str | None
    clocks: tuple[str, ...] = ()


def clock_offset_of(info: CaptureInfo, offsets: Mapping[str, _T]) -> _T | None:
    """The offset of the first of the item's clock keys that has one, else its camera's."""
    for key in info.clocks:
        found = offsets.get(key)
        if found is not None:
            return found
    return offsets.get(info.camera) if info.camera else None


@dataclass(frozen=True)
class SessionSlot:
    """One session as matching sees it: an id and an aware time span (``start <= t < end``)."""

    session_id: int
    start: datetime
    end: datetime
    title: str = ""


@dataclass(frozen=True)
class MatchResult:
    """The suggested session of one item and why.

    ``reason`` is one of ``'during'`` (a session was running), ``'grace'`` (a session had
    just ended), ``'ambiguous'`` (several sessions fit equally; ``candidates`` lists them),
    ``'no-session'`` (nothing fits), ``'no-time'`` (the item has no capture time) or
    ``'rejected'`` (the only session that fits was rejected by the user for this item).
    """

    item_id: int
    session_id: int | None
    reason: str
    candidates: tuple[int, ...] = ()


def true_capture_time(
    info: CaptureInfo, tz: ZoneInfo, camera_offsets: Mapping[str, timedelta]
) -> datetime | None:
    """Return when the item was really captured, as an aware time in ``tz``, or None.

    A naive capture time is the camera's wall clock in the event's time zone. Local times
    that are ambiguous or do not exist at a daylight-saving change are read with ``fold=0``:
    an ambiguous time (the repeated hour in autumn) is taken as its first occurrence, a
    non-existent one (the skipped hour in spring) with the offset in force before the change.
    Then the camera's clock offset (true time minus camera time) is added, in absolute time,
    so a camera one hour late (offset +01:00:00) is moved one hour later.
    """
    if info.captured_at is None:
        return None
    captured = info.captured_at
    if captured.tzinfo is None or captured.utcoffset() is None:
        captured = captured.replace(tzinfo=tz, fold=0)
    offset = clock_offset_of(info, camera_offsets) or timedelta(0)
    return (captured.astimezone(UTC) + offset).astimezone(tz)


class _SessionIndex:
    """The sessions cut into elementary intervals, each with the sessions running through it.

    Boundaries are the sorted distinct start and end times (as POSIX seconds); between two
    consecutive boundaries the set of running sessions does not change, so a time is looked
    up with one bisect. Ends are indexed separately for the grace period.
    """

    def __init__(self, sessions: Sequence[SessionSlot], tz: ZoneInfo) -> None:
        spans: list[tuple[float, float, int]] = []
        for slot in sessions:
            start = _aware(slot.start, tz).timestamp()
            end = _aware(slot.end, tz).timestamp()
            if end <= start:
                log.warning("session %s ends before it starts; not matched", slot.session_id)
                continue
            spans.append((start, end, slot.session_id))
        spans.sort()

        starts_at: dict[float, list[tuple[float, int]]] = {}
        ends_at: dict[float, list[int]] = {}
        for start, end, session_id in spans:
            starts_at.setdefault(start, []).append((end, session_id))
            ends_at.setdefault(end, []).append(session_id)

        self.boundaries: list[float] = sorted(set(starts_at) | set(ends_at))
        self.running: list[tuple[int, ...]] = []
        # Running sessions kept ordered by start (then id): candidates read in programme order.
        active: dict[int, tuple[float, int]] = {}
        for boundary in self.boundaries:
            for session_id in ends_at.get(boundary, ()):
                active.pop(session_id, None)
            for _end, session_id in starts_at.get(boundary, ()):
                active[session_id] = (boundary, session_id)
            self.running.append(tuple(sid for _s, sid in sorted(active.values())))

        self.ends: list[float] = sorted(ends_at)
        self.ended_at: list[tuple[int, ...]] = [tuple(ends_at[e]) for e in self.ends]


def match_items(
    items: Iterable[CaptureInfo],
    sessions: Sequence[SessionSlot],
    tz: ZoneInfo,
    grace: timedelta,
    camera_offsets: Mapping[str, timedelta],
) -> list[MatchResult]:
    """Suggest a session for every item, in the order of ``items``.

    A session running at the item's true capture time (``start <= t < end``) wins. If none
    runs, the session that ended most recently, if it ended within ``grace`` (``end <= t <
    end + grace``), is taken. When several sessions fit at once (parallel tracks, or parallel
    sessions ending together) there is no way to choose here: the result is ``'ambiguous'``
    with the candidates' ids, in programme order. The caller can narrow ``sessions`` (by
    track or room, say) before calling. Naive session times are read in ``tz``.

    Sessions are indexed once and each item costs one or two bisects, so 100,000 items
    against 1,000 sessions take a fraction of a second.
    """
    if grace < timedelta(0):
        raise InvalidValue(Text("the grace period cannot be negative: {grace}", grace=str(grace)))
    index = _SessionIndex(sessions, tz)
    clock = _LocalClock(tz)
    timestamp, offsets = clock.timestamp, clock.offsets
    grace_seconds = grace.total_seconds()
    offset_seconds = {camera: off.total_seconds() for camera, off in camera_offsets.items()}
    # The loop runs once per item of a whole archive: names are bound locally on purpose.
    boundaries, running_at = index.boundaries, index.running
    ends, ended_at = index.ends, index.ended_at
    results: list[MatchResult] = []
    append = results.append
    for info in items:
        item_id = info.item_id
        captured = info.captured_at
        if captured is None:
            append(MatchResult(item_id, None, NO_TIME))
            continue
        if captured.tzinfo is None:
            # Inlined fast path of _LocalClock.timestamp for plain EXIF wall-clock times.
            wall = (captured - _NAIVE_EPOCH).total_seconds()
            utc_offset = offsets.get(wall // 60)
            t = wall - utc_offset if utc_offset is not None else timestamp(captured)
        else:
            t = timestamp(captured)
        if info.clocks:
            t += clock_offset_of(info, offset_seconds) or 0.0
        elif info.camera:
            t += offset_seconds.get(info.camera, 0.0)
        i = bisect_right(boundaries, t) - 1
        running = running_at[i] if i >= 0 else ()
        if len(running) == 1:
            append(MatchResult(item_id, running[0], DURING))
        elif running:
            append(MatchResult(item_id, None, AMBIGUOUS, running))
        else:
            j = bisect_right(ends, t) - 1
            if j < 0 or t - ends[j] >= grace_seconds:
                append(MatchResult(item_id, None, NO_SESSION))
            elif len(ended_at[j]) == 1:
                append(MatchResult(item_id, ended_at[j][0], GRACE))
            else:
                append(MatchResult(item_id, None, AMBIGUOUS, ended_at[j]))
    return results


def without_rejected(
    results: Iterable[MatchResult], rejected: Mapping[int, set[int]]
) -> list[MatchResult]:
    """``results`` with the sessions the user rejected for each item taken out.

    A rejected suggestion becomes ``'rejected'`` (no session); an ambiguous result keeps its
    other candidates, and is settled when only one is left.
    """
    kept: list[MatchResult] = []
    for result in results:
        refused = rejected.get(result.item_id)
        if not refused:
            kept.append(result)
        elif result.session_id is not None and result.session_id in refused:
            kept.append(MatchResult(result.item_id, None, REJECTED))
        elif result.reason == AMBIGUOUS:
            left = tuple(c for c in result.candidates if c not in refused)
            if len(left) == 1:
                kept.append(MatchResult(result.item_id, left[0], DURING))
            elif left:
                kept.append(MatchResult(result.item_id, None, AMBIGUOUS, left))
            else:
                kept.append(MatchResult(result.item_id, None, REJECTED))
        else:
            kept.append(result)
    return kept


_NAIVE_EPOCH = datetime(1970, 1, 1)


class _LocalClock:
    """Turns capture times into POSIX seconds the way ``true_capture_time`` reads them.

    Asking zoneinfo for the UTC offset of every one of 100,000 naive times is the slowest
    part of matching; the offset of a naive time (``fold=0``) only changes at a transition,
    and transitions happen on whole minutes of local time, so it is cached per local minute.
    """

    def __init__(self, tz: ZoneInfo) -> None:
        self.tz = tz
        self.offsets: dict[float, float] = {}

    def timestamp(self, captured: datetime) -> float:
        """POSIX seconds of ``captured``; a naive time is local time in ``tz`` with fold=0."""
        if captured.tzinfo is not None:
            offset = captured.utcoffset()
            if offset is not None:
                return captured.timestamp()
            captured = captured.replace(tzinfo=None)
        wall = (captured - _NAIVE_EPOCH).total_seconds()
        minute = wall // 60
        utc_offset = self.offsets.get(minute)
        if utc_offset is None:
            local = captured.replace(tzinfo=self.tz, fold=0).utcoffset()
            utc_offset = local.total_seconds() if local is not None else 0.0
            self.offsets[minute] = utc_offset
        return wall - utc_offset


def _aware(value: datetime, tz: ZoneInfo) -> datetime:
    """Read a naive datetime in ``tz`` (fold=0); leave an aware one as it is."""
    if value.tzinfo is None or value.utcoffset() is None:
        return value.replace(tzinfo=tz, fold=0)
    return value


_SPAN_UNITS = {
    "d": 86400,
    "day": 86400,
    "days": 86400,
    "j": 86400,
    "h": 3600,
    "m": 60,
    "min": 60,
    "mn": 60,
    "s": 1,
    "sec": 1,
}
_UNIT_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([a-z]+)")
_UNITS_ONLY = re.compile(r"(?:\d+(?:[.,]\d+)?\s*[a-z]+\s*)+")
_CLOCK = re.compile(r"(\d+):(\d{1,2})(?::(\d{1,2}))?")


@dataclass(frozen=True)
class _Span:
    """How messages name a kind of length of time, in the forms their sentences need."""

    bare: Text  # "duration"
    a: Text  # "a duration"
    the: Text  # "the duration"


_OFFSET = _Span(Text("clock offset"), Text("a clock offset"), Text("the clock offset"))
_DURATION = _Span(Text("duration"), Text("a duration"), Text("the duration"))


def _parse_span(text: str, what: _Span, signed: bool) -> timedelta:
    """Parse a length of time written with units ("1h30m", "90s") or as a clock ("01:30:00").

    A clock with two parts is hours and minutes ("00:45" is 45 minutes, as in frab
    schedules and in "-00:05"); with three parts it is hours, minutes and seconds. A bare
    number is refused: "45" could be seconds, minutes or hours.
    """
    example = '"+01:00:00", "-00:05", "+1h", "-90s"' if signed else '"45m", "1h30m", "00:45:00"'
    raw = text
    body = text.strip().lower().replace(" ", "")
    sign = 1
    if body and body[0] in "+-":
        if not signed:
            raise InvalidValue(
                Text(
                    "{what} cannot have a sign: {raw!r} (e.g. {example})",
                    what=what.a,
                    raw=raw,
                    example=example,
                )
            )
        sign = -1 if body[0] == "-" else 1
        body = body[1:]
    if not body:
        raise InvalidValue(Text("empty {what} (e.g. {example})", what=what.bare, example=example))
    seconds: float
    clock = _CLOCK.fullmatch(body)
    if clock:
        first, second, third = clock.groups()
        if int(second) >= 60 or (third is not None and int(third) >= 60):
            raise InvalidValue(
                Text("minutes and seconds go up to 59 in {what}: {raw!r}", what=what.a, raw=raw)
            )
        seconds = int(first) * 3600 + int(second) * 60 + int(third or 0)
    elif body == "0":
        seconds = 0
    elif _UNITS_ONLY.fullmatch(body):
        seconds = 0
        seen: set[int] = set()
        for number, unit in _UNIT_PART.findall(body):
            factor = _SPAN_UNITS.get(unit)
            if factor is None:
                raise InvalidValue(
                    Text(
                        "unknown unit {unit!r} in {what} {raw!r} "
                        "(use d, h, m or s, e.g. {example})",
                        unit=unit,
                        what=what.bare,
                        raw=raw,
                        example=example,
                    )
                )
            if factor in seen:
                raise InvalidValue(
                    Text(
                        "unit {unit!r} given twice in {what} {raw!r}",
                        unit=unit,
                        what=what.bare,
                        raw=raw,
                    )
                )
            seen.add(factor)
            seconds += float(number.replace(",", ".")) * factor
    elif body.replace(".", "", 1).isdigit():
        raise InvalidValue(
            Text(
                "give a unit with {what} {raw!r} (e.g. {example})",
                what=what.the,
                raw=raw,
                example=example,
            )
        )
    else:
        raise InvalidValue(
            Text(
                "cannot read {raw!r} as {what} (e.g. {example})",
                raw=raw,
                what=what.a,
                example=example,
            )
        )
    return timedelta(seconds=sign * seconds)


def parse_offset(text: str) -> timedelta:
    """Parse a camera clock offset (true time minus camera time), e.g. "+01:00:00" or "-90s".

    Accepted: an optional sign, then a clock ("01:00:00", "00:05" = five minutes) or numbers
    with units d, h, m, s ("+1h", "-1h30m", "+2d"). Raises InvalidValue with an example of
    what is accepted.
    """
    return _parse_span(text, _OFFSET, signed=True)


def parse_duration(text: str) -> timedelta:
    """Parse a non-negative length of time such as a grace period: "45m", "1h30m", "00:45:00".

    Accepted: a clock ("00:45:00", "00:45" = 45 minutes) or numbers with units d, h, m, s.
    Raises InvalidValue for anything else, including a sign or a number without unit.
    """
    return _parse_span(text, _DURATION, signed=False)
