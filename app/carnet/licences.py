"""The licences an item can carry: the Creative Commons list, public domain, and reserved."""

from __future__ import annotations

from dataclasses import dataclass

from carnet.errors import InvalidValue
from carnet.messages import Text


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str | None


LICENCES: tuple[Licence, ...] = (
    Licence(
        "CC0-1.0",
        "CC0 1.0 (public domain dedication)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    Licence(
        "PDM-1.0", "Public Domain Mark 1.0", "https://creativecommons.org/publicdomain/mark/1.0/"
    ),
    Licence(
        "CC-BY-4.0",
        "Creative Commons Attribution 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    Licence(
        "CC-BY-SA-4.0",
        "Creative Commons Attribution-ShareAlike 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    Licence(
        "CC-BY-ND-4.0",
        "Creative Commons Attribution-NoDerivatives 4.0",
        "https://creativecommons.org/licenses/by-nd/4.0/",
    ),
    Licence(
        "CC-BY-NC-4.0",
        "Creative Commons Attribution-NonCommercial 4.0",
        "https://creativecommons.org/licenses/by-nc/4.0/",
    ),
    Licence(
        "CC-BY-NC-SA-4.0",
        "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
        "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    ),
    Licence(
        "CC-BY-NC-ND-4.0",
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
    Licence("all-rights-reserved", "All rights reserved", None),
)

_BY_KEY = {lic.code.casefold(): lic for lic in LICENCES}


def normalise_licence(text: str) -> str:
    """The canonical code for ``text`` ("cc-by-sa-4.0", "CC BY-SA 4.0" …) or ``InvalidValue``."""
    key = text.strip().replace(" ", "-").casefold()
    if key in _BY_KEY:
        return _BY_KEY[key].code
    known = ", ".join(lic.code for lic in LICENCES)
    raise InvalidValue(
        Text("unknown licence {licence!r}; use one of: {known}", licence=text, known=known)
    )
