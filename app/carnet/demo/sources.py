"""The raw material of the demo archive, as an organiser would receive it.

``write_demo_sources`` writes, into a folder, what arrives on an organiser's desk after a
two-day civic forum: the programme exported from a spreadsheet (a French CSV), and one
folder of phone photos per illustrator, with the EXIF a phone writes (capture time, make
and model, orientation, sometimes GPS), a few HEIC files, a few JPEGs already captioned in
another tool (XMP), and portrait sketchnotes stored sideways with an orientation tag. It
also returns what the organiser would then write for each drawing (title, caption,
transcription, tags, speakers), so the demo can show a described archive.

Everything is generated from a seed: the same seed gives byte-identical files, which keeps
the demo reproducible and lets the tests compare two runs.
"""

from __future__ import annotations

import csv
import io
import os
import random
import struct
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, TiffImagePlugin

from carnet.demo.drawing import draw_board
from carnet.media.heif import register_heif

__all__ = [
    "DemoDescription",
    "DemoEvent",
    "DemoSources",
    "write_demo_sources",
]

_PROGRAMME_HEADERS = ("titre", "début", "fin", "salle", "parcours", "intervenants", "description")
_CAPTURE_OFFSET = timedelta(hours=2)  # Europe/Paris in September (CEST)
_LANDSCAPE = (1600, 1200)
# HEVC encoding is by far the slowest step of the demo: HEIC shots are a little smaller,
# as if taken with another camera setting.
_LANDSCAPE_HEIC = (1280, 960)


@dataclass
class DemoDescription:
    """What the organiser writes for one drawing after the import."""

    title: str
    caption: str
    transcription: str
    tags: list[str]  # hierarchical, like "theme/communs"
    speakers: list[str]


@dataclass
class DemoEvent:
    """The event the demo archive holds."""

    slug: str
    name: str
    timezone: str
    language: str
    place: str
    start: date
    end: date
    licence: str


@dataclass
class DemoSources:
    """The files written by ``write_demo_sources`` and what goes with them."""

    folder: Path
    event: DemoEvent
    programme_csv: Path
    illustrators: dict[str, list[Path]]  # illustrator name -> their image files
    descriptions: dict[str, DemoDescription]  # image file name -> its description
    rooms: dict[str, str]  # illustrator name -> the room they followed during parallel sessions


# --- the forum -----------------------------------------------------------------------------

EVENT = DemoEvent(
    slug="forum-humanisme-numerique-2016",
    name="Forum Humanisme numérique 2016",
    timezone="Europe/Paris",
    language="fr",
    place="La Fabrique des Tisserands, Rivelonne",
    start=date(2016, 9, 29),
    end=date(2016, 9, 30),
    licence="CC-BY-SA-4.0",
)

MARGAUX = "Margaux Lefèvre"
INES = "Inès Bouchareb"


@dataclass(frozen=True)
class _Board:
    title: str
    words: tuple[str, ...]
    quote: str
    caption: str
    speakers: tuple[int, ...]  # indexes into the session's speakers
    xmp: bool = False  # captioned by the illustrator in another tool before handing over


@dataclass(frozen=True)
class _Session:
    day: int  # 0 or 1
    start: str
    end: str
    room: str
    track: str  # empty for plenaries
    title: str
    speakers: tuple[str, ...]
    description: str
    boards: dict[str, tuple[_Board, ...]]  # illustrator -> their boards of this session


def _b(
    title: str,
    words: tuple[str, ...],
    caption: str,
    speakers: tuple[int, ...],
    quote: str = "",
    *,
    xmp: bool = False,
) -> _Board:
    return _Board(title, words, quote, caption, speakers, xmp)


AUDITORIUM, CONFLUENCE, TISSERANDS, LUMIERE = (
    "Grand Auditorium",
    "Salle Confluence",
    "Salle des Tisserands",
    "Atelier Lumière",
)

# Margaux follows Communs and Démocratie in the Salle Confluence, Inès follows Éducation
# and Travail in the Salle des Tisserands; both draw the plenaries. The workshop in the
# Atelier Lumière and nothing else has no drawing, so the coverage view has a gap to show.
SESSIONS: tuple[_Session, ...] = (
    _Session(
        0,
        "09:30",
        "10:30",
        AUDITORIUM,
        "",
        "Ouverture : pour un humanisme numérique",
        ("Hélène Marchal", "Jérôme Castagné"),
        "Ouverture du forum par la Métropole de Rivelonne, suivie d'une conférence sur ce "
        "que l'humanisme peut encore dire au numérique.",
        {
            MARGAUX: (
                _b(
                    "Bienvenue au forum !",
                    ("deux jours", "quatre parcours", "citoyens", "ensemble"),
                    "Le mot d'accueil d'Hélène Marchal : deux jours, quatre parcours et une même "
                    "question, celle de l'humain dans le numérique.",
                    (0,),
                ),
                _b(
                    "Un humanisme pour le numérique",
                    ("dignité", "autonomie", "savoirs", "liens"),
                    "Jérôme Castagné rappelle que la technique n'est jamais neutre et propose "
                    "quatre repères pour un numérique à hauteur d'humain.",
                    (1,),
                    "La technique n'est jamais neutre",
                ),
                _b(
                    "La carte du forum",
                    ("Communs", "Démocratie", "Éducation", "Travail"),
                    "La carte des quatre parcours du forum, dessinée pendant l'ouverture.",
                    (0, 1),
                ),
            ),
            INES: (
                _b(
                    "Pourquoi ce forum ?",
                    ("métropole", "habitants", "réseau", "confiance"),
                    "Les raisons d'être du forum selon la Métropole de Rivelonne.",
                    (0,),
                    "Le numérique se construit avec les habitants",
                ),
                _b(
                    "Ce qui nous rend humains",
                    ("empathie", "doute", "imagination"),
                    "Sketchnote de la conférence d'ouverture : ce que les machines ne font pas "
                    "à notre place.",
                    (1,),
                ),
            ),
        },
    ),
    _Session(
        0,
        "11:00",
        "12:30",
        CONFLUENCE,
        "Communs",
        "Les communs numériques, de Wikipédia aux cartes libres",
        ("Aïcha Benali", "Loïc Perrin", "Solène Cariou"),
        "Contributeurs et chercheuses racontent comment naissent, vivent et se gouvernent "
        "les ressources partagées en ligne.",
        {
            MARGAUX: (
                _b(
                    "Qu'est-ce qu'un commun ?",
                    ("ressource", "communauté", "règles"),
                    "La définition d'Aïcha Benali : une ressource, une communauté qui en prend "
                    "soin et des règles qu'elle se donne.",
                    (0,),
                    "Une ressource, une communauté, des règles",
                ),
                _b(
                    "Wikipédia, quinze ans de contributions",
                    ("bénévoles", "neutralité", "débats", "sources"),
                    "Loïc Perrin raconte la vie d'une encyclopédie écrite par des bénévoles, "
                    "débats compris.",
                    (1,),
                ),
                _b(
                    "Cartographier en commun",
                    ("cartes libres", "quartier", "contributeurs", "données"),
                    "Solène Cariou et la cartographie libre : quand les habitants dessinent leur "
                    "propre carte.",
                    (2,),
                    "Chacun connaît sa rue mieux qu'un satellite",
                ),
                _b(
                    "Gouverner les communs",
                    ("licences libres", "gouvernance", "confiance", "pérennité"),
                    "Synthèse de la table ronde : licences, gouvernance et pérennité des communs "
                    "numériques.",
                    (0, 1, 2),
                ),
            ),
        },
    ),
    _Session(
        0,
        "11:00",
        "12:30",
        TISSERANDS,
        "Éducation",
        "Apprendre et grandir avec les écrans",
        ("Céline Vautrin", "Amadou Diallo"),
        "Enseignants, parents et chercheurs confrontent leurs expériences ; temps d'écran, "
        "esprit critique et plaisir d'apprendre.",
        {
            INES: (
                _b(
                    "Apprendre et grandir avec les écrans",
                    ("école", "parents", "esprit critique", "jouer"),
                    "Vue d'ensemble de la session : l'école, les familles et les écrans.",
                    (0, 1),
                ),
                _b(
                    "Le temps d'écran en question",
                    ("sommeil", "famille", "règles", "dialogue"),
                    "Céline Vautrin invite à parler de ce que les enfants regardent plutôt que de "
                    "compter les minutes.",
                    (0,),
                    "Parler de ce qu'on regarde, pas compter les minutes",
                ),
                _b(
                    "Esprit critique en classe",
                    ("sources", "rumeurs", "enquêter", "débattre"),
                    "Amadou Diallo présente ses ateliers d'éducation aux médias au collège.",
                    (1,),
                    xmp=True,
                ),
                _b(
                    "Jouer pour apprendre",
                    ("jeux vidéo", "coopérer", "curiosité"),
                    "Les jeux vidéo comme terrain d'apprentissage : retour d'expérience d'une "
                    "classe de CM2.",
                    (1,),
                ),
            ),
        },
    ),
    _Session(
        0,
        "14:00",
        "15:30",
        CONFLUENCE,
        "Démocratie",
        "Civic tech : la participation en ligne tient-elle ses promesses ?",
        ("Grégoire Saint-Amand", "Noémie Garnier", "Karim Haddad"),
        "Pétitions, consultations, budgets participatifs : ce que les outils en ligne "
        "changent à la participation, et ce qu'ils ne changent pas.",
        {
            MARGAUX: (
                _b(
                    "La participation en ligne tient-elle ses promesses ?",
                    ("citoyens", "pétitions", "vote", "confiance"),
                    "La question posée à la table ronde, et les quatre mots qui l'ont traversée.",
                    (0, 1, 2),
                ),
                _b(
                    "Pétitions : du clic à la loi ?",
                    ("signatures", "élus", "suivi", "débouchés"),
                    "Noémie Garnier sur le devenir des pétitions en ligne une fois les signatures "
                    "réunies.",
                    (1,),
                    "Une pétition sans réponse, c'est une promesse déçue",
                ),
                _b(
                    "Qui participe vraiment ?",
                    ("fracture", "quartiers", "jeunes", "aller vers"),
                    "Karim Haddad montre qui participe aux consultations en ligne, et surtout qui "
                    "n'y participe pas.",
                    (2,),
                ),
                _b(
                    "Des plateformes citoyennes ouvertes",
                    ("logiciel libre", "transparence", "collectivités"),
                    "Grégoire Saint-Amand plaide pour des outils de participation libres et "
                    "auditables.",
                    (0,),
                ),
            ),
        },
    ),
    _Session(
        0,
        "14:00",
        "15:30",
        TISSERANDS,
        "Travail",
        "Plateformes : l'ubérisation en questions",
        ("Bénédicte Roux-Lambert", "Yannick Le Goff"),
        "Livreurs, chauffeurs, indépendants : le travail organisé par les plateformes, vu "
        "par celles et ceux qui le font et par le droit.",
        {
            INES: (
                _b(
                    "L'ubérisation en questions",
                    ("livreurs", "algorithmes", "statut", "protection"),
                    "Vue d'ensemble du débat sur le travail de plateforme.",
                    (0, 1),
                ),
                _b(
                    "Le patron est une application",
                    ("notation", "courses", "horaires", "machine"),
                    "Yannick Le Goff, coursier à vélo, décrit une journée de travail dirigée par "
                    "une application.",
                    (1,),
                    "Mon chef, c'est une notification",
                ),
                _b(
                    "Quels droits pour les indépendants ?",
                    ("protection sociale", "négocier", "coopératives"),
                    "Bénédicte Roux-Lambert sur la protection sociale des travailleurs "
                    "indépendants.",
                    (0,),
                ),
                _b(
                    "Des coopératives de livreurs",
                    ("coopérer", "partage", "local", "solidarité"),
                    "Les coopératives de livreurs comme alternative aux grandes plateformes.",
                    (0, 1),
                ),
            ),
        },
    ),
    _Session(
        0,
        "16:00",
        "17:30",
        CONFLUENCE,
        "Communs",
        "Données ouvertes et territoires",
        ("François Delorme", "Ophélie Marchetti", "Zoé Rambert"),
        "Ce que l'ouverture des données publiques change pour une métropole, ses "
        "associations et ses habitants.",
        {
            MARGAUX: (
                _b(
                    "Données ouvertes et territoires",
                    ("open data", "ville", "transparence", "réutiliser"),
                    "Vue d'ensemble de la session sur l'ouverture des données publiques locales.",
                    (0, 1, 2),
                ),
                _b(
                    "Ouvrir les données de la ville",
                    ("budget", "transports", "qualité de l'air"),
                    "François Delorme présente le portail de données ouvertes de la Métropole.",
                    (0,),
                    "Ouvrir, c'est bien ; être réutilisé, c'est mieux",
                ),
                _b(
                    "Des données pour les habitants",
                    ("associations", "cartes", "quartier", "usages"),
                    "Ophélie Marchetti montre ce que les associations font des données publiées.",
                    (1,),
                ),
                _b(
                    "Après le portail",
                    ("formats ouverts", "mises à jour", "retours d'usage"),
                    "Zoé Rambert : publier n'est que le début, maintenir les données dans la "
                    "durée est le vrai travail.",
                    (2,),
                ),
            ),
        },
    ),
    _Session(
        0,
        "16:00",
        "17:30",
        TISSERANDS,
        "Éducation",
        "Médiation numérique : ne laisser personne de côté",
        ("Thérèse Brunel", "Maël Oudin"),
        "Démarches en ligne, isolement, illectronisme : comment accompagner celles et ceux "
        "que le numérique laisse au bord du chemin.",
        {
            INES: (
                _b(
                    "Ne laisser personne de côté",
                    ("démarches", "seniors", "accompagner", "confiance"),
                    "Vue d'ensemble de la session sur l'inclusion numérique.",
                    (0, 1),
                ),
                _b(
                    "Les éloignés du numérique",
                    ("démarches en ligne", "isolement", "aidants"),
                    "Thérèse Brunel, médiatrice numérique, raconte ses permanences en "
                    "bibliothèque.",
                    (0,),
                    "Derrière chaque formulaire, quelqu'un attend",
                    xmp=True,
                ),
                _b(
                    "Un lieu, une personne, du temps",
                    ("bibliothèque", "écoute", "patience"),
                    "Maël Oudin sur ce qu'il faut vraiment pour accompagner : un lieu, une "
                    "personne et du temps.",
                    (1,),
                ),
            ),
        },
    ),
    _Session(
        1,
        "09:30",
        "10:15",
        AUDITORIUM,
        "",
        "Grand témoin : le numérique est une question politique",
        ("Rachel Whitmore", "Jérôme Castagné"),
        "Conférence de Rachel Whitmore, chercheuse en éthique des technologies, en anglais "
        "avec traduction simultanée, suivie d'un dialogue avec Jérôme Castagné.",
        {
            MARGAUX: (
                _b(
                    "Technology is a political question",
                    ("power", "choices", "public debate", "citizens"),
                    "Rachel Whitmore's keynote: every design choice about technology is a "
                    "political choice.",
                    (0,),
                    "Every design choice is a political choice",
                ),
                _b(
                    "Who decides?",
                    ("engineers", "markets", "states", "us"),
                    "Sketchnote du grand témoin : qui décide vraiment de ce que devient la "
                    "technique ?",
                    (0,),
                ),
                _b(
                    "Le grand témoin en dialogue",
                    ("traduction", "questions", "salle"),
                    "L'échange entre Rachel Whitmore et Jérôme Castagné, traduit en direct pour "
                    "la salle.",
                    (0, 1),
                ),
            ),
        },
    ),
    _Session(
        1,
        "10:30",
        "12:00",
        CONFLUENCE,
        "Démocratie",
        "Algorithmes publics : transparence et redevabilité",
        ("Anaïs Fauré", "Raphaël Tissier", "Nadia Cherkaoui"),
        "Calcul des aides, affectations scolaires, contrôles : quand l'administration décide "
        "avec des algorithmes, que doit-elle aux citoyens ?",
        {
            MARGAUX: (
                _b(
                    "Algorithmes publics",
                    ("algorithme", "décision", "explication", "recours"),
                    "Vue d'ensemble de la session sur les algorithmes utilisés par "
                    "l'administration.",
                    (0, 1, 2),
                ),
                _b(
                    "Expliquer une décision automatisée",
                    ("droit", "explication", "citoyens"),
                    "Anaïs Fauré, juriste, sur le droit à l'explication des décisions "
                    "administratives automatisées.",
                    (0,),
                    "Ce qu'on ne sait pas expliquer, on ne l'utilise pas",
                ),
                _b(
                    "Ouvrir le code source",
                    ("code", "audit", "publication"),
                    "Raphaël Tissier raconte la publication du code source du calcul des aides "
                    "locales.",
                    (1,),
                ),
                _b(
                    "Des citoyens pour auditer",
                    ("jury citoyen", "contrôle", "confiance"),
                    "Nadia Cherkaoui propose des jurys citoyens pour auditer les algorithmes "
                    "publics.",
                    (2,),
                ),
            ),
        },
    ),
    _Session(
        1,
        "10:30",
        "12:00",
        TISSERANDS,
        "Travail",
        "Le travail du clic, invisible et mondial",
        ("Lætitia Morel", "Baptiste Ferrand"),
        "Annoter, modérer, trier : le travail humain, souvent lointain et mal payé, qui fait "
        "fonctionner l'intelligence artificielle.",
        {
            INES: (
                _b(
                    "Le travail du clic",
                    ("micro-tâches", "annotation", "intelligence artificielle", "salaires"),
                    "Vue d'ensemble : le travail humain caché derrière l'intelligence "
                    "artificielle.",
                    (0, 1),
                ),
                _b(
                    "Derrière l'IA, des humains",
                    ("annoter", "modérer", "trier"),
                    "Lætitia Morel, sociologue, sur les travailleurs qui annotent et modèrent "
                    "pour l'IA.",
                    (0,),
                    "L'IA apprend grâce à des milliers de mains",
                ),
                _b(
                    "Payés à la tâche",
                    ("centimes", "plateformes", "précarité"),
                    "Baptiste Ferrand sur la rémunération à la micro-tâche.",
                    (1,),
                ),
                _b(
                    "Rendre visible le travail du clic",
                    ("reconnaître", "organiser", "droits"),
                    "Synthèse : reconnaître, organiser et protéger le travail du clic.",
                    (0, 1),
                ),
            ),
        },
    ),
    _Session(
        1,
        "13:30",
        "15:00",
        CONFLUENCE,
        "Communs",
        "Tiers-lieux, fablabs et savoirs partagés",
        ("Pierre-Yves Guérin", "Clémence Arnaud"),
        "Ateliers partagés, cafés de réparation, fablabs : des lieux où l'on apprend en "
        "faisant, ensemble.",
        {
            MARGAUX: (
                _b(
                    "Tiers-lieux et savoirs partagés",
                    ("fablab", "réparer", "transmettre", "quartier"),
                    "Vue d'ensemble de la session sur les tiers-lieux.",
                    (0, 1),
                ),
                _b(
                    "Le fablab du quartier",
                    ("imprimante 3D", "machines", "apprendre en faisant"),
                    "Pierre-Yves Guérin présente le fablab qu'il anime dans un ancien atelier de "
                    "soierie.",
                    (0,),
                    "Ici, on apprend en faisant, et en ratant",
                ),
                _b(
                    "Réparer plutôt que jeter",
                    ("café réparation", "entraide", "objets"),
                    "Clémence Arnaud et les cafés de réparation : réparer ensemble plutôt que "
                    "jeter.",
                    (1,),
                ),
                _b(
                    "Un tiers-lieu, c'est quoi ?",
                    ("lieu ouvert", "communauté", "projets", "convivialité"),
                    "La définition des tiers-lieux proposée par les intervenants et la salle.",
                    (0, 1),
                ),
            ),
        },
    ),
    _Session(
        1,
        "13:30",
        "15:00",
        TISSERANDS,
        "Éducation",
        "Coder à l'école : pour quoi faire ?",
        ("Hugo Besson", "Joséphine Tardieu", "Élodie Vasseur"),
        "Le code entre dans les programmes : former des développeurs, ou des citoyens qui "
        "comprennent le monde où ils vivent ?",
        {
            INES: (
                _b(
                    "Coder à l'école : pour quoi faire ?",
                    ("code", "logique", "créer", "comprendre"),
                    "Vue d'ensemble du débat sur l'apprentissage du code à l'école.",
                    (0, 1, 2),
                ),
                _b(
                    "Apprendre le code sans écran",
                    ("débranché", "jeux", "algorithmes"),
                    "Joséphine Tardieu montre ses activités d'informatique débranchée en primaire.",
                    (1,),
                    "Un algorithme s'apprend avec des cartes à jouer",
                    xmp=True,
                ),
                _b(
                    "Former les enseignants",
                    ("formation", "temps", "moyens"),
                    "Hugo Besson sur la formation des enseignants au numérique.",
                    (0,),
                ),
                _b(
                    "Comprendre plutôt que consommer",
                    ("créer", "curiosité", "citoyenneté"),
                    "Élodie Vasseur : apprendre le code pour comprendre le monde, pas pour "
                    "devenir développeur.",
                    (2,),
                ),
            ),
        },
    ),
    _Session(
        1,
        "13:30",
        "15:00",
        LUMIERE,
        "Communs",
        "Atelier : cartographier les communs de son quartier",
        ("Solène Cariou", "Victor Mandel"),
        "Atelier participatif, sur inscription : repérer et cartographier les ressources "
        "partagées d'un quartier.",
        {},
    ),
    _Session(
        1,
        "15:30",
        "16:45",
        CONFLUENCE,
        "Démocratie",
        "Vie privée, surveillance et libertés",
        ("Camille Rousset", "Éric Lemoine", "Sarah Kowalski"),
        "Données personnelles, vidéosurveillance, reconnaissance faciale : où placer les "
        "limites dans une ville numérique ?",
        {
            MARGAUX: (
                _b(
                    "Vie privée, surveillance et libertés",
                    ("données personnelles", "caméras", "libertés", "consentement"),
                    "Vue d'ensemble de la session sur la surveillance et les libertés publiques.",
                    (0, 1, 2),
                ),
                _b(
                    "Je n'ai rien à cacher ?",
                    ("vie privée", "intimité", "droits"),
                    "Camille Rousset démonte l'argument du « rien à cacher ».",
                    (0,),
                    "La vie privée n'est pas un secret, c'est une liberté",
                ),
                _b(
                    "La ville sous caméras",
                    ("vidéosurveillance", "reconnaissance faciale", "débat public"),
                    "Éric Lemoine et Sarah Kowalski sur la vidéosurveillance algorithmique dans "
                    "l'espace public.",
                    (1, 2),
                ),
            ),
        },
    ),
    _Session(
        1,
        "15:30",
        "16:45",
        TISSERANDS,
        "Travail",
        "Automatisation : quels métiers demain ?",
        ("Mathis Duval", "Ibrahima Sow", "Bénédicte Roux-Lambert"),
        "Robots, logiciels, intelligence artificielle : quelles tâches disparaissent, "
        "quels métiers changent, et comment s'y préparer.",
        {
            INES: (
                _b(
                    "Quels métiers demain ?",
                    ("robots", "métiers", "formation", "transition"),
                    "Vue d'ensemble de la session sur l'automatisation du travail.",
                    (0, 1, 2),
                ),
                _b(
                    "Les robots ne prennent pas tout",
                    ("tâches", "métiers", "compétences"),
                    "Mathis Duval, économiste : on automatise des tâches plutôt que des métiers "
                    "entiers.",
                    (0,),
                    "On automatise des tâches, pas des métiers",
                ),
                _b(
                    "Se former tout au long de la vie",
                    ("formation", "reconversion", "accompagnement"),
                    "Ibrahima Sow présente un programme de reconversion vers les métiers du "
                    "numérique.",
                    (1,),
                    xmp=True,
                ),
                _b(
                    "Le dialogue social et les algorithmes",
                    ("syndicats", "négocier", "outils"),
                    "Bénédicte Roux-Lambert sur la place des syndicats dans les choix "
                    "d'automatisation.",
                    (2,),
                ),
            ),
        },
    ),
    _Session(
        1,
        "17:00",
        "18:00",
        AUDITORIUM,
        "",
        "Clôture : une feuille de route pour un numérique humaniste",
        ("Hélène Marchal", "Rachel Whitmore", "Théo Lambert"),
        "Le rapporteur du forum restitue les deux journées ; la Métropole annonce la suite.",
        {
            MARGAUX: (
                _b(
                    "Une feuille de route",
                    ("communs", "démocratie", "éducation", "travail"),
                    "La feuille de route du forum, parcours par parcours.",
                    (0, 2),
                ),
                _b(
                    "Ce que nous retenons",
                    ("coopérer", "expliquer", "inclure", "protéger"),
                    "Les quatre verbes retenus par le rapporteur du forum, Théo Lambert.",
                    (2,),
                    "Un numérique humaniste se décide ensemble",
                ),
                _b(
                    "Rendez-vous en 2017 !",
                    ("merci", "illustratrices", "bénévoles"),
                    "Le dernier dessin du forum : merci, et à l'année prochaine.",
                    (0,),
                ),
            ),
            INES: (
                _b(
                    "La synthèse du forum",
                    ("partager", "comprendre", "participer", "protéger"),
                    "Synthèse des deux jours par Théo Lambert.",
                    (2,),
                ),
                _b(
                    "A human-centred digital future",
                    ("care", "commons", "trust"),
                    "Rachel Whitmore's closing words: keep people at the centre.",
                    (1,),
                    "Let's keep people at the centre",
                ),
                _b(
                    "Merci à toutes et à tous",
                    ("organisateurs", "intervenants", "public"),
                    "Les remerciements de clôture d'Hélène Marchal.",
                    (0,),
                ),
            ),
        },
    ),
)


@dataclass(frozen=True)
class _Device:
    folder: str
    make: str
    model: str
    software: str
    palette: int
    signature: str
    gps: tuple[float, float] | None  # the phone records where the photo was taken


DEVICES = {
    MARGAUX: _Device(
        "margaux-lefevre", "Apple", "iPhone 13", "15.0", 0, "Margaux L.", (45.7597, 4.8422)
    ),
    INES: _Device("ines-bouchareb", "Samsung", "SM-G991B", "G991BXXU3AUE1", 1, "Inès B.", None),
}


# --- writing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shot:
    """One photo of one board, as the phone took it."""

    illustrator: str
    session: _Session
    board: _Board
    taken: datetime  # local wall-clock time, as in EXIF
    portrait: bool
    heic: bool
    name: str
    seed: int


def write_demo_sources(folder: Path, seed: int = 2016) -> DemoSources:
    """Write the demo programme and photos into ``folder`` and describe them.

    ``folder`` is created when missing; files of the same names are replaced. The same
    ``seed`` always gives byte-identical files: the layouts, wobbles and capture times all
    come from it, while the programme and the number and kinds of files do not depend on it.
    Drawings captioned in another tool (they carry an XMP packet) have no entry in
    ``descriptions``: their caption is meant to come from the file itself.
    """
    folder.mkdir(parents=True, exist_ok=True)
    programme_csv = folder / "programme-forum-humanisme-numerique-2016.csv"
    _write_atomically(programme_csv, _programme_csv())

    register_heif()  # Pillow's HEIF encoder, for the iPhone's HEIC shots
    rng = random.Random(f"demo:{seed}")
    shots = [shot for illustrator in DEVICES for shot in _shots(illustrator, rng)]
    illustrators: dict[str, list[Path]] = {name: [] for name in DEVICES}
    descriptions: dict[str, DemoDescription] = {}
    # Drawing and encoding happen mostly inside Pillow, which lets go of the GIL: a few
    # threads use the machine's cores without the start-up cost and the packaging traps of
    # a process pool. Each shot has its own seed, so the order they finish in is irrelevant.
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        # HEIC encoding is the slowest step: start it first so it overlaps the drawing.
        heic_first = sorted(shots, key=lambda shot: not shot.heic)
        futures = {shot.name: pool.submit(_photo_bytes, shot) for shot in heic_first}
        for shot in shots:
            data = futures[shot.name].result()
            device = DEVICES[shot.illustrator]
            (folder / device.folder).mkdir(exist_ok=True)
            path = folder / device.folder / shot.name
            _write_atomically(path, data)
            stamp = (shot.taken - _CAPTURE_OFFSET).replace(tzinfo=UTC).timestamp()
            os.utime(path, (stamp, stamp))
            illustrators[shot.illustrator].append(path)
            if not shot.board.xmp:
                descriptions[shot.name] = _describe(shot)
    rooms = {MARGAUX: CONFLUENCE, INES: TISSERANDS}
    return DemoSources(folder, EVENT, programme_csv, illustrators, descriptions, rooms)


def _programme_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_PROGRAMME_HEADERS)
    for session in SESSIONS:
        writer.writerow(
            (
                session.title,
                _csv_time(session, session.start),
                _csv_time(session, session.end),
                session.room,
                session.track,
                ", ".join(session.speakers),
                session.description,
            )
        )
    return out.getvalue().encode("utf-8")


def _csv_time(session: _Session, clock: str) -> str:
    day = EVENT.start + timedelta(days=session.day)
    return f"{day:%d/%m/%Y} {clock}"


def _session_times(session: _Session) -> tuple[datetime, datetime]:
    """Local start and end of a session."""
    day = EVENT.start + timedelta(days=session.day)
    start = datetime.combine(day, datetime.strptime(session.start, "%H:%M").time())
    end = datetime.combine(day, datetime.strptime(session.end, "%H:%M").time())
    return start, end


def _shots(illustrator: str, rng: random.Random) -> list[_Shot]:
    """Every photo ``illustrator`` took, in the order the phone took them."""
    device = DEVICES[illustrator]
    timed: list[tuple[datetime, _Session, _Board]] = []
    covered = [s for s in SESSIONS if illustrator in s.boards]
    for position, session in enumerate(covered):
        boards = session.boards[illustrator]
        start, end = _session_times(session)
        slot = (end - start) / len(boards)
        for k, board in enumerate(boards):
            taken = start + slot * k + slot * rng.uniform(0.45, 0.9)
            if k == len(boards) - 1 and position % 2 == 0:
                # The final board is photographed as the room empties, just after the end.
                taken = end + timedelta(minutes=rng.uniform(2, 9))
            timed.append((taken.replace(microsecond=0), session, board))
    timed.sort(key=lambda entry: entry[0])

    shots = []
    number = 4817 if illustrator == MARGAUX else 0
    for i, (taken, session, board) in enumerate(timed):
        if device.make == "Apple":
            portrait = i % 7 == 4
            heic = i % 6 == 2 and not portrait
            number += 1 + (rng.random() < 0.3) * rng.randint(1, 3)  # deleted shots leave gaps
            name = f"IMG_{number}.{'HEIC' if heic else 'JPG'}"
        else:
            portrait, heic = i % 4 == 1, False
            name = f"{taken:%Y%m%d_%H%M%S}.jpg"
        shots.append(
            _Shot(illustrator, session, board, taken, portrait, heic, name, rng.getrandbits(32))
        )
    return shots


def _describe(shot: _Shot) -> DemoDescription:
    board, session = shot.board, shot.session
    lines = [board.title, " · ".join(board.words)]
    if board.quote:
        lines.append(f"« {board.quote} »")
    return DemoDescription(
        title=board.title,
        caption=board.caption,
        transcription="\n".join(lines),
        tags=_tags(shot),
        speakers=[session.speakers[i] for i in board.speakers],
    )


def _tags(shot: _Shot) -> list[str]:
    session = shot.session
    if session.track:
        theme = f"theme/{_slug(session.track)}"
    else:
        theme = f"moment/{_slug(session.title.split(':')[0])}"
    kind = "format/sketchnote" if shot.portrait else "format/planche"
    return [theme, kind, f"sujet/{_slug(shot.board.words[0])}"]


def _slug(text: str) -> str:
    """A tag segment: lower case, accents kept (search folds them), words joined by '-'."""
    return "-".join(text.lower().replace("'", " ").split())


# --- one photo -----------------------------------------------------------------------------


def _photo_bytes(shot: _Shot) -> bytes:
    """Draw the board, and encode the picture with the metadata the phone would write."""
    device = DEVICES[shot.illustrator]
    landscape = _LANDSCAPE_HEIC if shot.heic else _LANDSCAPE
    upright = (landscape[1], landscape[0]) if shot.portrait else landscape
    board = draw_board(
        shot.board.title,
        size=upright,
        seed=shot.seed,
        palette_index=device.palette,
        words=shot.board.words,
        quote=shot.board.quote,
        signature=device.signature,
    )
    photo = board
    if shot.portrait:
        # Phones store the sensor's landscape pixels and say "rotate 90° clockwise" (6).
        photo = photo.transpose(Image.Transpose.ROTATE_90)
    exif = _exif(shot, device, photo.size, orientation=6 if shot.portrait else 1)
    out = io.BytesIO()
    if shot.heic:
        # "ultrafast" is ten times quicker than the default preset, and looks the same.
        photo.save(
            out,
            format="HEIF",
            quality=50,
            exif=exif.tobytes(),
            enc_params={"preset": "ultrafast"},
        )
        return _fold_iloc_base_offsets(out.getvalue())
    xmp = _xmp(shot) if shot.board.xmp else b""
    photo.save(out, format="JPEG", quality=88, exif=exif, xmp=xmp)
    return out.getvalue()


def _exif(shot: _Shot, device: _Device, size: tuple[int, int], *, orientation: int) -> Image.Exif:
    stamp = f"{shot.taken:%Y:%m:%d %H:%M:%S}"
    exif = Image.Exif()
    exif[0x010F] = device.make
    exif[0x0110] = device.model
    exif[0x0112] = orientation
    exif[0x0131] = device.software
    exif[0x0132] = stamp
    details = exif.get_ifd(0x8769)
    details[0x9003] = stamp  # DateTimeOriginal
    details[0x9004] = stamp  # DateTimeDigitized
    details[0x9011] = "+02:00"  # OffsetTimeOriginal
    details[0xA002], details[0xA003] = size
    if device.gps is not None:
        latitude, longitude = device.gps
        gps = exif.get_ifd(0x8825)
        gps[1], gps[2] = "N", _dms(latitude)
        gps[3], gps[4] = "E", _dms(longitude)
    return exif


def _dms(value: float) -> tuple[TiffImagePlugin.IFDRational, ...]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60 * 100)
    return (
        TiffImagePlugin.IFDRational(degrees, 1),
        TiffImagePlugin.IFDRational(minutes, 1),
        TiffImagePlugin.IFDRational(seconds, 100),
    )


def _xmp(shot: _Shot) -> bytes:
    """The XMP packet a captioning tool would have written: Dublin Core title, caption…"""
    board, session = shot.board, shot.session
    keywords = [k for k in (session.track.lower(), *board.words[:2]) if k]
    bag = "".join(f"<rdf:li>{escape(k)}</rdf:li>" for k in keywords)
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        f'   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(board.title)}</rdf:li>'
        "</rdf:Alt></dc:title>\n"
        f'   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(board.caption)}'
        "</rdf:li></rdf:Alt></dc:description>\n"
        f"   <dc:subject><rdf:Bag>{bag}</rdf:Bag></dc:subject>\n"
        f"   <dc:creator><rdf:Seq><rdf:li>{escape(shot.illustrator)}</rdf:li></rdf:Seq>"
        "</dc:creator>\n"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return packet.encode("utf-8")


def _fold_iloc_base_offsets(data: bytes) -> bytes:
    """Rewrite the HEIF item locations without ``base_offset``; the file means the same.

    libheif writes each item's position as a base offset plus an extent offset of 0.
    ``exifread`` ignores the base offset and then fails to find the EXIF item, so it would
    see no capture time in the demo's HEIC files, while the files phones write (which have
    no base offset) read fine. Folding the base into the extent offset keeps the file valid
    and makes it look like a phone's.
    """
    buffer = bytearray(data)
    meta = _find_box(buffer, b"meta", 0, len(buffer))
    if meta is None:
        return data
    iloc = _find_box(buffer, b"iloc", meta[0] + 4, meta[1])  # meta is a full box
    if iloc is None:
        return data
    pos = iloc[0]
    version = buffer[pos]
    pos += 4
    offset_size, length_size = buffer[pos] >> 4, buffer[pos] & 15
    base_size, index_size = buffer[pos + 1] >> 4, buffer[pos + 1] & 15
    pos += 2
    if version == 0:
        index_size = 0
    count_size = 4 if version == 2 else 2
    count = int.from_bytes(buffer[pos : pos + count_size], "big")
    pos += count_size
    if base_size == 0 or offset_size not in (4, 8):
        return data
    for _ in range(count):
        pos += count_size  # item_ID
        method = 0
        if version in (1, 2):
            method = int.from_bytes(buffer[pos : pos + 2], "big") & 15
            pos += 2
        pos += 2  # data_reference_index
        base_at = pos
        base = int.from_bytes(buffer[pos : pos + base_size], "big")
        pos += base_size
        extents = struct.unpack(">H", buffer[pos : pos + 2])[0]
        pos += 2
        for _ in range(extents):
            pos += index_size
            if method == 0 and base:
                offset = int.from_bytes(buffer[pos : pos + offset_size], "big") + base
                buffer[pos : pos + offset_size] = offset.to_bytes(offset_size, "big")
            pos += offset_size + length_size
        if method == 0:
            buffer[base_at : base_at + base_size] = bytes(base_size)
    return bytes(buffer)


def _find_box(buffer: bytearray, kind: bytes, start: int, stop: int) -> tuple[int, int] | None:
    """The (payload start, end) of the first ``kind`` box among the boxes in [start, stop)."""
    pos = start
    while pos + 8 <= stop:
        size, name = struct.unpack(">I4s", buffer[pos : pos + 8])
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", buffer[pos + 8 : pos + 16])[0], 16
        elif size == 0:
            size = stop - pos
        if size < header:
            return None
        if name == kind:
            return pos + header, pos + size
        pos += size
    return None


def _write_atomically(path: Path, data: bytes) -> None:
    temporary = path.with_name(f".{path.name}.part")
    temporary.write_bytes(data)
    os.replace(temporary, path)
