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
from addon.invite.language import text_language
from addon.invite.topics import topic_text

MAX_POINTS = 3
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+(.{3,120}?)\s*$", re.MULTILINE)
_VERBS = "|".join(v for language in LANGUAGES.values() for v in language.agenda_verbs)
_JOINS = "|".join(j for language in LANGUAGES.values() for j in language.agenda_joins)
_ARTICLES = "|".join(a for language in LANGUAGES.values() for a in language.agenda_articles)
_SENTENCE = re.compile(rf"\b(?:{_VERBS})\s+(?P<items>[^.!?\n]{{3,300}})", re.IGNORECASE)
_SPLIT = re.compile(rf",\s*|\s+(?:{_JOINS})\s+", re.IGNORECASE)
_LEADING = re.compile(rf"^(?:{_ARTICLES})\s+", re.IGNORECASE)


_LEADS = "|".join(w for language in LANGUAGES.values() for w in language.agenda_leads)
_HEADINGS = "|".join(w for language in LANGUAGES.values() for w in language.agenda_headings)
_LEAD = re.compile(rf"(?:^|\s)(?:{_LEADS})(?:\s+\S+){{0,2}}\s*$", re.IGNORECASE)
_HEADING = re.compile(rf"^\s*(?:{_HEADINGS})\s*:?\s*$", re.IGNORECASE | re.MULTILINE)
_HEADING_LEADS = re.compile(rf"(?:{_HEADINGS})\s*:", re.IGNORECASE)
_SENTENCE_START = re.compile(r"[.!?\n]")
# Words that point somewhere else rather than name a topic ("see the information below").
_POINTERS = frozenset(w for language in LANGUAGES.values() for w in language.pointer_words)
_NOT_A_TOPIC = re.compile(r"@|<|&lt;|https?://|www\.", re.IGNORECASE)


def agenda_of(description: str) -> tuple[str, ...]:
    """The invite's own agenda points (at most three), or () when it lists none: a list under
    an agenda heading or in a language Raincheck reads, or a sentence in which someone says
    what the meeting will cover ("We would like to go through ..."). Words matched out of
    context name no topic."""
    text = topic_text("", description)
    bullets = [m.group(1) for m in _BULLET.finditer(text)]
    if len(bullets) >= 2 and (_HEADING.search(text) or text_language(text) is not None):
        points = [p for p in map(_point, bullets) if _is_topic(p)]
        if len(points) >= 2:
            return tuple(points[:MAX_POINTS])
    for match in _SENTENCE.finditer(text):
        if not _led(text, match.start()):
            continue
        items = [item for item in _SPLIT.split(match.group("items")) if len(item.strip()) > 2]
        points = [p for p in map(_point, items) if _is_topic(p)]
        if points:
            return tuple(points[:MAX_POINTS])
    return ()


def _led(text: str, at: int) -> bool:
    """Someone says it: a subject or "to" before the verb, in the same sentence; a heading
    ("Agenda:") leads itself."""
    if text[at:].lstrip()[:1].isalpha() and _HEADING_LEADS.match(text[at:].lstrip()):
        return True
    before = text[:at]
    starts = [m.end() for m in _SENTENCE_START.finditer(before)]
    sentence = before[starts[-1] if starts else 0 :]
    return bool(_LEAD.search(sentence))


def _is_topic(point: str) -> bool:
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", point)]
    if _NOT_A_TOPIC.search(point) or not any(len(w) >= 3 for w in words):
        return False
    return not all(w in _POINTERS or len(w) < 3 for w in words)


def _point(text: str) -> str:
    text = _LEADING.sub("", " ".join(text.split()).strip(" :;-"))
    return text[:1].upper() + text[1:]
