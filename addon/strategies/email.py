"""email: handle it in writing for now. Declines this meeting (REPLY, DECLINED) with a comment;
the letter offers to send what the meeting would have given."""

from addon.i18n import msg
from addon.strategies.base import Answer, Job, Plan, Strategy, saves_all


def plan(job: Job) -> Plan:
    return Plan(Answer.DECLINED, msg("Declined for now: I propose to handle this by email."))


STRATEGY = Strategy(
    id="email",
    order=3,
    label=msg("Handle it by email for now"),
    plan=plan,
    calendar_note=msg("Adds a calendar answer declining for now, with your comment."),
    saves=saves_all,
    loose=True,
)
