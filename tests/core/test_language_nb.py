"""Norwegian (bokmål): its record is whole; an invite written in Norwegian is read as one (its
language, serious topic, agenda and venue) and answered in Norwegian as a Norwegian account
manager writes ("torsdag 18. mars kl. 10.00", "Hei Ole," ... "Vennlig hilsen"), never on a
Norwegian public holiday, which is named in Norwegian.

The invites (tests/fixtures/nb/) are made up, in the shapes Google Calendar and Outlook send."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import icalendar
import pytest

from addon import pieces, strategies
from addon.calendar.bounds import Bounds, Party, Problem, bounds_for
from addon.calendar.daysoff import holiday_name
from addon.calendar.hours import WorkingHours
from addon.directory.repository import Directory
from addon.i18n import LANGS, LANGUAGES, TRANSLATED, gettext, translate
from addon.i18n.catalog import code_msgids
from addon.invite import read_invite
from addon.invite.agenda import agenda_of
from addon.invite.language import language_of, text_language
from addon.invite.model import Invite, Person
from addon.invite.topics import serious_terms, topic_text
from addon.invite.venue import in_person
from addon.triage.request import ReplyRequest
from addon.triage.service import triage
from addon.triage.weigh import ClientProfile
from addon.writing.briefing import BriefingNotes, write_briefing
from addon.writing.letters import Voice, write_reply
from tests.support.paths import FIXTURES

NB = LANGUAGES["nb"]
FOLDER: Path = FIXTURES / "nb"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2027, 3, 1, 8, 0, tzinfo=dt.UTC)  # before both invites' meetings
ANNA = Person("anna@lumen.example", "Anna Berg")
DAVID = Person("david@lumen.example", "David Ek")
GOOGLE = "google-rammeavtale.ics"  # online (Meet), a serious topic, an agenda in a sentence
OUTLOOK = "outlook-kvartalsmote.eml"  # a meeting room in Oslo, an agenda as a list


def invite(name: str) -> Invite:
    return read_invite((FOLDER / name).read_bytes())


# Short texts as organizers write them, one per language Raincheck reads or is adding.
SAMPLES = {
    "nb": "Hei Anna! Takk for sist. Vi ønsker å gå gjennom tilbudet og prisene for neste år før "
    "jul. Gi gjerne beskjed hvis tidspunktet ikke passer, så finner vi et annet. "
    "Vennlig hilsen Kari",
    "da": "Hej Mette! Tak for sidst. Vi vil gerne gennemgå tilbuddet og priserne for næste år "
    "inden jul. Giv gerne besked, hvis tidspunktet ikke passer, så finder vi et andet. "
    "Venlig hilsen Lars",
    "de": "Hallo Frau Berg, vielen Dank für Ihre Nachricht. Wir möchten gerne das Angebot und "
    "die Preise für das nächste Jahr besprechen. Bitte geben Sie Bescheid, falls der Termin "
    "nicht passt. Viele Grüße, Jana Schmidt",
    "sv": "Hej Anna! Tack för senast. Vi vill gärna gå igenom offerten och priserna för nästa år "
    "innan jul. Säg gärna till om tiden inte passar, så hittar vi en annan. "
    "Vänliga hälsningar Karin",
    "en": "Hi Anna, thanks for your time last week. We would like to go through the proposal "
    "and next year's prices before Christmas. Let me know if the time does not work and we "
    "will find another. Best, Tom",
}


# The record, the catalog and the letters -------------------------------------------------------


def test_norwegian_is_a_whole_language_with_its_catalog_and_letters() -> None:
    assert "nb" in LANGS and "nb" in TRANSLATED
    assert NB.problems() == ()
    assert pieces.language_problems("nb") == []
    assert (NB.locale, NB.tag, NB.clock) == ("nb_NO", "nb-NO", "HH.mm")
    assert translate(NB.name, "nb") == "Norsk" and translate(NB.name, "sv") == "Norska"
    # Its serious terms are the English ones every catalog already names.
    assert set(NB.serious) <= set(LANGUAGES["en"].serious)


# Written alike in English and Norwegian.
_SAME_IN_NORWEGIAN = {
    "Standard", "Tone", "{m} min", "{name} for Outlook", "kontrakt", "pris", "eskalering",
}  # fmt: skip


@pytest.mark.parametrize(("msgid", "plural"), sorted(code_msgids().items()))
def test_every_message_reads_in_norwegian_with_its_placeholders(
    msgid: str, plural: str | None
) -> None:
    found = gettext(msgid, "nb")
    assert found != "" and (found != msgid or msgid in _SAME_IN_NORWEGIAN), msgid
    assert set(re.findall(r"{\w+}", found)) == set(re.findall(r"{\w+}", msgid))


# Reading a Norwegian invite ---------------------------------------------------------------------


@pytest.mark.parametrize("name", [GOOGLE, OUTLOOK])
def test_a_norwegian_invite_is_read_as_norwegian(name: str) -> None:
    assert language_of(invite(name)) == "nb"


@pytest.mark.parametrize(("lang", "text"), SAMPLES.items())
def test_only_a_norwegian_text_is_taken_for_norwegian(lang: str, text: str) -> None:
    found = text_language(text)
    assert (found == "nb") == (lang == "nb"), (lang, found)


@pytest.mark.parametrize(("text", "terms"), [
    ("Reforhandling av rammeavtalen 2027", {"contract"}),
    ("Gjennomgang av kontrakten med Havbris", {"contract"}),
    ("Prisøkning fra 1. januar", {"price"}),
    ("Vi må snakke om prisene for neste år", {"price"}),
    ("Klage på leveransen i uke 12", {"complaint"}),
    ("Reklamasjon på siste ordre", {"complaint"}),
    ("Oppsigelse av serviceavtalen", {"termination", "contract"}),
    ("Fornyelse av lisensene", {"renewal"}),
    ("Eskalering: driftsstans i nettbutikken", {"escalation", "incident"}),
    ("Advokaten vår blir med", {"legal"}),
    ("Mislighold av leveransen", {"breach"}),
    # Nothing serious: a plain appointment, a calendar clash, a prism.
    ("Kaffe og en prat om vårkampanjen", set()),
    ("Vi har en avtale med Erik på fredag", set()),
    ("Kalenderkonflikt: kan vi ta det en annen dag?", set()),
    ("Workshop om prismer og lys", set()),
])  # fmt: skip
def test_a_serious_norwegian_topic_is_found_by_its_english_term(text: str, terms: set[str]) -> None:
    assert set(serious_terms(text)) & set(NB.serious) == terms


def test_the_serious_terms_of_a_norwegian_invite_are_named_in_norwegian() -> None:
    found = invite(GOOGLE)
    terms = set(serious_terms(topic_text(found.summary, found.description))) & set(NB.serious)
    assert terms == {"contract", "price", "complaint", "legal"}
    assert found.serious
    assert {gettext(term, "nb") for term in terms} == {"kontrakt", "pris", "klage", "juss"}


@pytest.mark.parametrize(("name", "points"), [
    (GOOGLE, ("Prisene for neste avtaleperiode", "Leveransene i tredje kvartal",
              "Oppfølgingen av klagen fra mars")),
    (OUTLOOK, ("Resultatene fra vårkampanjen", "Budsjettet for neste kvartal",
               "Veien videre med nettbutikken")),
])  # fmt: skip
def test_the_agenda_is_taken_from_the_invites_own_norwegian_text(
    name: str, points: tuple[str, ...]
) -> None:
    assert agenda_of(invite(name).description) == points


@pytest.mark.parametrize(("name", "online", "in_person"), [
    (GOOGLE, "https://meet.google.com/kvd-mrte-xqp", False),
    (OUTLOOK, None, True),
])  # fmt: skip
def test_a_norwegian_venue_is_read(name: str, online: str | None, in_person: bool) -> None:
    found = invite(name)
    assert (found.online_url, found.in_person) == (online, in_person)


@pytest.mark.parametrize("place", [
    "Møterom Fjorden, 4. etasje", "Hovedkontoret på Lysaker", "Storgata 12", "Drammensveien",
    "Resepsjonen, bygg B", "Kantina i 2. etg.",
])  # fmt: skip
def test_a_norwegian_place_is_a_place_to_go_to(place: str) -> None:
    assert in_person(place, online=False) is True


@pytest.mark.parametrize("where", ["Teams-møte", "Digitalt", "Nettmøte", "Videomøte"])
def test_a_norwegian_online_venue_is_no_place_to_go_to(where: str) -> None:
    assert in_person(where, online=True) is False


# Letters in Norwegian ---------------------------------------------------------------------------

# Words that give away an English, Swedish or Danish sentence left in a Norwegian letter.
TELLTALES = (
    "the", "and", "meeting", "thanks", "thank", "regards", "please", "call", "möte", "mötet",
    "och", "att", "jag", "inte", "tack", "gärna", "vänliga", "hälsningar", "tyvärr", "också",
    "samtal", "kundansvarig", "møde", "mødet", "tak", "desværre", "venlig", "hej", "jeg vil gerne",
    "mig", "dig", "nu",
)  # fmt: skip
GREETING = {"warm": "Hei Ole!", "formal": "Hei Ole,"}
SIGN_OFF = {"warm": "Beste hilsen", "formal": "Vennlig hilsen"}


@pytest.mark.parametrize("tone", ["warm", "formal"])
@pytest.mark.parametrize("strategy", strategies.WRITING)
def test_each_letter_is_written_in_norwegian(strategy: str, tone: str) -> None:
    meeting = invite(OUTLOOK)
    draft = write_reply(
        meeting, strategy, me=ANNA, voice=Voice(locale="nb", tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        account_manager=DAVID, reason="conflict", call="+47 912 34 567", now=NOW,
        client="Nordlys Mat AS",
    )  # fmt: skip
    text = draft.text
    assert text.startswith(GREETING[tone])
    assert text.rstrip().endswith(f"{SIGN_OFF[tone]}\nAnna Berg")
    assert "«Kvartalsmøte Nordlys Mat»" in text
    if strategy != "shorter":
        assert "torsdag 18. mars kl. 10.00" in text, "the meeting's day, as Norwegians write it"
    assert re.search(r"kl\. \d\d\.\d\d", text) and not re.search(r"kl\. \d\d:\d\d", text)
    left = [w for w in TELLTALES if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)]
    assert left == [], text


@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_the_briefing_to_a_colleague_is_in_norwegian(tone: str) -> None:
    profile = ClientProfile(
        client_id=1, name="Havbris AS", tier="key", weight="high", revenue_share=None,
        account_manager=ANNA.email, matched_by="domain", matched_key="havbris.no",
        meetings_90d=3, reasons=(),
    )  # fmt: skip
    briefing = write_briefing(
        invite(GOOGLE), me=DAVID, voice=Voice(locale="nb", tone=tone, tz=STOCKHOLM),  # type: ignore[arg-type]
        profile=profile, account_manager=ANNA, notes=BriefingNotes(), call="+47 912 34 567",
        now=NOW, reason="colleague_covers",
    )  # fmt: skip
    text = briefing.text
    assert text.startswith(GREETING[tone].replace("Ole", "Anna"))
    assert "mandag 10. mai kl. 10.00" in text
    for heading in ("MØTET", "KUNDEN", "HVA KUNDEN ØNSKER", "SLIK NÅR DU MEG"):
        assert heading in text
    # What the client wants is their own Norwegian message, without greeting or signature.
    assert "Vi ønsker å gå gjennom prisene for neste avtaleperiode" in text
    assert "Hei Anna!\n\nVi ønsker" not in text and "Mvh" not in text
    left = [w for w in TELLTALES if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.I)]
    assert left == [], text


# Proposed times and holidays ---------------------------------------------------------------------

# A week later falls on a Norwegian holiday that Sweden does not keep: the move goes to the
# next working day in both countries.
MOVES = [
    (GOOGLE, dt.date(2027, 5, 17), dt.date(2027, 5, 18), "tirsdag 18. mai kl. 10.00–11.00"),
    (OUTLOOK, dt.date(2027, 3, 25), dt.date(2027, 3, 30), "tirsdag 30. mars kl. 10.00–11.30"),
]


@pytest.mark.parametrize(("name", "holiday", "proposed", "written"), MOVES)
@pytest.mark.parametrize("tone", ["warm", "formal"])
def test_a_move_is_never_proposed_on_a_norwegian_holiday(
    directory: Directory, name: str, holiday: dt.date, proposed: dt.date, written: str, tone: str
) -> None:
    assert holiday in holidays.country_holidays("NO", years=holiday.year)
    assert holiday not in holidays.country_holidays("SE", years=holiday.year)
    request = ReplyRequest(
        strategy="move", reason="conflict", locale="nb", tone=tone, zone=STOCKHOLM,  # type: ignore[arg-type]
    )  # fmt: skip
    outcome = triage(directory, invite(name), request, me=ANNA.email, now=NOW)
    assert outcome.reply is not None and outcome.reply.calendar_part is not None
    [event] = icalendar.Calendar.from_ical(outcome.reply.calendar_part.text).walk("VEVENT")
    start = event.decoded("DTSTART").astimezone(ZoneInfo("Europe/Oslo"))
    assert start.date() == proposed
    assert written in outcome.reply.text


def _without(
    found: Invite, *, zone: bool = True, domain: bool = True, words: bool = True
) -> Invite:
    """The invite with some of what tells the organizer's country taken away."""
    start, end = found.start, found.end
    assert isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
    if not zone:
        start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    organizer = found.organizer if domain else Person("kari.nilsen@havbris.example", "Kari Nilsen")
    description = found.description if words else SAMPLES["en"]
    summary = found.summary if words else "Framework agreement"
    return replace(found, start=start, end=end, organizer=organizer, description=description,
                   summary=summary)  # fmt: skip


@pytest.mark.parametrize(("evidence", "kept"), [
    ("the invite's zone Europe/Oslo", {"domain": False, "words": False}),
    ("the organizer's .no domain", {"zone": False, "words": False}),
    ("the invite's Norwegian", {"zone": False, "domain": False}),
])  # fmt: skip
def test_the_organizer_keeps_norwegian_holidays(evidence: str, kept: dict[str, bool]) -> None:
    bounds = bounds_for(
        _without(invite(GOOGLE), **kept), now=NOW, zone=STOCKHOLM, hours=WorkingHours()
    )
    assert bounds.organizer is not None and "NO" in bounds.organizer.countries, evidence


@pytest.mark.parametrize(("day", "says"), [
    (dt.date(2027, 3, 25), "Torsdag 25. mars 2027 er det skjærtorsdag i Norge."),
    (dt.date(2027, 5, 6), "Torsdag 6. mai 2027 er det Kristi himmelfartsdag i Norge."),
    (dt.date(2026, 12, 24), "Torsdag 24. desember 2026 er det julaften i Norge."),
])  # fmt: skip
def test_a_norwegian_holiday_is_named_in_norwegian(day: dt.date, says: str) -> None:
    bounds = Bounds(NOW, Party(STOCKHOLM), Party(ZoneInfo("Europe/Oslo"), None, frozenset({"NO"})))
    problem = Problem("holiday", "organizer", day, "NO")
    assert translate(problem.message(bounds, "nb"), "nb") == says
    assert holiday_name("NO", day, "nb") in says
