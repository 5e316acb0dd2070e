"""The kit's stemmers (``assets/vendor/snowball/stem.js``) give Python's stems, word for word.

The words: every word of a kit (the kit tests' archive), a sample of a French word list
(Debian's ``wfrench``, /usr/share/dict/french, installed by .ci/run), and the suffixes
the stemmers' rules turn on, each folded as the index folds words. Both languages'
stemmers run on every word: a query word is stemmed in French and in English.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright_api
import pytest
from playwright.sync_api import Page

from carnet.catalog.archive import Archive
from carnet.kit import ExportOptions, export_kit
from carnet.kit.resources import kit_resources
from carnet.search import analysis
from tests.kit.conftest import SLUG
from tests.packaging.scripts import load

screenshots = load("kit_screenshots")
FRENCH = Path("/usr/share/dict/french")
SAMPLE = 6000

# Endings every branch of the two algorithms looks at, on a few stems each.
ENDINGS = """
issements issement atrices atrice ateurs ations logies usions utions ements amment emment
ances iques ismes ables istes ateur ation logie usion ution ences ement euses ments ance
ique isme able iste ence ites ives eaux euse ment eux ite ive ifs aux if issaient issantes
iraient issante issants issions irions issais issait issant issent issiez issons irais
irait irent iriez irons iront isses issez imes ites irai iras irez isse ies ira it ie ir
is i eraient assions erions assent assiez erent erais erait eriez erons eront aient antes
asses ions erai eras erez ames ates ante ants asse ees era iez ais ait ant ee es er ez at
ai as a iere ion ier e enne onne ette elle eille sses ied us ss s eedly ingly edly eed ing
ed ization ational fulness ousness iveness tional biliti lessli entli alism aliti ousli
iviti fulli enci anci abli izer ator alli bli ogi li alize icate iciti ative ical ness ful
ible ant ent ism ate iti ous ize al ic ly y
""".split()  # noqa: SIM905
STEMS = "nation gener commun arsen pr ab qu ty oy ai bou lamp parl col tap fin rap".split()  # noqa: SIM905


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=screenshots.CHROMIUM, args=screenshots.CHROMIUM_ARGS
        )
        page = browser.new_page()
        page.set_content("<!doctype html><title>stem</title>")
        page.add_script_tag(
            content=(kit_resources() / "static/vendor/snowball/stem.js").read_text("utf-8")
        )
        yield page
        browser.close()


def kit_vocabulary(archive_path: Path, out: Path) -> set[str]:
    with Archive.open(archive_path, readonly=True) as archive:
        export_kit(archive, SLUG, out, ExportOptions())
    words: set[str] = set()
    for path in (out / "data/search").glob("w-*.js"):
        text = path.read_text("utf-8")
        payload = re.match(r"CarnetSearch\.words\(\"[^\"]*\", (.*)\);\n$", text, re.S)
        assert payload is not None
        words.update(json.loads(payload.group(1)))
    return words


def french_sample() -> set[str]:
    lines = FRENCH.read_text("utf-8").split("\n")
    picked = random.Random(15).sample(lines, min(SAMPLE, len(lines)))
    return {analysis.normalize_word(w) for w in picked if w.strip()}


def compare(page: Page, words: set[str]) -> list[tuple[str, str, str, str]]:
    ordered = sorted(w for w in words if w)
    js = page.evaluate("ws => ws.map(w => [CarnetStem.fr(w), CarnetStem.en(w)])", ordered)
    wrong = []
    for word, (fr, en) in zip(ordered, js, strict=True):
        for language, got in (("fr", fr), ("en", en)):
            want = analysis.stem(word, language)
            if got != want:
                wrong.append((language, word, want, got))
    return wrong


def test_kit_vocabulary_stems_as_in_python(page: Page, archive_path: Path, tmp_path: Path) -> None:
    words = kit_vocabulary(archive_path, tmp_path / "kit")
    assert {"societe", "communs", "oeuvre", "cartographier"} <= words
    assert compare(page, words) == []


def test_french_word_list_stems_as_in_python(page: Page) -> None:
    words = french_sample()
    assert len(words) > SAMPLE * 9 // 10
    assert compare(page, words) == []


def test_every_rule_stems_as_in_python(page: Page) -> None:
    words = {s + e for s in STEMS for e in ENDINGS} | set(ENDINGS) | {"aujourd'hui", "l'ecole"}
    wrong = compare(page, words)
    assert wrong == []
    # Not a stemmer that leaves words alone: the rules did change most of these words.
    changed = page.evaluate("ws => ws.filter(w => CarnetStem.fr(w) !== w).length", sorted(words))
    assert changed > len(words) // 2
