"""Preferences: the interface language (system, English, French), and whether to read the
lettering of new drawings after each import."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from carnet.ocr import available as ocr_available
from carnet.ui.lettering import READ_AFTER_IMPORT, read_after_import


class PreferencesDialog(QDialog):
    language_chosen = Signal(str)

    def __init__(self, settings: QSettings, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.settings = settings
        form = QFormLayout(self)
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Language"))
        self.language.addItem(self.tr("System language"), "")
        self.language.addItem("English", "en")
        self.language.addItem("Français", "fr")
        saved = str(settings.value("language", ""))
        self.language.setCurrentIndex(max(0, self.language.findData(saved)))
        form.addRow(self.tr("Language"), self.language)
        self.read_after_import = QCheckBox(
            self.tr("Read the lettering of new drawings after each import")
        )
        self.read_after_import.setObjectName("readAfterImport")
        self.read_after_import.setChecked(read_after_import(settings))
        form.addRow(self.read_after_import)
        if not ocr_available():
            self.read_after_import.setEnabled(False)
            missing = QLabel(
                self.tr(
                    "The OCR engine (rapidocr and onnxruntime) is missing from this"
                    " installation: reinstall Carnet to read the lettering."
                )
            )
            missing.setObjectName("ocrMissing")
            missing.setWordWrap(True)
            form.addRow(missing)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        self.settings.setValue(READ_AFTER_IMPORT, self.read_after_import.isChecked())
        language = str(self.language.currentData())
        if language != str(self.settings.value("language", "")):
            self.language_chosen.emit(language)
        super().accept()
