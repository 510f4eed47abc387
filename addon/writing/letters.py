"""Replies to the organizer (README, "How Raincheck decides"); the briefing to the account
manager is ``addon.writing.briefing``, what either may say about the meeting ``facts``.

Plain data in (the invite, who the user is, how they write), a ``Draft`` out: recipients,
subject, text, HTML and, for replies, the calendar part. Nothing here sends anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from addon import strategies
from addon.calendar.bounds import Bounds
from addon.errors import UsageError
from addon.i18n import DEFAULT_LANG, Lang, gettext, lang_of, msg
from addon.invite.agenda import agenda_of
from addon.invite.model import Invite, Person
from addon.strategies import WRITING, Answer, Job, Plan, Strategy
from addon.text import one_line
from addon.triage.matching import is_own, own_domains
from addon.vocabulary import DEFAULT_MINUTES, DEFAULT_MOVE_DAYS, DEFAULT_TONE, Reason, Tone
from addon.writing import itip
from addon.writing.dates import regional
from addon.writing.facts import (
    display,
    letter_clock,
    meeting_when,
    quoted_title,
    travel_of,
)
from addon.writing.reasons import because
from addon.writing.sanitize import clean_input, note_html, note_text
from addon.writing.templating import render_html, render_text

_PHONE = re.compile(r"^\+?[\d\s\-().]{6,}$")

DEFAULT_AGENDA = (msg("Where things stand"), msg("What we need to decide"), msg("Next steps"))


@dataclass(frozen=True)
class Voice:
    """How the user writes: language and formatting locale, tone, time zone, signature."""

    locale: str = DEFAULT_LANG
    tone: Tone = DEFAULT_TONE
    tz: dt.tzinfo | None = None
    signature: str = ""

    @property
    def lang(self) -> Lang:
        return lang_of(self.locale)


@dataclass(frozen=True)
class Draft:
    to: tuple[str, ...]
    subject: str
    text: str
    html: str
    calendar_part: itip.CalendarPart | None = None  # the iTIP answer, not the user's calendar


def call_link(call: str) -> tuple[str, bool]:
    """(a URL for the call, whether it is a web link); a phone number becomes a tel: URL."""
    call = call.strip()
    if call.lower().startswith(("https://", "http://")):
        return call, True
    if _PHONE.match(call):
        return "tel:" + re.sub(r"[^\d+]", "", call), False
    return "", False


def write_reply(
    invite: Invite,
    strategy: str,
    *,
    me: Person,
    voice: Voice,
    minutes: int = DEFAULT_MINUTES,
    note: str = "",
    call: str | None = None,
    account_manager: Person | None = None,
    agenda: Sequence[str] = (),
    now: dt.datetime | None = None,
    client: str | None = None,
    briefed: bool = False,
    reason: Reason | None = None,
    say_why: bool | None = None,
    move_days: int = DEFAULT_MOVE_DAYS,
    slots: Sequence[tuple[dt.datetime, dt.datetime]] = (),
    slot: str = "",
    bounds: Bounds | None = None,
    client_weight: str | None = None,
    meetings_90d: int = 0,
) -> Draft:
    """The reply to the invite's organizer for one strategy, with its calendar part.
    ``move_days``: how many days later a moved meeting is proposed, at the same time, when
    ``slots`` (free times from the user's calendar) offers none; with slots the letter offers
    them all and the calendar part carries ``slot`` (a start as ``Slot.key``), else the first.
    A call is proposed at the same time unless ``slot`` picks one of ``slots``.
    ``client``: the client's name, to tell whose place the meeting is at; ``briefed``: the
    account manager has a briefing with content (only then may a letter say so); ``bounds``:
    what a new time must respect (``addon.calendar.bounds``), None checks nothing;
    ``client_weight`` and ``meetings_90d``: what decides whether the trip or a reason may be
    said."""
    voice = replace(voice, locale=regional(voice.locale, voice.tz))
    lang = voice.lang
    today = now.astimezone(voice.tz or dt.UTC).date() if now else None
    clock = letter_clock(invite, voice.tz, today)
    context = _context(strategy, me=me, voice=voice, call=call, account_manager=account_manager)
    moment = meeting_when(invite, invite.start, invite.end, voice.locale, clock)
    organizer = invite.organizer
    context.update(
        first_name=organizer.first_name if organizer else None,
        full_name=_full_name(organizer),
        title=quoted_title(invite, lang),
        when=moment,
        # The day a written update comes by: the meeting's own.
        by=moment.date,
        in_person=invite.in_person is True,
        # The trip is never the reason given to a client who weighs high: it reads as an excuse.
        travel=travel_of(invite, me, client) if client_weight != "high" else None,
        briefed=briefed,
        why=because(reason, say_why, lang, strategy=strategy, meetings_90d=meetings_90d)
        if reason
        else "",
        am_is_organizer=bool(
            account_manager and organizer and account_manager.email == organizer.email
        ),
        # A colleague's own meeting gets a note, not a client letter.
        internal=bool(organizer and is_own(organizer.email, me.email, own_domains(me.email))),
        series=invite.series,
        new=None,
        options=[],
    )
    # Every letter may name the shorter length and an agenda; only some templates do.
    context.update(minutes=minutes, agenda=_agenda(agenda, lang, invite))
    plan = _strategy(strategy).plan
    assert plan is not None  # _context refuses a strategy that writes nothing
    proposal = plan(
        Job(
            invite=invite,
            minutes=minutes,
            call=context["call"],
            move_days=move_days,
            slots=tuple(slots),
            slot=slot,
            account_manager=account_manager,
            am_is_organizer=context["am_is_organizer"],
            bounds=bounds,
        )
    )
    context.update(proposal.context)
    if proposal.named and proposal.times is not None:
        start, end = proposal.times
        # Free times are real times: the letter never shows them floating.
        context["new"] = meeting_when(invite, start, end, voice.locale, clock, fixed=proposal.free)
    if proposal.options:
        context["options"] = [
            meeting_when(invite, s, e, voice.locale, clock, fixed=True) for s, e in proposal.options
        ]
    calendar = _calendar_part(invite, proposal, me=me, lang=lang, now=now, to=account_manager)
    return _draft(
        lang,
        strategy,
        context,
        note,
        to=(invite.organizer.email,) if invite.organizer else (),
        subject=reply_subject(invite),
        # Without the invite's UID no calendar can match an answer to the meeting.
        calendar_part=calendar if invite.uid else None,
    )


def write_loose_reply(
    strategy: str,
    *,
    to: Person | None,
    me: Person,
    voice: Voice,
    minutes: int = DEFAULT_MINUTES,
    note: str = "",
    call: str | None = None,
    agenda: Sequence[str] = (),
) -> Draft:
    """The same reply when Raincheck cannot see the invite (an email being written): no date,
    no calendar part, "our meeting" for a title."""
    if strategy in WRITING and not _strategy(strategy).loose:
        raise UsageError("a briefing needs the invite: open it and bow out from there")
    lang = voice.lang
    context = _context(strategy, me=me, voice=voice, call=call, account_manager=None)
    context.update(
        first_name=to.first_name if to else None,
        full_name=_full_name(to),
        title=gettext("our meeting", lang),
        when=None,
        by="",
        new=None,
        options=[],
        internal=False,
        series=False,
        in_person=False,
        travel=None,
        briefed=False,
        why="",
        am_is_organizer=False,
        minutes=minutes,
        agenda=_agenda(agenda, lang),
    )
    return _draft(lang, strategy, context, note, to=(to.email,) if to else (), subject="")


def _context(
    strategy: str,
    *,
    me: Person,
    voice: Voice,
    call: str | None,
    account_manager: Person | None,
) -> dict[str, Any]:
    if strategy not in WRITING:
        raise UsageError(f"there is no reply for the strategy {strategy!r}")
    call = clean_input(call) or None
    call_url, call_is_link = call_link(call) if call else ("", False)
    return {
        "warm": voice.tone == "warm",
        "call": call,
        "call_url": call_url,
        "call_is_link": call_is_link,
        "signature": voice.signature or me.display_name,
        "am_name": display(account_manager) if account_manager else "",
    }


def _strategy(strategy: str) -> Strategy:
    return strategies.get(strategy)


def _calendar_part(
    invite: Invite,
    proposal: Plan,
    *,
    me: Person,
    lang: Lang,
    now: dt.datetime | None,
    to: Person | None,
) -> itip.CalendarPart:
    comment = proposal.comment.render(lang)
    if proposal.answer is Answer.COUNTER:
        start, end = proposal.times or (invite.start, invite.end)
        location = proposal.location.render(lang) if proposal.location else invite.location
        return itip.counter(
            invite, me=me, start=start, end=end, location=location, comment=comment, now=now
        )
    if proposal.answer is Answer.DELEGATED:
        assert to is not None  # the delegate strategy's plan refuses a reply without one
        return itip.delegate(invite, me=me, to=to, comment=comment, now=now)
    return itip.decline(invite, me=me, comment=comment, now=now)


def _agenda(agenda: Sequence[str], lang: Lang, invite: Invite | None = None) -> list[str]:
    """Three points: the user's own, else the invite's (the client's agenda, with the next
    steps added to a single point), else generic ones."""
    cleaned = [clean_input(item) for item in agenda if clean_input(item)]
    if not cleaned and invite is not None:
        cleaned = [clean_input(point) for point in agenda_of(invite.description)]
        if len(cleaned) == 1:
            cleaned.append(DEFAULT_AGENDA[-1].render(lang))
    return (cleaned or [point.render(lang) for point in DEFAULT_AGENDA])[:3]


def _draft(
    lang: Lang,
    strategy: str,
    context: dict[str, Any],
    note: str,
    *,
    to: tuple[str, ...],
    subject: str,
    calendar_part: itip.CalendarPart | None = None,
) -> Draft:
    name = f"letters/{lang}/{strategy}.j2"
    return Draft(
        to=to,
        subject=subject,
        text=render_text(name, note=note_text(note), **context),
        html=render_html(name, note=note_html(note), **context),
        calendar_part=calendar_part,
    )


def reply_subject(invite: Invite, original: str | None = None) -> str:
    """ "Re:" and the subject being answered: the email's own subject when there is one (Gmail
    threads a reply only under a matching subject), else the meeting's title."""
    subject = one_line(original or "") or invite.summary or "(no subject)"
    return subject if subject.lower().startswith(("re:", "sv:")) else f"Re: {subject}"


def _full_name(person: Person | None) -> str | None:
    """The name a formal greeting may use in full ("Guten Tag Max Weber"): only one the person
    gave, never one guessed from their address, and only when it says more than the first."""
    if person is None or not person.first_name:
        return None
    name = person.display_name
    return name if name != person.first_name else None
