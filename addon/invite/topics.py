"""Whether a meeting's topic looks serious: money, contracts, trouble, lawyers; and what the
organizer wrote about it, without greetings, sign-offs and conferencing footers.

A serious topic is never moved to email (``addon.triage.rules``). Each language's record
(``addon.i18n.languages``) names its serious terms and their words; a language that builds
compounds (Swedish) matches its stems inside a word, the others at the start of one.
"""

from __future__ import annotations

import re

from addon.i18n import LANGUAGES
from addon.invite.finder import Finder, split_branches

# Every term a topic can be flagged for: each is a msgid to translate. Languages share them
# ("contract" is Swedish "avtal" and German "Vertrag" alike), so each is listed once.
TERMS: tuple[str, ...] = tuple(
    dict.fromkeys(term for language in LANGUAGES.values() for term in language.serious)
)


def _flags(pattern: str) -> int:
    """For text already in lower case: no IGNORECASE, which makes each search two to three
    times slower, unless the pattern itself holds a capital letter outside an escape (a class
    such as ``W`` after its backslash)."""
    literal = re.sub(r"\\.", "", pattern)
    return 0 if literal == literal.lower() else re.IGNORECASE


def _finder(pattern: str, compounds: bool) -> Finder:
    """A language's words for a term, matched at the start of a word unless the language
    builds compounds; each branch begins where it is matched (``addon.invite.finder``)."""
    start = "" if compounds else r"(?<![^\W\d_])"
    branches = "|".join(start + branch for branch in split_branches(pattern))
    return Finder(branches, _flags(branches))


_FINDERS = [
    (term, _finder(pattern, language.compounds))
    for language in LANGUAGES.values()
    for term, pattern in language.serious.items()
]
_MEETING_WORDS = "|".join(w for language in LANGUAGES.values() for w in language.meeting_words)

# Conferencing footers (Google's "-::~:~::~" line, Teams' underscores) hold no topic, and their
# legal small print would make every online meeting look serious.
_FOOTER = re.compile(
    rf"^-::~:~::~|^_{{20,}}\s*$|^Microsoft Teams[ -](?:{_MEETING_WORDS})\b|^Join Zoom Meeting\b",
    re.MULTILINE,
)


def topic_text(summary: str, description: str) -> str:
    """The part of an invite that says what the meeting is about."""
    body = _FOOTER.split(description, maxsplit=1)[0]
    return f"{summary}\n{body}"


# What IGNORECASE matches to an i or an s that str.lower() leaves otherwise: a Turkish system
# writes English and Swedish in capitals with the dotted İ ("PRİCE", "JURİDİK"), which lowers to
# i and a combining dot; the dotless ı and the long ſ do not lower at all.
_LIKE_I_AND_S = str.maketrans({"\u0131": "i", "\u017f": "s"})


def _lowered(text: str) -> str:
    return text.lower().replace("i\u0307", "i").translate(_LIKE_I_AND_S)


def serious_terms(text: str) -> tuple[str, ...]:
    """The serious topics the text mentions, in a fixed order, each once."""
    lowered = _lowered(text)
    return tuple(dict.fromkeys(term for term, finder in _FINDERS if finder.found(lowered)))


_URL = re.compile(r"<?https?://[^\s<>]+>?", re.IGNORECASE)
_GREETINGS = "|".join(w for language in LANGUAGES.values() for w in language.greetings)
_SIGN_OFFS = "|".join(w for language in LANGUAGES.values() for w in language.sign_offs)
_GREETING = re.compile(rf"^(?:{_GREETINGS})\b[^.!?\n]{{0,40}}[,!.:]?$", re.IGNORECASE)
_SIGN_OFF = re.compile(
    rf"^(?:(?:{_SIGN_OFFS})\b.{{0,30}}"
    # a name alone on the last line: one or two words, no sentence punctuation
    r"|[/–-]?\s*[^\W\d_][\w-]{1,20}(?:\s[^\W\d_][\w-]{1,20})?)$",
    re.IGNORECASE,
)


def client_message(description: str) -> str:
    """What the organizer wrote about the meeting, for the account manager: no conferencing
    footer, no greeting or signature lines, and each link once."""
    lines = [line.rstrip() for line in topic_text("", description).strip().splitlines()]
    while lines and (not lines[0].strip() or _GREETING.match(lines[0].strip())):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _SIGN_OFF.match(lines[-1].strip())):
        lines.pop()
    seen: set[str] = set()
    kept: list[str] = []
    for line in lines:
        parts, rest = [], line
        for match in _URL.finditer(line):
            link = match.group(0)
            before, _, rest = rest.partition(link)
            bare = link.strip("<>")
            parts += [before, "" if bare in seen else link]
            seen.add(bare)
        kept.append(" ".join("".join([*parts, rest]).split()))
    return "\n".join(kept).strip()
