"""Read a programme file of any supported format: the one entry point for the app and the CLI.

The format is recognised from the content (an extension is often wrong, or missing, on a file
mailed around), with the extension only as a hint when the content says nothing. The file is
checked as a whole: either every session is good, or ProgrammeError lists every problem and
nothing is imported.
"""

from __future__ import annotations

import codecs
import logging
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carnet.errors import InvalidValue, Problem, ProgrammeError
from carnet.fsutil import open_regular
from carnet.messages import Text
from carnet.programme.csvreader import read_csv_text
from carnet.programme.frab import read_frab_json, read_frab_xml
from carnet.programme.icsreader import read_ics_text
from carnet.programme.model import Programme

log = logging.getLogger(__name__)

# A programme of a few thousand sessions is well under a megabyte; anything this large is
# not one, and reading it whole would only waste memory.
MAX_SIZE = 32 * 1024 * 1024

CSV, ICS, FRAB_XML, FRAB_JSON = "csv", "ics", "frab-xml", "frab-json"

_EXTENSIONS = {
    ".ics": ICS,
    ".ical": ICS,
    ".ifb": ICS,
    ".xml": FRAB_XML,
    ".json": FRAB_JSON,
    ".csv": CSV,
    ".tsv": CSV,
    ".txt": CSV,
}

# Files people pick by mistake, with what to do instead.
_MAGIC: tuple[tuple[bytes, Text], ...] = (
    (b"PK\x03\x04", Text("a spreadsheet workbook or zip archive: save the sheet as CSV first")),
    (b"\xd0\xcf\x11\xe0", Text("an old Excel workbook (.xls): save the sheet as CSV first")),
    (b"%PDF", Text("a PDF document: Carnet reads CSV, iCalendar and frab/pretalx schedules")),
    (b"\xff\xd8\xff", Text("a JPEG image, not a programme")),
    (b"\x89PNG", Text("a PNG image, not a programme")),
)


def read_programme(path: Path, timezone: str, days: tuple[date, date] | None = None) -> Programme:
    """Read the sessions of a programme file, whatever its format.

    Detects the format from the content (and the extension as a hint): CSV, iCalendar .ics,
    frab/pretalx schedule XML or JSON. Naive times are in ``timezone`` (a zoneinfo name).
    Refuses the file as a whole: collects every problem (line number and reason) and raises
    ProgrammeError(path, problems); nothing is half-imported. Also raises ProgrammeError for
    an unreadable, empty, binary or wrongly encoded file, and for a file with no session.
    UTF-8 (with or without BOM) and UTF-16 with BOM are read; a CSV that is not UTF-8 is read
    as Windows-1252, the encoding spreadsheet programs on Windows save in.
    Raises InvalidValue if ``timezone`` is not a known zone name. ``days`` (the event's first
    and last day) are the days recurring calendar entries are expanded over.
    """
    tz = _zone(timezone)
    data = _read_bytes(path)
    kind = detect_format(data, path.suffix)
    log.debug("%s: read as %s", path, kind)
    if kind == FRAB_XML:
        # The XML parser reads the encoding from the XML declaration itself.
        programme = read_frab_xml(data, tz, path)
    else:
        text = _decode(data, path, allow_cp1252=kind == CSV)
        if kind == ICS:
            programme = read_ics_text(text, tz, path, days)
        elif kind == FRAB_JSON:
            programme = read_frab_json(text, tz, path)
        else:
            programme = read_csv_text(text, tz, path)
    if not programme.sessions:  # every reader checks this; kept as the contract's guard
        raise ProgrammeError(path, [Problem(None, Text("no session in the file"))])
    return programme


def detect_format(data: bytes, suffix: str = "") -> str:
    """Recognise the format from the first bytes; fall back on the extension, then on CSV."""
    head = _head_text(data)
    if head.upper().startswith("BEGIN:VCALENDAR"):
        return ICS
    if head.startswith("<"):
        return FRAB_XML
    if head.startswith(("{", "[")):
        return FRAB_JSON
    return _EXTENSIONS.get(suffix.lower(), CSV)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidValue(
            Text("unknown time zone {name!r} (e.g. Europe/Paris)", name=name)
        ) from exc


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, after refusing what cannot be a programme file."""
    try:
        # Only a regular file: a FIFO or a device under a programme's name is refused, never
        # waited on (and a file growing while it is read still stops at the limit).
        with open_regular(path) as handle:
            data = handle.read(MAX_SIZE + 1)
        if len(data) > MAX_SIZE:
            reason = Text("the file is larger than {size} MB", size=MAX_SIZE // 2**20)
            raise ProgrammeError(path, [Problem(None, reason)])
    except OSError as exc:
        problem = Text("cannot read the file: {error}", error=exc.strerror or str(exc))
        raise ProgrammeError(path, [Problem(None, problem)]) from exc
    if not data.strip(b" \t\r\n\x00" + codecs.BOM_UTF8) or data in (
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
    ):
        raise ProgrammeError(path, [Problem(None, Text("the file is empty"))])
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ProgrammeError(path, [Problem(None, Text("this file is {what}", what=what))])
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" in data[:8192]:
        reason = Text("this is a binary file, not a programme")
        raise ProgrammeError(path, [Problem(None, reason)])
    return data


def _head_text(data: bytes) -> str:
    """The start of the file as text, for recognising its format."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = head.decode("utf-16", errors="replace")
    else:
        text = head.decode("utf-8", errors="replace")
    return text.lstrip("\ufeff \t\r\n")


def _decode(data: bytes, path: Path, allow_cp1252: bool) -> str:
    """Decode text: UTF-8 (BOM dropped), UTF-16 with BOM, or Windows-1252 for a CSV."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ProgrammeError(path, [Problem(None, Text("broken UTF-16 text"))]) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if allow_cp1252:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError:
                pass
            else:
                log.info("%s: not UTF-8, read as Windows-1252", path)
                return text
        line = data.count(b"\n", 0, exc.start) + 1
        expected = Text("UTF-8 or Windows-1252") if allow_cp1252 else "UTF-8"
        reason = Text("the text is not {expected} (save the file as UTF-8)", expected=expected)
        raise ProgrammeError(path, [Problem(line, reason)]) from exc
