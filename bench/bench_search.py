"""Benchmark of search: indexing throughput, query latency, single-edit latency.

For each size (10,000 and 100,000 items by default) it generates a deterministic archive
of French and English events — titles, captions, transcriptions, sessions, speakers,
illustrators and tags written the way organisers write them — indexes it through the real
code path (``SearchIndex.rebuild``), and does the same with SQLite FTS5
(``unicode61 remove_diacritics 2``) as a baseline. Then, per query kind, it prints p50
and p95 latency for ranked top-20 results (with snippets) and for the full id set, and
the ratio to FTS5; and how long one caption edit takes to reach the index.

    .venv/bin/python bench/bench_search.py                  # 10k then 100k
    .venv/bin/python bench/bench_search.py --sizes 10000    # quicker

Targets (issue 3): at 10k p95 ≤ 30 ms ranked and ≤ 50 ms for the id set; at 100k
p95 ≤ 150 ms ranked and ≤ 200 ms for the id set; one edit reaches the index in
≤ 200 ms at 100k; indexing ≥ 1,000 items/s. This script prints figures; it asserts
nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "app"))

from carnet.catalog.archive import Archive  # noqa: E402
from carnet.catalog.items import update_items  # noqa: E402
from carnet.search import SearchIndex  # noqa: E402

# ---------------------------------------------------------------- vocabulary

# (singular, plural, gender)
FR_NOUNS = [
    ("démocratie", "démocraties", "f"),
    ("citoyen", "citoyens", "m"),
    ("citoyenne", "citoyennes", "f"),
    ("société", "sociétés", "f"),
    ("territoire", "territoires", "m"),
    ("ville", "villes", "f"),
    ("numérique", "numériques", "m"),
    ("intelligence", "intelligences", "f"),
    ("confiance", "confiances", "f"),
    ("commun", "communs", "m"),
    ("donnée", "données", "f"),
    ("humanisme", "humanismes", "m"),
    ("écologie", "écologies", "f"),
    ("énergie", "énergies", "f"),
    ("mobilité", "mobilités", "f"),
    ("éducation", "éducations", "f"),
    ("égalité", "égalités", "f"),
    ("habitant", "habitants", "m"),
    ("habitante", "habitantes", "f"),
    ("quartier", "quartiers", "m"),
    ("association", "associations", "f"),
    ("entreprise", "entreprises", "f"),
    ("élu", "élus", "m"),
    ("élue", "élues", "f"),
    ("algorithme", "algorithmes", "m"),
    ("plateforme", "plateformes", "f"),
    ("réseau", "réseaux", "m"),
    ("culture", "cultures", "f"),
    ("santé", "santés", "f"),
    ("solidarité", "solidarités", "f"),
    ("transition", "transitions", "f"),
    ("innovation", "innovations", "f"),
    ("participation", "participations", "f"),
    ("liberté", "libertés", "f"),
    ("espace", "espaces", "m"),
    ("métropole", "métropoles", "f"),
    ("bibliothèque", "bibliothèques", "f"),
    ("école", "écoles", "f"),
    ("outil", "outils", "m"),
    ("projet", "projets", "m"),
    ("avenir", "avenirs", "m"),
    ("inclusion", "inclusions", "f"),
    ("emploi", "emplois", "m"),
    ("travail", "travaux", "m"),
    ("logement", "logements", "m"),
    ("jardin", "jardins", "m"),
    ("forum", "forums", "m"),
    ("atelier", "ateliers", "m"),
    ("usager", "usagers", "m"),
    ("service", "services", "m"),
]
# (masculine, feminine) — plurals add s (or x for -eau, -aux for -al).
FR_ADJECTIVES = [
    ("numérique", "numérique"),
    ("local", "locale"),
    ("participatif", "participative"),
    ("public", "publique"),
    ("social", "sociale"),
    ("urbain", "urbaine"),
    ("artificiel", "artificielle"),
    ("ouvert", "ouverte"),
    ("collectif", "collective"),
    ("durable", "durable"),
    ("écologique", "écologique"),
    ("solidaire", "solidaire"),
    ("nouveau", "nouvelle"),
    ("européen", "européenne"),
    ("libre", "libre"),
    ("humain", "humaine"),
    ("partagé", "partagée"),
    ("éthique", "éthique"),
    ("créatif", "créative"),
    ("inclusif", "inclusive"),
]
FR_VERBS = [
    "construire",
    "partager",
    "repenser",
    "réinventer",
    "protéger",
    "habiter",
    "gouverner",
    "imaginer",
    "ouvrir",
    "débattre de",
]
FR_OPENERS = [
    "Comment {verb} {np} ?",
    "{NP} et {np}.",
    "Pour {verb} {np}, il faut {np2}.",
    "{NP} au cœur de {np2}.",
    "Les intervenants ont parlé de {np} et de {np2}.",
    "Retour sur {np} : {np2}, {np3}.",
    "Qu'est-ce que {np} ? Une question de {noun}.",
    "D'abord {np}, ensuite {np2}.",
    "L'enjeu : {verb} {np} sans oublier {np2}.",
    "{NP}, c'est l'affaire de {np2}.",
]
EN_NOUNS = [
    ("city", "cities"),
    ("citizen", "citizens"),
    ("community", "communities"),
    ("trust", "trust"),
    ("data", "data"),
    ("democracy", "democracies"),
    ("drawing", "drawings"),
    ("policy", "policies"),
    ("network", "networks"),
    ("neighbourhood", "neighbourhoods"),
    ("energy", "energies"),
    ("education", "education"),
    ("privacy", "privacy"),
    ("platform", "platforms"),
    ("algorithm", "algorithms"),
    ("commons", "commons"),
    ("future", "futures"),
    ("climate", "climates"),
    ("culture", "cultures"),
    ("health", "health"),
    ("space", "spaces"),
    ("library", "libraries"),
    ("school", "schools"),
    ("tool", "tools"),
    ("workshop", "workshops"),
]
EN_ADJECTIVES = [
    "local",
    "digital",
    "public",
    "open",
    "shared",
    "urban",
    "artificial",
    "sustainable",
    "social",
    "civic",
    "human",
    "collective",
    "new",
    "european",
    "free",
]
EN_OPENERS = [
    "How do we {verb} {np}?",
    "{NP} and {np}.",
    "To {verb} {np}, start with {np2}.",
    "{NP} at the heart of {np2}.",
    "The speakers talked about {np} and {np2}.",
    "Notes on {np}: {np2}, {np3}.",
    "What is {np}? A question of {noun}.",
    "People's {noun} first, then {np2}.",
]
EN_VERBS = ["build", "share", "rethink", "protect", "govern", "imagine", "open", "design"]
FIRST = [
    "Élise",
    "François",
    "Chloé",
    "Hélène",
    "Jérôme",
    "Zoé",
    "Benoît",
    "Léa",
    "Noémie",
    "Gaëlle",
    "Marie",
    "Paul",
    "Amina",
    "Karim",
    "Sarah",
    "John",
    "Emily",
    "Oliver",
    "Inès",
    "Joël",
]
LAST = [
    "Dupré",
    "Lefèvre",
    "Gauthier",
    "Bérard",
    "Mercier",
    "Ostrom",
    "Nguyen",
    "Martin",
    "Lambert",
    "Rousseau",
    "Faure",
    "Girard",
    "Benali",
    "Smith",
    "Taylor",
    "Brown",
    "Müller",
    "Caron",
    "Denis",
    "Perrin",
]
TAGS = [
    "thème/communs",
    "thème/numérique",
    "thème/démocratie",
    "thème/écologie",
    "thème/éducation",
    "thème/ville",
    "format/carte mentale",
    "format/portrait",
    "format/fresque",
    "lieu/grand amphi",
    "lieu/salle A",
    "lieu/salle B",
    "à reprendre",
    "coup de cœur",
]
TRACKS = ["Démocratie", "Communs", "Numérique", "Écologie", "Plénière", "Ateliers"]
ROOMS = ["Grand amphi", "Salle A", "Salle B", "Salle C", "Atrium"]
EN_TRACKS = ["Democracy", "Commons", "Digital", "Climate", "Plenary"]


def _zipf_weights(n: int) -> list[float]:
    return [1.0 / (rank + 1) ** 0.9 for rank in range(n)]


def _elide(det: str, word: str) -> str:
    if det in ("le", "la", "de", "que") and word[0].lower() in "aeiouyéèêàâîôûh":
        return det[0] + "'" + word
    return f"{det} {word}"


def _adj_form(adj: tuple[str, str], gender: str, plural: bool) -> str:
    form = adj[1] if gender == "f" else adj[0]
    if not plural:
        return form
    if form.endswith("al") and gender == "m":
        return form[:-2] + "aux"
    if form.endswith("eau"):
        return form + "x"
    return form if form.endswith("s") else form + "s"


class Writer:
    """Deterministic French and English text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.fr_weights = _zipf_weights(len(FR_NOUNS))
        self.en_weights = _zipf_weights(len(EN_NOUNS))

    def fr_np(self) -> str:
        rng = self.rng
        noun = rng.choices(FR_NOUNS, self.fr_weights)[0]
        plural = rng.random() < 0.35
        word = noun[1] if plural else noun[0]
        if rng.random() < 0.55:
            adj = _adj_form(rng.choice(FR_ADJECTIVES), noun[2], plural)
            word = f"{word} {adj}"
        det = "les" if plural else ("la" if noun[2] == "f" else "le")
        if rng.random() < 0.2 and not plural:
            det = "une" if noun[2] == "f" else "un"
        return _elide(det, word) if det in ("le", "la") else f"{det} {word}"

    def fr_sentence(self) -> str:
        template = self.rng.choice(FR_OPENERS)
        np, np2, np3 = self.fr_np(), self.fr_np(), self.fr_np()
        text = template.format(
            verb=self.rng.choice(FR_VERBS),
            np=np,
            NP=np[0].upper() + np[1:],
            np2=np2,
            np3=np3,
            noun=self.rng.choices(FR_NOUNS, self.fr_weights)[0][0],
        )
        return text.replace("de le ", "du ").replace("de les ", "des ")

    def en_np(self) -> str:
        rng = self.rng
        noun = rng.choices(EN_NOUNS, self.en_weights)[0]
        word = noun[1] if rng.random() < 0.35 else noun[0]
        if rng.random() < 0.55:
            word = f"{rng.choice(EN_ADJECTIVES)} {word}"
        return f"the {word}" if rng.random() < 0.4 else word

    def en_sentence(self) -> str:
        template = self.rng.choice(EN_OPENERS)
        np = self.en_np()
        return template.format(
            verb=self.rng.choice(EN_VERBS),
            np=np,
            NP=np[0].upper() + np[1:],
            np2=self.en_np(),
            np3=self.en_np(),
            noun=self.rng.choices(EN_NOUNS, self.en_weights)[0][0],
        )

    def sentence(self, language: str) -> str:
        return self.fr_sentence() if language == "fr" else self.en_sentence()

    def title(self, language: str) -> str:
        np = self.fr_np() if language == "fr" else self.en_np()
        prefix = self.rng.choice(
            ["", "", "Carte mentale : ", "Portrait : ", "Synthèse — "]
            if language == "fr"
            else ["", "", "Mind map: ", "Sketch: ", "Summary — "]
        )
        return prefix + np[0].upper() + np[1:]

    def transcription(self, language: str) -> str:
        words = []
        for _ in range(self.rng.randint(2, 6)):
            np = self.fr_np() if language == "fr" else self.en_np()
            words.append(np.upper() if self.rng.random() < 0.3 else np)
        return " → ".join(words) + self.rng.choice(["", " !", " ?", " ♥"])


# ---------------------------------------------------------------- archive


def build_archive(path: Path, size: int, seed: int) -> Archive:
    """An archive of ``size`` items over events of about 500 items each, in bulk SQL."""
    rng = random.Random(seed)
    writer = Writer(rng)
    archive = Archive.create(path)
    db = archive.db
    people = [f"{f} {last}" for f in FIRST for last in LAST]
    rng.shuffle(people)
    n_events = max(1, size // 500)
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO people (id, name) VALUES (?, ?)",
            [(i + 1, name) for i, name in enumerate(people)],
        )
        tag_ids: dict[str, int] = {}
        for tag in TAGS:
            parts = tag.split("/")
            parent = None
            for depth in range(1, len(parts) + 1):
                sub = "/".join(parts[:depth])
                if sub not in tag_ids:
                    tag_ids[sub] = len(tag_ids) + 1
                    conn.execute(
                        "INSERT INTO tags (id, path, parent_id) VALUES (?, ?, ?)",
                        (tag_ids[sub], sub, parent),
                    )
                parent = tag_ids[sub]
        sessions: list[tuple[int, int, datetime, str]] = []  # id, event, start, language
        session_id = 0
        for e in range(n_events):
            language = "fr" if e % 4 != 3 else "en"
            day = datetime(2016, 9, 29) + timedelta(days=7 * e)
            conn.execute(
                "INSERT INTO events (id, slug, name, start_date, end_date, timezone, language)"
                " VALUES (?, ?, ?, ?, ?, 'Europe/Paris', ?)",
                (
                    e + 1,
                    f"forum-{e + 1}",
                    f"Forum {e + 1} — " + writer.title(language),
                    day.date().isoformat(),
                    (day + timedelta(days=1)).date().isoformat(),
                    language,
                ),
            )
            for s in range(24):
                session_id += 1
                start = day + timedelta(days=s // 12, hours=9 + (s % 12) // 2)
                conn.execute(
                    "INSERT INTO sessions (id, event_id, title, track, room, start, end)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        session_id,
                        e + 1,
                        writer.title(language),
                        rng.choice(TRACKS if language == "fr" else EN_TRACKS),
                        rng.choice(ROOMS),
                        start.isoformat() + "+02:00",
                        (start + timedelta(minutes=75)).isoformat() + "+02:00",
                    ),
                )
                conn.executemany(
                    "INSERT OR IGNORE INTO session_speakers (session_id, person_id, position)"
                    " VALUES (?, ?, ?)",
                    [(session_id, rng.randrange(len(people)) + 1, p) for p in range(2)],
                )
                sessions.append((session_id, e + 1, start, language))
        items, item_tags, item_people = [], [], []
        for i in range(size):
            sid, eid, start, language = sessions[(i * len(sessions)) // size]
            captured = start + timedelta(minutes=rng.randint(0, 100))
            caption = " ".join(writer.sentence(language) for _ in range(rng.randint(1, 3)))
            items.append(
                (
                    i + 1,
                    hashlib.sha256(f"{seed}-{i}".encode()).hexdigest(),
                    f"IMG_{i:06d}.jpg",
                    f"/photos/IMG_{i:06d}.jpg",
                    "jpeg",
                    1000,
                    captured.isoformat(),
                    "2026-01-01T00:00:00+00:00",
                    writer.title(language) if rng.random() < 0.7 else None,
                    caption if rng.random() < 0.9 else None,
                    writer.transcription(language) if rng.random() < 0.6 else None,
                    int(rng.random() < 0.5),
                    eid,
                    sid if rng.random() < 0.85 else None,
                )
            )
            for tag in rng.sample(TAGS, rng.randint(0, 3)):
                item_tags.append((i + 1, tag_ids[tag]))
            item_people.append((i + 1, rng.randrange(12) + 1, "illustrator"))
            for person in {rng.randrange(len(people)) + 1 for _ in range(rng.randint(0, 2))}:
                item_people.append((i + 1, person, "speaker"))
        conn.executemany(
            "INSERT INTO items (id, hash, original_name, original_path, format, size,"
            " captured_at, imported_at, title, caption, transcription, published, event_id,"
            " session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            items,
        )
        conn.executemany("INSERT INTO item_tags (item_id, tag_id) VALUES (?, ?)", item_tags)
        conn.executemany(
            "INSERT OR IGNORE INTO item_people (item_id, person_id, role) VALUES (?, ?, ?)",
            item_people,
        )
    return archive


# ---------------------------------------------------------------- FTS5 baseline

FTS_COLUMNS = "title, body, speakers, illustrators, tags, session"


def build_fts(archive: Archive, path: Path) -> tuple[sqlite3.Connection, float]:
    """The same documents in an FTS5 table; returns the connection and items/s."""
    conn = sqlite3.connect(str(path))
    conn.execute(
        f"CREATE VIRTUAL TABLE fts USING fts5({FTS_COLUMNS},"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    start = time.perf_counter()
    db = archive.db
    rows = db.query(
        "SELECT i.id, i.title, coalesce(i.caption, '') || ' ' || coalesce(i.transcription, ''),"
        " (SELECT group_concat(p.name, ', ') FROM item_people ip JOIN people p"
        "   ON p.id = ip.person_id WHERE ip.item_id = i.id AND ip.role = 'speaker'),"
        " (SELECT group_concat(p.name, ', ') FROM item_people ip JOIN people p"
        "   ON p.id = ip.person_id WHERE ip.item_id = i.id AND ip.role = 'illustrator'),"
        " (SELECT group_concat(t.path, ', ') FROM item_tags it JOIN tags t"
        "   ON t.id = it.tag_id WHERE it.item_id = i.id),"
        " s.title FROM items i LEFT JOIN sessions s ON s.id = i.session_id"
    )
    with conn:
        conn.executemany(
            f"INSERT INTO fts (rowid, {FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [tuple(r) for r in rows],
        )
    elapsed = time.perf_counter() - start
    return conn, len(rows) / elapsed


# ---------------------------------------------------------------- queries


@dataclass(frozen=True)
class Kind:
    name: str
    queries: list[tuple[str, str]]  # (Carnet query, FTS5 query)


KINDS = [
    Kind(
        "one term",
        [
            ("confiance", "confiance"),
            ("numériques", "numeriques"),
            ("citoyennes", "citoyennes"),
            ("démocratie", "democratie"),
            ("ville", "ville"),
            ("données", "donnees"),
            ("trust", "trust"),
            ("cities", "cities"),
        ],
    ),
    Kind(
        "two terms",
        [
            ("démocratie locale", "democratie locale"),
            ("intelligence artificielle", "intelligence artificielle"),
            ("données ouvertes", "donnees ouvertes"),
            ("ville durable", "ville durable"),
            ("public policy", "public policy"),
            ("confiance citoyens", "confiance citoyens"),
            ("habitants quartier", "habitants quartier"),
            ("digital commons", "digital commons"),
        ],
    ),
    Kind(
        "three terms",
        [
            ("démocratie participative locale", "democratie participative locale"),
            ("intelligence artificielle éthique", "intelligence artificielle ethique"),
            ("open data cities", "open data cities"),
            ("confiance numérique société", "confiance numerique societe"),
            ("espaces publics partagés", "espaces publics partages"),
            ("réseaux sociaux habitants", "reseaux sociaux habitants"),
        ],
    ),
    Kind(
        "phrase",
        [
            ('"intelligence artificielle"', '"intelligence artificielle"'),
            ('"démocratie locale"', '"democratie locale"'),
            ('"public space"', '"public space"'),
            ('"données ouvertes"', '"donnees ouvertes"'),
            ('"espaces publics"', '"espaces publics"'),
            ('"urban commons"', '"urban commons"'),
        ],
    ),
    Kind(
        "prefix",
        [
            ("numériq*", "numeriq*"),
            ("particip*", "particip*"),
            ("citoy*", "citoy*"),
            ("démocr*", "democr*"),
            ("commun*", "commun*"),
            ("algorithm*", "algorithm*"),
        ],
    ),
    Kind(
        "fuzzy",
        [
            ("democratie~", "democratie"),
            ("confiense~", "confiance"),
            ("citoyene~", "citoyenne"),
            ("algoritme~", "algorithme"),
            ("neighborhood~", "neighbourhood"),
            ("bibliotheque~1", "bibliotheque"),
        ],
    ),
    Kind(
        "accent-less",
        [
            ("societe", "societe"),
            ("democratie locale", "democratie locale"),
            ("energie", "energie"),
            ("ecologie", "ecologie"),
            ("egalite", "egalite"),
            ("elus", "elus"),
        ],
    ),
    Kind(
        "field",
        [
            ("speaker:ostrom", "speakers: ostrom"),
            ("tag:theme", "tags: theme"),
            ("session:communs", "session: communs"),
            ("illustrateur:dupre", "illustrators: dupre"),
            ('intervenant:"marie ostrom"', 'speakers: "marie ostrom"'),
            ("tag:communs democratie", "tags: communs AND democratie"),
        ],
    ),
]


def _time(fn: Callable[[], object], repeat: int) -> list[float]:
    fn()  # warm: first use of a query's terms
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _p(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _opening(archive: Archive, index: SearchIndex) -> None:
    """The very first search of a session: a new ``SearchIndex`` on the archive (the desktop
    app's search: ranked with snippets and facets), at once and after the warm-up."""
    queries = [q for q, _ in KINDS[0].queries]
    index.close()  # one index at a time, as in the app
    at_once: list[float] = []
    later: list[float] = []
    for query in queries:
        with SearchIndex(archive) as fresh:
            start = time.perf_counter()
            fresh.search(query, limit=20, facets=True)
            at_once.append((time.perf_counter() - start) * 1000)
        with SearchIndex(archive) as fresh:
            fresh.sync()  # opens the index and starts the warm-up
            if fresh._warming is not None:  # the benchmark reaches in to wait for it
                fresh._warming.join()
            start = time.perf_counter()
            fresh.search(query, limit=20, facets=True)
            later.append((time.perf_counter() - start) * 1000)
    print(
        "first search of a session (new SearchIndex, one-term queries, ranked with facets):\n"
        f"  right after opening: p50 {_p(at_once, 0.5):.0f} ms, p95 {_p(at_once, 0.95):.0f} ms"
        " (opening included, beside the warm-up)\n"
        f"  once warmed up:      p50 {_p(later, 0.5):.0f} ms, p95 {_p(later, 0.95):.0f} ms"
    )


def run_size(size: int, workdir: Path, seed: int, repeat: int) -> None:
    print(f"\n=== {size:,} items ===")
    start = time.perf_counter()
    archive = build_archive(workdir / f"bench-{size}.carnet", size, seed)
    print(f"catalog generated in {time.perf_counter() - start:.1f} s")
    index = SearchIndex(archive)
    start = time.perf_counter()
    indexed = index.rebuild()
    elapsed = time.perf_counter() - start
    print(
        f"Whoosh indexing: {indexed:,} items in {elapsed:.1f} s = {indexed / elapsed:,.0f} items/s"
    )
    fts, fts_rate = build_fts(archive, workdir / f"fts-{size}.sqlite")
    print(f"FTS5 indexing:   {fts_rate:,.0f} items/s")

    print(
        f"Latency in ms over the queries of each kind ({repeat} runs each after a warm-up); "
        "'first' is a search whose\nterms are not in the posting cache yet "
        "(cache emptied before it); ratio = our p95 / FTS5 p95."
    )
    for mode in ("ranked top-20 with snippets", "full id set, unscored"):
        ranked_mode = mode.startswith("ranked")
        header = (
            f"{mode:28} {'p50':>6} {'p95':>6} {'first p50':>10} {'first p95':>10}"
            f" {'FTS5 p50':>9} {'FTS5 p95':>9} {'ratio':>6} {'matches':>8}"
        )
        print()
        print(header)
        print("-" * len(header))
        for kind in KINDS:
            ours: list[float] = []
            first: list[float] = []
            theirs: list[float] = []
            matches = []
            for query, fts_query in kind.queries:
                if ranked_mode:

                    def run(q: str = query) -> object:
                        return index.search(q, limit=20)

                    def baseline(q: str = fts_query) -> object:
                        return fts.execute(
                            "SELECT rowid, snippet(fts, 1, '<mark>', '</mark>', '…', 24)"
                            " FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20",
                            (q,),
                        ).fetchall()

                else:

                    def run(q: str = query) -> object:
                        return index.matching_ids(q)

                    def baseline(q: str = fts_query) -> object:
                        return fts.execute(
                            "SELECT rowid FROM fts WHERE fts MATCH ?", (q,)
                        ).fetchall()

                # The benchmark reaches into the index to empty its posting cache.
                index._cache.clear_postings()
                start = time.perf_counter()
                run()
                first.append((time.perf_counter() - start) * 1000)
                ours += _time(run, repeat)
                theirs += _time(baseline, repeat)
                matches.append(len(index.matching_ids(query)))
            print(
                f"{kind.name:28} {_p(ours, 0.5):6.1f} {_p(ours, 0.95):6.1f}"
                f" {_p(first, 0.5):10.1f} {_p(first, 0.95):10.1f}"
                f" {_p(theirs, 0.5):9.1f} {_p(theirs, 0.95):9.1f}"
                f" {_p(ours, 0.95) / max(_p(theirs, 0.95), 0.001):5.1f}x"
                f" {int(statistics.mean(matches)):8,}"
            )
    print()
    _opening(archive, index)
    index.sync()  # open it again (untimed)

    rng = random.Random(seed + 1)
    latencies = []
    for n in range(20):
        item_id = rng.randrange(size) + 1
        marker = f"zqmarker{n}x"
        update_items(archive.db, [item_id], caption=f"Une légende corrigée {marker}")
        start = time.perf_counter()
        index.sync()
        found = index.matching_ids(marker)
        latencies.append((time.perf_counter() - start) * 1000)
        if found != {item_id}:
            print(f"  edit of item {item_id} not found by its new caption: {found}")
    print(
        f"one caption edit → visible in search: p50 {_p(latencies, 0.5):.0f} ms, "
        f"p95 {_p(latencies, 0.95):.0f} ms, max {max(latencies):.0f} ms "
        "(sync + a search that finds it)"
    )
    index.close()
    archive.close()
    fts.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        default="10000,100000",
        help="comma-separated item counts (default 10000,100000)",
    )
    parser.add_argument("--seed", type=int, default=2016)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    parser.add_argument("--workdir", type=Path, help="keep the archives here")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    temp = None
    if args.workdir is None:
        temp = tempfile.mkdtemp(prefix="carnet-bench-")
        workdir = Path(temp)
    else:
        workdir = args.workdir
        workdir.mkdir(parents=True, exist_ok=True)
    try:
        print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}")
        for size in sizes:
            run_size(size, workdir, args.seed, args.repeat)
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
