"""What an invite says it will cover, as agenda points, in the languages Raincheck reads (the
verbs and joining words come from each language's record).

Organizers write it as a list ("- Campaign results", "1. Next year's plans") or as one
sentence ("We would like to go through the campaign results for Q4, next year's plans and the
roadmap", "Vi går igenom kontot, kampanjresultaten och planen för våren"). A letter proposing a
shorter meeting uses these points rather than generic ones, so the client sees their own agenda.
"""

from __future__ import annotations

import re

from addon.i18n import LANGUAGES
from addon.invite.topics import topic_text

MAX_POINTS = 3
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+(.{3,120}?)\s*$", re.MULTILINE)
_VERBS = "|".join(v for language in LANGUAGES.values() for v in language.agenda_verbs)
_JOINS = "|".join(j for language in LANGUAGES.values() for j in language.agenda_joins)
_ARTICLES = "|".join(a for language in LANGUAGES.values() for a in language.agenda_articles)
_SENTENCE = re.compile(rf"\b(?:{_VERBS})\s+(?P<items>[^.!?\n]{{3,300}})", re.IGNORECASE)
_SPLIT = re.compile(rf",\s*|\s+(?:{_JOINS})\s+", re.IGNORECASE)
_LEADING = re.compile(rf"^(?:{_ARTICLES})\s+", re.IGNORECASE)


def agenda_of(description: str) -> tuple[str, ...]:
    """The invite's own agenda points (at most three), or () when it lists none."""
    text = topic_text("", description)
    bullets = [m.group(1) for m in _BULLET.finditer(text)]
    if len(bullets) >= 2:
        return tuple(_point(b) for b in bullets[:MAX_POINTS])
    match = _SENTENCE.search(text)
    if match is None:
        return ()
    items = [item for item in _SPLIT.split(match.group("items")) if len(item.strip()) > 2]
    return tuple(_point(item) for item in items[:MAX_POINTS])


def _point(text: str) -> str:
    text = _LEADING.sub("", " ".join(text.split()).strip(" :;-"))
    return text[:1].upper() + text[1:]
