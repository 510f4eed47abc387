"""move: the same meeting at another time (COUNTER): one of the user's free times when their
calendar was read (the letter offers them all), else the same time some days later, or the
nearest time after it that fits both people (``addon.calendar.bounds``)."""

from addon.calendar.bounds import moved
from addon.calendar.slots import Slot
from addon.i18n import msg
from addon.strategies.base import Answer, Input, Job, Plan, Strategy


def plan(job: Job) -> Plan:
    comment = msg("Proposing another time for the same meeting.")
    if job.slots:
        picked = next((s for s in job.slots if Slot(*s).key == job.slot), job.slots[0])
        return Plan(Answer.COUNTER, comment, times=picked, named=True, free=True, options=job.slots)
    found = moved(job.invite, job.move_days, job.bounds)
    return Plan(Answer.COUNTER, comment, times=(found.start, found.end), named=True)


STRATEGY = Strategy(
    id="move",
    order=5,
    label=msg("Move it to another time"),
    plan=plan,
    inputs=(Input.NEW_TIME,),
    calendar_note=msg("Adds a calendar proposal of the new time the organizer can accept."),
)
