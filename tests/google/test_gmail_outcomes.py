"""What each strategy achieves, on Gmail's homepage and advice card: the user proposes through
the real flow, the stand-in organizer answers, and the homepage counts it (Card v1: text bars
of block characters, as Card v1 has no SVG); a client who declined the last two shorter
meetings the user proposed is named under that strategy."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable

import pytest
from sqlalchemy import select

from addon.directory.csvfile import read_csv
from addon.directory.models import Client
from addon.directory.repository import Directory
from addon.directory.users import Users
from addon.storage import store
from addon.triage.answer import Proposal
from addon.workbench.standins import organizer
from tests.google.test_gmail_answers import REVIEW, open_answer, propose
from tests.support.cardcheck import trigger_card
from tests.support.cardtext import gmail_lines
from tests.support.clock import NOW
from tests.support.google_addon import Google
from tests.support.paths import invite_bytes

Answerer = Callable[[bytes, str], bytes]
DECLINED_TWICE = "Nordvik Logistik AB declined the last two shorter meetings you proposed."


def _home(google: Google, **kw: str) -> dict[str, object]:
    return trigger_card(google.post("/gmail/home", google.event(**kw)).get_json())


@pytest.mark.parametrize(
    ("answer", "time", "bar"),
    [
        (lambda i, c: organizer.accepts(i, c, "google"), "1 h proposed, 1 h accepted",
         "1 proposal: 1 accepted, 0 declined, 0 no answer"),
        (lambda i, c: organizer.declines(i, c), "1 h proposed, 0 min accepted",
         "1 proposal: 0 accepted, 1 declined, 0 no answer"),
        (None, "1 h proposed, 0 min accepted", "1 proposal: 0 accepted, 0 declined, 0 no answer"),
    ],
)  # fmt: skip
def test_the_homepage_shows_minutes_proposed_and_accepted_and_what_works(
    google: Google, answer: Answerer | None, time: str, bar: str
) -> None:
    before = gmail_lines(_home(google))
    assert "0 min proposed, 0 min accepted" in before
    assert "No proposals yet this month." in before
    counter = propose(google, "shorter")  # 90 minutes made 30
    if answer is not None:
        open_answer(google, answer(invite_bytes(REVIEW), counter))
    home = _home(google)
    lines = gmail_lines(home)
    assert time in lines
    assert lines[lines.index("Your proposals") + 1 : lines.index("Your proposals") + 4] == [
        "Make it shorter", "\u2588" * 20, bar,
    ]  # fmt: skip
    assert "Your organisation's proposals" in lines
    # The bar's colour says the answer, and a legend names it.
    colour = {"1 accepted": "#188038", "1 declined": "#c5221f"}
    for figure, hex_ in colour.items():
        assert (hex_ in json.dumps(home)) is (figure in bar)


def test_the_homepage_counts_a_colleagues_proposals_for_the_organisation_only(
    google: Google,
) -> None:
    propose(google, "shorter")
    home = gmail_lines(_home(google, user="per@lumen.example"))
    assert "You have made no proposals this month." in home
    mine = home.index("Your organisation's proposals")
    assert home[mine + 1 : mine + 3] == ["Make it shorter", "\u2588" * 20]


def test_the_homepage_is_in_the_readers_language(google: Google) -> None:
    counter = propose(google, "shorter")
    open_answer(google, organizer.accepts(invite_bytes(REVIEW), counter, "exchange"))
    home = gmail_lines(_home(google, locale="sv-SE"))
    assert "Föreslaget: 1 tim, godtaget: 1 tim" in home
    assert "1 förslag (godtagna: 1, avböjda: 0, utan svar: 0)" in home


def _seed(google: Google, outcomes: list[str | None], client: str = "Nordvik%") -> None:
    """Earlier shorter meetings Anna proposed to a client, oldest first, and their answers."""
    with store(google.app).session() as session:
        [nordvik] = session.scalars(
            select(Client.id).where(Client.tenant == "lumen.example", Client.name.like(client))
        )
        users = Users(session, "lumen.example")
        for i, outcome in enumerate(outcomes):
            key, at = f"earlier-{i}", NOW - dt.timedelta(days=30 - i)
            users.log_decision(
                "anna@lumen.example", meeting_key=key, strategy="shorter", minutes_saved=30,
                client_id=nordvik, at=at, proposal=Proposal("shorter", 0),
            )  # fmt: skip
            if outcome is not None:
                users.record_outcome("anna@lumen.example", key, outcome, at)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("oldest_first", "said"),
    [
        (["declined", "declined"], True),
        (["accepted", "declined", "declined"], True),
        (["declined"], False),
        (["declined", "accepted"], False),  # declined, then accepted
        (["declined", None], False),  # the last one is unanswered yet
        ([], False),
    ],
)
@pytest.mark.parametrize("warm", [False, True], ids=["first-open", "client-foreseen"])
def test_the_advice_says_when_the_client_declined_two_shorter_meetings_in_a_row(
    google: Google, oldest_first: list[str | None], said: bool, warm: bool
) -> None:
    """``warm``: the invite was opened before, so the process foresees its client and reads
    the client's last answers with the settings (one statement), not after them."""
    if warm:
        google.open_message(REVIEW)
    _seed(google, oldest_first)
    card = trigger_card(google.open_message(REVIEW))
    lines = gmail_lines(card)
    assert (DECLINED_TWICE in lines) is said
    if said:  # under that strategy, not another
        heading = next(i for i, x in enumerate(lines) if x.endswith(". Make it shorter"))
        assert DECLINED_TWICE in lines[heading : heading + 4]


def test_a_shorter_meeting_declined_at_this_open_counts_in_the_advice_it_opens(
    google: Google,
) -> None:
    _seed(google, ["declined"])
    propose(google, "shorter")
    # The organizer keeps the meeting as it was: the second shorter meeting declined in a
    # row, recognised and recorded by this very open, which then advises with it in view.
    lines = gmail_lines(open_answer(google, organizer.keeps(invite_bytes(REVIEW), "google")))
    assert DECLINED_TWICE in lines


def test_a_client_foreseen_from_an_older_directory_is_not_the_one_whose_answers_count(
    google: Google,
) -> None:
    """The process foresees Nordvik (matched by its domain at the last open); the directory
    has changed since: Eva Lind is now a contact of a client of her own, who declined two
    shorter meetings. Nordvik's history, read with the settings, must not stand for hers."""
    google.open_message(REVIEW)
    with store(google.app).session() as session:
        Directory(session, "lumen.example").import_records(
            read_csv(
                b"name,tier,annual_revenue,currency,account_manager,domains,contacts,notes\n"
                b"Lind Advisory,key,900000,SEK,,,eva.lind@nordvik.example,\n"
            ),
            by="test",
        )
    _seed(google, ["declined", "declined"], client="Lind Advisory")
    lines = gmail_lines(trigger_card(google.open_message(REVIEW)))
    assert "Lind Advisory declined the last two shorter meetings you proposed." in lines
