"""A reply written without the invite (an email being composed) has no date: no language may
leave the hole a date would fill ("By , I'll send", "our meeting .")."""

from __future__ import annotations

import re

import pytest

from addon.i18n import LANGS
from addon.invite.model import Person
from addon.strategies import LOOSE
from addon.writing.letters import Voice, write_loose_reply

ANNA = Person("anna@lumen.example", "Anna Berg")
EVA = Person("eva@kund.example", "Eva Lind")
# A space before a stop, two spaces, or a time word with nothing after it.
HOLE = re.compile(
    r" [.,;:!?](?:\s|$)|  |\b(?:by|senast|innen|senest|bis)\s*[,.]|^(?:By|Senast|Innen) (?:I|skickar|sender)\b",
    re.IGNORECASE | re.MULTILINE,
)


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("strategy", LOOSE)
@pytest.mark.parametrize("lang", LANGS)
def test_a_reply_without_the_invite_leaves_no_hole_where_the_date_would_be(
    lang: str, strategy: str, tone: str
) -> None:
    draft = write_loose_reply(
        strategy, to=EVA, me=ANNA, voice=Voice(locale=lang, tone=tone), call="+46 70 123 45 67"
    )
    assert not HOLE.search(draft.text), draft.text
    assert "None" not in draft.text
