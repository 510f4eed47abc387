"""Danish (issue 29): its record is whole, a Danish invite is read as Danish (its language, its
serious topic, its agenda, its venue), every strategy and tone writes a Danish letter with
Danish dates, and a proposed time keeps Denmark's public holidays, which are named in Danish.

The invites are made up but shaped as Outlook (Exchange, a Windows zone) and Google Calendar
(Meet, its footer) send them, with a Danish organizer's own text: tests/fixtures/da/."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from zoneinfo import ZoneInfo

import icalendar
import pytest
from babel import Locale

from addon import pieces
from addon.calendar.bounds import (
    Bounds,
    Party,
    Problem,
    bounds_for,
    holiday_name,
    is_holiday,
)
from addon.calendar.hours import WorkingHours
from addon.i18n import LANGUAGES, _catalog
from addon.i18n.catalog import code_msgids
from addon.invite import read_invite
from addon.invite.agenda import agenda_of
from addon.invite.language import language_of, text_language
from addon.invite.model import Invite, Person
from addon.invite.topics import serious_terms
from addon.invite.venue import in_person
from addon.writing.letters import Voice, write_reply
from tests.support.paths import FIXTURES

DANISH = FIXTURES / "da"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
COPENHAGEN = ZoneInfo("Europe/Copenhagen")
ANNA = Person("anna@lumen.example", "Anna Berg")
DAVID = Person("david@lumen.example", "David Ek")
BEFORE_RENEWAL = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
BEFORE_EASTER = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)


def _invite(name: str) -> Invite:
    return read_invite((DANISH / name).read_bytes())


@pytest.fixture(scope="module")
def renewal() -> Invite:
    """Outlook: a renewal at the client's office in Copenhagen, or on Teams."""
    return _invite("outlook-fornyelse.eml")


@pytest.fixture(scope="module")
def review() -> Invite:
    """Google Calendar: a quarterly review on Meet, a week before Maundy Thursday 2027."""
    return _invite("google-kvartalsmoede.ics")


# The record ---------------------------------------------------------------------------------


def test_the_danish_record_is_whole_and_every_message_is_translated() -> None:
    danish = LANGUAGES["da"]
    assert danish.problems() == ()
    assert pieces.language_problems("da") == []
    assert Locale.parse(danish.locale).language == "da"
    assert danish.name.render("da") == "Dansk" and danish.name.render("sv") == "Danska"
    assert sorted(m for m in code_msgids() if m not in _catalog("da")) == []


# Reading a Danish invite ----------------------------------------------------------------------

# Short texts as organizers write them, in the five languages: only the Danish read as Danish.
SAMPLES = [
    ("da", "Hej Mette\nSom aftalt mødes vi for at gennemgå jeres nye aftale. Venlig hilsen\nLars"),
    # Short notes whose small words are Swedish and Norwegian too ("er", "vi", "på", "hej",
    # "kan", "om"): those count for no language, so the Danish words decide.
    (
        "da",
        "Kære alle\nHer er indkaldelsen til næste uges møde. Vi skal have kigget på "
        "budgettet og lidt på tidsplanen. Tak på forhånd.\nMvh Sofie",
    ),
    (
        "da",
        "Hej Anna, kan vi tage en snak om hvad der skal ske efter nytår? Mødet bliver "
        "online, så du kan deltage hjemmefra. Bedste hilsner, Jonas",
    ),
    (
        "nb",
        "Hei Kari\nTakk for sist! Vi går gjennom avtalen og prisene for neste år på møtet. "
        "Vennlig hilsen\nOla",
    ),
    (
        "nb",
        "Hei alle sammen, her er innkallingen til ukens møte. Gi beskjed hvis dere ikke kan "
        "komme. Mvh Ingrid",
    ),
    (
        "sv",
        "Hej Eva!\nVi går igenom avtalet och priserna inför nästa år på mötet. Vänliga "
        "hälsningar\nKarin",
    ),
    (
        "sv",
        "Hej, här kommer inbjudan till veckans möte. Hör av dig om du inte kan vara med. Mvh Johan",
    ),
    (
        "de",
        "Hallo Herr Weber,\nwir möchten mit Ihnen den Vertrag und die Preise für das nächste "
        "Jahr besprechen. Viele Grüße\nJulia Schmidt",
    ),
    (
        "de",
        "Sehr geehrte Frau Jensen, anbei die Einladung zu unserem Termin. Bitte geben Sie "
        "uns kurz Bescheid. Mit freundlichen Grüßen",
    ),
    (
        "en",
        "Hi Anna,\nWe would like to go through the contract and next year's prices. Best,\nTom",
    ),
    ("en", "Hello all, please find the agenda for our weekly sync below. Thanks, Sarah"),
]


@pytest.mark.parametrize(("lang", "text"), SAMPLES)
def test_only_danish_text_reads_as_danish(lang: str, text: str) -> None:
    found = text_language(text)
    if lang == "da":
        assert found == "da"
    else:
        assert found != "da"


@pytest.mark.parametrize("name", ["outlook-fornyelse.eml", "google-kvartalsmoede.ics"])
def test_a_danish_invite_is_read_as_danish(name: str) -> None:
    assert language_of(_invite(name)) == "da"


@pytest.mark.parametrize(
    ("name", "terms"),
    [
        ("outlook-fornyelse.eml", {"renewal", "contract", "price"}),  # fornyelse, serviceaftale
        ("google-kvartalsmoede.ics", {"price"}),  # "Prisstigningen på licenser"
    ],
)
def test_a_danish_invites_serious_topic_is_found(name: str, terms: set[str]) -> None:
    invite = _invite(name)
    assert invite.serious and terms <= set(invite.serious_terms)


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("Genforhandling af rammeaftalen", "contract"),
        ("Kontraktforhandling 2027", "contract"),
        ("Forlængelse og fornyelse af licenserne", "renewal"),
        ("Sagen er eskaleret til ledelsen", "escalation"),
        ("Opfølgning på kundens klage over leverancen", "complaint"),
        ("Reklamation på seneste levering", "complaint"),
        ("Evaluering efter nedbruddet i weekenden", "incident"),
        ("Opsigelse af samarbejdet", "termination"),
        ("Vores advokat deltager", "legal"),
        ("Ny timepris fra januar", "price"),
        ("Prisregulering 2027", "price"),
        ("Annullering af ordren", "cancellation"),
        ("Tvist om fakturaen", "dispute"),
        ("Misligholdelse af aftalen", "breach"),
    ],
)
def test_danish_words_mark_a_serious_topic(text: str, term: str) -> None:
    assert term in serious_terms(text)


# Words that look like a serious term's but are not: "beklager" is "sorry", "prisvindende" is
# "award-winning", "som aftalt" is "as agreed".
@pytest.mark.parametrize(
    "text",
    [
        "Vi beklager den korte varsel",
        "Vores prisvindende designteam præsenterer",
        "Som aftalt mødes vi på kontoret",
        "Pristine-projektet: status",
        "Fornøjelse at mødes igen",
    ],
)
def test_the_danish_terms_do_not_mark_everyday_words(text: str) -> None:
    danish = LANGUAGES["da"].serious
    assert [t for t, p in danish.items() if re.search(f"(?:{p})", text, re.IGNORECASE)] == []


@pytest.mark.parametrize(
    ("name", "points"),
    [
        # a sentence: "Vi gennemgår priserne for næste år, servicevilkårene og jeres ønsker ..."
        ("outlook-fornyelse.eml",
         ("Priserne for næste år", "Servicevilkårene", "Ønsker til rapporteringen")),
        # a list under "Dagsorden:"
        ("google-kvartalsmoede.ics",
         ("Resultater af julekampagnen", "Prisstigningen på licenser fra 1. april",
          "Plan for andet kvartal")),
    ],
)  # fmt: skip
def test_a_danish_invites_agenda_is_taken_from_its_own_text(
    name: str, points: tuple[str, ...]
) -> None:
    invite = _invite(name)
    assert agenda_of(invite.description) == points
    draft = write_reply(invite, "shorter", me=ANNA, voice=Voice(locale="da", tz=STOCKHOLM))
    assert all(f"{n}. {point}" in draft.text for n, point in enumerate(points, 1))


def test_a_danish_invites_venue_is_read(renewal: Invite, review: Invite) -> None:
    assert renewal.in_person is True and renewal.online_url is not None
    assert "teams.microsoft.com" in renewal.online_url
    assert review.in_person is False and review.online_url == "https://meet.google.com/vbq-rstx-kmd"


@pytest.mark.parametrize(
    ("location", "online", "expected"),
    [
        ("Mødelokale Havnen, 3. sal", False, True),
        ("Vesterbrogade 10, 1620 København V", False, True),
        ("Kantinen hos Nordlys", False, True),
        ("Hovedkontoret i Aarhus", False, True),
        ("Microsoft Teams-møde", True, False),
        ("Online via Teams (se linket nedenfor)", True, False),
        ("Videomøde", False, False),
        ("Telefonmøde", False, False),
        ("Zoom-møde", False, False),
    ],
)
def test_danish_places_and_online_words_are_read(
    location: str, online: bool, expected: bool
) -> None:
    assert in_person(location, online) is expected


# Writing Danish letters -----------------------------------------------------------------------

# Words that give away a letter not written in Danish: English, Swedish, Norwegian.
TELLTALES = re.compile(
    r"\b(?:the|and|meeting|thanks|dear|regards|best|call|invitation to|"
    r"möte|mötet|tack|inbjudan|vänliga|hälsningar|gärna|och|inte|jag|tyvärr|samtal|"
    r"møte|møtet|takk|hei|vennlig|dere|gjerne|dessverre|ikkje)\b",
    re.IGNORECASE,
)
GREETING = {"warm": "Hej Mette,", "formal": "Kære Mette,"}
SIGN_OFF = {"warm": "Venlig hilsen", "formal": "Med venlig hilsen"}
CASES = [
    (strategy, tone)
    for strategy in ("phone", "shorter", "move", "email", "delegate")
    for tone in ("warm", "formal")
]


@pytest.mark.parametrize(("strategy", "tone"), CASES)
def test_every_strategy_and_tone_writes_a_danish_letter(
    renewal: Invite, strategy: str, tone: str
) -> None:
    voice = Voice(locale="da", tone=tone, tz=STOCKHOLM, signature="Anna Berg")  # type: ignore[arg-type]
    draft = write_reply(
        renewal, strategy, me=DAVID if strategy == "delegate" else ANNA, voice=voice,
        account_manager=ANNA if strategy == "delegate" else None, call="+46 70 123 45 67",
        reason="conflict", now=BEFORE_RENEWAL, briefed=True,
    )  # fmt: skip
    text = draft.text
    assert text.startswith(GREETING[tone])
    assert text.rstrip().endswith(f"{SIGN_OFF[tone]}\nAnna Berg")
    assert "torsdag den 17. december kl. 10.00" in text  # Sprognævnet's form, no year this close
    assert "Der er dukket noget andet op" in text or strategy == "delegate"
    assert TELLTALES.findall(text) == []


def test_a_briefing_and_a_colleagues_letter_are_danish_too(renewal: Invite) -> None:
    colleague = replace(renewal, organizer=Person("jonas@lumen.example", "Jonas Dal"))
    draft = write_reply(
        colleague, "move", me=ANNA, voice=Voice(locale="da", tz=STOCKHOLM), now=BEFORE_RENEWAL
    )
    assert draft.text.startswith("Hej Jonas,")
    assert "Tak for invitationen" not in draft.text  # a colleague gets a note, not a client letter
    assert TELLTALES.findall(draft.text) == []


@pytest.mark.parametrize(
    ("start", "says"),
    [
        (dt.datetime(2028, 1, 13, 9, 0, tzinfo=COPENHAGEN), "torsdag den 13. januar 2028 kl. 9.00"),
        (dt.datetime(2026, 12, 4, 14, 30, tzinfo=COPENHAGEN), "fredag den 4. december kl. 14.30"),
    ],
)
def test_danish_dates_name_the_year_only_when_far_off(start: dt.datetime, says: str) -> None:
    invite = replace(
        _invite("outlook-fornyelse.eml"), start=start, end=start + dt.timedelta(hours=1)
    )
    draft = write_reply(
        invite, "email", me=ANNA, voice=Voice(locale="da", tz=COPENHAGEN), now=BEFORE_RENEWAL
    )
    assert says in draft.text


# Denmark's public holidays ------------------------------------------------------------------

ENGLISH = ("Quarterly review", "Let's go through the results. Thanks, Lars")


def _variant(invite: Invite, *, zone: bool, domain: bool, danish: bool) -> Invite:
    """The review with only some of what says the organizer is in Denmark: the invite's zone,
    a .dk domain, Danish text."""
    assert isinstance(invite.start, dt.datetime) and isinstance(invite.end, dt.datetime)
    assert invite.organizer is not None
    changed = invite
    if not zone:
        changed = replace(changed, start=invite.start.astimezone(dt.UTC),
                          end=invite.end.astimezone(dt.UTC), timezone="UTC", tzid="UTC")  # fmt: skip
    if not domain:
        changed = replace(changed, organizer=Person("lars@havbrise.example", "Lars Nygaard"))
    if not danish:
        changed = replace(changed, summary=ENGLISH[0], description=ENGLISH[1])
    return changed


@pytest.mark.parametrize(
    ("zone", "domain", "danish"),
    [(True, False, False), (False, True, False), (False, False, True), (True, True, True)],
    ids=["zone", "domain", "language", "all"],
)
def test_a_moved_meeting_skips_denmarks_holidays(
    review: Invite, zone: bool, domain: bool, danish: bool
) -> None:
    """A week on from 18 March 2027 is Maundy Thursday: a holiday in Denmark, not in Sweden.
    Whatever says the organizer is Danish, the move goes past Easter, to Tuesday 30 March."""
    invite = _variant(review, zone=zone, domain=domain, danish=danish)
    bounds = bounds_for(invite, now=BEFORE_EASTER, zone=STOCKHOLM, hours=WorkingHours())
    draft = write_reply(invite, "move", me=ANNA, voice=Voice(locale="da", tz=STOCKHOLM),
                        now=BEFORE_EASTER, bounds=bounds)  # fmt: skip
    start = _counter_start(draft.calendar_part.text if draft.calendar_part else "")
    assert start.astimezone(COPENHAGEN).date() == dt.date(2027, 3, 30)
    assert not is_holiday("DK", start.date())
    assert "tirsdag den 30. marts" in draft.text


def test_without_a_danish_organizer_the_move_keeps_maundy_thursday(review: Invite) -> None:
    """The control: nothing says Denmark, so Sweden's calendar alone counts."""
    invite = _variant(review, zone=False, domain=False, danish=False)
    bounds = bounds_for(invite, now=BEFORE_EASTER, zone=STOCKHOLM, hours=WorkingHours())
    draft = write_reply(invite, "move", me=ANNA, voice=Voice(locale="da", tz=STOCKHOLM),
                        now=BEFORE_EASTER, bounds=bounds)  # fmt: skip
    start = _counter_start(draft.calendar_part.text if draft.calendar_part else "")
    assert start.astimezone(COPENHAGEN).date() == dt.date(2027, 3, 25)


def _counter_start(calendar_text: str) -> dt.datetime:
    [event] = icalendar.Calendar.from_ical(calendar_text).walk("VEVENT")
    start = event.decoded("DTSTART")
    assert isinstance(start, dt.datetime)
    return start


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2027, 3, 25), "skærtorsdag"),
        (dt.date(2027, 3, 29), "anden påskedag"),
        (dt.date(2027, 5, 6), "Kristi himmelfartsdag"),
        (dt.date(2027, 5, 17), "anden pinsedag"),
        (dt.date(2026, 12, 24), "juleaften"),
        (dt.date(2026, 12, 25), "juledag"),
        (dt.date(2026, 12, 31), "nytårsaften"),
    ],
)
def test_denmarks_holidays_are_named_in_danish_within_a_sentence(day: dt.date, name: str) -> None:
    assert holiday_name("DK", day, "da") == name


def test_a_holiday_is_given_as_the_reason_in_danish() -> None:
    bounds = Bounds(BEFORE_EASTER, Party(STOCKHOLM, countries=frozenset({"SE"})))
    problem = Problem("holiday", "organizer", dt.date(2027, 3, 25), "DK")
    assert problem.message(bounds, "da").render("da") == (
        "Torsdag den 25. marts 2027 er det skærtorsdag i Danmark."
    )
