"""User text made ready for print: typographic spaces and quotes, characters the fonts lack.

A French reader expects a narrow no-break space (U+202F) before ``;``, ``!`` and ``?`` and
inside « », a no-break space (U+00A0) before ``:``, and curly apostrophes; captions typed on a
phone or a keyboard rarely have them. An English reader expects curly quotes. None of this
changes the catalog: it is applied to the printed copy only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"
#: What a character no font of the booklet can draw becomes: visible, and in the fonts.
PLACEHOLDER = "\u25a1"  # WHITE SQUARE

_SPACES = f" \t{NBSP}{NNBSP}\u2009"
# A run of ; ! ? : after a word, followed by a space, a closing sign or the end: 10:30 and
# https:// are left alone.
_HIGH_PUNCTUATION = re.compile(rf"(?<=\S)[{_SPACES}]*([;!?:][;!?]*)(?=[\s»)\]”\"']|$)")
_OPEN_GUILLEMET = re.compile(rf"«[{_SPACES}]*")
_CLOSE_GUILLEMET = re.compile(rf"[{_SPACES}]*»")
_STRAIGHT_QUOTES = re.compile(r'"([^"\n]+)"')
_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\w)")
_KEPT_FORMAT = ("\u00ad", "\u200c")  # soft hyphen, zero-width non-joiner (Persian…)
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)
# Skin tones and the like: they colour the emoji before them, which is already a placeholder.
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)


def typeset(text: str, language: str) -> str:
    """``text`` with the typography of ``language`` (``fr`` or ``en``)."""
    text = text.replace("...", "…")
    if language == "fr":
        text = _STRAIGHT_QUOTES.sub(lambda m: f"«{m.group(1).strip()}»", text)
        text = _APOSTROPHE.sub("’", text)
        text = _OPEN_GUILLEMET.sub(f"«{NNBSP}", text)
        text = _CLOSE_GUILLEMET.sub(f"{NNBSP}»", text)
        text = _HIGH_PUNCTUATION.sub(_french_space, text)
    else:
        text = _STRAIGHT_QUOTES.sub(lambda m: f"“{m.group(1)}”", text)
        text = _APOSTROPHE.sub("’", text)
    return text


def _french_space(match: re.Match[str]) -> str:
    signs = match.group(1)
    return (NBSP if signs[0] == ":" else NNBSP) + signs


def printable(text: str | None, drawable: Container[int]) -> str:
    """``text`` cleaned for the page: one space for each run of blanks within a line,
    invisible controls dropped, and each character that ``drawable`` (the code points the
    booklet's fonts have) lacks replaced by :data:`PLACEHOLDER`. Empty when only blanks."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        category = unicodedata.category(ch)
        if ch == "\n" or ch in (" ", NBSP, NNBSP):
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        elif (category == "Cf" and ch not in _KEPT_FORMAT) or code in _VARIATION_SELECTORS:
            # Direction overrides (which can make a caption read backwards), zero-width
            # joiners of emoji sequences, variation selectors: nothing to print.
            continue
        elif code in drawable:
            out.append(ch)
        elif category in ("Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Sk"):
            continue  # controls, unpaired surrogates, marks no font has
        elif code in _EMOJI_MODIFIERS:
            continue
        else:
            out.append(PLACEHOLDER)
    lines = [re.sub(r"[ \t]+", " ", line).strip(" ") for line in "".join(out).split("\n")]
    # Keep paragraph breaks (one blank line at most), drop blank lines at either end.
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return cleaned if cleaned.strip(f" {NBSP}{NNBSP}\n") else ""


def one_line(text: str, limit: int) -> str:
    """``text`` on one line of at most ``limit`` characters, cut at a word with an ellipsis."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"
