"""French and English typography for print, and characters the fonts lack."""

from __future__ import annotations

import pytest

from carnet.booklet.typography import NBSP, NNBSP, PLACEHOLDER, one_line, printable, typeset

LATIN = frozenset(range(0x20, 0x250)) | {0x2019, 0x201C, 0x201D, 0x2026, 0x202F, 0x25A1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour !", f"Bonjour{NNBSP}!"),
        ("Bonjour!", f"Bonjour{NNBSP}!"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("un ; deux", f"un{NNBSP}; deux"),
        ("Note : ici", f"Note{NBSP}: ici"),
        ("Note: ici", f"Note{NBSP}: ici"),
        ("«Oui»", f"«{NNBSP}Oui{NNBSP}»"),
        ("«  Oui  »", f"«{NNBSP}Oui{NNBSP}»"),
        ('Un "commun" partagé', f"Un «{NNBSP}commun{NNBSP}» partagé"),
        ("l'été d'Hélène", "l’été d’Hélène"),
        ("Et puis...", "Et puis…"),
        # left alone: times, addresses, ratios inside words
        ("de 10:30 à 11:45", "de 10:30 à 11:45"),
        ("https://example.org/?q=1", "https://example.org/?q=1"),
    ],
)
def test_french(text: str, expected: str) -> None:
    assert typeset(text, "fr") == expected


def test_english() -> None:
    assert typeset('A "commons" isn\'t a market!', "en") == "A “commons” isn’t a market!"
    assert typeset("Note: here", "en") == "Note: here"


def test_typeset_twice_changes_nothing_more() -> None:
    once = typeset('« Oui » : "non" ; l\'été !', "fr")
    assert typeset(once, "fr") == once


def test_printable_replaces_what_no_font_draws_and_drops_invisible_controls() -> None:
    text = "Dessin 🎨 de l’été\u202e à l\u200denvers\ufe0f 👩🏽\u200d🎨 fin"
    assert (
        printable(text, LATIN)
        == f"Dessin {PLACEHOLDER} de l’été à lenvers {PLACEHOLDER}{PLACEHOLDER} fin"
    )


def test_printable_blank_and_lines() -> None:
    assert printable("   \t  \n \u00a0 ", LATIN) == ""
    assert printable(None, LATIN) == ""
    assert printable("a  \t b\r\n\n\n\nc  ", LATIN) == "a b\n\nc"
    assert printable("x\x00y\x07z", LATIN) == "xyz"


def test_one_line() -> None:
    assert one_line("court", 10) == "court"
    assert one_line("un titre  qui\nest bien trop long", 16) == "un titre qui…"
    assert len(one_line("x" * 500, 50)) == 50
