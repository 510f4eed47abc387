"""``Finder`` answers exactly what ``re.search`` answers, for every serious-topic pattern of every
language and for the shapes of pattern it takes apart (look-behinds first, alternations,
classes holding "|" or parentheses)."""

from __future__ import annotations

import random
import re

import pytest

from addon.i18n import LANGUAGES
from addon.invite import topics
from addon.invite.finder import Finder, leading_lookbehinds, split_branches


@pytest.mark.parametrize(
    ("pattern", "branches"),
    [
        ("contract", ["contract"]),
        ("a|b", ["a", "b"]),
        ("(?:ramme|service)aftale|kontrakt", ["(?:ramme|service)aftale", "kontrakt"]),
        (r"[|(]x|y", ["[|(]x", "y"]),
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"[^]|]x|y", ["[^]|]x", "y"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        (r"a\\|b", [r"a\\", "b"]),
    ],
)
def test_a_pattern_splits_into_its_top_level_branches(pattern: str, branches: list[str]) -> None:
    assert split_branches(pattern) == branches


@pytest.mark.parametrize(
    ("branch", "parts"),
    [
        ("(?<!an)(?<!ange)kündig", ("(?<!an)(?<!ange)", "kündig")),
        (r"(?<![^\W\d_])pris(?:en)?", (r"(?<![^\W\d_])", "pris(?:en)?")),
        (r"(?<=[)(])x", (r"(?<=[)(])", "x")),
        ("(?:(?<!be)klage)", ("", "(?:(?<!be)klage)")),
        ("(?=x)x", ("", "(?=x)x")),
        ("(?<!be", ("", "(?<!be")),
    ],
)
def test_only_leading_lookbehinds_are_set_apart(branch: str, parts: tuple[str, str]) -> None:
    assert leading_lookbehinds(branch) == parts


@pytest.mark.parametrize(
    ("pattern", "text", "found"),
    [
        # The first place the rest matches fails the look-behind; a later one holds.
        ("(?<!be)klage", "beklager, men vi har en klage", True),
        ("(?<!be)klage", "beklager", False),
        # ... and a later one that begins inside the first one's match.
        (r"(?<!x)a\w*", "xaab", True),
        (r"(?<![^\W\d_])pris", "prisvindende", True),
        (r"(?<![^\W\d_])pris", "timepris", False),
        (r"(?<=[^\W\d_])incident", " incident", False),
        (r"(?<=[^\W\d_])incident", "sikkerhedsincident", True),
        ("(?<!an)(?<!ange)kündig", "angekündigt, dann kündigen", True),
        ("(?<!an)(?<!ange)kündig", "angekündigt", False),
        # Inline flags and groups keep the pattern whole.
        ("(?i)contract|x", "CONTRACT", True),
        ("(a)|(?<!x)b", "xb", False),
    ],
)
def test_found_is_what_the_regex_finds(pattern: str, text: str, found: bool) -> None:
    assert Finder(pattern).found(text) is found
    assert (re.search(pattern, text) is not None) is found


def _texts(pattern: str, rng: random.Random, count: int) -> list[str]:
    """Texts made of the pattern's own words, cut, joined and bordered by what its look-arounds
    test for (letters, digits, "be", "an", spaces, dashes)."""
    words = re.findall(r"[^\W\d_]{2,}", re.sub(r"\\.", " ", pattern)) or ["x"]
    edges = ["", "", " ", "-", "be", "an", "ange", "x", "7", "_", "é", "\n", "s", "en", "er"]
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 3)):
            word = rng.choice(words)
            cut = rng.randint(max(1, len(word) - 3), len(word))
            parts += [rng.choice(edges), word[:cut], rng.choice(edges)]
        texts.append("".join(parts))
    return texts


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_every_serious_pattern_finds_what_its_regex_finds(code: str) -> None:
    language = LANGUAGES[code]
    rng = random.Random(code)
    start = "" if language.compounds else r"(?<![^\W\d_])"
    mismatches = []
    for term, pattern in language.serious.items():
        reference = re.compile(start + "(?:" + pattern + ")", topics._flags(pattern))
        finder = topics._finder(pattern, language.compounds)
        for text in _texts(pattern, rng, 3000):
            if finder.found(text) != (reference.search(text) is not None):
                mismatches.append((term, text))
    assert mismatches == []
