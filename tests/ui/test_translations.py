"""French is complete, and switching language rebuilds the window in it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import carnet.ui
from carnet.resources import resource_path

UI = Path(carnet.ui.__file__).parent


def _lupdate() -> str:
    # PySide6-Essentials ships it next to the interpreter; a missing one fails the test.
    found = shutil.which("pyside6-lupdate") or str(Path(sys.executable).parent / "pyside6-lupdate")
    assert Path(found).exists(), "pyside6-lupdate (from PySide6-Essentials) is missing"
    return found


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name") or "", message.findtext("source") or ""): message
        for context in root.iter("context")
        for message in context.iter("message")
    }


def _translated(message: ET.Element) -> bool:
    translation = message.find("translation")
    if translation is None or translation.get("type") in ("unfinished", "obsolete", "vanished"):
        return False
    if message.get("numerus") == "yes":
        forms = [f.text for f in translation.iter("numerusform")]
        return bool(forms) and all(forms)
    return bool(translation.text)


def test_every_user_visible_string_has_a_french_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [_lupdate(), *map(str, sorted(UI.glob("*.py"))), "-ts", str(fresh)],
        check=True,
        capture_output=True,
    )
    wanted = _messages(fresh)
    assert len(wanted) > 100  # lupdate found the strings: the test can fail
    french = _messages(resource_path("translations", "carnet_fr.ts"))
    missing = sorted(
        f"{c}: {s}" for (c, s) in wanted if (c, s) not in french or not _translated(french[(c, s)])
    )
    assert missing == [], "no French for: " + "; ".join(missing)
    # English is the source language, but its plurals ("%n item(s)") need forms too.
    english = _messages(resource_path("translations", "carnet_en.ts"))
    plurals = [key for key, message in wanted.items() if message.get("numerus") == "yes"]
    assert plurals
    no_forms = sorted(
        f"{c}: {s}"
        for (c, s) in plurals
        if (c, s) not in english or not _translated(english[(c, s)])
    )
    assert no_forms == [], "no English plural forms for: " + "; ".join(no_forms)
    qm = resource_path("translations", "carnet_fr.qm")
    assert (
        qm.exists()
        and qm.stat().st_mtime >= resource_path("translations", "carnet_fr.ts").stat().st_mtime - 1
    )


def test_switch_to_french_and_see_french_labels(carnet_app, archive_path, qtbot) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.preferences import PreferencesDialog

    carnet_app.open_archive(archive_path)
    assert carnet_app.window.menuBar().actions()[0].text() == "&File"
    dialog = PreferencesDialog(carnet_app.settings, "en")
    dialog.language_chosen.connect(carnet_app.set_language)
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    dialog.accept()
    window = carnet_app.window
    assert [a.text() for a in window.menuBar().actions()][:2] == ["&Fichier", "&Édition"]
    assert window.inspector.published.text() == "Publié dans le kit"
    assert window.count_label.text().startswith("6 éléments")
    assert carnet_app.settings.value("language") == "fr"
    carnet_app.set_language("en")
    assert carnet_app.window.menuBar().actions()[0].text() == "&File"
