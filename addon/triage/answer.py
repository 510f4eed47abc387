"""The organizer's answer to a proposal Raincheck wrote: accepted, countered, declined or
cancelled. Pure: no database, no Flask.

What was proposed is kept in the decision log as a ``Proposal`` (times in UTC or a format, the
SEQUENCE it answered, the meeting as it stood; no mail content and no address). An invite
opened later with the same UID is an answer when it is newer: a higher SEQUENCE (RFC 5546
§2.1.4: the organizer's revisions), or the organizer's ``DECLINECOUNTER`` (§3.2.8: it carries
the SEQUENCE of the proposal it declines) or cancellation.

How the services answer a COUNTER, which ``recognise`` reads:

- Google Calendar: the organizer accepts a guest's "Propose a new time" and the event moves;
  guests get the updated invitation (METHOD:REQUEST, SEQUENCE one higher). Rejecting it keeps
  the event as it was and sends no calendar message: the proposal goes unanswered.
- Exchange / Outlook: "Accept proposal" updates the meeting (METHOD:REQUEST, a higher
  SEQUENCE); "Decline" of a new time proposal sends METHOD:DECLINECOUNTER to the attendee
  ([MS-OXCICAL] maps DECLINECOUNTER to a meeting-response of a declined counter-proposal).
- Either: the organizer may instead send a time of their own (countered), or call the meeting
  off (METHOD:CANCEL, or STATUS:CANCELLED in a REQUEST).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import icalendar

from addon.invite.model import Invite, Person

AnswerKind = Literal["accepted", "countered", "declined", "cancelled"]
ANSWERS: tuple[AnswerKind, ...] = ("accepted", "countered", "declined", "cancelled")
Format = Literal["phone", "email", "delegate"]
FORMATS: tuple[Format, ...] = ("phone", "email", "delegate")

# A number to dial in a place's text: what "make it a call" leaves where the venue was.
_PHONE = re.compile(r"\+?\d[\d\s\-().]{6,}\d")
# How the user's own answer reads in an organizer's update that took it (RFC 5545 PARTSTAT).
_OUT = frozenset({"DECLINED", "DELEGATED"})


@dataclass(frozen=True)
class Proposal:
    """What the user proposed, as the decision log keeps it. ``start``/``end``: the proposed
    times in UTC (None: the meeting's own, or no time was proposed); ``format``: a call, email
    instead, or the account manager (None: a new time or length only); ``sequence``: the
    SEQUENCE of the invite the proposal answered; ``meeting_start``/``meeting_end``: the
    meeting as it stood then (UTC), to tell "kept as it was" from "another time"."""

    strategy: str
    sequence: int
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    format: Format | None = None
    meeting_start: dt.datetime | None = None
    meeting_end: dt.datetime | None = None
    outcome: AnswerKind | None = None  # recorded once recognised
    outcome_at: dt.datetime | None = None

    @property
    def minutes(self) -> int | None:
        """The proposed length, when times were proposed."""
        if self.start is None or self.end is None:
            return None
        return int((self.end - self.start).total_seconds() // 60)


@dataclass(frozen=True)
class Answer:
    """The organizer's answer as recognised: ``start``/``end`` is the meeting now (for a
    DECLINECOUNTER without times, the meeting as it stood when the user proposed)."""

    kind: AnswerKind
    proposal: Proposal
    organizer: Person | None
    start: dt.datetime | dt.date | None
    end: dt.datetime | dt.date | None

    @property
    def advise(self) -> bool:
        """The user has something to do: answer again (countered), or choose again with the
        meeting as it stays (declined by an updated invite they can answer)."""
        return self.kind in ("countered", "declined")


def proposal_of(strategy: str, invite: Invite, calendar: str | None) -> Proposal:
    """What a reply proposes, from the strategy, the invite it answers and its calendar part
    (the iCalendar text the organizer receives: a COUNTER's DTSTART and DTEND are the proposed
    times)."""
    start = end = None
    if calendar:
        parsed = icalendar.Calendar.from_ical(calendar)
        event = next(iter(parsed.walk("VEVENT")), None)
        if event is not None and str(parsed.get("METHOD", "")).upper() == "COUNTER":
            start, end = _utc(event.decoded("DTSTART")), _utc(event.decoded("DTEND"))
    shape: Format | None = next((f for f in FORMATS if f == strategy), None)
    return Proposal(
        strategy=strategy,
        sequence=invite.sequence,
        start=start,
        end=end,
        format=shape,
        meeting_start=_utc(invite.start),
        meeting_end=_utc(invite.end),
    )


def answer_keys(invite: Invite, now: dt.datetime, key: Callable[[Invite], str]) -> tuple[str, ...]:
    """How the meeting may have been logged (``key``: ``triage.service.meeting_key``): as it
    is, or, a series answered for one meeting (the default), as its next meeting."""
    return tuple(dict.fromkeys(key(i) for i in (invite, invite.going_on(now).only_this_one())))


def may_answer(invite: Invite) -> bool:
    """Whether ``invite`` can be an answer at all: a revision (SEQUENCE above 0), a
    DECLINECOUNTER or a cancellation. A first invite is none: the decision log is not read."""
    return invite.sequence > 0 or invite.method == "DECLINECOUNTER" or invite.cancelled


def recognise(proposal: Proposal, invite: Invite, *, me: str) -> Answer | None:
    """The organizer's answer in ``invite`` to ``proposal`` (made by ``me`` for the meeting
    with the same UID), or None when it is no answer: the same revision opened again, or an
    older one."""
    organizer = invite.organizer
    if invite.method == "DECLINECOUNTER":
        if invite.sequence < proposal.sequence:
            return None
        return Answer("declined", proposal, organizer, proposal.meeting_start, proposal.meeting_end)
    if invite.cancelled:
        if invite.sequence < proposal.sequence:
            return None
        return Answer("cancelled", proposal, organizer, invite.start, invite.end)
    if invite.method not in (None, "REQUEST", "PUBLISH") or invite.sequence <= proposal.sequence:
        return None
    now = (_utc(invite.start), _utc(invite.end))
    kept = now == (proposal.meeting_start, proposal.meeting_end)

    def answer(kind: AnswerKind) -> Answer:
        return Answer(kind, proposal, organizer, invite.start, invite.end)

    if proposal.format in ("email", "delegate"):
        mine = next((a for a in invite.attendees if a.email == me.lower()), None)
        # The organizer's calendar took the user's answer: they are off the list, or on it as
        # having declined or handed their seat over.
        if mine is None or mine.partstat in _OUT:
            return answer("accepted")
    elif proposal.format == "phone" and is_call(invite):
        return answer("accepted")
    # A proposed time the meeting now has; a call at the meeting's own time proposed none
    # (accepting a COUNTER in Google Calendar or Outlook takes its times, not its place).
    moved = proposal.start is not None and proposal.start != proposal.meeting_start
    if (moved or proposal.end != proposal.meeting_end) and now == (proposal.start, proposal.end):
        return answer("accepted")
    return answer("declined" if kept else "countered")


def is_call(invite: Invite) -> bool:
    """The meeting is now a call: a phone line, a number for its place, or online only."""
    if invite.online_url and invite.online_url.startswith("tel:"):
        return True
    if invite.location and _PHONE.search(invite.location) and invite.in_person is not True:
        return True
    return invite.in_person is False and invite.online_url is not None


def _utc(moment: dt.datetime | dt.date) -> dt.datetime:
    """A moment as the decision log keeps it: UTC, to the second; a day is its midnight UTC."""
    if not isinstance(moment, dt.datetime):
        return dt.datetime.combine(moment, dt.time(), tzinfo=dt.UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).replace(microsecond=0)


def as_utc(moment: dt.datetime | None) -> dt.datetime | None:
    """A moment read back from the database (SQLite gives it without its zone) in UTC."""
    return None if moment is None else _utc(moment)
