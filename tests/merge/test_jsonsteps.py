"""Decoding a package's description in steps gives what json.loads gives, errors included."""

from __future__ import annotations

import json

import pytest

from carnet.merge.jsonsteps import loads_in_steps

DOCUMENTS = [
    '{"schema": 1, "package": {"id": "x", "n": null}, "items": [{"a": [1, 2.5, "é"]}, {}]}',
    ' \n{ "a" : [ ] , "b" : { } , "c" : [ [ 1 ] , { "d" : true } ] , "a" : false }\t',
    '[1, "two", null, {"three": [3]}]',
    '"just a string"',
    "42",
    '{"nested": {"deeper": {"deepest": [1, {"x": "\\u00e9\\n"}]}}}',
    '{"dup": 1, "dup": 2}',
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_the_same_value_as_json_loads(text: str) -> None:
    assert loads_in_steps(text) == json.loads(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        '{"a": 1',
        '{"a" 1}',
        '{"a": 1,}',
        "{1: 2}",
        "[1, 2",
        "[1 2]",
        "[1,]",
        '{"a": 1} trailing',
        '{"a": [1, 2] ]',
        '{"items": [{"a": }]}',
        '{"a": "unterminated}',
    ],
)
def test_the_same_refusal_as_json_loads(text: str) -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    with pytest.raises(json.JSONDecodeError):
        loads_in_steps(text)


def test_a_large_description_decodes_the_same() -> None:
    doc = {
        "schema": 1,
        "events": [{"slug": "forum", "sessions": [{"title": f"S{i}"} for i in range(50)]}],
        "items": [{"hash": f"{i:064x}", "tags": ["a/b"], "values": {"n": i}} for i in range(3000)],
    }
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    assert loads_in_steps(text) == doc
