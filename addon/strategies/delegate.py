"""delegate: bow out, and the account manager speaks for the user with a briefing. Hands the
seat to them (REPLY, DELEGATED); when they organised the meeting themselves, delegating would
make no one new an attendee, so the answer declines and says who speaks for the user."""

from addon.errors import UsageError
from addon.i18n import msg
from addon.strategies.base import Answer, Input, Job, Plan, Strategy, saves_all


def plan(job: Job) -> Plan:
    if job.account_manager is None:
        raise UsageError("a delegated reply needs the account manager")
    comment = msg("{name} will attend in my place.", name=job.account_manager.display_name)
    return Plan(Answer.DECLINED if job.am_is_organizer else Answer.DELEGATED, comment)


STRATEGY = Strategy(
    id="delegate",
    order=4,
    label=msg("Bow out: brief the account manager"),
    plan=plan,
    inputs=(Input.BRIEFING,),
    calendar_note=msg("Adds a calendar answer that hands your seat to the account manager."),
    saves=saves_all,
    briefs=True,
)
