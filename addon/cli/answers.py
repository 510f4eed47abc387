"""``raincheck triage`` on the organizer's answer to a proposal the user wrote through
Raincheck: recognised in their decision log (the tenant's, the user's own), recorded there
once, and printed as the cards say it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from addon.directory.store import Store
from addon.directory.users import Users
from addon.errors import UsageError
from addon.i18n import Lang
from addon.invite.model import Invite
from addon.triage.answer import Answer, answer_keys, may_answer
from addon.triage.assess import default_me
from addon.triage.service import meeting_key
from addon.writing.dates import babel_locale, regional
from cards.answer import answer_line


def recognised(store: Store, tenant: str, invite: Invite, me: str | None) -> Answer | None:
    """The answer ``invite`` is to what ``me`` (None: the invite's first attendee who is not
    the organizer) proposed through Raincheck; None when it answers nothing they proposed."""
    if not may_answer(invite):
        return None  # a first invite: the decision log is not even opened
    try:
        email = (me or default_me(invite)).strip().lower()
    except UsageError:
        return None  # triage says who is missing
    now = dt.datetime.now(dt.UTC)
    with store.read() as session:
        found = Users(session, tenant).answer(email, invite, answer_keys(invite, now, meeting_key))
    if found is None:
        return None
    key, answer = found
    if answer.proposal.outcome is None:
        with store.session() as session:
            Users(session, tenant).record_outcome(email, key, answer.kind, now)
    return answer


def answer_output(
    answer: Answer,
    lang: Lang,
    zone: dt.tzinfo | None,
    *,
    locale: str | None,
    as_json: bool,
    file: str | None,
) -> str:
    """The answer as ``triage`` prints it: its line, or (``as_json``) one JSON object. Dates
    in ``locale`` (None: the language's, in the style of the user's zone's region)."""
    today = dt.datetime.now(zone or dt.UTC).date()
    style = regional(babel_locale(locale or lang), zone)
    line = answer_line(answer, lang, style, zone, today)
    if not as_json:
        return line + "\n"
    fields: dict[str, Any] = {
        "answer": {
            "outcome": answer.kind,
            "strategy": answer.proposal.strategy,
            "start": _iso(answer.start),
            "end": _iso(answer.end),
            "line": line,
        }
    }
    if file is None:
        return json.dumps(fields, ensure_ascii=False, indent=2)
    return json.dumps({"file": file, **fields}, ensure_ascii=False)


def _iso(moment: dt.datetime | dt.date | None) -> str | None:
    return moment.isoformat() if moment is not None else None
