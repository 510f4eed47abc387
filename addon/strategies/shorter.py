"""shorter: the same meeting in less time, with a three-point agenda. Proposes the same start
and an earlier end (COUNTER), never longer than the meeting was."""

import datetime as dt

from addon.errors import UsageError
from addon.i18n import msg
from addon.invite.model import Invite
from addon.strategies.base import Answer, Input, Job, Plan, Strategy

MIN_MINUTES = 5


def proposed_end(invite: Invite, minutes: int) -> dt.datetime:
    """The end of the shorter slot: same start, ``minutes`` long, never longer than before."""
    if not isinstance(invite.start, dt.datetime):
        raise UsageError("an all-day event cannot be made shorter")
    if minutes < MIN_MINUTES:
        raise UsageError(f"--minutes must be at least {MIN_MINUTES}")
    if minutes >= invite.duration_minutes:
        raise UsageError(
            f"the meeting is {invite.duration_minutes} minutes already; "
            f"{minutes} minutes would not make it shorter"
        )
    return invite.start + dt.timedelta(minutes=minutes)


def plan(job: Job) -> Plan:
    invite = job.invite
    comment = msg(
        "Proposing {minutes} minutes instead of {original}.",
        minutes=job.minutes,
        original=invite.duration_minutes,
    )
    end = proposed_end(invite, job.minutes)
    return Plan(Answer.COUNTER, comment, times=(invite.start, end), named=True)


def saves(duration: int, shorter: int) -> int:
    return max(0, duration - shorter)


STRATEGY = Strategy(
    id="shorter",
    order=2,
    label=msg("Make it shorter"),
    plan=plan,
    inputs=(Input.MINUTES,),
    calendar_note=msg("Adds a calendar proposal of the shorter time the organizer can accept."),
    saves=saves,
    loose=True,
)
