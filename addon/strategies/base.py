"""What a strategy is: one typed record per strategy, and the plan its reply carries out.

A ``Strategy`` says everything the rest of Raincheck needs to know about one way out of a
meeting: its id and label, what the reply card asks for it (``Input``), which calendar answer
its reply sends (``Answer``), what the card says about that answer, how much meeting time it
gives back, and ``plan``: the times, place and comment its reply proposes. The letter itself is
the template ``letters/<language>/<id>.j2``; the rules that offer it are rows in
``addon.triage.rules`` naming it by id.

Pure data: imports only ``addon.errors``, ``addon.i18n``, ``addon.invite.model`` and
``addon.calendar``; never the writing, the cards or a host.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from addon.calendar.bounds import Bounds
from addon.i18n import Message
from addon.invite.model import Invite, Person

StrategyId = str  # a registered strategy's id: "phone", "shorter", ... (``addon.strategies``)
Times = tuple[dt.datetime | dt.date, dt.datetime | dt.date]


class Input(StrEnum):
    """What the reply card asks for, besides what every reply asks (a note, language, tone)."""

    MINUTES = "minutes"  # the shorter meeting's length
    CALL = "call"  # the user's number or call link
    CALL_TIME = "call_time"  # when to call: the meeting's own time, or one of the free times
    NEW_TIME = "new_time"  # when to meet instead: a free time, or the same time days later
    BRIEFING = "briefing"  # the briefing's fields, for the account manager


class Answer(StrEnum):
    """The calendar part a reply carries (RFC 5546): a proposal, or a reply with a PARTSTAT."""

    COUNTER = "COUNTER"
    DECLINED = "DECLINED"
    DELEGATED = "DELEGATED"


@dataclass(frozen=True)
class Job:
    """What a strategy's plan may look at: the invite (one meeting of a series, or the whole
    series) and what the user chose for the reply."""

    invite: Invite
    minutes: int  # the shorter meeting's length
    call: str | None  # the user's number or link, cleaned
    move_days: int  # a moved meeting: the same time this many days later
    slots: tuple[tuple[dt.datetime, dt.datetime], ...]  # free times from the user's calendar
    slot: str  # the free time the user picked (``Slot.key``); "" for the first
    account_manager: Person | None
    am_is_organizer: bool  # the account manager organised the meeting
    # What a new time must respect (now, both people's days and hours); None: nothing checked.
    bounds: Bounds | None = None


@dataclass(frozen=True)
class Plan:
    """What a reply proposes. ``times``: the calendar answer's start and end (None: the
    meeting's own); ``named``: the letter names those times as the new ones; ``free``: they are
    free times from the user's calendar, real times the letter never shows floating;
    ``options``: every free time the letter offers; ``location``: the proposal's place (None:
    the meeting's own); ``context``: what else the letter's template needs."""

    answer: Answer
    comment: Message
    times: Times | None = None
    named: bool = False
    free: bool = False
    options: tuple[tuple[dt.datetime, dt.datetime], ...] = ()
    location: Message | None = None
    context: Mapping[str, Any] = field(default_factory=dict)


def saves_nothing(duration: int, shorter: int) -> int:
    """A strategy that keeps the meeting's length gives back no meeting time."""
    return 0


def saves_all(duration: int, shorter: int) -> int:
    """A strategy that takes the user out of the meeting gives back all of it."""
    return duration


@dataclass(frozen=True)
class Strategy:
    id: StrategyId
    order: int  # where cards and ties put it: lower first
    label: Message  # how cards name it ("Make it a call")
    # The reply's plan; None for a strategy that writes nothing (keeping the meeting).
    plan: Callable[[Job], Plan] | None = None
    inputs: tuple[Input, ...] = ()
    # What the reply card says about the calendar answer it attaches.
    calendar_note: Message | None = None
    # Minutes of meeting time given back, from the meeting's length and the shorter length.
    saves: Callable[[int, int], int] = saves_nothing
    # Can be written without the invite (an email being composed): no date, no calendar part.
    loose: bool = False
    # Writes the briefing to the account manager besides the reply.
    briefs: bool = False

    @property
    def writes(self) -> bool:
        return self.plan is not None

    def problems(self) -> tuple[str, ...]:
        """What this record lacks or contradicts, each as a phrase; () when whole."""
        found = []
        if not self.id.isidentifier():
            found.append("its id is not a name")
        if self.writes and self.calendar_note is None:
            found.append("it writes a reply but has no calendar_note")
        if not self.writes and (self.inputs or self.loose or self.briefs):
            found.append("it writes no reply but asks for inputs, a loose reply or a briefing")
        if self.briefs and Input.BRIEFING not in self.inputs:
            found.append("it writes a briefing but does not ask for its fields")
        return tuple(found)
