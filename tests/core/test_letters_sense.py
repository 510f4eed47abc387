"""Letters that make sense (issue 24): times that exist for both people, reasons that are true,
a strategy that fits the meeting, in the words a native account manager uses. Real invites,
real wording in both languages."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from addon.directory.repository import Directory
from addon.errors import StrategyError
from addon.invite import read_invite
from addon.invite.model import Person
from addon.triage.request import ReplyRequest
from addon.triage.service import Outcome, triage
from addon.writing.letters import Voice, write_reply
from tests.support.paths import invite_bytes

STOCKHOLM = ZoneInfo("Europe/Stockholm")
BEFORE = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)  # before every fixture's meeting
ANNA = Person("anna@lumen.example", "Anna Berg")
DAVID = Person("david@lumen.example", "David Ek")


def reply(
    directory: Directory,
    fixture: str,
    strategy: str | None,
    *,
    me: Person = ANNA,
    now: dt.datetime = BEFORE,
    **asked: object,
) -> Outcome:
    request = ReplyRequest(strategy=strategy, zone=STOCKHOLM, **asked)  # type: ignore[arg-type]
    invite = read_invite(invite_bytes(fixture))
    return triage(directory, invite, request, me=me.email, my_name=me.display_name, now=now)


def letter(outcome: Outcome) -> str:
    assert outcome.reply is not None
    return " ".join(outcome.reply.text.split())


# 1. A sense of time ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("move_days", "lang", "says"),
    [
        # Friday 18 December + a week is Christmas Day: the next day off for neither country
        # is Monday 28 December (24-26 December are Swedish and German holidays).
        (7, "en", "Could we move it to Monday 28 December, 10:00–12:00?"),
        (7, "sv", "Kan vi flytta mötet till måndag den 28 december kl. 10.00–12.00?"),
        # The next day is a Saturday: Monday, at the same time.
        (1, "en", "Could we move it to Monday 21 December, 10:00–12:00?"),
        (1, "sv", "Kan vi flytta mötet till måndag den 21 december kl. 10.00–12.00?"),
    ],
)
def test_a_moved_meeting_never_lands_on_a_holiday_or_a_weekend(
    directory: Directory, move_days: int, lang: str, says: str
) -> None:
    outcome = reply(directory, "christmas-week-review.ics", "move", reason="conflict",
                    move_days=move_days, locale=lang)  # fmt: skip
    assert says in letter(outcome)
    assert outcome.reply is not None and outcome.reply.calendar_part is not None
    assert "DTSTART:20261228T090000Z" in outcome.reply.calendar_part.text or move_days == 1


def test_a_moved_meeting_stays_within_both_peoples_hours(directory: Directory) -> None:
    # The weekly sync starts at 08.30, before the user's day begins: 09.00 a week later.
    outcome = reply(directory, "google-recurring.ics", "move", reason="conflict", locale="en")
    assert "Could we move it to Thursday 10 December, 09:00–09:30?" in letter(outcome)
    # A New York organizer's 09.00 is 15.00 in Stockholm: it fits both, a week later.
    outcome = reply(directory, "new-york-kickoff.ics", "move", reason="ill", locale="en")
    assert (
        "Could we move it to Tuesday 15 December, 09:00–10:00 New York time (15:00–16:00 in "
        "Stockholm)?" in letter(outcome)
    )


@pytest.mark.parametrize(
    ("fixture", "reason", "says"),
    [
        # A two-day workshop stays two whole days: a week later is Christmas Eve, so the next
        # two working days are 28-29 December.
        (
            "multi-day-workshop.ics",
            "ill",
            "on 16–17 December. I have fallen ill. Could we move it to 28–29 December?",
        ),
    ],
)
def test_a_moved_all_day_event_stays_all_day_and_names_its_days(
    directory: Directory, fixture: str, reason: str, says: str
) -> None:
    outcome = reply(directory, fixture, "move", reason=reason, locale="en")
    assert says in letter(outcome)
    assert outcome.reply is not None and outcome.reply.calendar_part is not None
    part = outcome.reply.calendar_part.text
    assert "DTSTART;VALUE=DATE:20261228" in part and "DTEND;VALUE=DATE:20261230" in part


# 2. A meeting that is over, or under way ---------------------------------------------------------


def test_a_meeting_that_is_over_gets_no_proposal_and_says_when_it_took_place(
    directory: Directory,
) -> None:
    after = dt.datetime(2026, 12, 21, 9, tzinfo=dt.UTC)
    outcome = reply(directory, "christmas-week-review.ics", None, now=after)
    assert outcome.reply is None and outcome.chosen is None
    assert outcome.assessment.verdict.offered == ()
    note = outcome.assessment.notes[0]
    assert note.render("en") == "This meeting took place on Friday, December 18, 2026."
    assert note.render("sv") == "Mötet hölls fredag den 18 december 2026."
    with pytest.raises(StrategyError, match="took place on Friday, December 18, 2026"):
        reply(directory, "christmas-week-review.ics", "move", reason="ill", now=after)


def test_a_meeting_under_way_may_still_become_a_call_or_shorter(directory: Directory) -> None:
    started = dt.datetime(2026, 12, 18, 9, 30, tzinfo=dt.UTC)  # 10.30 in Stockholm
    outcome = reply(directory, "christmas-week-review.ics", None, now=started, reason="ill")
    offered = [r.id for r in outcome.assessment.verdict.offered]
    assert set(offered) == {"phone", "shorter", "keep"}
    assert outcome.assessment.notes[0].render("en") == "This meeting has already started."


# 4. Strategies that fit the meeting ---------------------------------------------------------------

EMAIL = {
    ("en", "warm"): "By Friday 18 December, I'll send you an update on where things stand, answers "
    "to the open questions and what we need you to decide.",
    ("en", "formal"): "By Friday 18 December, I will send you a written update on where things "
    "stand, answers to the open questions and the decisions we need from you.",
    ("sv", "warm"): "Senast fredag den 18 december skickar jag en lägesrapport, svar på de öppna "
    "frågorna och det ni behöver ta ställning till.",
    ("sv", "formal"): "Senast fredag den 18 december skickar jag en lägesrapport med svar på de "
    "öppna frågorna och de beslut vi behöver från er.",
}


@pytest.mark.parametrize(("lang", "tone"), list(EMAIL))
def test_email_means_the_user_writes_what_the_meeting_would_have_given(
    lang: str, tone: str
) -> None:
    # A standard client's status meeting on 18 December, answered by email: the user does the
    # work, by a day they name, and the client is never asked for material.
    invite = read_invite(invite_bytes("christmas-week-review.ics"))
    draft = write_reply(invite, "email", me=ANNA, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
                        now=BEFORE)  # fmt: skip
    text = " ".join(draft.text.split())
    assert EMAIL[(lang, tone)] in text
    for asking in ("send me", "please send", "skicka gärna", "skicka mig"):
        assert asking not in text.lower()


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_the_trip_is_never_the_reason_given_to_a_client_who_weighs_high(
    lang: str, tone: str
) -> None:
    invite = read_invite(invite_bytes("christmas-week-review.ics"))  # at Nordvik's own HQ
    voice = Voice(locale=lang, tone=tone, tz=STOCKHOLM)  # type: ignore[arg-type]
    high = write_reply(invite, "phone", me=ANNA, voice=voice, client="Nordvik Logistik AB",
                       client_weight="high")  # fmt: skip
    low = write_reply(invite, "phone", me=ANNA, voice=voice, client="Nordvik Logistik AB",
                      client_weight="low")  # fmt: skip
    trip = ("trip", "journey", "resan", "restid")
    assert not any(word in high.text for word in trip)
    assert any(word in low.text for word in trip)


# At our own office: nobody travels, so no trip is claimed.
INTERNAL = {
    ("en", "warm"): "Hi Anna, Could we do “Pitch prep” on Wednesday 9 December at 13:00 as a call "
    "instead? I'll give you a ring then.",
    ("sv", "warm"): "Hej Anna! Kan vi ta ”Pitch prep” onsdag den 9 december kl. 13.00 som ett "
    "samtal i stället? Jag ringer dig då.",
    ("en", "formal"): "Dear Anna, Would you mind if we held “Pitch prep” on Wednesday 9 December "
    "at 13:00 as a call instead? I will call you at that time.",
    ("sv", "formal"): "Hej Anna, Går det bra att vi tar ”Pitch prep” onsdag den 9 december "
    "kl. 13.00 som ett samtal i stället? Jag ringer upp dig på den tiden.",
}  # fmt: skip


@pytest.mark.parametrize(("lang", "tone"), list(INTERNAL))
def test_a_colleagues_own_meeting_gets_a_note_not_a_client_letter(
    directory: Directory, lang: str, tone: str
) -> None:
    # Anna, a colleague, organised the pitch prep; David answers her directly.
    outcome = reply(directory, "internal-pitch-prep.ics", "phone", me=DAVID, locale=lang,
                    tone=tone)  # fmt: skip
    text = letter(outcome)
    assert text.startswith(INTERNAL[(lang, tone)])
    for client_framing in ("invitation", "inbjudan", "account manager", "kundansvarig"):
        assert client_framing not in text


@pytest.mark.parametrize(
    ("lang", "says", "never"),
    [
        ("en", "the series “Weekly sync” starting on Thursday 3 December at 08:30. I won't be "
         "able to join these meetings for the time being", "this time"),
        ("sv", "serien ”Weekly sync” med start torsdag den 3 december kl. 8.30. Jag kan inte "
         "vara med på de här mötena framöver", "den här gången"),
    ],
)  # fmt: skip
def test_a_series_answered_as_a_whole_speaks_of_the_series(
    directory: Directory, lang: str, says: str, never: str
) -> None:
    outcome = reply(directory, "google-recurring.ics", "email", scope="series", locale=lang)
    text = letter(outcome)
    assert says in text and never not in text


@pytest.mark.parametrize(
    ("lang", "tone", "greeting"),
    [("en", "warm", "Hi,"), ("en", "formal", "Hi,"), ("sv", "warm", "Hej,"),
     ("sv", "formal", "Hej,")],
)  # fmt: skip
def test_an_organizer_without_a_name_is_greeted_without_one(
    lang: str, tone: str, greeting: str
) -> None:
    invite = read_invite(invite_bytes("bare-vevent.ics"))  # ORGANIZER:mailto:pat@... no CN
    draft = write_reply(invite, "email", me=ANNA, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM))  # type: ignore[arg-type]
    assert draft.text.startswith(f"{greeting}\n")
    for stranger in ("Sir or Madam", "Hi there", "Bästa mottagare"):
        assert stranger not in draft.text


# 5. Language as people write it -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "zone", "says"),
    [
        # English without a region follows the user's: British English in Europe...
        ("en", STOCKHOLM, "on Friday 18 December at 10:00"),
        # ...American English in New York, the organizer's hour first and the user's beside it...
        ("en", ZoneInfo("America/New_York"),
         "on Friday, December 18 at 10:00 AM Central European Time (4:00 AM in New York)"),
        # ...and a chosen region wins.
        ("en-US", STOCKHOLM, "on Friday, December 18 at 10:00 AM"),
        ("sv", STOCKHOLM, "fredag den 18 december kl. 10.00"),
    ],
)  # fmt: skip
def test_dates_read_as_the_reader_writes_them_without_the_year_when_near(
    locale: str, zone: ZoneInfo, says: str
) -> None:
    invite = read_invite(invite_bytes("christmas-week-review.ics"))
    draft = write_reply(invite, "email", me=ANNA, voice=Voice(locale=locale, tz=zone), now=BEFORE)
    assert says in " ".join(draft.text.split())
    assert "2026" not in draft.text  # within twelve months: no year


@pytest.mark.parametrize(
    ("description", "points"),
    [
        # Someone says what the meeting covers: those are its topics.
        ("We will cover colour schemes, fonts and the logo.", ["Colour schemes", "Fonts", "Logo"]),
        ("Vi går igenom kontot, kampanjresultaten och planen för våren.",
         ["Kontot", "Kampanjresultaten", "Planen för våren"]),
        ("Agenda:\n- Budget\n- Hiring\n- Office move", ["Budget", "Hiring", "Office move"]),
        # A verb out of context names no topic; nor does a pointer or a list Raincheck cannot
        # read as an agenda.
        ("Please review the attached deck.", None),
        ("See the information below.\nReview: information below", None),
        ("- Au 1er étage\n- Sans ascenseur\n- Sans accès handicapé", None),
        ("Join here: <foo@example.org>. We will discuss <foo@example.org>", None),
    ],
)  # fmt: skip
def test_a_shorter_meetings_agenda_is_the_invites_own_topics_or_none(
    description: str, points: list[str] | None
) -> None:
    from dataclasses import replace

    invite = replace(
        read_invite(invite_bytes("christmas-week-review.ics")), description=description
    )
    draft = write_reply(invite, "shorter", me=ANNA, voice=Voice(locale="en", tz=STOCKHOLM))
    listed = [line[3:] for line in draft.text.splitlines() if line[:3] in ("1. ", "2. ", "3. ")]
    assert listed == (points or ["Where things stand", "What we need to decide", "Next steps"])


# 6. The briefing equips the account manager ------------------------------------------------------


def test_the_briefing_is_in_the_users_language_and_says_why_they_bow_out(
    directory: Directory,
) -> None:
    # A Swedish invite, a user whose own language is English: the client gets Swedish, the
    # colleague English, with the reason told as colleagues tell it.
    outcome = reply(directory, "teams-renewal.eml", "delegate", me=DAVID, reason="ill",
                    locale="sv", own_locale="en-GB")  # fmt: skip
    assert outcome.reply is not None and outcome.briefing is not None
    assert outcome.reply.text.startswith("Hej Karin")
    briefing = " ".join(outcome.briefing.text.split())
    assert briefing.startswith("Hi Anna, Could you speak for me at “Avtalsförnyelse 2027”")
    assert "I have fallen ill. Here's everything you need" in briefing
    assert "THE CLIENT" in outcome.briefing.text and "Solberg Energi" in briefing


@pytest.mark.parametrize(
    ("fixture", "say_why", "says"),
    [
        # The client organised: the choice is the reply's; the colleague is always told why.
        ("teams-renewal.eml", None, "I have fallen ill. Here's"),
        ("teams-renewal.eml", True, "I have fallen ill. Here's"),
        ("teams-renewal.eml", False, "I have fallen ill. Here's"),
        # The account manager organised: the briefing is the one email, and the choice its own.
        ("google-pitch.eml", None, "I have fallen ill. Here's"),
        ("google-pitch.eml", True, "I have fallen ill. Here's"),
        ("google-pitch.eml", False, "I won't be there. Here's"),
    ],
)
def test_the_briefing_says_why_unless_it_is_the_one_email_and_the_user_keeps_it(
    directory: Directory, fixture: str, say_why: bool | None, says: str
) -> None:
    outcome = reply(directory, fixture, "delegate", me=DAVID, reason="ill",
                    say_why=say_why, own_locale="en-GB")  # fmt: skip
    assert outcome.briefing is not None
    assert says in " ".join(outcome.briefing.text.split())


def test_the_briefing_never_claims_an_unknown_share_of_revenue(directory: Directory) -> None:
    # Harborline is in no directory: a client with no share of revenue at all.
    outcome = reply(directory, "colleague-client-visit.ics", "delegate", me=DAVID,
                    reason="colleague_covers")  # fmt: skip
    assert outcome.briefing is not None
    assert "Share of revenue" not in outcome.briefing.text
    assert "Tier: Not known" in outcome.briefing.text


@pytest.mark.parametrize(
    ("fixture", "withheld"),
    [
        # Only colleagues: nobody needs anyone to speak for the user.
        ("internal-pitch-prep.ics",
         "Everyone in this meeting is from your organisation: there is no client to speak to."),
        # A colleague's meeting with a client: the colleague can speak for the user.
        ("colleague-client-visit.ics", None),
    ],
)  # fmt: skip
def test_a_meeting_among_colleagues_has_no_client_to_bow_out_to(
    directory: Directory, fixture: str, withheld: str | None
) -> None:
    outcome = reply(directory, fixture, None, me=DAVID, reason="workload")
    verdict = outcome.assessment.verdict
    offered = [r.id for r in verdict.offered]
    if withheld is None:
        assert "delegate" in offered
        assert verdict.withheld.get("delegate") is None
    else:
        assert "delegate" not in offered
        assert [m.render("en") for m in verdict.withheld["delegate"]] == [withheld]
    notes = " ".join(m.render("en") for m in outcome.assessment.notes)
    colleague = "writes to them as a colleague" in notes
    assert colleague is (withheld is not None)


@pytest.mark.parametrize(
    ("country", "proposed"),
    [
        # A user in Stockholm keeps Swedish holidays: Monday 17 May is a working day.
        (None, dt.datetime(2027, 5, 17, 10, tzinfo=STOCKHOLM)),
        # One who keeps Norway's skips its Constitution Day.
        ("NO", dt.datetime(2027, 5, 18, 10, tzinfo=STOCKHOLM)),
    ],
)
def test_the_user_keeps_the_holidays_of_the_country_they_choose(
    country: str | None, proposed: dt.datetime
) -> None:
    from dataclasses import replace

    from addon.calendar.bounds import moved

    review = read_invite(invite_bytes("christmas-week-review.ics"))
    start = dt.datetime(2027, 5, 10, 10, tzinfo=STOCKHOLM)  # a Monday
    invite = replace(review, start=start, end=start + dt.timedelta(hours=2))
    bounds = ReplyRequest(zone=STOCKHOLM, country=country).bounds(invite, BEFORE)
    assert moved(invite, 7, bounds).start == proposed


# The words that say "the series" or "the meetings" in each language's letters.
SERIES_WORDS = {
    "en": ("the series", "the meetings", "calls"),
    "sv": ("serien", "mötena", "samtal "),
    "nb": ("serien", "møtene", "samtaler", "fremover"),
    "da": ("serien", "møder", "opkald "),
    "de": ("Terminserie", "Termine", "Telefonate"),
}


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize(("strategy", "reason"), [("move", "conflict"), ("shorter", "workload")])
@pytest.mark.parametrize("lang", sorted(SERIES_WORDS))
def test_a_series_moved_or_shortened_as_a_whole_says_so_in_every_language(
    directory: Directory, lang: str, strategy: str, reason: str, tone: str
) -> None:
    # The calendar answer moves or shortens every meeting of the series: a letter that asks to
    # move "the meeting" proposes one thing and sends another.
    outcome = reply(directory, "tuesday-series.ics", strategy, scope="series", locale=lang,
                    reason=reason, tone=tone)  # fmt: skip
    # Not the title's "the series “Projektavstämning”": what the letter asks for.
    asked = re.sub(r"\S+ [“”»«„][^“”»«„]*[“”»«]", "", letter(outcome))
    assert any(word in asked for word in SERIES_WORDS[lang]), asked


def test_every_language_has_its_series_words() -> None:
    from addon.i18n import LANGS

    assert sorted(SERIES_WORDS) == sorted(LANGS)
