"""One ReplyRequest, whatever the surface: every default in one place, checked once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from zoneinfo import ZoneInfo

import click
import pytest

from addon import vocabulary
from addon.cardflow.inputs import reply_request
from addon.cli import cli as command_line
from addon.directory.users import Settings
from addon.errors import UsageError
from addon.invite.model import Person
from addon.triage.request import ReplyRequest
from cards.view import View

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_a_request_asks_for_nothing_the_vocabulary_does_not_default() -> None:
    request = ReplyRequest()
    assert (request.strategy, request.reason, request.scope, request.tone) == (
        None, vocabulary.DEFAULT_REASON, vocabulary.DEFAULT_SCOPE, vocabulary.DEFAULT_TONE,
    )  # fmt: skip
    assert request.minutes == vocabulary.DEFAULT_MINUTES == Settings().default_minutes
    assert request.move_days == vocabulary.DEFAULT_MOVE_DAYS


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"strategy": "cancel"}, "unknown strategy 'cancel'"),
        ({"reason": "bored"}, "unknown reason 'bored'"),
        ({"scope": "some"}, "unknown scope 'some'"),
        ({"tone": "chirpy"}, "unknown tone 'chirpy'"),
        ({"minutes": 4}, "a shorter meeting must be 5 to 1440 minutes"),
        ({"minutes": 1441}, "a shorter meeting must be 5 to 1440 minutes"),
        ({"move_days": 0}, "a meeting can be moved 1 to 60 days"),
        ({"move_days": 61}, "a meeting can be moved 1 to 60 days"),
    ],
)
def test_a_request_that_makes_no_sense_is_refused_naming_what(
    changes: dict[str, object], said: str
) -> None:
    with pytest.raises(UsageError) as refused:
        ReplyRequest(**changes)  # type: ignore[arg-type]
    assert refused.value.message.startswith(said)


@dataclass
class Card:
    """What a host's card request carries (``addon.cardflow.inputs.Inputs``)."""

    form: Mapping[str, str] = field(default_factory=dict)
    locale: str | None = "en-GB"
    tz: dt.tzinfo | None = STOCKHOLM
    params: Mapping[str, str] = field(default_factory=dict)
    draft_to: tuple[Person, ...] = ()

    def value(self, name: str, default: str = "") -> str:
        return self.form.get(name) or self.params.get(name, default)


VIEW = View(lang="en", locale="en_GB", tz=STOCKHOLM, carry={})
SETTINGS = Settings(tone="formal", call="+46 70 123 45 67", default_minutes=20, signature="A.")


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        # What the user left alone comes from their settings.
        ({}, {"tone": "formal", "call": "+46 70 123 45 67", "minutes": 20, "signature": "A."}),
        # What they chose wins; the reply's dates keep their region when the language agrees.
        ({"tone": "warm", "minutes": "45", "lang": "en"}, {"tone": "warm", "minutes": 45,
                                                           "locale": "en_GB"}),
        ({"lang": "sv"}, {"locale": "sv", "lang": "sv"}),
        ({"say_why": "yes", "scope": "series"}, {"say_why": True, "scope": "series"}),
        ({"say_why": "no"}, {"say_why": False}),
        # A moved meeting stays within the days a card offers.
        ({"move_days": "400"}, {"move_days": 60}),
        ({"move_days": "soon"}, {"move_days": 7}),
        ({"status": "Done", "points": "Price"}, {"brief": ("Done", "Price")}),
    ],
)  # fmt: skip
def test_a_card_request_is_what_the_user_chose_else_their_settings(
    form: dict[str, str], expected: dict[str, object]
) -> None:
    request = reply_request(Card(form=form, params={"strategy": "phone"}), SETTINGS, VIEW)
    assert request.strategy == "phone" and request.zone == STOCKHOLM
    for name, value in expected.items():
        if name == "brief":
            assert (request.brief.text("status"), request.brief.text("points")) == value
        else:
            assert getattr(request, name) == value, name


def test_the_command_lines_defaults_are_the_requests() -> None:
    triage = command_line.get_command(click.Context(command_line), "triage")
    assert triage is not None
    options = {p.name: p.default for p in triage.params}
    request = ReplyRequest()
    for name in ("reason", "scope", "tone", "minutes", "move_days", "say_why"):
        assert options[name] == getattr(request, name), name
    # What the command line does not ask: free times and the briefing come from the cards, the
    # zone and working hours from --tz and the defaults, the country from the zone.
    assert {f.name for f in fields(ReplyRequest)} - set(options) <= {
        "slots", "slot", "brief", "zone", "locale", "own_locale", "hours", "country",
    }  # fmt: skip
