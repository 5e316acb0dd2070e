"""Searching an archive: French and English, fields, ranking, snippets, facets, suggestions."""

from __future__ import annotations

import pytest

from carnet.catalog.trash import restore_items, trash_items
from carnet.errors import NotFound
from carnet.search import QueryError, SearchIndex
from tests.search.conftest import Forum, add_item, found


def test_accents_and_case_do_not_matter(forum: Forum, index: SearchIndex) -> None:
    societe = forum.ids["societe"]
    for query in ("societe", "Société", "SOCIÉTÉ", "SOCIETE", "sociétés"):
        assert found(index, query) == {societe}, query


def test_plural_and_feminine_forms(forum: Forum, index: SearchIndex) -> None:
    assert found(index, "numériques") == {forum.ids["societe"]}
    assert found(index, "citoyen") == {forum.ids["societe"]}
    assert found(index, "ville") == {forum.ids["ecologie"]}  # "villes"
    assert found(index, "ecologiques") == {forum.ids["ecologie"]}  # "écologique"


def test_english_items_are_stemmed_in_english(forum: Forum, index: SearchIndex) -> None:
    drawings = forum.ids["drawings"]
    assert found(index, "drawing") == {drawings}
    assert found(index, "citizen") == {drawings}
    assert found(index, "city") == {drawings}
    assert found(index, "neighbour's") == {drawings}


def test_elisions(forum: Forum, index: SearchIndex) -> None:
    assert found(index, "intelligence") == {forum.ids["societe"]}
    assert found(index, "l'intelligence") == {forum.ids["societe"]}
    assert found(index, "énergie") == {forum.ids["ecologie"]}  # written "l'énergie"


def test_stop_words_do_not_empty_an_and_query(forum: Forum, index: SearchIndex) -> None:
    # "la" is dropped from every field alike, so it cannot make the AND impossible. (The
    # second item is in the session "Démocratie locale": session titles are free text.)
    assert found(index, "la démocratie locale") == {forum.ids["communs"], forum.ids["ecologie"]}
    assert found(index, "speaker:ostrom la confiance") == {forum.ids["societe"]}


def test_prefixes_reach_unstemmed_words(forum: Forum, index: SearchIndex) -> None:
    assert found(index, "numériq*") == {forum.ids["societe"]}
    assert found(index, "citoy*") == {forum.ids["societe"]}
    assert found(index, "ECOLOG*") == {forum.ids["ecologie"]}
    assert found(index, "*ique") >= {forum.ids["societe"], forum.ids["ecologie"]}
    assert found(index, "nothingstartslikethis*") == set()


def test_fuzzy_terms(forum: Forum, index: SearchIndex) -> None:
    assert found(index, "confiense~") == {forum.ids["societe"], forum.ids["script"]}
    assert found(index, "democratie~") == {forum.ids["communs"], forum.ids["ecologie"]}
    assert found(index, "ostron~") >= {forum.ids["societe"], forum.ids["drawings"]}


def test_phrases(forum: Forum, index: SearchIndex) -> None:
    assert found(index, '"intelligence artificielle"') == {forum.ids["societe"]}
    assert found(index, '"artificielle intelligence"') == set()
    assert found(index, '"démocratie locale"') == {forum.ids["communs"], forum.ids["ecologie"]}
    assert found(index, '"locale démocratie"') == set()


def test_field_queries(forum: Forum, index: SearchIndex) -> None:
    ids = forum.ids
    assert found(index, "speaker:ostrom") == {ids["societe"], ids["communs"], ids["drawings"]}
    assert found(index, 'intervenant:"Elinor Ostrom"') == {
        ids["societe"],
        ids["communs"],
        ids["drawings"],
    }
    assert found(index, "speaker:langevin") == {ids["communs"]}
    assert found(index, "illustrateur:dupré") == {ids["societe"], ids["ecologie"]}
    assert found(index, "illustrator:brown") == {ids["drawings"]}
    assert found(index, "session:communs") == {ids["societe"], ids["communs"]}
    assert found(index, 'session:"démocratie locale"') == {ids["ecologie"]}
    assert found(index, "track:démocratie") == {ids["ecologie"]}
    assert found(index, "parcours:communs") == {ids["societe"], ids["communs"]}
    assert found(index, 'salle:"grand amphi"') == {ids["ecologie"]}
    assert found(index, 'room:"salle a"') == {ids["societe"], ids["communs"]}
    assert found(index, "event:summit") == {ids["drawings"]}
    assert found(index, "event:forum-2016") == {
        ids["societe"],
        ids["communs"],
        ids["ecologie"],
        ids["script"],
    }
    assert found(index, "event:humanisme") == found(index, "event:forum-2016")
    assert found(index, "published:yes") == {ids["societe"], ids["drawings"]}
    assert found(index, "publie:non") >= {ids["communs"], ids["loose"]}
    assert found(index, "format:jpg") == set(ids.values())


def test_tags_with_their_parents(forum: Forum, index: SearchIndex) -> None:
    ids = forum.ids
    assert found(index, "tag:theme") == {ids["societe"], ids["communs"], ids["ecologie"]} | {
        ids["drawings"]
    }
    assert found(index, "tag:thème/communs") == {ids["communs"]}
    assert found(index, 'tag:"Thème / Communs"') == {ids["communs"]}
    assert found(index, "tag:communs") == {ids["communs"]}
    assert found(index, 'tag:"carte mentale"') == {ids["communs"]}
    assert found(index, "tag:format") == {ids["communs"]}
    # Tags are in the free text too.
    assert ids["communs"] in found(index, "mentale")


def test_dates(forum: Forum, index: SearchIndex) -> None:
    ids = forum.ids
    assert found(index, "date:2016-09-29") == {ids["societe"], ids["communs"]}
    assert found(index, "date:29/09/2016") == {ids["societe"], ids["communs"]}
    assert found(index, "date:[2016-09-29 TO 2016-09-30]") == {
        ids["societe"],
        ids["communs"],
        ids["ecologie"],
        ids["script"],
    }
    assert found(index, "date:2016-09") == found(index, "date:[2016-09-29 TO 2016-09-30]")
    assert found(index, "date:2017") == {ids["drawings"]}
    assert found(index, "date:[2017-01-01 TO]") == {ids["drawings"]}


def test_boolean_operators(forum: Forum, index: SearchIndex) -> None:
    ids = forum.ids
    assert found(index, "énergie OR drawings") == {ids["ecologie"], ids["drawings"]}
    assert found(index, "confiance NOT script") == {ids["societe"]}
    assert found(index, "confiance AND numérique") == {ids["societe"]}
    everything_else = set(ids.values()) - {ids["societe"], ids["script"]}
    assert found(index, "NOT confiance") == everything_else
    assert found(index, "(énergie OR confiance) tag:theme") == {ids["societe"], ids["ecologie"]}


def test_title_weighs_more_than_caption(forum: Forum, index: SearchIndex) -> None:
    in_caption = add_item(
        forum.archive, "caption-only", caption="Un mot : palimpseste, parmi d'autres mots."
    )
    in_title = add_item(forum.archive, "title-too", title="Palimpseste", caption="Autre chose.")
    results = index.search("palimpseste")
    assert [h.id for h in results.hits] == [in_title, in_caption]
    assert results.hits[0].score > results.hits[1].score


def test_trashed_items_are_not_found(forum: Forum, index: SearchIndex) -> None:
    societe = forum.ids["societe"]
    assert societe in found(index, "confiance")
    trash_items(forum.archive.db, [societe])
    assert societe not in found(index, "confiance")
    assert societe not in found(index, "NOT zzz")
    restore_items(forum.archive.db, [societe])
    assert societe in found(index, "confiance")


def test_snippets_are_escaped_then_highlighted(forum: Forum, index: SearchIndex) -> None:
    results = index.search("balises")
    (hit,) = results.hits
    assert hit.id == forum.ids["script"]
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert "&amp;" in hit.snippet_html
    assert "<mark>balises</mark>" in hit.snippet_html
    assert "&lt;b&gt;<mark>balises</mark>&lt;/b&gt;" in hit.snippet_html
    assert (
        hit.snippet
        == "Un <script>alert('confiance')</script> dans la légende & des <b>balises</b>."
    )


def test_snippet_marks_every_form_of_the_word(forum: Forum, index: SearchIndex) -> None:
    (hit,) = index.search("numériques").hits
    assert hit.title_html == "La société <mark>numérique</mark>"
    prefix = index.search("citoy*").hits[0]
    assert "<mark>citoyennes</mark>" in prefix.snippet_html


def test_snippet_of_a_long_text_is_cut_around_the_match(forum: Forum, index: SearchIndex) -> None:
    long_caption = (
        "Début. "
        + "Du texte sans rapport. " * 40
        + "Enfin le mot ornithorynque. "
        + ("Encore du texte. " * 40)
    )
    add_item(forum.archive, "long", caption=long_caption)
    (hit,) = index.search("ornithorynque").hits
    assert "<mark>ornithorynque</mark>" in hit.snippet_html
    assert hit.snippet_html.startswith("…")
    assert hit.snippet_html.endswith("…")
    assert len(hit.snippet) < 300


def test_results_and_totals(forum: Forum, index: SearchIndex) -> None:
    for n in range(30):
        add_item(forum.archive, f"extra{n}", caption=f"Atelier de dessin numéro {n}.")
    results = index.search("atelier", limit=5)
    assert results.total == 30
    assert len(results.hits) == 5
    assert len(index.matching_ids("atelier")) == 30
    assert index.search("atelier", limit=100).total == 30
    with pytest.raises(QueryError):
        index.search("atelier", limit=0)


def test_facets(forum: Forum, index: SearchIndex) -> None:
    results = index.search("confiance OR communs OR drawings", facets=True)
    assert results.total == 4
    events = {f.value: f.count for f in results.facets["event"]}
    assert events == {"forum-2016": 3, "summit": 1}
    assert results.facets["event"][0].label == "Forum Humanisme"
    sessions = {f.label: f.count for f in results.facets["session"]}
    assert sessions == {"Les communs urbains": 2}
    speakers = {f.value: f.count for f in results.facets["speaker"]}
    assert speakers == {"Elinor Ostrom": 3, "Paul Langevin": 1}
    illustrators = {f.value: f.count for f in results.facets["illustrator"]}
    assert illustrators == {"Élise Dupré": 1, "Zoé Bérard": 1, "Oliver Brown": 1}
    tags = {f.value: f.count for f in results.facets["tag"]}
    assert tags["thème/communs"] == 1
    assert set(results.facets) == {"event", "session", "speaker", "illustrator", "tag"}


def test_no_facets_unless_asked(index: SearchIndex) -> None:
    assert index.search("confiance").facets == {}
    empty = index.search("zzzzzz", facets=True)
    assert all(values == [] for values in empty.facets.values())


def test_did_you_mean(forum: Forum, index: SearchIndex) -> None:
    results = index.search("confiense")
    assert results.total == 0
    assert results.suggestion == "confiance"
    assert index.search("démocratie lokale").suggestion == "démocratie locale"
    assert index.search("speaker:ostron").suggestion == "speaker:ostrom"
    assert index.search("intervenant:ostron").suggestion == "speaker:ostrom"
    assert index.search("confiance").suggestion is None
    # No suggestion when no close word exists, or when the words exist but not together.
    assert index.search("qwxzvb").suggestion is None
    assert index.search("énergie drawings").suggestion is None


def test_event_filter(forum: Forum, index: SearchIndex) -> None:
    assert found(index, "ostrom", event="summit") == {forum.ids["drawings"]}
    assert found(index, "ostrom", event="forum-2016") == {
        forum.ids["societe"],
        forum.ids["communs"],
    }
    with pytest.raises(NotFound):
        index.search("ostrom", event="nowhere")
    with pytest.raises(NotFound):
        index.matching_ids("ostrom", event="nowhere")


def test_items_without_event_are_searchable(forum: Forum, index: SearchIndex) -> None:
    assert found(index, "esquisses") == {forum.ids["loose"]}


def test_hit_fields(forum: Forum, index: SearchIndex) -> None:
    (hit,) = index.search("énergie").hits
    assert hit.id == forum.ids["ecologie"]
    assert hit.title == "Transition écologique"
    assert hit.event == "forum-2016"
    assert hit.session == "Démocratie locale"
    assert hit.captured_at == "2016-09-30T09:40:00"
    data = index.search("énergie").to_dict()
    assert data["hits"][0]["snippet"].startswith("Des villes durables")
    (loose,) = index.search("esquisse").hits
    assert loose.title == "loose.jpg"  # no title: the file name


def test_facet_labels_come_from_the_catalog(forum: Forum, index: SearchIndex) -> None:
    index.sync()
    with forum.archive.db.transaction() as conn:  # no trigger: the index is not told
        conn.execute("UPDATE tags SET path = 'thème/biens communs' WHERE path = 'thème/communs'")
    tags = {f.value: f.count for f in index.search("communs", facets=True).facets["tag"]}
    assert tags["thème/biens communs"] == 1
    assert "thème/communs" not in tags
