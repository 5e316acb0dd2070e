"""Reading queries: field names, the syntax, and every kind of bad input, without an index."""

from __future__ import annotations

import contextlib

import pytest
from whoosh import query as wq
from whoosh.qparser import QueryParser

from carnet.search.errors import QueryError
from carnet.search.query import MAX_QUERY, clean, make_parser, parse, query_fields


@pytest.fixture(scope="module")
def parser() -> QueryParser:
    return make_parser()


def fields_of(parser: QueryParser, text: str) -> set[str]:
    return query_fields(parse(parser, text).query)


def test_field_names_in_english_and_french(parser: QueryParser) -> None:
    for typed, canonical in [
        ("speaker:ostrom", "sp:ostrom"),
        ("intervenant:ostrom", "sp:ostrom"),
        ("Intervenante:Ostrom", "sp:ostrom"),
        ("illustrateur:dupré", "il:dupre"),
        ("illustrator:dupre", "il:dupre"),
        ("parcours:communs", "tr:communs"),
        ("track:communs", "tr:communs"),
        ("salle:amphi", "ro:amphi"),
        ("room:amphi", "ro:amphi"),
        ("session:communs", "se:communs"),
        ("séance:communs", "se:communs"),
        ("event:summit", "ev:summit"),
        ("événement:summit", "ev:summit"),
        ("speaker: ostrom", "sp:ostrom"),
    ]:
        q = parse(parser, typed).query
        assert q == wq.Term("kw", canonical), typed


def test_plain_words_search_stems_in_both_languages(parser: QueryParser) -> None:
    q = parse(parser, "Numériques").query
    assert isinstance(q, wq.Or)
    assert {t.text for t in q.subqueries} == {"numer", "numeriqu"}
    assert fields_of(parser, "Numériques") == {"text"}


def test_prefix_fuzzy_and_wildcards_go_to_unstemmed_words(parser: QueryParser) -> None:
    # Through the stemmer "numériq*" would find nothing: the vocabulary holds the
    # unstemmed words, expanded into stems at search time.
    for text in ("numériq*", "confiense~", "num?rique", "*ique"):
        assert fields_of(parser, text) == {"exact"}, text
    prefix = parse(parser, "Numériq*").query
    assert prefix == wq.Prefix("exact", "numeriq")
    fuzzy = parse(parser, "confiense~").query
    assert isinstance(fuzzy, wq.FuzzyTerm)
    assert fuzzy.maxdist == 2  # a bare ~ forgives two typos in a long word
    assert parse(parser, "ville~").query.maxdist == 2
    assert parse(parser, "élu~").query.maxdist == 1
    assert parse(parser, "confiense~9").query.maxdist == 2  # capped


def test_phrases_keep_their_order(parser: QueryParser) -> None:
    q = parse(parser, '"la démocratie locale"').query
    assert isinstance(q, wq.Or)  # one phrase of stems per language
    assert [p.words for p in q.subqueries] == [["democrat", "local"], ["democrati", "local"]]
    typographic = parse(parser, "« démocratie locale »").query
    assert typographic == q


def test_dates(parser: QueryParser) -> None:
    assert parse(parser, "date:2016-09-29").query == wq.Term("kw", "day:2016-09-29")
    assert parse(parser, "date:29/09/2016").query == wq.Term("kw", "day:2016-09-29")
    month = parse(parser, "date:2016-09").query
    assert isinstance(month, wq.TermRange)
    assert (month.start, month.end) == ("day:2016-09-01", "day:2016-09-30")
    span = parse(parser, "date:[2016-09-29 TO 2016-09-30]").query
    assert (span.start, span.end) == ("day:2016-09-29", "day:2016-09-30")
    open_end = parse(parser, "date:[2016-09-29 TO]").query
    assert open_end.start == "day:2016-09-29"


def test_operators(parser: QueryParser) -> None:
    assert isinstance(parse(parser, "ville OR village").query, wq.Or)
    assert isinstance(parse(parser, "ville OU village").query, wq.Or)
    assert isinstance(parse(parser, "ville village").query, wq.And)
    assert isinstance(parse(parser, "ville NOT village").query, wq.And)
    assert isinstance(parse(parser, "NOT village").query, wq.Not)


# ---------------------------------------------------------------- bad input


def test_unknown_field_is_a_clear_error(parser: QueryParser) -> None:
    with pytest.raises(QueryError, match=r"unknown field 'speeker'.*speaker/intervenant"):
        parse(parser, "speeker:ostrom")


def test_colons_that_are_not_fields_are_text(parser: QueryParser) -> None:
    assert clean("séance de 10:30") == "séance de 10 30"
    assert clean("Note: confiance") == "Note  confiance"
    assert clean("https://example.org") == "https //example.org"
    assert clean('"10:30 salle"') == '"10:30 salle"'


def test_too_long_query(parser: QueryParser) -> None:
    with pytest.raises(QueryError, match="too long"):
        parse(parser, "démocratie " * 1000)
    parse(parser, "a" * 10 + " démocratie" * ((MAX_QUERY - 10) // 11))


def test_empty_and_blank_queries(parser: QueryParser) -> None:
    for text in ("", "   ", "\x00\x07\n", "\u200b"):
        with pytest.raises(QueryError, match="empty"):
            parse(parser, text)


def test_control_characters_are_dropped(parser: QueryParser) -> None:
    assert clean("\x00démocratie\x07 locale\x1b") == "démocratie  locale"
    assert parse(parser, "\x1fconfiance\x1e").query == parse(parser, "confiance").query


def test_lone_star(parser: QueryParser) -> None:
    for text in ("*", "*:*", "**", "?", "*?*"):
        with pytest.raises(QueryError, match="lone \\*"):
            parse(parser, text)


def test_too_short_prefix(parser: QueryParser) -> None:
    with pytest.raises(QueryError, match="too short"):
        parse(parser, "n*")


def test_not_alone_is_searched_as_a_word(parser: QueryParser) -> None:
    assert parse(parser, "NOT").query == wq.Term("text", "not")


def test_only_stop_words(parser: QueryParser) -> None:
    for text in ("le la les", "NOT le", "the OR of", '"de la"'):
        with pytest.raises(QueryError, match="nothing to search for"):
            parse(parser, text)


@pytest.mark.parametrize(
    "text",
    [
        '"démocratie locale',  # unbalanced quote
        'démocratie locale"',
        "(démocratie locale",  # unbalanced brackets
        "démocratie locale)",
        "[démocratie TO",
        "démocratie]",
        "{démocratie",
        "((((((((((démocratie",
        "démocratie^",
        "démocratie^abc",
        "AND démocratie OR",
        "démocratie AND AND locale",
    ],
)
def test_unbalanced_syntax_is_searched_literally(parser: QueryParser, text: str) -> None:
    q = parse(parser, text).query
    assert "text" in query_fields(q)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date:hier", "cannot read the date"),
        ("date:2016-13", "cannot read the date"),
        ("date:[2016-09-30 TO 2016-09-29]", "ends before it starts"),
        ("date:[TO]", "at least one date"),
        ("[TO]", "match everything"),
        ("published:peut-être", "yes or no"),
        ("date:2016-09-29T10:00", "cannot read the date"),
        ("x~", "too short"),
    ],
)
def test_bad_values_are_clear_errors(parser: QueryParser, text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        parse(parser, text)


def test_deep_nesting_does_not_crash(parser: QueryParser) -> None:
    text = "(" * 400 + "démocratie" + ")" * 400
    with contextlib.suppress(QueryError):
        parse(parser, text)
