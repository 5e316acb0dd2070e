"""Messages for users that another language can say again.

The core speaks English. A message a user reads in the desktop app (why a file was
refused, why a query cannot be read, who holds an archive) is built as a ``Text``: a
``str`` holding the English sentence, which also remembers its template and values, so
the window can look the template up in its translations and fill it in again
(``carnet.ui.i18n.say``). Anywhere else (the command line, the catalog's import log, logs)
a ``Text`` is just the English string.

Templates use ``str.format`` fields with names (``"not a supported image ({what})"``).
A value that is itself a ``Text`` is translated too; other values (file names, the
system's own error messages) are shown as they are. A list value is a list of lines: its
items (translated when they are ``Text``) are joined with line breaks. Every template the
core uses needs a French translation in ``resources/translations/carnet_fr.ts`` under the
context ``CoreMessages``; a test fails otherwise.
"""

from __future__ import annotations

from typing import Any

#: The translation context of core messages.
CONTEXT = "CoreMessages"


class Text(str):
    """An English message that remembers how it was made."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, /, **values: Any) -> Text:
        shown = {k: lines(v) if isinstance(v, (list, tuple)) else v for k, v in values.items()}
        text = super().__new__(cls, template.format(**shown) if values else template)
        text.template = template
        text.values = values
        return text

    def __reduce__(self) -> tuple[Any, ...]:  # crosses process boundaries (import workers)
        return (_text, (self.template, self.values))


def lines(items: list[Any] | tuple[Any, ...]) -> str:
    """A list value as the English text shows it: one item per line."""
    return "\n".join(str(item) for item in items)


def _text(template: str, values: dict[str, Any]) -> Text:
    return Text(template, **values)


def message_of(error: BaseException) -> str:
    """What ``error`` says: its ``Text`` when it was raised with one, else ``str(error)``."""
    if len(error.args) == 1 and isinstance(error.args[0], Text):
        return error.args[0]
    return str(error)
