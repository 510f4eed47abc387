"""The organizer's answer to a proposal the user wrote through Raincheck, for the card flow:
found in the user's own decision log (same tenant, same user, same meeting) with the user's
settings, recorded there once, and shown as a line (``cards.answer``)."""

from __future__ import annotations

import datetime as dt

from addon.cardflow.inputs import User
from addon.directory.store import Store
from addon.directory.users import Foreseen, Settings, Users
from addon.invite.model import Invite
from addon.triage.answer import Answer, answer_keys
from addon.triage.service import meeting_key
from cards.answer import answer_card, with_answer
from cards.model import Card
from cards.view import View


def looked_up(
    users: Users, user: User, invite: Invite, now: dt.datetime, foreseen: Foreseen | None = None
) -> tuple[Settings, tuple[str, Answer] | None]:
    """The user's settings, and the proposal ``invite`` answers with the key it was logged
    under (None when it answers none), read in the caller's session in one statement (with
    the ``foreseen`` client's history, for the session's next question)."""
    keys = answer_keys(invite, now, meeting_key)
    return users.settings_and_answer(user.email, invite, keys, foreseen=foreseen)


def recorded(
    store: Store, user: User, found: tuple[str, Answer] | None, now: dt.datetime
) -> Answer | None:
    """The answer looked up, its outcome written the first time it is seen (after the read
    session is closed: a write takes its own)."""
    if found is None:
        return None
    key, answer = found
    if answer.proposal.outcome is None:
        with store.session() as session:
            Users(session, user.tenant).record_outcome(user.email, key, answer.kind, now)
    return answer


def advisable(answer: Answer, invite: Invite) -> bool:
    """The advice card can follow the answer: the user may answer this invite again (a time
    of the organizer's own, or the meeting kept as it was)."""
    return answer.advise and may_advise(invite)


def may_advise(invite: Invite) -> bool:
    """Whether advice can follow this invite whatever it answers: a DECLINECOUNTER is no
    invite to answer."""
    return invite.method != "DECLINECOUNTER"


def card(answer: Answer, invite: Invite, view: View, now: dt.datetime) -> Card:
    return answer_card(answer, invite, view, _today(view, now))


def above(advice: Card, answer: Answer, view: View, now: dt.datetime) -> Card:
    return with_answer(advice, answer, view, _today(view, now))


def _today(view: View, now: dt.datetime) -> dt.date:
    return now.astimezone(view.tz or dt.UTC).date()
