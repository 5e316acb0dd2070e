"""Dates and times in the UI's language: every date the app shows goes through here.

``QLocale()`` is the default locale that ``Translations.install`` sets with the language,
so a French window says "jeu. 09:30" where an English one says "Thu 09:30".
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone


def _qdatetime(when: datetime) -> QDateTime:
    # The wall-clock time of the event, as stored: no conversion to the machine's zone.
    # Built in UTC, which has no daylight saving: a time the machine's zone skips (02:30
    # on the night clocks go forward) stays as it is, and building one costs a twentieth
    # of a local time's (the match review formats a thousand at once).
    return QDateTime(
        QDate(when.year, when.month, when.day), QTime(when.hour, when.minute), QTimeZone.utc()
    )


def _parse(when: datetime | str) -> datetime | None:
    if isinstance(when, datetime):
        return when
    try:
        return datetime.fromisoformat(when)
    except ValueError:
        return None


def day_and_time(when: datetime) -> str:
    """'Thu 09:30' / 'jeu. 09:30': a session within its event."""
    locale = QLocale()
    return f"{locale.toString(_qdatetime(when).date(), 'ddd')} {time_of_day(when)}"


def time_of_day(when: datetime | str) -> str:
    parsed = _parse(when)
    if parsed is None:
        return str(when)
    return QLocale().toString(QTime(parsed.hour, parsed.minute), QLocale.FormatType.ShortFormat)


def day(value: date | str) -> str:
    """'Thursday 29 September' / 'jeudi 29 septembre': a day of an event (year implied)."""
    if isinstance(value, str):
        try:
            when = date.fromisoformat(value)
        except ValueError:
            return value
    else:
        when = value
    return QLocale().toString(QDate(when.year, when.month, when.day), "dddd d MMMM")


def short_date_time(when: datetime | str) -> str:
    """'29/09/2016 09:30' in both languages' short formats."""
    parsed = _parse(when)
    if parsed is None:
        return str(when)
    return QLocale().toString(_qdatetime(parsed), QLocale.FormatType.ShortFormat)


def long_date_time(when: datetime | str) -> str:
    """'Thursday 29 September 2016 09:20:00' / 'jeudi 29 septembre 2016 09:20:00'."""
    parsed = _parse(when)
    if parsed is None:
        return str(when)
    locale = QLocale()
    text = locale.toString(
        QDate(parsed.year, parsed.month, parsed.day), QLocale.FormatType.LongFormat
    )
    seconds = QTime(parsed.hour, parsed.minute, parsed.second)
    return f"{text} {locale.toString(seconds, 'HH:mm:ss')}"
