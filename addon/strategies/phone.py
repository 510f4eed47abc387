"""phone: the same meeting as a call, at its own time or one of the user's free times. Saves
the trip, not meeting time; the calendar proposal (COUNTER) carries the call as its place."""

from addon.calendar.slots import Slot
from addon.i18n import msg
from addon.strategies.base import Answer, Input, Job, Plan, Strategy


def plan(job: Job) -> Plan:
    location = msg("Phone call: {call}", call=job.call) if job.call else msg("Phone call")
    picked = next((s for s in job.slots if Slot(*s).key == job.slot), None)
    if picked is None:
        return Plan(
            Answer.COUNTER,
            msg("Proposing a call at the same time instead."),
            location=location,
        )
    return Plan(
        Answer.COUNTER,
        msg("Proposing a call at another time instead."),
        times=picked,
        named=True,
        free=True,
        location=location,
    )


STRATEGY = Strategy(
    id="phone",
    order=1,
    label=msg("Make it a call"),
    plan=plan,
    inputs=(Input.CALL_TIME, Input.CALL),
    calendar_note=msg("Adds a calendar proposal; the call itself is described in the text."),
    loose=True,
)
