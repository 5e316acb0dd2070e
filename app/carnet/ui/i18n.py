"""Languages: English (the source) and French, from ``resources/translations``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from carnet.messages import CONTEXT, Text, message_of
from carnet.resources import resource_path

LANGUAGES = ("en", "fr")


def system_language() -> str:
    name = QLocale.system().name()[:2]
    return name if name in LANGUAGES else "en"


class Translations:
    """Installs Carnet's and Qt's own translators for one language, replacing the previous."""

    def __init__(self) -> None:
        self.language = "en"
        self._installed: list[QTranslator] = []

    def install(self, language: str) -> bool:
        """Switch to ``language`` ('en', 'fr', or '' for the system's); True if it loaded."""
        app = QCoreApplication.instance()
        assert app is not None
        for translator in self._installed:
            app.removeTranslator(translator)
        self._installed.clear()
        language = language or system_language()
        self.language = language
        if language == "en":
            QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
        else:
            QLocale.setDefault(QLocale(language))
        # English loads a translation too: the plural forms of its %n strings.
        ours = QTranslator()
        loaded = ours.load(str(resource_path("translations", f"carnet_{language}.qm")))
        if loaded:
            app.installTranslator(ours)
            self._installed.append(ours)
        qt = QTranslator()
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{language}", qt_dir):
            app.installTranslator(qt)
            self._installed.append(qt)
        return loaded


def say(message: object) -> str:
    """A message from the core (or an error raised with one) in the window's language.

    A ``carnet.messages.Text`` is looked up in the ``CoreMessages`` translations and filled
    in again with its values (translated too when they are ``Text``); anything else, or a
    template without a translation, is shown as the core wrote it.
    """
    if isinstance(message, BaseException):
        message = message_of(message)
    if not isinstance(message, Text):
        return str(message)
    template = QCoreApplication.translate(CONTEXT, message.template)
    values: dict[str, Any] = {name: _said(value) for name, value in message.values.items()}
    try:
        return template.format(**values) if values else template
    except (KeyError, IndexError, ValueError):  # a translation with broken fields
        return str(message)


def _said(value: Any) -> Any:
    if isinstance(value, Text):
        return say(value)
    if isinstance(value, (list, tuple)):  # lines
        return "\n".join(say(item) for item in value)
    return value
