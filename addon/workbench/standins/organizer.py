"""The organizer's side of a proposal, for the stand-ins: how Google Calendar and Exchange
answer an attendee's COUNTER, as emails the attendee receives.

What the services document, which these follow:

- RFC 5546 §3.2.7/§3.2.8: an organizer accepts a COUNTER by sending the revised event as a
  REQUEST with a higher SEQUENCE; declines it with METHOD:DECLINECOUNTER, which carries the
  UID, the SEQUENCE of the proposal, the ORGANIZER and the ATTENDEE who proposed; a cancellation
  is METHOD:CANCEL with STATUS:CANCELLED and a higher SEQUENCE.
- Google Calendar ("Propose a new time"): when the organizer accepts a guest's proposal the
  event moves and every guest gets Google's "Updated invitation" email (METHOD:REQUEST, the
  event's SEQUENCE one higher). Declining a proposal keeps the event and sends no calendar
  message to the guest.
- Exchange / Outlook ([MS-OXCICAL] METHOD; [MS-OXOCAL] meeting responses): "Accept proposal"
  updates the meeting and sends it again (METHOD:REQUEST, higher SEQUENCE); "Decline" of a new
  time proposal sends METHOD:DECLINECOUNTER to the attendee, with the meeting's own times.

Each builder takes the organizer's invite as sent (.ics or .eml bytes) and the attendee's
COUNTER (its iCalendar text, as Raincheck drafted it), and returns the email as bytes.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from email.message import EmailMessage
from typing import Literal

import icalendar

from addon.invite.mime import calendar_texts

Service = Literal["google", "exchange"]
PRODIDS = {
    "google": "-//Google Inc//Google Calendar 70.9054//EN",
    "exchange": "-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
}


def accepts(invite: bytes, counter: str, service: Service) -> bytes:
    """The organizer accepted the proposed time: the meeting at the COUNTER's DTSTART and
    DTEND, SEQUENCE one higher, sent to every attendee (REQUEST)."""
    event = _event(invite)
    proposed = _counter_event(counter)
    _set(event, "DTSTART", proposed.decoded("DTSTART"))
    _set(event, "DTEND", proposed.decoded("DTEND"))
    return _revised(invite, event, service, "Updated invitation")


def counters(invite: bytes, start: dt.datetime, end: dt.datetime, service: Service) -> bytes:
    """The organizer moved the meeting to a time of their own instead (REQUEST, higher
    SEQUENCE)."""
    event = _event(invite)
    _set(event, "DTSTART", start)
    _set(event, "DTEND", end)
    return _revised(invite, event, service, "Updated invitation")


def keeps(invite: bytes, service: Service) -> bytes:
    """The organizer sent the meeting again as it was (REQUEST, higher SEQUENCE): Google's
    update after the organizer rejected the proposal and changed something else, or
    Exchange's resend."""
    return _revised(invite, _event(invite), service, "Updated invitation")


def makes_it_a_call(invite: bytes, number: str, service: Service) -> bytes:
    """The organizer took the call: the place is now the number, nobody travels."""
    event = _event(invite)
    _set(event, "LOCATION", f"Phone: {number}")
    for name in ("X-MICROSOFT-SKYPETEAMSMEETINGURL", "X-GOOGLE-CONFERENCE", "CONFERENCE"):
        event.pop(name, None)
    return _revised(invite, event, service, "Updated invitation")


def cancels(invite: bytes, service: Service) -> bytes:
    """The organizer called the meeting off: METHOD:CANCEL, STATUS:CANCELLED."""
    event = _event(invite)
    _set(event, "STATUS", "CANCELLED")
    return _revised(invite, event, service, "Canceled event", method="CANCEL")


def declines(invite: bytes, counter: str) -> bytes:
    """Exchange's "Decline" of a new time proposal: METHOD:DECLINECOUNTER to the attendee who
    proposed, with the meeting's UID, its SEQUENCE (the proposal's), its own times, the
    ORGANIZER and that ATTENDEE."""
    original = _event(invite)
    proposed = _counter_event(counter)
    event = icalendar.Event()
    for name in ("UID", "SEQUENCE", "RECURRENCE-ID", "ORGANIZER", "DTSTART", "DTEND", "SUMMARY"):
        source = proposed if name in ("SEQUENCE", "RECURRENCE-ID") else original
        if name in source:
            event[name] = source[name]
    event["ATTENDEE"] = proposed["ATTENDEE"]
    event.add("DTSTAMP", dt.datetime.now(dt.UTC).replace(microsecond=0))
    event.add("COMMENT", "The proposed time does not suit; the meeting stays as it is.")
    return _mail(
        original, event, "exchange", "New Time Proposed: Declined", "DECLINECOUNTER",
        zones=_zones(invite),
    )  # fmt: skip


def _calendar(invite: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(calendar_texts(invite)[0])


def _event(invite: bytes) -> icalendar.cal.Component:
    calendar = _calendar(invite)
    masters = [e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" not in e]
    return (masters or calendar.walk("VEVENT"))[0]


def _counter_event(counter: str) -> icalendar.cal.Component:
    return icalendar.Calendar.from_ical(counter).walk("VEVENT")[0]


def _set(event: icalendar.cal.Component, name: str, value: object) -> None:
    event.pop(name, None)
    event.add(name, value)


def _revised(
    invite: bytes,
    event: icalendar.cal.Component,
    service: Service,
    subject: str,
    method: str = "REQUEST",
) -> bytes:
    sequence = int(event.get("SEQUENCE", 0)) + 1
    _set(event, "SEQUENCE", sequence)
    if "X-MICROSOFT-CDO-APPT-SEQUENCE" in event:
        _set(event, "X-MICROSOFT-CDO-APPT-SEQUENCE", str(sequence))
    _set(event, "DTSTAMP", dt.datetime.now(dt.UTC).replace(microsecond=0))
    return _mail(event, event, service, subject, method, zones=_zones(invite))


def _zones(invite: bytes) -> list[icalendar.cal.Component]:
    """The invite's own time zone definitions: a revision names its times the same way."""
    return list(_calendar(invite).walk("VTIMEZONE"))


def _mail(
    original: icalendar.cal.Component,
    event: icalendar.cal.Component,
    service: Service,
    subject: str,
    method: str,
    *,
    zones: list[icalendar.cal.Component] | None = None,
) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODIDS[service])
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", method)
    for zone in zones or ():
        calendar.add_component(zone)
    calendar.add_component(event)
    text = calendar.to_ical().decode("utf-8")
    organizer = str(original.get("ORGANIZER", "")).removeprefix("mailto:").removeprefix("MAILTO:")
    message = EmailMessage()
    message["Subject"] = f"{subject}: {original.get('SUMMARY', '')}"
    message["From"] = organizer
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    message["To"] = ", ".join(str(a).split(":", 1)[-1] for a in attendees)
    message["Message-ID"] = email.utils.make_msgid(domain=f"{service}.stand-in.invalid")
    message.set_content(f"{subject}: {original.get('SUMMARY', '')}\n")
    message.add_alternative(text, subtype="calendar", params={"method": method})
    if service == "google":
        # Google attaches the same event as invite.ics besides the inline part.
        message.add_attachment(
            text.encode("utf-8"), maintype="application", subtype="ics", filename="invite.ics"
        )
    return message.as_bytes()
