"""Bad queries through the whole search: a clear message or a literal search, never a
traceback. One test per kind the issue lists, then a sweep of odd inputs."""

from __future__ import annotations

import pytest

from carnet.search import QueryError, SearchIndex, SearchResults
from tests.search.conftest import Forum


def test_unbalanced_quotes_search_the_words(forum: Forum, index: SearchIndex) -> None:
    results = index.search('"intelligence artificielle')
    assert [h.id for h in results.hits] == [forum.ids["societe"]]
    assert index.search('intelligence artificielle"').total == 1


def test_unbalanced_brackets_search_the_words(forum: Forum, index: SearchIndex) -> None:
    assert index.search("(énergie partagée").total == 1
    assert index.search("énergie partagée)").total == 1
    assert index.search("[énergie partagée").total == 1
    assert index.search("énergie] {partagée").total == 1
    with pytest.raises(QueryError, match="cannot read the date '\\[2016-09-29'"):
        index.search("date:[2016-09-29 TO")


def test_unknown_field_names_the_fields(index: SearchIndex) -> None:
    with pytest.raises(QueryError) as error:
        index.search("auteur:dupré")
    message = str(error.value)
    assert "unknown field 'auteur'" in message
    assert "speaker/intervenant" in message
    assert "illustrator/illustrateur" in message


def test_lone_star(index: SearchIndex) -> None:
    with pytest.raises(QueryError, match="lone \\*"):
        index.search("*")
    with pytest.raises(QueryError, match="lone \\*"):
        index.matching_ids("*")


def test_not_alone(index: SearchIndex) -> None:
    # A lone NOT is the word "not" (there is nothing to leave out of).
    assert index.search("NOT").total == 0
    with pytest.raises(QueryError, match="nothing to search for"):
        index.search("NOT la")


def test_ten_thousand_characters(index: SearchIndex) -> None:
    with pytest.raises(QueryError, match="too long \\(10,000 characters"):
        index.search("x" * 10_000)
    with pytest.raises(QueryError, match="too long"):
        index.matching_ids("confiance " * 1000)


def test_control_characters(forum: Forum, index: SearchIndex) -> None:
    assert [h.id for h in index.search("\x00énergie\x07\x1b\x1f\x1e\x1d").hits] == [
        forum.ids["ecologie"]
    ]
    with pytest.raises(QueryError, match="empty"):
        index.search("\x00\x01\x02")


@pytest.mark.parametrize(
    "query",
    [
        "",
        " ",
        ":",
        ":::",
        "::énergie",
        "énergie:",
        "speaker:",
        "date:",
        "tag:",
        '""',
        '"',
        '"""',
        "()",
        "(",
        ")",
        "[]",
        "[ TO ]",
        "{}",
        "~",
        "^",
        "énergie^",
        "énergie^-1",
        "énergie^1e400",
        "énergie~-1",
        "énergie~1.5",
        "?",
        "??",
        "a*",
        "*a",
        "**énergie**",
        "énergie*~",
        "OR",
        "AND",
        "OR OR OR",
        "énergie OR",
        "NOT NOT NOT",
        "ANDNOT énergie",
        "énergie ANDMAYBE",
        "+énergie -confiance",
        "\\",
        "\\*",
        "'",
        "''",
        "l'",
        "speaker:'",
        "😀 🎨",
        "énergie 😀",
        "\u202eénergie\u202c",
        "\ud800",
        "שלום عربى",
        "x" * 999,
        "é" * 999,
        "(" * 300 + "énergie" + ")" * 300,
        "date:[2016-09-29 TO 2016-09-30",
        "date:[nope TO 2016]",
        "date:0000",
        "date:9999-12-31",
        "published:",
        "format:*",
        "speaker:*",
        "tag:/",
        "tag://",
        "event:-",
        "session:~",
        "[a TO z]",
        "speaker:[a TO m]",
        "https://example.org/a?b=c&d",
        "C:\\Users\\photos",
        "10:30-11:45",
        "<script>alert(1)</script>",
        "%s %d {0} {{}}",
        "\t\n\r",
    ],
)
def test_odd_queries_never_raise_anything_else(index: SearchIndex, query: str) -> None:
    for call in (lambda: index.search(query, facets=True), lambda: index.matching_ids(query)):
        try:
            result = call()
        except QueryError as error:
            assert str(error)  # a sentence for the user
        else:
            assert isinstance(result, (SearchResults, set))


def test_script_in_a_query_is_not_echoed_as_html(index: SearchIndex) -> None:
    results = index.search("<script>alert(1)</script> confiance")
    for hit in results.hits:
        assert "<script>" not in hit.title_html + hit.snippet_html
