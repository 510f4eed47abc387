"""Triage one invite for one user against their tenant's directory: the whole job, without Flask.

The command line and every mail host call ``triage``; only this module and the directory touch
the database, and they hand plain data to the pure rules and letters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal

from addon import strategies
from addon.calendar.bounds import Bounds
from addon.calendar.history import MeetingCounts
from addon.directory.cache import DirectoryCache
from addon.directory.records import ClientRecord
from addon.directory.repository import Directory, kept_directory
from addon.errors import InviteError, StrategyError
from addon.i18n import Lang, gettext, lang_of, msg
from addon.invite.model import Invite
from addon.triage.assess import Assessment, answerable, assess, default_me
from addon.triage.matching import Matches, find_matches
from addon.triage.request import ReplyRequest
from addon.triage.rules import Recommendation, Verdict
from addon.triage.weigh import ClientProfile, classify
from addon.writing.briefing import write_briefing
from addon.writing.letters import Draft, write_reply

RECENT = dt.timedelta(days=90)
# The user's calendar, when they let Raincheck read it: the meetings with this client, or None
# when the calendar cannot say (then the decision log counts).
CalendarCounter = Callable[["ClientProfile"], MeetingCounts | None]
# The meetings with a client between two times, as Directory.meetings_between counts them.
MeetingCounter = Callable[[int, dt.datetime, dt.datetime], int]


@dataclass(frozen=True)
class Outcome:
    assessment: Assessment
    chosen: Recommendation | None
    reply: Draft | None
    briefing: Draft | None
    series: bool = False  # the invite was for a whole series: the user chooses what to answer
    # Bowing out of a meeting the account manager organised: the briefing is the only email,
    # and it carries the calendar answer (two emails to the same colleague would be one too
    # many, and the note is internal: it must not go to the client's people).
    briefing_only: bool = False
    bounds: Bounds | None = None  # what the reply's new times respected


def profile_for(
    directory: Directory,
    invite: Invite,
    me: str,
    *,
    calendar: CalendarCounter | None = None,
    meetings: MeetingCounter | None = None,
) -> ClientProfile:
    """Match the meeting to a client, count recent meetings with it, and weigh it. Only
    reads: looking at an invite changes nothing (``record_meeting`` and the decision log do,
    when the user acts).
    The meetings counted come from the user's calendar when ``calendar`` can say; else they are
    those the user has acted on in Raincheck, this one included once they have, counted by
    ``meetings`` when given (a caller that reads more with the count), else by ``directory``."""
    candidates = directory.candidates(p.email for p in invite.people())
    book = directory.book_totals()
    matches, first = _matched(invite, me, candidates, book)
    if first.client_id is None:
        return first
    counts = calendar(first) if calendar is not None else None
    if counts is not None:
        return first.with_meetings(counts.past, counts.ahead, complete=counts.complete)
    count = (meetings or directory.meetings_between)(first.client_id, *recent_window(invite))
    return classify(matches, book_totals=book, meetings_90d={first.client_id: count})


def foreseen_client(cache: DirectoryCache, tenant: str, invite: Invite, me: str) -> int | None:
    """The client ``profile_for`` would likely match, from what this process last read of the
    tenant's directory, without asking the database (None when it cannot say): a caller may
    read that client's history with its first statement, and check the guess after."""
    kept = kept_directory(cache, tenant, (p.email for p in invite.people()))
    return None if kept is None else _matched(invite, me, *kept)[1].client_id


def recent_window(invite: Invite) -> tuple[dt.datetime, dt.datetime]:
    """The period whose meetings with the client count as recent: 90 days up to this one."""
    start = _as_datetime(invite.start)
    return start - RECENT, start


def _matched(
    invite: Invite, me: str, candidates: list[ClientRecord], book: dict[str | None, Decimal]
) -> tuple[Matches, ClientProfile]:
    organizer = invite.organizer.email if invite.organizer else None
    matches = find_matches(invite.people(), me, candidates, organizer=organizer)
    return matches, classify(matches, book_totals=book, meetings_90d={})


def record_meeting(directory: Directory, outcome: Outcome) -> None:
    """Remember the meeting the user acted on, for the "meetings in 90 days" count."""
    a = outcome.assessment
    if a.profile.client_id is not None:
        directory.record_meeting(
            a.profile.client_id, meeting_key(a.invite), _as_datetime(a.invite.start)
        )


def triage(
    directory: Directory,
    invite: Invite,
    request: ReplyRequest,
    *,
    me: str | None = None,
    my_name: str = "",
    now: dt.datetime | None = None,
    calendar: CalendarCounter | None = None,
) -> Outcome:
    """``me``: the user's address (None: the first attendee who is not the organizer);
    ``my_name``: their name from their own identity (token, settings), never the invite's."""
    answerable(invite)  # what the file is comes before who the user is in it
    if invite.series and request.scope == "series" and invite.rule_problem:
        # An answer about the series carries its rule; one that cannot be read cannot go, and
        # answering the first meeting alone must be the user's choice, never a silent one.
        raise InviteError(
            f"{invite.rule_problem}: Raincheck cannot answer about the whole series; answer "
            "about its first meeting only (--scope occurrence), or ask the organizer to send "
            "it again",
            kind="bad_rule",
        )
    if request.scope == "series" and invite.recurring and not invite.series:
        # One meeting of a series (a lone override, or a series whose rule could not be read):
        # the whole series was asked for, and answering that one meeting must not pass for it.
        unread = next((w for w in invite.warnings if "cannot be read" in w), None)
        raise InviteError(
            (f"{unread}. " if unread else "")
            + "This invite holds one meeting of its series, not the series: answer about that "
            "meeting (--scope occurrence)",
            kind="bad_rule",
        )
    me = (me or default_me(invite)).strip().lower()
    now = now or dt.datetime.now(dt.UTC)
    series = invite.series
    invite = invite.going_on(now)  # a series that began earlier: its next meeting on
    if request.scope == "occurrence":
        invite = invite.only_this_one()
    profile = profile_for(directory, invite, me, calendar=calendar)
    assessment = assess(
        invite, me=me, reason=request.reason, profile=profile, minutes=request.minutes,
        my_name=my_name, now=now, zone=request.zone,
    )  # fmt: skip
    chosen = choose(
        assessment.verdict, request.strategy, lang_of(request.own_locale or request.locale)
    )
    bounds = request.bounds(invite, now)
    reply = briefing = None
    if chosen is not None and strategies.get(chosen.id).writes:
        reply = write_reply(
            invite,
            chosen.id,
            me=assessment.me,
            voice=request.voice,
            minutes=request.minutes,
            note=request.note,
            call=request.call or None,
            account_manager=assessment.account_manager,
            agenda=request.agenda,
            now=now,
            client=profile.name,
            briefed=any(text.strip() for text in request.brief.texts.values()),
            reason=request.reason,
            say_why=request.say_why,
            move_days=request.move_days,
            slots=request.slots,
            slot=request.slot,
            bounds=bounds,
            client_weight=profile.weight,
            meetings_90d=profile.meetings_90d,
        )
        if strategies.get(chosen.id).briefs and assessment.account_manager is not None:
            # The briefing tells the colleague why, whatever the reply says (SPEC); when it is
            # the only email (the colleague organised the meeting), the user's choice for the
            # reply is its choice.
            only = invite.organizer is not None and (
                invite.organizer.email == assessment.account_manager.email
            )
            kept = only and request.say_why is False
            briefing = write_briefing(
                invite,
                me=assessment.me,
                voice=request.own_voice,
                profile=profile,
                account_manager=assessment.account_manager,
                notes=request.brief,
                call=request.call or None,
                now=now,
                reason=None if kept else request.reason,
                note=request.note if only else "",  # the note has no other email to go in
            )
    manager, organizer = assessment.account_manager, invite.organizer
    briefing_only = bool(
        briefing is not None and manager and organizer and manager.email == organizer.email
    )
    if briefing_only and briefing is not None and reply is not None:
        briefing = replace(briefing, calendar_part=reply.calendar_part)
    return Outcome(
        assessment, chosen, reply, briefing, series=series, briefing_only=briefing_only,
        bounds=bounds,
    )  # fmt: skip


def choose(verdict: Verdict, strategy: str | None, lang: Lang = "en") -> Recommendation | None:
    """The strategy asked for, or the best offered one that changes something; a strategy not
    offered is refused saying why, in ``lang`` (the user's)."""
    if strategy is None:
        return verdict.best_action()
    found = verdict.get(strategy)
    if found is not None:
        return found
    why = verdict.withheld.get(strategy)
    because = (
        "; ".join(m.render(lang).rstrip(".") for m in why)
        if why
        else gettext("it does not apply", lang)
    )
    raise StrategyError(
        msg("'{strategy}' is not offered for this meeting: {because}", strategy=strategy,
            because=because).render(lang)
    )  # fmt: skip


def minutes_saved(strategy: str, duration: int, shorter_minutes: int) -> int:
    """Meeting time the user gets back: all of it by email or delegation, the difference when
    shorter; a call takes the same time (it saves the trip, which is not meeting time)."""
    return strategies.get(strategy).saves(duration, shorter_minutes)


def _as_datetime(moment: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(moment, dt.datetime):
        return moment
    return dt.datetime.combine(moment, dt.time(), tzinfo=dt.UTC)


def meeting_key(invite: Invite) -> str:
    """What identifies a meeting (one occurrence of a series) in the store, before hashing."""
    if not invite.uid:
        # No UID to name it by: the title and the start tell this meeting from others.
        return f"{invite.summary}\n{_as_datetime(invite.start).isoformat()}"
    if invite.recurrence_id is None:
        return invite.uid
    return f"{invite.uid}\n{_as_datetime(invite.recurrence_id).isoformat()}"
