"""Client names that read the same but are not: "Nordvik" with a Cyrillic о is another client
to the directory, and the same one to the eye (issue 28, point 19).

A small skeleton in the spirit of Unicode's confusables (UTS #39): NFKC folds compatibility
forms (full-width letters, ligatures), casefold drops case, and the map below takes the
Cyrillic and Greek letters that are drawn like Latin ones, and the digits drawn like letters, to
those letters. Letters with diacritics stay apart: "Fjällvind" and "Fjallvind" are different
words in Swedish, and a look-alike check that fired on them would be ignored.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from addon.directory.records import name_key

# Capitals first: a Greek Ν reads as N, but it case-folds to ν, which reads as v.
_CAPITALS = str.maketrans(
    {
        # Cyrillic
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P",
        "С": "C", "Т": "T", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y",
        # Greek
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    }
)  # fmt: skip
_SMALL = str.maketrans(
    {
        # Cyrillic
        "а": "a", "е": "e", "ё": "ë", "һ": "h", "і": "i", "ї": "ï", "ј": "j", "о": "o",
        "р": "p", "с": "c", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w",
        "ӏ": "l", "ɡ": "g",
        # Greek
        "α": "a", "ι": "i", "ο": "o", "ρ": "p", "υ": "u", "χ": "x", "ϲ": "c",
        # Digits and marks drawn like letters
        "0": "o", "1": "l", "|": "l", "ı": "i",
    }
)  # fmt: skip


def skeleton(name: str) -> str:
    """What ``name`` looks like: equal skeletons read alike."""
    shape = unicodedata.normalize("NFKC", name).translate(_CAPITALS).translate(_SMALL)
    return name_key(unicodedata.normalize("NFC", shape.casefold().translate(_SMALL)))


def look_alike(name: str, names: Iterable[str]) -> str | None:
    """An existing name that reads like ``name`` without being the same name, if any."""
    mine, key = skeleton(name), name_key(name)
    for other in names:
        if name_key(other) != key and skeleton(other) == mine:
            return other
    return None
