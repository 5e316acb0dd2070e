"""French is complete, and switching language rebuilds the window in it."""

from __future__ import annotations

import ast
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import carnet.ui
from carnet.errors import ArchiveLocked
from carnet.messages import CONTEXT, Text
from carnet.resources import resource_path

UI = Path(carnet.ui.__file__).parent
CORE = UI.parent


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
    assert window.count_label.text().startswith("6 dessins")
    assert carnet_app.settings.value("language") == "fr"
    carnet_app.set_language("en")
    assert carnet_app.window.menuBar().actions()[0].text() == "&File"


def _core_templates() -> dict[str, str]:
    """Every ``Text("…")`` template of the core, with where it is written."""
    found: dict[str, str] = {}
    for path in sorted(CORE.rglob("*.py")):
        if path.parent == UI or path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Text":
                first = node.args[0] if node.args else None
                where = f"{path.relative_to(CORE)}:{node.lineno}"
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{where}: a Text template must be a string literal (translations look it up)"
                )
                found.setdefault(first.value, where)
    return found


def _fields(template: str) -> set[tuple[str, str | None]]:
    return {
        (name, conversion) for _, name, _, conversion in string.Formatter().parse(template) if name
    }


def test_every_core_message_has_a_french_translation_with_the_same_fields() -> None:
    templates = _core_templates()
    assert len(templates) > 40  # the scan found them: the test can fail
    french = _messages(resource_path("translations", "carnet_fr.ts"))
    missing = sorted(
        f"{where}: {template}"
        for template, where in templates.items()
        if (CONTEXT, template) not in french or not _translated(french[(CONTEXT, template)])
    )
    assert missing == [], "no French for: " + "; ".join(missing)
    mismatched = sorted(
        template
        for template in templates
        if _fields(french[(CONTEXT, template)].findtext("translation") or "") != _fields(template)
    )
    assert mismatched == [], "French fields differ for: " + "; ".join(mismatched)


def test_core_messages_are_said_in_the_windows_language(carnet_app) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.i18n import say

    refused = Text("not a supported image ({what})", what=Text("looks like text"))
    locked = ArchiveLocked(Path("/a/Forum.carnet"), 4242, "atelier", None)
    assert say(refused) == "not a supported image (looks like text)"
    carnet_app.translations.install("fr")
    assert say(refused) == "pas une image prise en charge (ressemble à du texte)"
    assert say(locked) == "archive utilisée par le processus 4242 sur atelier : /a/Forum.carnet"
    assert say("a plain sentence") == "a plain sentence"  # not a Text: as it is
    assert say(Text("a template nobody translated")) == "a template nobody translated"
    assert str(refused) == "not a supported image (looks like text)"  # the core's English


def test_a_refused_file_and_a_refused_query_read_in_french(
    carnet_app, archive_path, qtbot, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    carnet_app.set_language("fr")
    carnet_app.open_archive(archive_path)
    window = carnet_app.window
    bad = tmp_path / "in" / "notes.jpg"
    bad.parent.mkdir()
    bad.write_text("pas une image", encoding="utf-8")
    dialog = window.open_import_dialog([bad.parent])
    dialog.start_button.click()
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=30000)
    model = dialog.rejected_view.model()
    assert model.data(model.index(0, 1)) == "pas une image prise en charge (ressemble à du texte)"
    dialog.close()
    window.find_action.trigger()
    qtbot.keyClicks(window.search, "*")
    qtbot.waitUntil(lambda: "un * seul" in window.count_label.text(), timeout=15000)


def test_a_refused_programme_reads_in_french_line_by_line(carnet_app, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from carnet.errors import ProgrammeError
    from carnet.programme.readers import read_programme
    from carnet.ui.i18n import say

    bad = tmp_path / "programme.csv"
    bad.write_text(
        "titre;début;fin\n;29/09/2016 09:00;29/09/2016 10:00\nAtelier;29/09/2016 11:00;hier\n",
        encoding="utf-8",
    )
    try:
        read_programme(bad, "Europe/Paris")
    except ProgrammeError as exc:
        refused = exc
    else:
        raise AssertionError("the programme was accepted")
    english = str(refused)
    assert "programme refused, nothing imported" in english and "line 2: empty title" in english
    carnet_app.translations.install("fr")
    lines = say(refused).splitlines()
    assert lines[0] == f"{bad} : programme refusé, rien n’a été importé"
    assert lines[1] == "ligne 2 : titre vide"
    assert lines[2].startswith("ligne 3 : ") and "hier" in lines[2]
    assert len(lines) == 3


def test_the_core_raises_its_errors_with_translatable_messages() -> None:
    """An error the window may show is raised with a ``Text``, not a bare string; so are
    the reasons of refused files and programme lines."""
    import carnet.search.errors  # noqa: F401 (its errors join the hierarchy)
    from carnet.errors import CarnetError

    def names(cls: type) -> set[str]:
        return {cls.__name__}.union(*(names(sub) for sub in cls.__subclasses__()))

    errors = names(CarnetError)
    assert {"ImportRejected", "QueryError", "ExportFailed"} <= errors
    bare = []
    for path in sorted(CORE.rglob("*.py")):
        # The two faces: the window says its own words through Qt's translations, and the
        # command line speaks English only (its errors never reach the window).
        if path.parent in (UI, CORE / "cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            # The message of an error, the reason of a refused file or programme line.
            at = {"ImportRejected": 1, "Problem": 1, "reject": 0}.get(str(name), 0)
            if name not in errors and name not in ("Problem", "reject"):
                continue
            message = node.args[at] if len(node.args) > at else None
            if isinstance(message, ast.JoinedStr) or (
                isinstance(message, ast.Constant) and isinstance(message.value, str)
            ):
                bare.append(f"{path.relative_to(CORE)}:{node.lineno}")
    assert bare == [], "raised with a bare string (use carnet.messages.Text): " + ", ".join(bare)


#: Words the kit does not use, and the kit's own (resources/kit/i18n/fr.json).
OFF_VOCABULARY = {"élément": "dessin", "étiquette": "mot-clé", "tag": "mot-clé"}


def test_the_app_speaks_the_kits_vocabulary() -> None:
    import re

    kit = resource_path("kit", "i18n", "fr.json").read_text(encoding="utf-8")
    assert "dessins" in kit and "mots-clés" in kit.lower()
    ts = resource_path("translations", "carnet_fr.ts")
    off = []
    for (context, _source), message in _messages(ts).items():
        translation = message.find("translation")
        if translation is None:
            continue
        texts = [translation.text or ""] + [f.text or "" for f in translation.iter("numerusform")]
        for text in texts:
            text = text.replace("l’élément racine", "")  # XML's root element, in a refusal
            text = re.sub(r"\{[^}]*\}", "", text)  # placeholders such as {tag}
            for word, kits in OFF_VOCABULARY.items():
                if re.search(rf"(?<!\w){word}s?(?!\w)", text, re.IGNORECASE):
                    off.append(f"{context}: {text!r} says {word!r}, the kit says {kits!r}")
    assert off == []


def test_qts_own_dialogs_speak_french(carnet_app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    carnet_app.translations.install("fr")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Carnet",
        "?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
    )
    texts = {
        box.button(button).text().replace("&", "")
        for button in (QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Cancel)
    }
    assert texts == {"Oui", "Annuler"}
    box.deleteLater()
    carnet_app.translations.install("en")


def test_licence_names_read_in_french(carnet_app, archive_path) -> None:  # type: ignore[no-untyped-def]
    from carnet.licences import LICENCES

    carnet_app.set_language("fr")
    carnet_app.open_archive(archive_path)
    inspector = carnet_app.window.inspector
    names = inspector.licence_names()
    assert set(names) == {lic.code for lic in LICENCES}  # a licence added is named here too
    combo = inspector.licence
    shown = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
    assert shown["all-rights-reserved"] == "Tous droits réservés"
    assert shown["PDM-1.0"] == "Marque du domaine public 1.0"
    assert "Partage dans les mêmes conditions" in shown["CC-BY-SA-4.0"]


def test_undo_texts_are_said_again_after_a_language_switch(carnet_app, archive_path) -> None:  # type: ignore[no-untyped-def]
    carnet_app.set_language("en")
    carnet_app.open_archive(archive_path)
    window = carnet_app.window
    window.select_ids(window.model.ids[:2])
    window.inspector.caption.setPlainText("Les communs")
    window.inspector.commit_pending()
    stack = carnet_app.controller.undo_stack
    assert stack.undoText() == "Edit the caption of 2 items"
    carnet_app.set_language("fr")
    assert stack.undoText() == "Modifier la légende de 2 dessins"
    assert carnet_app.window.undo_action.text().endswith("Modifier la légende de 2 dessins")
    stack.undo()
    assert stack.redoText() == "Modifier la légende de 2 dessins"
    carnet_app.set_language("en")
    assert stack.redoText() == "Edit the caption of 2 items"


def test_the_demo_dialog_reads_in_french(carnet_app) -> None:  # type: ignore[no-untyped-def]
    from carnet.ui.demo import demo_dialog

    carnet_app.translations.install("fr")
    dialog = demo_dialog(None)
    assert dialog.windowTitle() == "Archive de démonstration"
    assert dialog.labelText() == "Création de l’archive de démonstration…"
    dialog.deleteLater()
    carnet_app.translations.install("en")


def test_the_programme_editor_refuses_a_programme_in_french(  # type: ignore[no-untyped-def]
    carnet_app, archive_path, tmp_path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    carnet_app.set_language("fr")
    carnet_app.open_archive(archive_path)
    bad = tmp_path / "programme.csv"
    bad.write_text("titre;début;fin\n;29/09/2016 09:00;29/09/2016 10:00\n", encoding="utf-8")
    dialog = carnet_app.window.open_programme()
    assert not dialog.import_file(bad)
    box = dialog.findChild(QMessageBox, "errorBox")
    assert box is not None
    assert box.text() == "Ce programme a été refusé ; rien n’a été importé."
    assert box.detailedText() == "ligne 2 : titre vide"
    buttons = [b.text() for b in box.buttons()]  # Qt's own: Show Details…, from qtbase_fr
    assert "Montrer les détails…" in buttons, buttons
    box.close()
    dialog.close()
