"""Reading invites as Google Calendar, Exchange/Outlook, iCloud, Teams and Zoom send them."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addon.errors import InviteError
from addon.invite import read_invite, venue
from addon.invite.model import Person
from tests.support.paths import INVITES, invite_bytes

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "exchange-quarterly-review.eml",
            {
                "summary": "Quarterly account review",
                "organizer": "eva.lind@nordvik.example",
                "start": "2026-12-03T14:00:00+01:00",
                "end": "2026-12-03T15:30:00+01:00",
                "duration_minutes": 90,
                "location": "Nordvik HQ, Hamngatan 12, Stockholm",
                "online_url": None,
                "in_person": True,
                "serious": False,
                "sequence": 2,
                "method": "REQUEST",
                "recurring": False,
            },
        ),
        (
            "google-pitch.eml",
            {
                "summary": "Pitch: spring campaign concepts",
                "organizer": "anna@lumen.example",
                "start": "2026-12-08T09:00:00+00:00",
                "duration_minutes": 60,
                "location": "Bluefjord Studio, Sveavägen 44, Stockholm",
                "online_url": "https://meet.google.com/abc-defg-hij",
                "in_person": True,
                "serious": False,
                "sequence": 0,
            },
        ),
        (
            "icloud-fika.eml",
            {
                "summary": "Fika och genomgång av nya menyn",
                "organizer": "olle.ostlund@gmail.com",
                "start": "2026-12-10T10:00:00+01:00",
                "duration_minutes": 60,
                "location": "Östlunds Bageri, Storgatan 3, Uppsala",
                "in_person": True,
                "online_url": None,
            },
        ),
        (
            "teams-renewal.eml",
            {
                "summary": "Avtalsförnyelse 2027",
                "organizer": "karin.holm@solberg.example",
                "start": "2026-12-15T10:00:00+01:00",
                "duration_minutes": 60,
                "location": "Microsoft Teams-möte",
                "in_person": False,
                "serious": True,
                "serious_terms": ("contract", "renewal"),
            },
        ),
        (
            "zoom-status.ics",
            {
                "summary": "Monthly status update",
                "organizer": "mika.lund@cobaltpine.example",
                "start": "2026-12-09T13:00:00+01:00",
                "duration_minutes": 45,
                "online_url": "https://us06web.zoom.us/j/85123456789?pwd=QWxhZGRpbjpvcGVuIHNlc2FtZQ.1",
                "in_person": False,
                "method": "PUBLISH",
            },
        ),
        ("zoom-status.eml", {"summary": "Monthly status update", "duration_minutes": 45}),
        ("forwarded-review.eml", {"summary": "Quarterly account review", "sequence": 2}),
        (
            "exchange-allday.ics",
            {"all_day": True, "start": "2026-12-16", "end": "2026-12-18", "in_person": True},
        ),
        (
            "outlook-custom-timezone.ics",
            {"start": "2026-12-07T15:00:00+05:30", "in_person": False, "sequence": 1},
        ),
        (
            "outlook-windows-zone.ics",
            {"start": "2026-07-02T09:30:00+02:00", "serious": True, "serious_terms": ("price",)},
        ),
        (
            "google-recurring.ics",
            {
                "summary": "Weekly sync",
                "recurring": True,
                "start": "2026-12-03T08:30:00+01:00",
                "online_url": "https://meet.google.com/xyz-abcd-efg",
            },
        ),
    ],
)
def test_reads_invites_in_each_senders_shape(fixture: str, expected: dict[str, object]) -> None:
    invite = read_invite(invite_bytes(fixture))
    actual = {
        "summary": invite.summary,
        "organizer": invite.organizer.email if invite.organizer else None,
        "start": invite.start.isoformat(),
        "end": invite.end.isoformat(),
        "duration_minutes": invite.duration_minutes,
        "location": invite.location,
        "online_url": invite.online_url,
        "in_person": invite.in_person,
        "serious": invite.serious,
        "serious_terms": invite.serious_terms,
        "sequence": invite.sequence,
        "method": invite.method,
        "recurring": invite.recurring,
        "all_day": invite.all_day,
    }
    assert {key: actual[key] for key in expected} == expected


def test_attendees_carry_name_role_and_partstat() -> None:
    invite = read_invite(invite_bytes("google-pitch.eml"))
    by_email = {a.email: a for a in invite.attendees}
    assert by_email["david@lumen.example"].name == "David Ek"
    assert by_email["jonas@bluefjord.example"].role == "OPT-PARTICIPANT"
    assert by_email["jonas@bluefjord.example"].name is None  # Google repeats the address as CN
    assert by_email["anna@lumen.example"].partstat == "ACCEPTED"


def test_hidden_google_guests_are_skipped() -> None:
    invite = read_invite(invite_bytes("google-recurring.ics"))
    assert [a.email for a in invite.attendees] == ["jonas@bluefjord.example", "anna@lumen.example"]


def test_exchange_last_first_names_read_first_name_first() -> None:
    invite = read_invite(invite_bytes("teams-renewal.eml"))
    assert invite.organizer is not None
    assert invite.organizer.first_name == "Karin"
    assert invite.organizer.display_name == "Karin Holm"


@pytest.mark.parametrize(
    ("name", "first", "display"),
    [("Hans Weber/Kunde", "Hans", "Hans Weber"),
     ("CN=Hans Weber/OU=Sales/O=Kunde", "Hans", "Hans Weber"),
     ("Weber, Hans/Kunde/DE", "Hans", "Hans Weber"),
     ("Hans Weber / Kunde GmbH", "Hans", "Hans Weber"),
     ("/Kunde", "/Kunde", "/Kunde"),
     ("Eva Lind", "Eva", "Eva Lind")],
)  # fmt: skip
def test_a_notes_hierarchical_name_reads_as_the_persons_own_name(
    name: str, first: str, display: str
) -> None:
    person = Person("hans.weber@kunde.example", name)
    assert (person.first_name, person.display_name) == (first, display)


def test_a_notes_invite_greets_its_organizer_by_name_alone() -> None:
    invite = read_invite(invite_bytes("lotus-notes-zone-name.ics"))
    assert invite.organizer is not None
    assert invite.organizer.display_name == "Hans Weber"


def test_windows_zone_name_and_custom_vtimezone_become_aware_datetimes() -> None:
    exchange = read_invite(invite_bytes("exchange-quarterly-review.eml"))
    assert isinstance(exchange.start, dt.datetime)
    assert exchange.start.astimezone(dt.UTC) == dt.datetime(2026, 12, 3, 13, 0, tzinfo=dt.UTC)
    custom = read_invite(invite_bytes("outlook-custom-timezone.ics"))
    assert isinstance(custom.start, dt.datetime)
    assert custom.start.utcoffset() == dt.timedelta(hours=5, minutes=30)


def test_floating_times_are_read_in_the_given_zone_with_a_warning() -> None:
    utc = read_invite(invite_bytes("floating.ics"))
    local = read_invite(invite_bytes("floating.ics"), floating_tz=STOCKHOLM)
    assert utc.start == dt.datetime(2026, 12, 11, 13, tzinfo=dt.UTC)
    assert local.start == dt.datetime(2026, 12, 11, 13, tzinfo=STOCKHOLM)
    assert local.duration_minutes == 60  # from DURATION
    assert "no time zone" in local.warnings[0]


def test_a_series_is_described_by_its_master_event() -> None:
    invite = read_invite(invite_bytes("google-recurring.ics"))
    assert invite.summary == "Weekly sync"
    assert invite.recurrence_id is None


@pytest.mark.parametrize(
    ("ics_line", "expected_url"),
    [
        ("LOCATION:https://acme.zoom.us/j/123456789", "https://acme.zoom.us/j/123456789"),
        ("X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij", "https://meet.google.com/abc-defg-hij"),
        ("LOCATION:https://acme.webex.com/acme/j.php?MTID=m1", "https://acme.webex.com/acme/j.php?MTID=m1"),
        ("CONFERENCE;VALUE=URI;FEATURE=PHONE:tel:+46-8-123-456-78", "tel:+468123456 78".replace(" ", "")),
        ("DESCRIPTION:Join: <https://teams.microsoft.com/l/meetup-join/19%3a/0>", "https://teams.microsoft.com/l/meetup-join/19%3a/0"),
        ("LOCATION:+46 8 123 456 78", "tel:+46812345678"),
        ("LOCATION:Room 4", None),
    ],
)  # fmt: skip
def test_online_meeting_links_are_found_wherever_hosts_put_them(
    ics_line: str, expected_url: str | None
) -> None:
    data = _ics(ics_line)
    assert read_invite(data).online_url == expected_url


@pytest.mark.parametrize(
    ("location", "in_person"),
    [
        ("Nordvik HQ, Hamngatan 12, Stockholm", True),
        ("Microsoft Teams Meeting", False),
        ("Microsoft Teams-möte", False),
        ("Conference room 4; Microsoft Teams Meeting", True),
        ("https://zoom.us/j/123", False),
        ("Zoom", False),
        ("Google Meet", False),
        ("+46 8 123 456 78", False),
        ("Online", False),
        # Online venues as real invites name them (public projects' test data).
        ("Virtual conference", False),
        ("Live Meeting", False),
        ("Webinar", False),
        ("Online via Zoom", False),
        ("Google Meet (link below)", False),
        ("Mumble channel", False),
        # Places: rooms by their codes, addresses, offices, cafés.
        ("B301", True),
        ("A12", True),
        ("Konferensrum Ekorren", True),
        ("Ardoise, 12 rue de Rivoli, Paris", True),
        ("Café Saturnus", True),
        ("Nordvik warehouse, Arlanda", True),
        # Nothing to go on: neither a place nor online.
        ("TBD", None),
        ("Stockholm", None),
        ("Nordvik", None),
    ],
)
def test_in_person_is_decided_from_evidence_and_may_stay_unknown(
    location: str, in_person: bool | None
) -> None:
    assert read_invite(_ics(f"LOCATION:{location}")).in_person is in_person


@pytest.mark.parametrize("padding", ["", "x" * 400])
def test_a_place_read_again_is_what_it_was_and_a_long_one_is_not_kept(padding: str) -> None:
    venue._kept_in_person.cache_clear()
    location = f"{padding} Nordvik HQ, Hamngatan 12, Stockholm"
    answers = [venue.in_person(location, online=False) for _ in range(3)]
    assert answers == [True, True, True]
    assert venue._kept_in_person.cache_info().currsize == (0 if padding else 1)


def test_without_a_location_a_meeting_link_makes_it_online_and_nothing_leaves_it_unknown() -> None:
    zoom = "X-ZOOM-MEETING-URL:https://us02web.zoom.us/j/81234567890"
    assert read_invite(_ics(zoom)).in_person is False
    assert read_invite(_ics("SUMMARY:Catch-up")).in_person is None


@pytest.mark.parametrize(
    ("ics_line", "expected_url"),
    [
        ("URL:https://github.com/acme/roadmap/issues/12", None),
        ("URL:https://podio.com/acme/work/apps/meetings/items/42", None),
        ("URL:https://www.ticketshop.example/events/2026/summit", None),
        ("URL:https://acme.zoom.us/j/81234567890", "https://acme.zoom.us/j/81234567890"),
        ("URL:https://bluejeans.com/123456789", "https://bluejeans.com/123456789"),
    ],
)
def test_the_url_property_is_a_meeting_link_only_when_it_is_a_join_link(
    ics_line: str, expected_url: str | None
) -> None:
    assert read_invite(_ics(ics_line)).online_url == expected_url


@pytest.mark.parametrize(
    ("summary", "terms"),
    [
        ("Contract renewal", ("contract", "renewal")),
        ("Escalated incident review", ("escalation", "incident")),
        ("Pricing for 2027", ("price",)),
        ("Prishöjning 2027", ("price",)),
        ("Avtalsförhandling", ("contract",)),
        ("Klagomål på leveransen", ("complaint",)),
        ("Uppsägning", ("termination",)),
        ("Legal review of terms", ("legal",)),
        ("Quarterly account review", ()),
        ("Prisma workshop", ()),
        ("Priceless ideas", ()),
        ("Lunch", ()),
        # Whatever the case: capitals, a title in capitals, letters beyond ASCII.
        ("CONTRACT RENEWAL", ("contract", "renewal")),
        ("AVTALSFÖRHANDLING", ("contract",)),
        ("PRISHÖJNING 2027", ("price",)),
        ("KÜNDIGUNG des Rahmenvertrags", ("contract", "termination")),
        ("SUBCONTRACTOR lunch", ()),
        ("PRISMA workshop", ()),
        # Capitals as a Turkish system writes them, and letters re's IGNORECASE takes for i or s.
        ("\u0130NCIDENT review", ("incident",)),
        ("JUR\u0130D\u0130K genomgång", ("legal",)),
        ("Pr\u0131cing for 2027", ("price",)),
        ("Legal D\u0130SPUTE", ("legal", "dispute")),
        ("Di\u017fpute", ("dispute",)),
    ],
)
def test_serious_topics_are_recognised_in_english_and_swedish(
    summary: str, terms: tuple[str, ...]
) -> None:
    assert read_invite(_ics(f"SUMMARY:{summary}")).serious_terms == terms


def test_conferencing_footers_do_not_make_a_topic_serious() -> None:
    footer = "\\n-::~:~::~:~:~::-\\nLegal notice: contract terms of the conferencing service"
    assert read_invite(_ics(f"DESCRIPTION:Catch-up{footer}")).serious is False


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (invite_bytes("no-invite.eml"), "no calendar part"),
        (invite_bytes("broken-no-vevent.ics"), "no VEVENT"),
        (invite_bytes("broken-no-dtstart.ics"), "no start time"),
        (invite_bytes("broken-impossible-date.ics"), "impossible date"),
        (b"BEGIN:VCALENDAR\r\n" + b"X" * (1024 * 1024), "too large: an invite may be at most 1 MiB"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not text"),
        (b"", "empty"),
        (b"Hello there, this is not an invite", "no calendar part"),
        (b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "no VEVENT"),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "no start"),
    ],
)  # fmt: skip
def test_unreadable_input_raises_one_invite_error_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InviteError, match=reason) as caught:
        read_invite(data)
    assert "\n" not in str(caught.value)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_no_byte_string_raises_anything_but_invite_error(data: bytes) -> None:
    with contextlib.suppress(InviteError):
        read_invite(data)


_SEEDS = [path.read_bytes() for path in sorted(INVITES.iterdir())]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_SEEDS),
    st.lists(st.tuples(st.integers(min_value=0), st.binary(max_size=8)), max_size=6),
)
def test_mangled_real_invites_raise_only_invite_error(
    seed: bytes, edits: list[tuple[int, bytes]]
) -> None:
    data = bytearray(seed)
    for position, replacement in edits:
        at = position % (len(data) + 1)
        data[at : at + len(replacement)] = replacement
    with contextlib.suppress(InviteError):
        read_invite(bytes(data))


def _ics(*lines: str) -> bytes:
    body = {
        "UID": "UID:test-1@example.org",
        "DTSTART": "DTSTART:20261201T100000Z",
        "DTEND": "DTEND:20261201T110000Z",
        "SUMMARY": "SUMMARY:Catch-up",
        "ORGANIZER": "ORGANIZER:mailto:eva.lind@nordvik.example",
        "ATTENDEE": "ATTENDEE:mailto:anna@lumen.example",
    }
    for line in lines:
        body[line.split(":", 1)[0].split(";", 1)[0]] = line
    text = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Test//EN",
            "BEGIN:VEVENT",
            *body.values(),
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    return text.encode("utf-8")


@pytest.mark.parametrize(
    "line",
    [
        'X-MS-OLK-SENDER;CN="Eva:mailto:eva.lind@nordvik.example',  # a quote never closed
        "X-MICROSOFT-CDO-BUSYSTATUS;=:TENTATIVE",  # a parameter with no name
    ],
)
@pytest.mark.parametrize("where", ["calendar", "event"])
def test_an_x_property_nothing_reads_cannot_sink_the_invite(line: str, where: str) -> None:
    """icalendar refuses a whole calendar over a property line it cannot split, outside an
    event; Raincheck reads only the X- properties it uses, and these are none of them."""
    text = _ics().decode()
    anchor = "BEGIN:VEVENT\r\n" if where == "calendar" else "END:VEVENT\r\n"
    text = text.replace(anchor, line + "\r\n" + anchor)
    invite = read_invite(text.encode())
    assert (invite.summary, invite.warnings) == ("Catch-up", ())


def test_the_x_properties_read_are_still_read_beside_those_left_out() -> None:
    invite = read_invite(
        _ics(
            "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE",
            "X-MICROSOFT-SKYPETEAMSMEETINGURL:https://teams.microsoft.com/l/meetup-join/19%3ameeting_x",
            "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
            "DTSTART;TZID=W. Europe Standard Time:20261201T000000",
            "DTEND;TZID=W. Europe Standard Time:20261202T000000",
        )
    )
    assert invite.online_url == "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x"
    assert (invite.all_day, invite.start) == (True, dt.date(2026, 12, 1))
