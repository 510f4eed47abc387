"""What an invite says it will cover, as agenda points, in English and Swedish.

Organizers write it as a list ("- Campaign results", "1. Next year's plans") or as one
sentence ("We would like to go through the campaign results for Q4, next year's plans and the
roadmap", "Vi går igenom kontot, kampanjresultaten och planen för våren"). A letter proposing a
shorter meeting uses these points rather than generic ones, so the client sees their own agenda.
"""

from __future__ import annotations

import re

from addon.invite.topics import topic_text

MAX_POINTS = 3
_BULLET = re.compile(r"^\s*(?:[-•*–]|\d{1,2}[.)])\s+(.{3,120}?)\s*$", re.MULTILINE)
_SENTENCE = re.compile(
    r"""\b(?:go\s+through|go\s+over|discuss|review|cover|talk\s+about|look\s+at|agenda:
        |går\s+igenom|gå\s+igenom|diskuterar|diskutera|pratar\s+om|prata\s+om|tittar\s+på
        |titta\s+på|tar\s+upp|ta\s+upp|stämmer\s+av|stämma\s+av|dagordning:)
        \s+(?P<items>[^.!?\n]{3,300})""",
    re.IGNORECASE | re.VERBOSE,
)
_SPLIT = re.compile(r",\s*|\s+(?:and|och|samt|as\s+well\s+as)\s+", re.IGNORECASE)
_LEADING = re.compile(r"^(?:the|our|your|a|an)\s+", re.IGNORECASE)


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
