"""Read a programme from a CSV file, as organisers export it from their spreadsheet.

Real files vary a lot: French spreadsheets export with ``;``, headers are French or English
with or without accents, dates are written the French way ("29/09/2016 10h30") or ISO, and
the date is sometimes in its own column with bare times beside it. This reader accepts those
variations, and refuses the whole file with every problem (line by line) when a row cannot be
read without guessing: a half-imported programme is worse than none.

Dates are always read day first (29/09/2016); "09/29/2016" is refused, never swapped.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from carnet.errors import InvalidValue, Problem, ProgrammeError
from carnet.messages import Text, message_of
from carnet.programme.matching import parse_duration
from carnet.programme.model import (
    Programme,
    SessionRecord,
    add_duration,
    clean_text,
    elapsed,
    split_names,
)

log = logging.getLogger(__name__)

DELIMITERS = (";", ",", "\t")

# Normalised header (lower case, no accents, punctuation as spaces) -> field.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "titre",
        "title",
        "intitule",
        "session",
        "titre de la session",
        "nom de la session",
        "session title",
        "session name",
        "sujet",
        "subject",
        "nom",
        "name",
    ),
    "start": (
        "debut",
        "start",
        "heure de debut",
        "heure debut",
        "start time",
        "starts",
        "starts at",
        "begin",
        "begins",
        "begins at",
        "heure",
    ),
    "end": ("fin", "end", "heure de fin", "heure fin", "end time", "ends", "ends at", "finish"),
    "date": ("date", "jour", "day"),
    "start_date": ("date de debut", "date debut", "start date"),
    "end_date": ("date de fin", "date fin", "end date"),
    "range": (
        "horaire",
        "horaires",
        "creneau",
        "creneau horaire",
        "time slot",
        "timeslot",
        "slot",
        "time",
        "times",
        "schedule",
    ),
    "duration": ("duree", "duration", "length"),
    "room": ("salle", "room", "lieu", "location", "venue", "espace"),
    "track": ("parcours", "track", "theme", "thematique", "filiere", "categorie", "category"),
    "speakers": (
        "intervenants",
        "intervenant",
        "intervenantes",
        "intervenante",
        "speakers",
        "speaker",
        "orateurs",
        "orateur",
        "oratrices",
        "oratrice",
        "conferenciers",
        "conferencier",
        "presenters",
        "presenter",
    ),
    "description": ("description", "resume", "abstract", "summary", "descriptif"),
    "uid": ("id", "uid", "identifiant", "guid"),
}
_FIELD_OF: dict[str, str] = {name: f for f, names in _SYNONYMS.items() for name in names}
# Fields that may come from several columns: their cells are put together.
_MULTI = {"speakers", "description"}
# How messages name a field (with its article: other languages need its gender).
_FIELD_WORDS = {
    "title": Text("the title"),
    "start": Text("the start"),
    "end": Text("the end"),
    "date": Text("the date"),
    "start_date": Text("the start date"),
    "end_date": Text("the end date"),
    "range": Text("the time slot"),
    "duration": Text("the duration"),
    "room": Text("the room"),
    "track": Text("the track"),
    "uid": Text("the id"),
}

_TIME = (
    r"(?P<H>\d{1,2})\s*(?:"
    r":\s*(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?"
    r"|[hH]\s*(?P<HM>\d{2})?"
    r")\s*(?P<ampm>[ap]\.?\s?m\.?)?"
)
_OFFSET = r"(?P<off>z|utc|gmt|[+-]\d{1,2}(?::?\d{2})?)"
_DMY = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})"
_YMD = r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
_JOIN = r"(?:\s*[T,]\s*|\s+(?:(?:à|a|at)\s+)?)"
_FULL_DMY = re.compile(rf"{_DMY}{_JOIN}{_TIME}\s*{_OFFSET}?", re.IGNORECASE)
_FULL_YMD = re.compile(rf"{_YMD}{_JOIN}{_TIME}\s*{_OFFSET}?", re.IGNORECASE)
_DAY_DMY = re.compile(_DMY)
_DAY_YMD = re.compile(_YMD)
_TIME_ONLY = re.compile(_TIME, re.IGNORECASE)
_RANGE_SPACED = re.compile(r"\s+(?:-|–|—|à|a|to)\s+", re.IGNORECASE)
_RANGE_TIGHT = re.compile(r"\s*[-–—]\s*")
_EXAMPLE = Text("e.g. 29/09/2016 10:30 or 2016-09-29T10:30")


class _CellError(Exception):
    """A cell that cannot be read; the message is the user-facing reason."""


@dataclass
class _Columns:
    """Which column (index) holds which field, once headers are recognised."""

    header_line: int
    headers: list[str]
    single: dict[str, int]
    multi: dict[str, list[int]]


def read_csv_text(text: str, tz: ZoneInfo, source: Path | str = "<csv>") -> Programme:
    """Read a whole CSV programme already decoded to text; naive times are in ``tz``.

    Raises ProgrammeError listing every problem, with physical line numbers (the header is
    normally line 1; blank lines and a title line above the header are skipped and counted).
    """
    delimiter = sniff_delimiter(text)
    log.debug("%s: CSV delimiter %r", source, delimiter)
    rows, problems = _rows(text, delimiter)
    if problems:
        raise ProgrammeError(source, problems)
    non_empty = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not non_empty:
        raise ProgrammeError(source, [Problem(None, Text("the file has no rows"))])

    header_at = _header_index(non_empty)
    if header_at:
        log.info("%s: header taken at line %d", source, non_empty[header_at][0])
    header_line, header_row = non_empty[header_at]
    columns, problems = _columns(header_line, header_row)
    if problems:
        raise ProgrammeError(source, problems)

    sessions: list[SessionRecord] = []
    for line, row in non_empty[header_at + 1 :]:
        record = _session(line, row, columns, tz, problems)
        if record is not None:
            sessions.append(record)
    if not sessions and not problems:
        problems.append(
            Problem(None, Text("no session: the file has a header but no rows below it"))
        )
    if problems:
        raise ProgrammeError(source, problems)
    log.info("%s: %d sessions read from CSV", source, len(sessions))
    return Programme(sessions=sessions)


def sniff_delimiter(text: str) -> str:
    """Choose the delimiter among ``;``, ``,`` and tab.

    The one under which the most headers are recognised wins; then the one that cuts the
    first rows into the same number of cells most often (commas inside descriptions make
    rows uneven); then ``;`` before ``,`` before tab.
    """
    sample = "".join(io.StringIO(text, newline="").readlines(64 * 1024)[:30])
    best = DELIMITERS[0]
    best_score: tuple[int, int, int] = (-1, -1, -1)
    for delimiter in DELIMITERS:
        try:
            rows = [r for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)]
        except csv.Error:
            continue
        rows = [r for r in rows if any(c.strip() for c in r)]
        recognised = max((_recognised(r) for r in rows[:5]), default=0)
        widths = Counter(len(r) for r in rows if len(r) > 1)
        width, count = widths.most_common(1)[0] if widths else (1, 0)
        score = (recognised, count, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def normalise_header(header: str) -> str:
    """Lower case, accents and brackets dropped, punctuation turned to single spaces."""
    text = unicodedata.normalize("NFKD", header.strip().lstrip("\ufeff"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[()\[\]]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def _field_of(header: str) -> str | None:
    """The field a header names, or None. "Intervenant 2" is a speakers column."""
    name = normalise_header(header)
    field = _FIELD_OF.get(name)
    if field is None:
        numbered = re.sub(r"\s*\d+$", "", name)
        if _FIELD_OF.get(numbered) == "speakers":
            field = "speakers"
    return field


def _recognised(row: list[str]) -> int:
    """How many distinct fields the cells of ``row`` name as headers."""
    return len({f for f in (_field_of(c) for c in row) if f is not None})


def _rows(text: str, delimiter: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """All rows with the physical line each starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    previous_end = 0
    try:
        for row in reader:
            rows.append((previous_end + 1, row))
            previous_end = reader.line_num
    except csv.Error as exc:
        return rows, [
            Problem(previous_end + 1, Text("the CSV cannot be read here: {error}", error=str(exc)))
        ]
    return rows, []


def _header_index(rows: list[tuple[int, list[str]]]) -> int:
    """Index of the header among the first non-empty rows.

    Spreadsheets often carry a title line ("Programme du forum") above the header: the first
    of the first five rows naming at least two known columns is the header. If none does,
    the first row is, and the missing columns are reported against it.
    """
    best, best_count = 0, 1
    for index, (_line, row) in enumerate(rows[:5]):
        count = _recognised(row)
        if count > best_count:
            best, best_count = index, count
    return best


def _columns(line: int, header: list[str]) -> tuple[_Columns, list[Problem]]:
    """Recognise the header cells and check the needed columns are there."""
    problems: list[Problem] = []
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(header):
        field = _field_of(cell)
        if field is None:
            if cell.strip():
                log.debug("column %r not used", cell)
            continue
        found.setdefault(field, []).append(index)

    single: dict[str, int] = {}
    for field, indexes in found.items():
        if field in _MULTI:
            continue
        if len(indexes) > 1:
            names: str = repr(header[indexes[0]].strip())
            for i in indexes[1:]:
                names = Text("{first} and {second}", first=names, second=repr(header[i].strip()))
            problems.append(
                Problem(
                    line,
                    Text(
                        "columns {names} both give {what}; keep one",
                        names=names,
                        what=_FIELD_WORDS[field],
                    ),
                )
            )
        single[field] = indexes[0]

    # "Date de début" is the date beside an "Heure de début" column, or the whole start.
    if "start_date" in single:
        start_date = single.pop("start_date")
        if "start" in single:
            single.setdefault("date", start_date)
        else:
            single["start"] = start_date
    if "end_date" in single and "end" not in single:
        single["end"] = single.pop("end_date")

    present: str = ", ".join(repr(h.strip()) for h in header if h.strip()) or Text("none")
    if "title" not in single:
        problems.append(
            Problem(
                line,
                Text(
                    'no title column: name one "Titre" or "Title" (headers: {headers})',
                    headers=present,
                ),
            )
        )
    if "start" not in single and "range" not in single:
        problems.append(
            Problem(
                line,
                Text(
                    'no start column: name one "Début" or "Start" (with an optional "Date" column '
                    "for bare times) (headers: {headers})",
                    headers=present,
                ),
            )
        )
    if "end" not in single and "range" not in single and "duration" not in single:
        problems.append(
            Problem(
                line,
                Text(
                    'no end column: name one "Fin" or "End", or give a "Durée"/"Duration" column '
                    "(headers: {headers})",
                    headers=present,
                ),
            )
        )
    multi = {field: found[field] for field in _MULTI if field in found}
    return _Columns(line, header, single, multi), problems


def _session(
    line: int, row: list[str], columns: _Columns, tz: ZoneInfo, problems: list[Problem]
) -> SessionRecord | None:
    """Read one data row; append its problems (all of them) and return None if it has any."""
    before = len(problems)

    def cell(field: str) -> str:
        index = columns.single.get(field)
        return row[index].strip() if index is not None and index < len(row) else ""

    extra = [c for c in row[len(columns.headers) :] if c.strip()]
    if extra:
        problems.append(
            Problem(
                line,
                Text(
                    "the row has {cells} cells but the header has {columns} "
                    "(a delimiter inside a cell that is not in quotes?)",
                    cells=len(row),
                    columns=len(columns.headers),
                ),
            )
        )
        return None

    title = cell("title")
    if not title:
        problems.append(Problem(line, Text("empty title")))

    start_text, end_text = cell("start"), cell("end")
    if "range" in columns.single and not ("start" in columns.single and start_text):
        try:
            start_text, end_text = _split_range(cell("range"))
        except _CellError as exc:
            problems.append(Problem(line, message_of(exc)))
            return None

    day = _day_cell(cell("date"), line, problems)
    end_day = _day_cell(cell("end_date"), line, problems) or day
    start: datetime | None = None
    end: datetime | None = None
    try:
        start = _moment(start_text, "start", day, None, tz)
    except _CellError as exc:
        problems.append(Problem(line, message_of(exc)))
    if end_text or "duration" not in columns.single:
        try:
            end = _moment(end_text, "end", end_day, start, tz)
        except _CellError as exc:
            problems.append(Problem(line, message_of(exc)))
    elif start is not None:
        try:
            end = add_duration(start, parse_duration(cell("duration")))
        except InvalidValue as exc:
            problems.append(Problem(line, message_of(exc)))
    if start is not None and end is not None and elapsed(start, end) <= timedelta(0):
        if elapsed(start, end) == timedelta(0):
            problems.append(
                Problem(line, Text("the session ends when it starts ({start})", start=_show(start)))
            )
        else:
            problems.append(
                Problem(
                    line,
                    Text("end {end} is before start {start}", end=_show(end), start=_show(start)),
                )
            )
    if len(problems) > before or start is None or end is None:
        return None

    speakers: list[str] = []
    for index in columns.multi.get("speakers", []):
        if index < len(row):
            speakers.extend(split_names(row[index]))
    descriptions = [
        text
        for index in columns.multi.get("description", [])
        if index < len(row) and (text := clean_text(row[index]))
    ]
    return SessionRecord(
        title=title,
        start=start,
        end=end,
        track=clean_text(cell("track")),
        room=clean_text(cell("room")),
        description="\n\n".join(descriptions) or None,
        speakers=list(dict.fromkeys(speakers)),
        uid=clean_text(cell("uid")),
        line=line,
    )


def _show(moment: datetime) -> str:
    """A date and time the way the user wrote it, for messages."""
    return moment.strftime("%d/%m/%Y %H:%M")


def _split_range(text: str) -> tuple[str, str]:
    """Cut "10h30 - 11h45" (or "10:30–11:45", "10:30 à 11:45") into start and end."""
    if not text:
        raise _CellError(Text("no time slot"))
    for pattern in (_RANGE_SPACED, _RANGE_TIGHT):
        parts = pattern.split(text)
        if len(parts) == 2 and all(p.strip() for p in parts):
            return parts[0].strip(), parts[1].strip()
    raise _CellError(
        Text("cannot read the time slot {text!r} (write e.g. 10:30 - 11:45)", text=text)
    )


class _BadDay:
    """A date cell that could not be read (its problem is already reported)."""


_BAD_DAY = _BadDay()


def _day_cell(text: str, line: int, problems: list[Problem]) -> date | _BadDay | None:
    """Read a date column's cell once per row, so a bad date is one problem, not two."""
    if not text:
        return None
    day = parse_date(text)
    if day is None:
        problems.append(
            Problem(
                line,
                Text(
                    "cannot read the date {text!r} (write e.g. 29/09/2016 or 2016-09-29)", text=text
                ),
            )
        )
        return _BAD_DAY
    return day


def _moment(
    text: str,
    what: str,
    day: date | _BadDay | None,
    same_day_as: datetime | None,
    tz: ZoneInfo,
) -> datetime | None:
    """Read a start or end cell into an aware datetime.

    A full date and time stands alone. A bare time takes its date from the date column, or
    else (for an end) from the start, in the start's time zone; a session is never assumed
    to run past midnight. Returns None, without a new problem, when the date it needs has
    already been reported as unreadable (the bad date column, or the bad start).
    """
    if not text:
        raise _CellError(Text("no start time") if what == "start" else Text("no end time"))
    full = parse_datetime(text)
    if full is not None:
        return localise(full, tz)
    clock = parse_time(text)
    if clock is None:
        raise _CellError(
            Text(
                "cannot read {what} {text!r} as a date and time ({example})",
                what=_FIELD_WORDS[what],
                text=text,
                example=_EXAMPLE,
            )
        )
    if isinstance(day, date):
        return datetime.combine(day, clock, tzinfo=tz)
    if day is _BAD_DAY:
        return None
    if same_day_as is not None:
        return datetime.combine(same_day_as.date(), clock, tzinfo=same_day_as.tzinfo)
    if what == "end":
        return None  # the start has no date either, and says so
    raise _CellError(
        Text(
            "{what} {text!r} has no date: add a date column or write the full date ({example})",
            what=_FIELD_WORDS[what],
            text=text,
            example=_EXAMPLE,
        )
    )


def localise(moment: datetime, tz: tzinfo) -> datetime:
    """Give a naive time the event's zone (``fold=0`` at DST changes); keep explicit offsets."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=tz, fold=0)
    return moment


def parse_datetime(text: str) -> datetime | None:
    """Read a date and time: "29/09/2016 10:30", "29/09/2016 10h30", "2016-09-29T10:30",
    "2016-09-29 10:30:00+02:00", "…Z". Returns a naive datetime unless the text gives an
    offset, or None if the text is not a date and time (a bare date is not).
    """
    text = text.strip()
    for pattern in (_FULL_DMY, _FULL_YMD):
        match = pattern.fullmatch(text)
        if match:
            day = _day(match)
            clock = _clock(match)
            if day is None or clock is None:
                return None
            try:
                offset = _offset(match.group("off"))
            except ValueError:
                return None
            return datetime.combine(day, clock, tzinfo=offset)
    if re.search(r"\d[T ]\d", text):
        try:
            return datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            return None
    return None


def parse_date(text: str) -> date | None:
    """Read a day ("29/09/2016", "2016-09-29"); a date with a time gives its date part."""
    text = text.strip()
    for pattern in (_DAY_DMY, _DAY_YMD):
        match = pattern.fullmatch(text)
        if match:
            return _day(match)
    full = parse_datetime(text)
    return full.date() if full is not None else None


def parse_time(text: str) -> time | None:
    """Read a time of day: "10:30", "10h30", "10h", "10:30:00", "2:30 pm"."""
    match = _TIME_ONLY.fullmatch(text.strip())
    return _clock(match) if match else None


def _day(match: re.Match[str]) -> date | None:
    """The date in a match with groups d, m, y; None if no such day (30/02)."""
    year = int(match.group("y"))
    if year < 100:
        year += 2000
    try:
        return date(year, int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def _clock(match: re.Match[str]) -> time | None:
    """The time in a match with groups H, M/HM, S, ampm; None if out of range."""
    hour = int(match.group("H"))
    minute = int(match.group("M") or match.group("HM") or 0)
    second = int(match.group("S") or 0)
    ampm = (match.group("ampm") or "").replace(".", "").replace(" ", "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        return None


def _offset(text: str | None) -> timezone | None:
    """The explicit UTC offset in a match, or None; raises ValueError if it is impossible."""
    if not text:
        return None
    if text.lower() in ("z", "utc", "gmt"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours = int(digits[:-2]) if len(digits) > 2 else int(digits)
    minutes = int(digits[-2:]) if len(digits) > 2 else 0
    if hours > 18 or minutes >= 60:
        raise ValueError(f"impossible UTC offset {text!r}")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))
