"""The kit's search data, read as the browser reads it (no browser needed here)."""

from __future__ import annotations

import json
import re

from carnet.kit.model import slugify, unique_slugs
from carnet.kit.searchdata import MAX_KEY, SHARD_LIMIT, Link, SearchEntry, build_search_files
from carnet.search import analysis


def entry(n: int, text: str, **links: object) -> SearchEntry:
    return SearchEntry(
        url=f"items/{n}.html",
        thumb="",
        thumb_size=(0, 0),
        title=text[:20],
        text=text,
        session="",
        weighted=[(1, text)],
        **links,  # type: ignore[arg-type]
    )


def payload(content: bytes) -> object:
    text = content.decode("utf-8")
    if text.startswith("window.CarnetSearchIndex = "):
        return json.loads(text.split(" = ", 1)[1].rstrip(";\n"))
    found = re.match(r"CarnetSearch\.\w+\((\"[^\"]*\"|\d+), (.*)\);\n$", text, re.S)
    assert found is not None, text[:80]
    return json.loads(found.group(2))


def postings(deltas: list[int]) -> dict[int, int]:
    out, value = {}, 0
    for d in deltas:
        value += d
        out[value >> 2] = value & 3
    return out


def test_stems_hold_the_items_of_every_form_of_a_word() -> None:
    files = build_search_files(
        [entry(0, "Les écoles de la ville"), entry(1, "Une école"), entry(2, "Villes")], "fr"
    )
    index = payload(files["search/index.js"])
    assert isinstance(index, dict)
    stem = analysis.stem("ecoles", "fr")
    shard = payload(files[f"search/s-{index['stems'][stem[:2]]}.js"])
    assert isinstance(shard, dict)
    assert set(postings(shard[stem])) == {0, 1}
    assert "ecoles" not in shard and "école" not in json.dumps(shard, ensure_ascii=False)
    words = payload(files[f"search/w-{index['words']['e']}.js"])
    assert words == {"ecole": 2, "ecoles": 2}  # both find the two items through their stem


def test_big_shards_are_split_and_every_stem_is_found_by_the_browsers_walk() -> None:
    entries = [entry(n, f"conference{n:05d} conversation{n:05d}") for n in range(3000)]
    files = build_search_files(entries, "fr")
    index = payload(files["search/index.js"])
    assert isinstance(index, dict)
    assert "co" in index["split"]
    names = {name: key for key, name in index["stems"].items()}
    for path, content in files.items():
        key = names.get(path.removeprefix("search/s-").removesuffix(".js"))
        if key is not None and len(key) < MAX_KEY:
            assert len(content) < SHARD_LIMIT * 1.2, key
    assert max(map(len, index["stems"])) == MAX_KEY  # split down to the longest key
    split = set(index["split"])
    for n in (0, 1234, 2999):
        stem = analysis.stem(f"conference{n:05d}", "fr")
        key = stem[:2]
        while key in split and len(stem) > len(key):
            key = stem[: len(key) + 1]
        shard = payload(files[f"search/s-{index['stems'][key]}.js"])
        assert isinstance(shard, dict) and set(postings(shard[stem])) == {n}


def test_facets_name_days_sessions_people_and_tags() -> None:
    session = Link("Les communs", "sessions/1.html", "session")
    ostrom = Link("Elinor Ostrom", "speakers/elinor-ostrom.html", "speaker")
    margaux = Link("Margaux Lefèvre", "illustrators/margaux-lefevre.html", "illustrator")
    tag = Link("thème › communs", "tags/theme-communs.html", "tag")
    lonely = Link("Session sans dessin", "sessions/2.html", "session")
    files = build_search_files(
        [
            entry(0, "un", day="2016-09-29", session_link=session, speakers=[ostrom], tags=[tag]),
            entry(1, "deux", day="2016-09-30", illustrators=[margaux]),
        ],
        "fr",
        [lonely, ostrom],
    )
    index = payload(files["search/index.js"])
    assert isinstance(index, dict)
    assert index["days"] == ["2016-09-29", "2016-09-30"]
    assert index["sessions"] == [["Les communs", "sessions/1.html"], [lonely.label, lonely.url]]
    assert [p[0] for p in index["people"]] == ["Elinor Ostrom", "Margaux Lefèvre"]
    assert index["tags"] == [["thème › communs", "tags/theme-communs.html"]]
    assert payload(files["search/f0.js"]) == [[0, 0, [], [0], [0]], [1, -1, [1], [], []]]
    docs = payload(files["search/d0.js"])
    assert isinstance(docs, list) and docs[0][6] == [0, 0, [], [0], [0]]


def test_same_entries_give_the_same_bytes() -> None:
    entries = [entry(n, f"société {n} des communs") for n in range(50)]
    assert build_search_files(entries, "fr") == build_search_files(list(entries), "fr")


def test_hostile_text_stays_data() -> None:
    hostile = '</script><script>alert(1)</script> "); alert(2); ("'
    files = build_search_files([entry(0, hostile)], "fr")
    docs = files["search/d0.js"].decode("utf-8")
    assert docs.count("\n") == 1 and docs.startswith("CarnetSearch.docs(0, ")
    assert payload(files["search/d0.js"]) == [
        ["items/0.html", "", 0, 0, hostile[:20], hostile, [-1, -1, [], [], []]]
    ]


def test_slugs_fold_ligatures_and_letters_as_search_does() -> None:
    assert slugify("Lætitia Œuvre") == "laetitia-oeuvre"
    assert slugify("Søren Łukasz Straße") == "soren-lukasz-strasse"
    assert slugify("Þóra ﬁn") == "thora-fin"
    assert unique_slugs(["Lætitia", "Laetitia"], "x") == {
        "Laetitia": "laetitia",
        "Lætitia": "laetitia-2",
    }
    for name in ("Lætitia", "Œuvre", "Søren"):
        assert slugify(name).replace("-", " ") == analysis.fold(name)
