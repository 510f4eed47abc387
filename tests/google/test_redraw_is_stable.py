"""What the user reads is what they get: redrawing a reply card with the values it shows (what
"Update preview" sends when nothing was changed) must not change a word of the letter. A card
whose shown default differs from the one the letter was written with fails here, for every
user, reason and strategy on the sample invites."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.cardcheck import buttons, shown_card, trigger_card
from tests.support.cardtext import gmail_lines
from tests.support.google_addon import Google, current_values

INVITES = ("exchange-quarterly-review.eml", "google-pitch.eml", "teams-renewal.eml")
USERS = ("anna@lumen.example", "david@lumen.example")
REASONS = ("colleague_covers", "workload", "ill", "conflict", "repetitive")


def _letters(card: dict[str, Any]) -> list[str]:
    """The card's preview: everything from "Preview" on (the inputs above it are the form)."""
    lines = gmail_lines(card)
    return lines[lines.index("Preview") :] if "Preview" in lines else lines


# Anna organised the pitch herself: Raincheck answers nobody's own invite.
CASES = [(f, u) for f in INVITES for u in USERS if (f, u) != ("google-pitch.eml", USERS[0])]


@pytest.mark.parametrize(("fixture", "user"), CASES)
def test_redrawing_a_reply_with_its_own_values_changes_nothing(
    google: Google, fixture: str, user: str
) -> None:
    checked = 0
    for reason in REASONS:
        advice = trigger_card(google.open_message(fixture, user=user))
        advice = shown_card(google.change(advice, "reason", reason, user=user))
        for strategy in [p["strategy"] for t, p in buttons(advice) if t == "Write it"]:
            reply = shown_card(google.click(advice, "Write it", strategy=strategy, user=user))
            values = current_values(reply)
            if "Update preview" not in [t for t, _ in buttons(reply)]:
                continue
            again = shown_card(google.click(reply, "Update preview", form=values, user=user))
            assert _letters(again) == _letters(reply), (reason, strategy)
            assert current_values(again) == values, (reason, strategy)
            checked += 1
    assert checked >= len(REASONS)
