"""German (issue 29): its record is whole, a German invite is read as German (its language,
serious topic, agenda and venue) and answered in German as a German account manager writes,
and a new time is never proposed on a public holiday of Germany, whichever of the invite's
zone, the organizer's domain or the invite's language says the organizer is there."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import holidays
import icalendar
import pytest

from addon import pieces, strategies
from addon.calendar.bounds import Bounds, Party, Problem, bounds_for
from addon.calendar.daysoff import holiday_name
from addon.calendar.hours import WorkingHours
from addon.i18n import LANGUAGES
from addon.invite import read_invite
from addon.invite.agenda import agenda_of
from addon.invite.language import language_of, text_language
from addon.invite.model import Invite, Person
from addon.invite.topics import serious_terms
from addon.writing.letters import Draft, Voice, write_reply
from tests.support.paths import FIXTURES

GERMAN = FIXTURES / "de"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
BERLIN = ZoneInfo("Europe/Berlin")
ANNA = Person("anna@lumen.example", "Anna Berg")
DAVID = Person("david@lumen.example", "David Ek")
# Before both fixtures' meetings (17 December 2026, 10 May 2027), within a year of them.
NOW = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)


def _invite(name: str) -> Invite:
    return read_invite((GERMAN / name).read_bytes())


@pytest.fixture(scope="module")
def renewal() -> Invite:
    """A Google Calendar invite from Hamburg: a contract renewal over Meet, Monday 10 May 2027
    at 10:00, the Monday before Whit Monday."""
    return _invite("google-vertragsverlaengerung.ics")


@pytest.fixture(scope="module")
def complaint() -> Invite:
    """An Outlook invite from Hamburg: a complaint, in a meeting room, with an agenda."""
    return _invite("outlook-reklamation.ics")


# The record ---------------------------------------------------------------------------------


def test_the_german_record_and_its_pieces_are_whole() -> None:
    german = LANGUAGES["de"]
    assert german.problems() == ()
    assert pieces.language_problems("de") == []
    assert (german.tag, german.name.render("de"), german.name.render("sv")) == (
        "de-DE",
        "Deutsch",
        "Tyska",
    )


# Reading --------------------------------------------------------------------------------------

# The same short message as each language's organizers write it: only German's reads as German.
SAMPLES = {
    "de": "Hallo Frau Weber, wir möchten die Ergebnisse der Kampagne und die Planung für das "
    "nächste Jahr mit Ihnen besprechen. Bitte geben Sie kurz Bescheid, ob der Termin passt. "
    "Viele Grüße",
    "sv": "Hej Anna! Vi vill gärna gå igenom kampanjresultaten och planen för nästa år med er. "
    "Säg till om tiden inte passar. Vänliga hälsningar",
    "en": "Hi Anna, we would like to go through the campaign results and next year's plans "
    "with you. Let me know if the time does not work. Best regards",
    "nb": "Hei Kari! Vi vil gjerne gå gjennom resultatene fra kampanjen og planene for neste år "
    "på møtet. Si fra om tidspunktet ikke passer. Vennlig hilsen",
    "da": "Hej Mette, vi vil gerne gennemgå resultaterne af kampagnen og planerne for næste år "
    "på mødet. Sig til, hvis tidspunktet ikke passer. Venlig hilsen",
}


@pytest.mark.parametrize("lang", sorted(SAMPLES))
def test_only_german_text_is_read_as_german(lang: str) -> None:
    assert (text_language(SAMPLES[lang]) == "de") is (lang == "de")


@pytest.mark.parametrize("name", ["google-vertragsverlaengerung.ics", "outlook-reklamation.ics"])
def test_a_german_invite_is_detected_as_german(name: str) -> None:
    assert language_of(_invite(name)) == "de"


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Vertragsverlängerung 2027", {"contract", "renewal"}),
        ("Preiserhöhung ab Januar", {"price"}),
        ("Beschwerde zur Lieferung vom 30. November", {"complaint"}),
        ("Kündigung des Rahmenvertrags", {"termination", "contract"}),
        ("Eskalation im Projekt Nordstern", {"escalation"}),
        ("Rückfragen unserer Rechtsabteilung", {"legal"}),
        # Announcing is not terminating, and apologising for the interruption is politeness.
        ("Ankündigung der Sommerkampagne", set()),
        ("Entschuldigen Sie die Störung: kurzer Austausch zum Markenauftritt", set()),
        ("Workshop zum neuen Markenauftritt", set()),
    ],
)
def test_a_german_serious_topic_is_found_and_a_harmless_one_is_not(
    text: str, terms: set[str]
) -> None:
    assert set(serious_terms(text)) == terms


def test_the_invites_serious_topics_are_found(renewal: Invite, complaint: Invite) -> None:
    assert {"contract", "renewal", "price"} <= set(renewal.serious_terms)
    assert "complaint" in complaint.serious_terms
    assert renewal.serious and complaint.serious


@pytest.mark.parametrize(
    ("name", "points"),
    [
        # A sentence: "Wir besprechen die neue Preisliste, die Konditionen ... und den ...".
        (
            "google-vertragsverlaengerung.ics",
            ("Neue Preisliste", "Konditionen für 2027", "Zeitplan für die Umstellung"),
        ),
        # A list under "Tagesordnung:".
        (
            "outlook-reklamation.ics",
            (
                "Reklamation der Lieferung vom 30. November",
                "Gutschrift und neue Konditionen",
                "Qualitätssicherung für 2027",
            ),
        ),
    ],
)
def test_the_agenda_is_taken_from_the_german_invites_own_text(
    name: str, points: tuple[str, ...]
) -> None:
    assert agenda_of(_invite(name).description) == points


def test_the_venues_are_read(renewal: Invite, complaint: Invite) -> None:
    assert (renewal.online_url, renewal.in_person) == (
        "https://meet.google.com/hkt-vrtg-ltz",
        False,
    )
    assert complaint.in_person is True
    assert complaint.location is not None and complaint.location.startswith("Besprechungsraum")


# Writing --------------------------------------------------------------------------------------

# Words that give away a letter written (or left) in English, Swedish, Norwegian or Danish.
TELL_TALES = re.compile(
    r"\b(?:the|and|meeting|thanks?|regards|best|dear|hi|please|call|och|möte|mötet|hej|tack"
    r"|hälsningar|vänliga|gärna|samtal|og|møte|møde|hilsen|venlig|vennlig|takk|tak|kl)\b"
    r"|\d\.\d\d|(?-i:\b(?:AM|PM)\b)",
    re.IGNORECASE,
)
# The formal greeting names the whole name the organizer gave: no "Herr" or "Frau" guessed.
GREETING = {"warm": "Hallo Julia,", "formal": "Guten Tag Julia Hoffmann,"}
SIGN_OFF = {"warm": "Viele Grüße", "formal": "Mit freundlichen Grüßen"}
LETTERS = [(s, t) for s in strategies.WRITING for t in ("warm", "formal")]


def _reply(invite: Invite, strategy: str, tone: str, **extra: object) -> Draft:
    voice = Voice(locale="de", tone=tone, tz=STOCKHOLM, signature="Anna Berg")  # type: ignore[arg-type]
    return write_reply(
        invite, strategy, me=ANNA, voice=voice, account_manager=DAVID, client="Hafenkontor",
        briefed=True, reason="conflict", now=NOW, call="+46 70 123 45 67", **extra,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.parametrize(("strategy", "tone"), LETTERS)
def test_every_letter_is_written_in_german_with_german_dates(
    renewal: Invite, strategy: str, tone: str
) -> None:
    text = _reply(renewal, strategy, tone).text
    assert text.startswith(GREETING[tone] + "\n\n")
    # After the greeting's comma a German letter goes on with a small letter.
    assert text.split("\n\n")[1][:1].islower()
    assert text.rstrip().endswith(f"{SIGN_OFF[tone]}\nAnna Berg")
    assert re.search(r"Montag, 10\. Mai, (?:um )?10:00(?:–\d{1,2}:\d\d)? Uhr", text), text
    assert not TELL_TALES.search(text), TELL_TALES.findall(text)


@pytest.mark.parametrize(("strategy", "tone"), LETTERS)
def test_a_letter_for_the_outlook_invite_is_german_too(
    complaint: Invite, strategy: str, tone: str
) -> None:
    text = _reply(complaint, strategy, tone).text
    assert "Donnerstag, 17. Dezember" in text
    assert not TELL_TALES.search(text), TELL_TALES.findall(text)


def test_the_invites_agenda_is_proposed_for_a_shorter_meeting(complaint: Invite) -> None:
    text = _reply(complaint, "shorter", "formal").text
    assert (
        "1. Reklamation der Lieferung vom 30. November\n2. Gutschrift und neue Konditionen" in text
    )


# Holidays -------------------------------------------------------------------------------------

ENGLISH = {
    "summary": "Contract renewal 2027",
    "description": "Hi Anna, we would like to go through the new price list with you. Best, Julia",
}


def _as_utc(invite: Invite) -> Invite:
    start, end = invite.start, invite.end
    assert isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
    return replace(invite, start=start.astimezone(dt.UTC), end=end.astimezone(dt.UTC), tzid="UTC")


def _from(domain: str, invite: Invite) -> Invite:
    return replace(invite, organizer=Person(f"julia.hoffmann@{domain}", "Julia Hoffmann"))


# Each way Raincheck learns the organizer is in Germany, alone: the invite's zone, the domain,
# the language. Without any of them (the last case) the move lands on Whit Monday, which Sweden
# does not keep, so the others show that Germany's holidays are the ones kept.
ROUTES = {
    "zone": lambda i: _from("hafenkontor.com", replace(i, **ENGLISH)),
    "domain": lambda i: _as_utc(replace(i, **ENGLISH)),
    "language": lambda i: _as_utc(_from("hafenkontor.com", i)),
}
WHIT_MONDAY = dt.date(2027, 5, 17)


def _moved_to(invite: Invite) -> dt.date:
    bounds = bounds_for(invite, now=NOW, zone=STOCKHOLM, hours=WorkingHours())
    draft = _reply(invite, "move", "formal", bounds=bounds)
    assert draft.calendar_part is not None
    [event] = icalendar.Calendar.from_ical(draft.calendar_part.text).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert "17. Mai" not in draft.text or start.astimezone(BERLIN).date() == WHIT_MONDAY
    return start.astimezone(BERLIN).date()


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_a_new_time_is_never_on_a_german_public_holiday(renewal: Invite, route: str) -> None:
    day = _moved_to(ROUTES[route](renewal))
    assert day > renewal.start.date()  # type: ignore[operator]
    assert day not in holidays.country_holidays("DE", years=day.year)
    assert day.weekday() < 5


def test_without_a_sign_of_germany_the_move_lands_on_whit_monday(renewal: Invite) -> None:
    nowhere = _as_utc(_from("hafenkontor.com", replace(renewal, **ENGLISH)))
    assert _moved_to(nowhere) == WHIT_MONDAY


@pytest.mark.parametrize(
    ("country", "day", "says"),
    [
        ("DE", WHIT_MONDAY, "Montag, 17. Mai 2027, ist in Deutschland ein Feiertag (Pfingstmontag)."),
        ("DE", dt.date(2026, 12, 25),
         "Freitag, 25. Dezember 2026, ist in Deutschland ein Feiertag (Erster Weihnachtstag)."),
        ("DE", dt.date(2027, 10, 4), None),
        ("DE", dt.date(2026, 12, 24),
         "Donnerstag, 24. Dezember 2026, ist in Deutschland ein Feiertag (Heiligabend)."),
    ],
)  # fmt: skip
def test_a_holiday_is_named_in_german(country: str, day: dt.date, says: str | None) -> None:
    if says is None:
        assert holiday_name(country, day, "de") is None
        return
    bounds = Bounds(NOW, Party(STOCKHOLM), Party(BERLIN))
    message = Problem("holiday", "organizer", day, country).message(bounds, "de")
    assert message.render("de") == says
