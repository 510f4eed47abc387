"""The language an invite is written in, when it is clearly one Raincheck speaks.

A reply goes in the user's chosen language, else the invite's own (a Swedish invite gets a
Swedish reply), else the mail client's. Invites are short, so this counts the small words
every sentence has, and answers only when one language clearly wins.

Norwegian, Danish and Swedish write many small words alike ("vi", "på", "med", "det", "som"):
a word that more than one language lists tells them apart no better than a space, so it counts
for none. Each record may therefore list its everyday words freely, shared ones included; a
shared word listed by one language only would count for it alone, so the Scandinavian records
list the shared ones too.
"""

from __future__ import annotations

import re

from addon.i18n import LANGUAGES, Lang
from addon.invite.model import Invite
from addon.invite.topics import topic_text


def _own_markers() -> dict[Lang, frozenset[str]]:
    """Each language's small words that no other language lists."""
    markers = {code: language.markers for code, language in LANGUAGES.items()}
    return {
        code: words.difference(*(other for o, other in markers.items() if o != code))
        for code, words in markers.items()
    }


_MARKERS = _own_markers()
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def language_of(invite: Invite) -> Lang | None:
    """The invite's language, or None when its text is too short or mixed to tell."""
    return text_language(topic_text(invite.summary, invite.description))


def text_language(text: str) -> Lang | None:
    """The language of a text, or None when it is too short or mixed to tell."""
    words = _WORD.findall(text.lower())
    counts = {lang: sum(word in markers for word in words) for lang, markers in _MARKERS.items()}
    best = max(counts, key=lambda lang: counts[lang])
    others = max(count for lang, count in counts.items() if lang != best)
    return best if counts[best] >= 2 and counts[best] >= 2 * others else None
