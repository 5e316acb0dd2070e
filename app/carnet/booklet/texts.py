"""The booklet's own words, in French and English.

Dates, plurals and the words the booklet shares with the kit (speakers, room, licence…)
come from the kit's page texts (``resources/kit/i18n``) through
:class:`carnet.kit.pages.Texts`, so a drawing is described the same way on paper and on
screen; only what the paper alone says is here.
"""

from __future__ import annotations

from carnet.kit.pages import Texts

BOOKLET_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "subtitle": "Drawings made live",
        "contents": "Contents",
        "programme": "Programme",
        "index": "Index",
        "index_speakers": "Speakers",
        "index_illustrators": "Illustrators",
        "colophon": "Colophon",
        "other_drawings": "Drawings outside the programme",
        "page": "page {n}",
        "page_short": "p. {n}",
        "continued": "{title} (continued)",
        "image_missing": "The image of this drawing is not in the archive.",
        "no_drawings": "No drawing of this session is in this booklet.",
        "illustrated_by": "Drawn by {names}",
        "licence_line": "Licence: {licence}",
        "credit_line": "Credit: {credit}",
        "rights_line": "Rights: {rights}",
        "colophon_intro": (
            "This booklet gathers {drawings} made live during {event}{when}{where}, "
            "for the people a screen does not reach."
        ),
        "colophon_licences": "Licences",
        "colophon_licence_count": "{licence}: {drawings}",
        "colophon_no_licence": ("{drawings} without a licence: ask the authors before any reuse."),
        "colophon_archive": "The digital archive",
        "colophon_archive_url": (
            "The drawings, at full size and searchable, with their descriptions: {url}"
        ),
        "colophon_archive_kept": (
            "The drawings, at full size and searchable, are kept by the organisers in the "
            "Carnet archive “{name}”; its kit, a folder of web pages that works without "
            "internet, can be asked of them."
        ),
        "colophon_made": "Made with Carnet {version} from the archive as of {date}.",
        "colophon_fonts": (
            "Typefaces: Atkinson Hyperlegible (Braille Institute of America, SIL Open Font "
            "License 1.1) and DejaVu Sans (free licence)."
        ),
        "large_print": "Large print edition",
        "session_label": "Session",
        "booklet_title": "{event}: the drawings",
    },
    "fr": {
        "subtitle": "Dessins réalisés en direct",
        "contents": "Sommaire",
        "programme": "Programme",
        "index": "Index",
        "index_speakers": "Intervenants",
        "index_illustrators": "Illustrateurs",
        "colophon": "Colophon",
        "other_drawings": "Dessins hors programme",
        "page": "page {n}",
        "page_short": "p. {n}",
        "continued": "{title} (suite)",
        "image_missing": "L’image de ce dessin n’est pas dans l’archive.",
        "no_drawings": "Aucun dessin de cette session n’est dans ce livret.",
        "illustrated_by": "Dessiné par {names}",
        "licence_line": "Licence : {licence}",
        "credit_line": "Crédit : {credit}",
        "rights_line": "Droits : {rights}",
        "colophon_intro": (
            "Ce livret rassemble {drawings} réalisés en direct pendant {event}{when}{where}, "
            "pour celles et ceux qu’un écran n’atteint pas."
        ),
        "colophon_licences": "Licences",
        "colophon_licence_count": "{licence} : {drawings}",
        "colophon_no_licence": (
            "{drawings} sans licence : demandez aux auteurs avant toute réutilisation."
        ),
        "colophon_archive": "L’archive numérique",
        "colophon_archive_url": (
            "Les dessins en grand, avec leur description et une recherche : {url}"
        ),
        "colophon_archive_kept": (
            "Les dessins en grand, avec leur description et une recherche, sont conservés "
            "par les organisateurs dans l’archive Carnet « {name} » ; son kit, un dossier "
            "de pages web qui fonctionne sans internet, peut leur être demandé."
        ),
        "colophon_made": "Réalisé avec Carnet {version} à partir de l’archive au {date}.",
        "colophon_fonts": (
            "Caractères : Atkinson Hyperlegible (Braille Institute of America, licence SIL "
            "Open Font 1.1) et DejaVu Sans (licence libre)."
        ),
        "large_print": "Édition en gros caractères",
        "session_label": "Session",
        "booklet_title": "{event} : les dessins",
    },
}


class BookletTexts(Texts):
    """The kit's texts of one language, with the booklet's own words on top."""

    def __init__(self, language: str) -> None:
        super().__init__(language)
        self.data = {**self.data, **BOOKLET_TEXTS[language]}
