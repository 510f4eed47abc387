"""Replies and briefings: every strategy in English and Swedish, warm and formal, text
and HTML, with its calendar part."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest

from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.errors import UsageError
from addon.invite import read_invite
from addon.invite.model import Invite, Person
from addon.invite.topics import client_message
from addon.invite.venue import in_person
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from addon.triage.weigh import ClientProfile
from addon.writing.briefing import BriefingNotes, write_briefing
from addon.writing.letters import Voice, write_reply
from addon.writing.sanitize import note_html, note_text
from tests.support.golden import expected
from tests.support.itip_rules import check_itip
from tests.support.paths import invite_bytes

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ANNA = Person("anna@lumen.example", "Anna Berg")
DAVID = Person("david@lumen.example", "David Ek")


@pytest.fixture
def review() -> Invite:
    return read_invite(invite_bytes("exchange-quarterly-review.eml"))


@pytest.fixture
def renewal() -> Invite:
    return read_invite(invite_bytes("teams-renewal.eml"))


CASES = [
    (strategy, lang, tone)
    for strategy in ("phone", "shorter", "email", "delegate")
    for lang in ("en", "sv")
    for tone in ("warm", "formal")
]
GREETING = {("en", "warm"): "Hi Eva,", ("en", "formal"): "Dear Eva,",
            ("sv", "warm"): "Hej Eva!", ("sv", "formal"): "Hej Eva,"}  # fmt: skip
# English for a user in Europe is British English; Swedish writes "torsdag den 3 december".
DATE = {"en": "Thursday 3 December 2026", "sv": "torsdag den 3 december 2026"}
SIGN_OFF = {("en", "warm"): "Best,", ("en", "formal"): "Kind regards,",
            ("sv", "warm"): "Många hälsningar", ("sv", "formal"): "Vänliga hälsningar"}  # fmt: skip
METHOD = {"phone": "COUNTER", "shorter": "COUNTER", "email": "REPLY", "delegate": "REPLY"}


@pytest.mark.parametrize(("strategy", "lang", "tone"), CASES)
def test_every_reply_is_personal_short_and_signed(
    review: Invite, strategy: str, lang: str, tone: str
) -> None:
    draft = write_reply(
        review, strategy, me=ANNA, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        account_manager=DAVID, call="+46 70 123 45 67",
    )  # fmt: skip
    assert draft.to == ("eva.lind@nordvik.example",)
    assert draft.subject == "Re: Quarterly account review"
    text = draft.text
    assert text.startswith(GREETING[lang, tone])
    assert "Quarterly account review" in text
    assert text.rstrip().endswith(f"{SIGN_OFF[lang, tone]}\nAnna Berg")
    assert len(text.split()) < 160, "replies are short"
    if strategy != "shorter":
        assert DATE[lang] in text
    # The HTML says the same as the text, word for word (its lists number themselves).
    html_words = re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", draft.html)))
    assert html_words == re.findall(r"\w+", re.sub(r"(?m)^\d+\. ", "", text))
    assert draft.calendar_part is not None and draft.calendar_part.method == METHOD[strategy]
    check_itip(draft.calendar_part, review, "anna@lumen.example")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "how about Thursday 3 December 2026, 14:00–14:30?"),
    ("sv", "vad sägs om torsdag den 3 december 2026 kl. 14.00–14.30?"),
])  # fmt: skip
def test_shorter_proposes_the_same_start_and_the_shorter_end(
    review: Invite, lang: str, expected: str
) -> None:
    draft = write_reply(review, "shorter", me=ANNA, voice=Voice(locale=lang, tz=STOCKHOLM))
    assert expected in " ".join(draft.text.split())
    assert "1. " in draft.text and "3. " in draft.text
    assert draft.calendar_part is not None
    event = check_itip(draft.calendar_part, review, "anna@lumen.example")
    assert event.decoded("DTSTART") == review.start
    assert event.decoded("DTEND") == review.start + dt.timedelta(minutes=30)  # type: ignore[operator]
    assert "X-MS-OLK-ORIGINALSTART:20261203T130000Z" in draft.calendar_part.text
    assert "X-MS-OLK-ORIGINALEND:20261203T143000Z" in draft.calendar_part.text


def test_shorter_follows_the_minutes_asked_for_and_never_lengthens(review: Invite) -> None:
    draft = write_reply(review, "shorter", me=ANNA, voice=Voice(tz=STOCKHOLM), minutes=45)
    assert "45 minutes" in draft.text and "14:00–14:45" in draft.text
    with pytest.raises(UsageError, match="would not make it shorter"):
        write_reply(review, "shorter", me=ANNA, voice=Voice(), minutes=90)


def test_phone_counter_keeps_the_time_and_carries_the_call_as_location(review: Invite) -> None:
    draft = write_reply(
        review, "phone", me=ANNA, voice=Voice(tz=STOCKHOLM), call="+46 70 123 45 67"
    )
    assert "You can reach me on +46 70 123 45 67." in draft.text
    assert '<a href="tel:+46701234567">+46 70 123 45 67</a>' in draft.html
    assert "It would save me the trip" in draft.text  # the review is at the client's own HQ
    assert draft.calendar_part is not None
    event = check_itip(draft.calendar_part, review, "anna@lumen.example")
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (review.start, review.end)
    assert str(event["LOCATION"]) == "Phone call: +46 70 123 45 67"


def test_phone_with_a_link_offers_the_link(review: Invite) -> None:
    link = "https://meet.example/anna"
    draft = write_reply(review, "phone", me=ANNA, voice=Voice(), call=link)
    assert f"Here is the link for the call: {link}" in draft.text
    assert f'<a href="{link}">{link}</a>' in draft.html


def test_phone_without_a_number_asks_for_theirs(review: Invite) -> None:
    draft = write_reply(review, "phone", me=ANNA, voice=Voice(locale="sv"))
    assert "Vilket nummer når jag dig enklast på?" in draft.text


def test_email_declines_with_a_comment(review: Invite) -> None:
    draft = write_reply(review, "email", me=ANNA, voice=Voice())
    assert draft.calendar_part is not None
    event = check_itip(draft.calendar_part, review, "anna@lumen.example")
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"
    assert "email" in str(event["COMMENT"])
    assert "in writing for now" in draft.text and "call" in draft.text


@pytest.mark.parametrize(
    ("lang", "tone", "says"),
    [
        ("en", "warm", "I won't be able to join"),
        ("en", "formal", "I will not be able to attend"),
        ("sv", "warm", "Jag kan inte vara med"),
        ("sv", "formal", "Jag har tyvärr inte möjlighet att delta"),
    ],
)
def test_the_email_letter_says_what_its_calendar_answer_says_and_blames_no_one(
    review: Invite, lang: str, tone: str, says: str
) -> None:
    draft = write_reply(review, "email", me=ANNA, voice=Voice(locale=lang, tone=tone))  # type: ignore[arg-type]
    assert draft.calendar_part is not None and "PARTSTAT=DECLINED" in draft.calendar_part.text
    assert says in draft.text
    assert "?" not in draft.text.split("\n\n")[1], "a declined meeting is not a question"
    for hint in ("everyone's time", "save us both some time", "allas tid", "spara tid"):
        assert hint not in draft.text


def test_delegate_names_the_account_manager_and_delegates_to_them(renewal: Invite) -> None:
    anna = Person("anna@lumen.example", "Berg, Anna")
    draft = write_reply(renewal, "delegate", me=DAVID, voice=Voice(), account_manager=anna)
    assert "my colleague Anna Berg, your account manager, will be there for us" in draft.text
    assert draft.calendar_part is not None
    event = check_itip(draft.calendar_part, renewal, "david@lumen.example")
    assert event["ATTENDEE"].params["PARTSTAT"] == "DELEGATED"
    assert event["ATTENDEE"].params["DELEGATED-TO"] == "mailto:anna@lumen.example"


def test_delegating_to_an_organizer_who_manages_the_client_declines_instead() -> None:
    pitch = read_invite(invite_bytes("google-pitch.eml"))
    draft = write_reply(pitch, "delegate", me=DAVID, voice=Voice(), account_manager=ANNA)
    assert draft.to == ("anna@lumen.example",)
    assert "briefing separately" in draft.text
    assert draft.calendar_part is not None
    event = check_itip(draft.calendar_part, pitch, "david@lumen.example")
    assert event["ATTENDEE"].params["PARTSTAT"] == "DECLINED"


def test_the_users_note_is_sanitized_in_html_and_plain_in_text(review: Invite) -> None:
    note = 'Looking forward! <script>alert(1)</script><b>Really</b> <a href="javascript:x">x</a>'
    draft = write_reply(review, "email", me=ANNA, voice=Voice(), note=note)
    assert "<script" not in draft.html and "javascript:" not in draft.html
    assert "<b>Really</b>" in draft.html
    assert "Looking forward! alert(1)Really x" in draft.text
    assert "<" not in draft.text


def test_invite_text_is_escaped_in_html() -> None:
    invite = read_invite(
        invite_bytes("outlook-windows-zone.ics").replace(
            b"Pricing review for the 2027 retainer", b"Review <img src=x onerror=alert(1)>"
        )
    )
    draft = write_reply(invite, "email", me=ANNA, voice=Voice())
    assert "<img" not in draft.html and "&lt;img" in draft.html


def test_reader_time_zone_and_locale_shape_dates(review: Invite) -> None:
    # The reader is the organizer, in the zone the invite was written in; a user in New York
    # sees their own hour in brackets, in the English of their region.
    new_york = write_reply(review, "phone", me=ANNA, voice=Voice(locale="en", tone="formal",
                                                                 tz=ZoneInfo("America/New_York")))  # fmt: skip
    assert (
        "Thursday, December 3, 2026 at 2:00 PM Central European Time (8:00 AM in New York)"
        in new_york.text
    )
    british = write_reply(review, "phone", me=ANNA, voice=Voice(locale="en-GB", tz=STOCKHOLM))
    assert "Thursday 3 December 2026 at 14:00" in british.text


def test_an_all_day_invite_reads_without_a_time() -> None:
    workshop = read_invite(invite_bytes("exchange-allday.ics"))
    draft = write_reply(workshop, "email", me=ANNA, voice=Voice())
    assert "on December 16–17, 2026." in draft.text


@pytest.mark.parametrize(("lang", "headings"), [
    ("en", ["THE MEETING", "THE CLIENT", "WHAT THE CLIENT WANTS", "STATUS OF MY WORK",
            "KEY POINTS TO MAKE", "LIKELY QUESTIONS, WITH ANSWERS", "OPEN DECISIONS",
            "WHERE THE MATERIAL IS", "HOW TO REACH ME"]),
    ("sv", ["MÖTET", "KUNDEN", "VAD KUNDEN VILL", "SÅ LÅNGT HAR JAG KOMMIT", "VIKTIGA BUDSKAP",
            "TROLIGA FRÅGOR OCH SVAR", "ÖPPNA BESLUT", "VAR UNDERLAGET FINNS", "SÅ NÅR DU MIG"]),
])  # fmt: skip
def test_briefing_holds_what_the_account_manager_needs(lang: str, headings: list[str]) -> None:
    pitch = read_invite(invite_bytes("google-pitch.eml"))
    profile = ClientProfile(
        name="Bluefjord Studio", tier="key", weight="medium", revenue_share=0.07,
        account_manager="anna@lumen.example", matched_by="domain", matched_key="bluefjord.example",
        meetings_90d=4, reasons=(),
    )  # fmt: skip
    notes = BriefingNotes(
        {
            "status": "Concepts A and B are done; C needs a day.",
            "points": "Lead with concept B.\nMention the budget fits.",
            "questions": "Timeline? Six weeks from go.",
            "decisions": "Which concept to produce",
            "material": "Drive: /Bluefjord/Spring <b>deck</b><script>x</script>",
        }
    )
    draft = write_briefing(pitch, me=DAVID, voice=Voice(locale=lang, tz=STOCKHOLM),
                           profile=profile, account_manager=ANNA, notes=notes,
                           call="+46 70 555 12 34")  # fmt: skip
    assert draft.to == ("anna@lumen.example",)
    positions = [draft.text.index(h) for h in headings]
    assert positions == sorted(positions)
    for fact in ("Bluefjord Studio", "Kim Sandberg <kim.sandberg@bluefjord.example>",
                 "Sveavägen 44", "https://meet.google.com/abc-defg-hij", "Lead with concept B.",
                 "Six weeks from go.", "+46 70 555 12 34", "david@lumen.example",
                 "We present three concepts"):  # fmt: skip
        assert fact in draft.text
    assert "Join with Google Meet" not in draft.text, "conferencing boilerplate stays out"
    assert ("10.00" if lang == "sv" else "10:00") in draft.text  # "kl. 10.00" in Swedish
    assert "<script" not in draft.html and "<b>deck</b>" in draft.html
    assert "Lead with concept B.<br>" in draft.html
    assert "<b>" not in draft.text


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize(
    ("location", "claims_travel"),
    [("Nordvik HQ, Hamngatan 12, Stockholm", True), ("Stockholm", False), ("TBD", False)],
)
def test_a_call_claims_to_save_travel_only_when_the_meeting_is_known_to_be_in_person(
    review: Invite, lang: str, tone: str, location: str, claims_travel: bool
) -> None:
    invite = replace(review, location=location, in_person=in_person(location, online=False))
    draft = write_reply(
        invite, "phone", me=ANNA, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        account_manager=None,
    )  # fmt: skip
    travel = re.search(r"trip|travel|journey|resan|restid", draft.text, re.IGNORECASE)
    assert bool(travel) is claims_travel


SERIES_TEXT = {
    ("en", "series"): "the series “Weekly sync” starting on Thursday 3 December",
    ("sv", "series"): "serien ”Weekly sync” med start torsdag den 3 december",
    ("en", "occurrence"): "“Weekly sync” on Thursday 3 December",
    ("sv", "occurrence"): "”Weekly sync” torsdag den 3 december",
}


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("scope", ["series", "occurrence"])
@pytest.mark.parametrize("strategy", ["move", "email"])  # online: a call saves nothing
def test_a_reply_to_a_series_says_which_meetings_it_is_about_and_carries_it(
    lang: str, scope: str, strategy: str
) -> None:

    series = read_invite(invite_bytes("google-recurring.ics"))
    assert series.series and series.rrule == "FREQ=WEEKLY;BYDAY=TH"
    store = Store("sqlite://")
    with store.session() as session:
        outcome = triage(
            Directory(session, "lumen.example"),
            series,
            ReplyRequest(strategy=strategy, scope=scope, locale=lang, zone=STOCKHOLM,  # type: ignore[arg-type]
                         reason="conflict"),
            me="anna@lumen.example",
            now=dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC),
        )  # fmt: skip
    assert outcome.series
    reply = outcome.reply
    assert reply is not None and reply.calendar_part is not None
    assert SERIES_TEXT[(lang, scope)] in reply.text
    event = check_itip(reply.calendar_part, outcome.assessment.invite, "anna@lumen.example",
                       now=dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC))  # fmt: skip
    if scope == "series":
        assert "RRULE:FREQ=WEEKLY;BYDAY=TH" in reply.calendar_part.text
        assert "RECURRENCE-ID" not in event
    else:
        assert event.decoded("RECURRENCE-ID") == dt.datetime(2026, 12, 3, 7, 30, tzinfo=dt.UTC)
        assert "series" not in reply.text and "serien" not in reply.text


@pytest.mark.parametrize(
    ("fixture", "user_tz", "lang", "tone", "says", "never"),
    [
        # Sent in UTC, read by someone in Stockholm: the user's hour, and the zone named.
        ("valarm-negative-duration.ics", STOCKHOLM, "sv", "warm", "kl. 14.00 (CET)", "13.00"),
        ("valarm-negative-duration.ics", STOCKHOLM, "en", "warm", "at 14:00 (CET)", "13:00"),
        # No zone known for the user: UTC, said as UTC.
        ("valarm-negative-duration.ics", None, "en", "warm", "at 1:00 PM (UTC)", "GMT"),
        # A zone of the sender's own making (+05:30, no IANA name): the user's hour, named.
        ("outlook-custom-timezone.ics", STOCKHOLM, "en", "warm", "at 10:30 (CET)", "15:00"),
        # Floating: the hour as written, never given a zone.
        ("floating.ics", STOCKHOLM, "en", "formal", "11 December 2026 at 13:00.", "GMT"),
        ("floating.ics", None, "sv", "warm", "kl. 13.00.", "GMT"),
        # Same offset as the user's zone: the warm tone need not name it.
        ("exchange-quarterly-review.eml", STOCKHOLM, "en", "warm", "3 December 2026 at 14:00.", "Central European"),
        # Written in New York: the organizer's hour, the user's in brackets.
        ("new-york-kickoff.ics", STOCKHOLM, "en", "warm", "at 09:00 New York time (15:00 in Stockholm)", "(CET)"),
        ("new-york-kickoff.ics", STOCKHOLM, "sv", "formal", "kl. 9.00 New York-tid (kl. 15.00 i Stockholm)", "(CET)"),
        # Same zone as the reader's, formal too: no zone a reader would not write.
        ("exchange-quarterly-review.eml", STOCKHOLM, "sv", "formal", "3 december 2026 kl. 14.00.", "(CET)"),
    ],
)  # fmt: skip
def test_a_letter_gives_the_readers_hour_and_names_the_zone_when_it_could_be_misread(
    fixture: str, user_tz: ZoneInfo | None, lang: str, tone: str, says: str, never: str
) -> None:
    invite = read_invite(invite_bytes(fixture))
    draft = write_reply(
        invite, "email", me=ANNA, voice=Voice(locale=lang, tone=tone, tz=user_tz),  # type: ignore[arg-type]
    )  # fmt: skip
    assert says in draft.text
    assert never not in draft.text


@pytest.mark.parametrize(
    ("location", "lang", "tone", "says"),
    [
        # At the client's own office: only the user travels.
        ("Nordvik HQ, Hamngatan 12, Stockholm", "en", "warm", "It would save me the trip"),
        ("Nordvik HQ, Hamngatan 12, Stockholm", "sv", "warm", "Det skulle spara mig resan"),
        ("Nordvik HQ, Hamngatan 12, Stockholm", "en", "formal", "It would save me the journey"),
        # At the user's own office: only the client travels.
        ("Lumen office, Drottninggatan 5", "en", "warm", "It would save you the trip"),
        ("Lumen office, Drottninggatan 5", "sv", "formal", "Det sparar er restiden"),
        # Somewhere else: both travel.
        ("Café Saturnus, Eriksbergsgatan 6", "en", "warm", "It would save us both the trip"),
        ("Café Saturnus, Eriksbergsgatan 6", "sv", "warm", "Det skulle spara oss båda resan"),
        # A room at an address neither name is in: most likely the organizer's own office, so
        # only the user's trip is claimed (not "us both": the client would go nowhere).
        (
            "Besprechungsraum Elbe, 3. OG, Am Sandtorkai 50",
            "en",
            "warm",
            "It would save me the trip",
        ),
        ("Room 4, 12 Main Street", "sv", "warm", "Det skulle spara mig resan"),
        ("Hotel Anglais, Humlegårdsgatan 23", "en", "warm", "It would save us both the trip"),
    ],
)
def test_a_call_saves_the_trip_of_whoever_travels(
    review: Invite, location: str, lang: str, tone: str, says: str
) -> None:
    invite = replace(review, location=location, in_person=True)
    draft = write_reply(
        invite, "phone", me=ANNA, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        client="Nordvik Logistik AB",
    )  # fmt: skip
    assert says in draft.text


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("briefed", [True, False])
def test_the_colleague_is_fully_briefed_only_when_the_briefing_says_something(
    renewal: Invite, lang: str, tone: str, briefed: bool
) -> None:
    draft = write_reply(
        renewal, "delegate", me=DAVID, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        account_manager=ANNA, briefed=briefed,
    )  # fmt: skip
    claim = re.search(r"fully briefed|helt insatt|väl insatt|fullständig överlämning", draft.text)
    assert bool(claim) is briefed
    assert "Anna Berg" in draft.text


@pytest.mark.parametrize(
    ("description", "lang", "points"),
    [
        # The client's own agenda, as the quarterly review's invite writes it.
        (None, "en", ["Campaign results for Q4", "Next year's plans", "Roadmap for the new warehouse portal"]),
        ("Hej!\nVi går igenom kontot, kampanjresultaten och planen för våren.", "sv",
         ["Kontot", "Kampanjresultaten", "Planen för våren"]),
        ("Agenda:\n- Budget\n- Hiring\n- Office move\n- Other business", "en", ["Budget", "Hiring", "Office move"]),
        # One topic: it, and the next steps.
        ("Vi går igenom villkoren för avtalsförnyelsen inför 2027.", "sv",
         ["Villkoren för avtalsförnyelsen inför 2027", "Nästa steg"]),
        # Nothing to go on: the generic three.
        ("", "en", ["Where things stand", "What we need to decide", "Next steps"]),
        ("", "sv", ["Läget just nu", "Vad vi behöver besluta", "Nästa steg"]),
    ],
)  # fmt: skip
def test_a_shorter_meeting_proposes_the_clients_own_agenda(
    review: Invite, description: str | None, lang: str, points: list[str]
) -> None:
    invite = review if description is None else replace(review, description=description)
    draft = write_reply(invite, "shorter", me=ANNA, voice=Voice(locale=lang, tz=STOCKHOLM))
    listed = [line for line in draft.text.splitlines() if re.match(r"^\d\. ", line)]
    assert listed == [f"{n}. {point}" for n, point in enumerate(points, 1)]


def test_the_users_own_agenda_wins_over_the_invites(review: Invite) -> None:
    draft = write_reply(
        review, "shorter", me=ANNA, voice=Voice(tz=STOCKHOLM), agenda=("Prices", "Dates")
    )
    assert "1. Prices\n2. Dates" in draft.text and "Campaign results" not in draft.text


WHY = {
    ("ill", "en"): "I have fallen ill.",
    ("ill", "sv"): "Jag har blivit sjuk.",
    ("emergency", "en"): "Something urgent has come up that I have to deal with.",
    ("emergency", "sv"): "Det har dykt upp något akut som jag måste ta hand om.",
    ("conflict", "en"): "Something else has come up that needs my attention.",
    ("conflict", "sv"): "Det har kommit upp något annat som jag måste prioritera.",
    ("workload", "en"): "I am in the middle of a very busy period.",
    ("workload", "sv"): "Jag är mitt i en mycket intensiv period.",
    ("repetitive", "en"): "We have covered a lot in our recent meetings.",
    ("repetitive", "sv"): "Vi har gått igenom mycket på våra senaste möten.",
}


@pytest.mark.parametrize("lang", ["en", "sv"])
@pytest.mark.parametrize(
    ("reason", "say_why", "said"),
    [
        ("ill", None, True), ("emergency", None, True), ("conflict", None, True),
        ("workload", None, False), ("repetitive", None, False),
        ("workload", True, True), ("ill", False, False),
        # True only with meetings lately (repetitive) or in the hand-off (a colleague covers).
        ("repetitive", True, True), ("colleague_covers", True, False),
        ("dislike", None, False), ("dislike", True, False),
    ],
)  # fmt: skip
@pytest.mark.parametrize("strategy", ["phone", "shorter", "email"])
def test_a_good_reason_is_said_in_one_calm_sentence_and_dislike_never(
    review: Invite, lang: str, reason: str, say_why: bool | None, said: bool, strategy: str
) -> None:
    draft = write_reply(
        review, strategy, me=ANNA, voice=Voice(locale=lang, tz=STOCKHOLM),
        reason=reason, say_why=say_why, meetings_90d=3,  # type: ignore[arg-type]
    )  # fmt: skip
    sentences = [text for (r, lg), text in WHY.items() if lg == lang]
    found = [s for s in sentences if s in draft.text]
    assert found == ([WHY[(reason, lang)]] if said else [])
    assert "  " not in draft.text


MOVED = {
    ("en", "warm"): "Could we move it to Thursday 10 December 2026, 14:00–15:30?",
    ("en", "formal"): "I would like to propose Thursday 10 December 2026, 14:00–15:30 instead.",
    ("sv", "warm"): "Kan vi flytta mötet till torsdag den 10 december 2026 kl. 14.00–15.30?",
    ("sv", "formal"): "vill i stället föreslå torsdag den 10 december 2026 kl. 14.00–15.30.",
}  # fmt: skip


@pytest.mark.parametrize(("lang", "tone"), list(MOVED))
def test_move_proposes_the_same_time_a_week_later_with_a_counter_and_offers_a_call(
    review: Invite, lang: str, tone: str
) -> None:
    draft = write_reply(
        review, "move", me=ANNA, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        reason="conflict",
    )  # fmt: skip
    assert MOVED[(lang, tone)] in draft.text
    assert WHY[("conflict", lang)] in draft.text  # a valid reason is said
    assert re.search(r"a call|ett samtal", draft.text)
    assert draft.calendar_part is not None and draft.calendar_part.method == "COUNTER"
    event = check_itip(draft.calendar_part, review, "anna@lumen.example")
    week = dt.timedelta(days=7)
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        review.start + week,
        review.end + week,
    )


def test_move_to_another_day_is_the_users_choice(review: Invite) -> None:
    draft = write_reply(review, "move", me=ANNA, voice=Voice(tz=STOCKHOLM), move_days=1)
    assert "Friday 4 December 2026, 14:00–15:30" in draft.text


SLANG_AND_CALQUES = ("funka", "fortfarande", "ett riktigt samtal", "skyndsamt", "vill ses")


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("strategy", ["phone", "shorter", "email", "delegate", "move"])
def test_swedish_letters_read_as_swedish(
    review: Invite, renewal: Invite, strategy: str, tone: str
) -> None:
    invite = renewal if strategy == "delegate" else review
    draft = write_reply(
        invite, strategy, me=ANNA, voice=Voice(locale="sv", tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        account_manager=DAVID, reason="conflict",
    )  # fmt: skip
    for word in SLANG_AND_CALQUES:
        assert word not in draft.text.lower()
    assert re.search(r"kl\. \d\d\.\d\d", draft.text), "times as kl. 10.00"
    assert not re.search(r"kl\. \d\d:\d\d", draft.text)
    closing = draft.text.rstrip().splitlines()[-2]
    assert closing == ("Många hälsningar" if tone == "warm" else "Vänliga hälsningar")


def test_a_swedish_span_of_days_reads_as_swedish() -> None:
    allday = read_invite(invite_bytes("exchange-allday.ics"))
    draft = write_reply(allday, "email", me=ANNA, voice=Voice(locale="sv", tz=STOCKHOLM))
    assert "16–17 december 2026" in draft.text


@pytest.mark.parametrize(
    ("lang", "row"), [("sv", "Andel av omsättningen: 24 %"), ("en", "Share of revenue: 24%")]
)
def test_the_briefings_facts_do_not_repeat_themselves(lang: str, row: str) -> None:
    pitch = read_invite(invite_bytes("google-pitch.eml"))
    profile = ClientProfile(
        client_id=1, name="Bluefjord", tier="strategic", weight="high", revenue_share=0.24,
        account_manager="anna@lumen.example", matched_by="domain", matched_key="bluefjord.example",
        meetings_90d=0, reasons=(),
    )  # fmt: skip
    draft = write_briefing(pitch, me=DAVID, voice=Voice(locale=lang, tz=STOCKHOLM),
                           profile=profile, account_manager=ANNA, notes=BriefingNotes())  # fmt: skip
    assert row in draft.text.replace("\xa0", " ")


@pytest.mark.parametrize(
    ("manager", "lang", "tone", "greeting"),
    [
        (Person("anna@lumen.example", "Anna Berg"), "en", "formal", "Dear Anna,"),
        (Person("anna.berg@lumen.example"), "en", "warm", "Hi Anna,"),
        (Person("anna.berg@lumen.example"), "sv", "formal", "Hej Anna,"),
        # Without a name, no name: never "Dear Sir or Madam".
        (Person("ab12@lumen.example"), "en", "formal", "Hi,"),
        (Person("ab12@lumen.example"), "sv", "warm", "Hej,"),
    ],
)
def test_the_briefing_greets_a_colleague_by_first_name_never_as_a_stranger(
    manager: Person, lang: str, tone: str, greeting: str
) -> None:
    pitch = read_invite(invite_bytes("google-pitch.eml"))
    profile = ClientProfile(
        client_id=1, name="Bluefjord", tier="key", weight="medium", revenue_share=None,
        account_manager=manager.email, matched_by="domain", matched_key="bluefjord.example",
        meetings_90d=0, reasons=(),
    )  # fmt: skip
    draft = write_briefing(pitch, me=DAVID, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
                           profile=profile, account_manager=manager,
                           notes=BriefingNotes({"status": "Concepts ready"}))  # fmt: skip
    assert draft.text.startswith(greeting + "\n")
    assert "Sir or Madam" not in draft.text and "Hi there" not in draft.text
    # Fields left empty are marked for the colleague, never left out silently.
    assert (
        "Not filled in: ask David." if lang == "en" else "Inte ifyllt: fråga David."
    ) in draft.text
    # Sentences keep their space where the template joins them.
    assert not re.search(r"[a-zåäö]\.[A-ZÅÄÖ]", draft.text)


@pytest.mark.parametrize(
    ("lang", "tone", "introduced"),
    [
        ("en", "warm", "my colleague Anna Berg, your account manager, will be there for us"),
        ("en", "formal", "my colleague Anna Berg, your account manager, will represent me"),
        ("sv", "warm", "min kollega Anna Berg, som är er kundansvariga, deltar i mitt ställe"),
        ("sv", "formal", "min kollega Anna Berg, er kundansvariga, företräder mig"),
    ],
)
def test_the_delegate_note_introduces_the_colleague_by_name_and_role(
    renewal: Invite, lang: str, tone: str, introduced: str
) -> None:
    draft = write_reply(
        renewal, "delegate", me=DAVID, voice=Voice(locale=lang, tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        account_manager=ANNA,
    )  # fmt: skip
    assert introduced in draft.text


@pytest.mark.parametrize(
    ("description", "wants"),
    [
        ("Hi Anna,\n\nTime for our review.\n\nSee you at our office!\nEva", "Time for our review."),
        ("Hej!\nVi går igenom villkoren.\n\nMvh\nKarin Holm", "Vi går igenom villkoren."),
        ("Agenda: <https://x.example/a>\nSlides https://x.example/a", "Agenda: <https://x.example/a>\nSlides"),
        ("Catch-up.\n\n-::~:~::~:~::-\nJoin with Google Meet: https://meet.google.com/abc", "Catch-up."),
    ],
)  # fmt: skip
def test_what_the_client_wants_is_their_message_without_greeting_signature_or_repeats(
    description: str, wants: str
) -> None:
    assert client_message(description) == wants


@pytest.mark.parametrize("render", [note_text, lambda t: str(note_html(t))])
def test_a_link_written_in_angle_brackets_survives_the_sanitizer(
    render: Callable[[str], str],
) -> None:
    assert "https://drive.example/deck" in render("Deck: <https://drive.example/deck>.")
    assert "<script" not in render("<script>alert(1)</script><https://x.example>")


@pytest.mark.parametrize(("lang", "tone"), [("en", "warm"), ("sv", "warm"), ("en", "formal")])
def test_the_briefing_thanks_once(lang: str, tone: str) -> None:
    text = (
        next(t for p, t in expected().items() if p.name == f"renewal.{lang}.txt")
        .split(f"=== briefing, {tone}")[1]
        .split("===")[0]
    )
    assert len(re.findall(r"\bthanks?\b|\btack\b", text, re.IGNORECASE)) <= 1


def test_the_briefing_carries_the_directorys_notes_on_the_client_and_the_reply_never_does(
    renewal: Invite,
) -> None:
    profile = ClientProfile(
        client_id=1, name="Solberg Energi", tier="key", weight="medium", revenue_share=None,
        account_manager="anna@lumen.example", matched_by="domain", matched_key="solberg.example",
        meetings_90d=2, reasons=(), notes="Prefers short calls; price-sensitive.",
    )  # fmt: skip
    voice = Voice(locale="en", tz=STOCKHOLM)
    briefing = write_briefing(renewal, me=DAVID, voice=voice, profile=profile,
                              account_manager=ANNA, notes=BriefingNotes())  # fmt: skip
    assert "Our notes: Prefers short calls; price-sensitive." in briefing.text
    reply = write_reply(renewal, "delegate", me=DAVID, voice=voice, account_manager=ANNA,
                        client=profile.name)  # fmt: skip
    assert "price-sensitive" not in reply.text


def test_the_invite_cannot_choose_the_users_name(review: Invite) -> None:
    """The sender writes the CN of every attendee; the user's own name comes from their
    identity, and a letter is signed with it, never with what the invite called them."""
    hostile = replace(
        review,
        attendees=tuple(
            replace(a, name="Evil Name\r\nBcc: x@evil.example") if a.email == ANNA.email else a
            for a in review.attendees
        ),
    )
    store = Store("sqlite://")
    with store.session() as session:
        outcome = triage(
            Directory(session, "lumen.example"), hostile,
            ReplyRequest(strategy="phone", zone=STOCKHOLM), me=ANNA.email, my_name="Anna Berg",
            now=dt.datetime(2026, 11, 27, 9, tzinfo=dt.UTC),
        )  # fmt: skip
    assert outcome.assessment.me == ANNA
    assert outcome.reply is not None and outcome.reply.text.rstrip().endswith("Anna Berg")
    assert "Evil" not in outcome.reply.text
