"""Decoding a large JSON document in small steps, so that other threads keep running.

``json.loads`` is one call into C that holds the interpreter lock until it returns: on the
description of a 5,000-item package (4 MB) that is about 70 ms, during which the desktop
app's GUI thread cannot run a line of Python — the window stalls while a merge's dry run
reads its source on a worker. ``loads_in_steps`` gives the same value (or the same
``json.JSONDecodeError``), but walks the outer object and arrays itself and decodes each of
their elements with its own ``raw_decode`` call: the interpreter may switch threads between
two elements, and an element (one item, one event) is small.
"""

from __future__ import annotations

import json
from typing import Any

#: How many levels of objects and arrays are walked here; deeper ones are one C call each.
STEPPED_LEVELS = 2
_WHITESPACE = " \t\n\r"


def loads_in_steps(text: str) -> Any:
    """``json.loads(text)``, decoded element by element at the outer levels."""
    decoder = json.JSONDecoder()
    value, end = _value(decoder, text, _skip(text, 0), 0)
    end = _skip(text, end)
    if end != len(text):
        raise json.JSONDecodeError("Extra data", text, end)
    return value


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WHITESPACE:
        pos += 1
    return pos


def _value(decoder: json.JSONDecoder, text: str, pos: int, level: int) -> tuple[Any, int]:
    if level < STEPPED_LEVELS and pos < len(text):
        if text[pos] == "{":
            return _object(decoder, text, pos + 1, level)
        if text[pos] == "[":
            return _array(decoder, text, pos + 1, level)
    if pos >= len(text):
        raise json.JSONDecodeError("Expecting value", text, pos)
    value, end = decoder.raw_decode(text, pos)
    return value, end


def _object(decoder: json.JSONDecoder, text: str, pos: int, level: int) -> tuple[Any, int]:
    result: dict[str, Any] = {}
    pos = _skip(text, pos)
    if pos < len(text) and text[pos] == "}":
        return result, pos + 1
    while True:
        if pos >= len(text) or text[pos] != '"':
            raise json.JSONDecodeError(
                "Expecting property name enclosed in double quotes", text, pos
            )
        key, pos = decoder.raw_decode(text, pos)
        pos = _skip(text, pos)
        if pos >= len(text) or text[pos] != ":":
            raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
        value, pos = _value(decoder, text, _skip(text, pos + 1), level + 1)
        result[key] = value
        pos = _skip(text, pos)
        if pos < len(text) and text[pos] == "}":
            return result, pos + 1
        if pos >= len(text) or text[pos] != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
        pos = _skip(text, pos + 1)


def _array(decoder: json.JSONDecoder, text: str, pos: int, level: int) -> tuple[Any, int]:
    result: list[Any] = []
    pos = _skip(text, pos)
    if pos < len(text) and text[pos] == "]":
        return result, pos + 1
    while True:
        value, pos = _value(decoder, text, pos, level + 1)
        result.append(value)
        pos = _skip(text, pos)
        if pos < len(text) and text[pos] == "]":
            return result, pos + 1
        if pos >= len(text) or text[pos] != ",":
            raise json.JSONDecodeError("Expecting ',' delimiter", text, pos)
        pos = _skip(text, pos + 1)
