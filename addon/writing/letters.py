"""Replies to the organizer and the briefing to the account manager (README, "How Raincheck
decides").

Plain data in (the invite, who the user is, how they write), a ``Draft`` out: recipients,
subject, text, HTML and, for replies, the calendar part. Nothing here sends anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from addon.directory.records import is_free_mail
from addon.errors import UsageError
from addon.i18n import DEFAULT_LANG, Lang, Message, Percent, format_param, gettext, lang_of, msg
from addon.invite.agenda import agenda_of
from addon.invite.model import Invite, Person
from addon.invite.topics import client_message
from addon.triage.weigh import ClientProfile
from addon.vocabulary import (
    BRIEF_FIELD_HEADINGS,
    BRIEF_FIELDS,
    DEFAULT_TONE,
    LETTER_STRATEGIES,
    BriefField,
    Reason,
    Tone,
)
from addon.writing import itip
from addon.writing.dates import When, when, zone_label
from addon.writing.reasons import because
from addon.writing.sanitize import clean_input, note_html, note_text
from addon.writing.templating import render_html, render_text

MIN_MINUTES = 5
DEFAULT_MOVE_DAYS = 7  # "the same time next week"
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
    calendar: itip.CalendarPart | None = None


@dataclass(frozen=True)
class BriefingNotes:
    """The user's own words for the account manager, by briefing field; each is sanitized
    where it is used."""

    texts: Mapping[BriefField, str] = field(default_factory=dict)

    def text(self, name: BriefField) -> str:
        return self.texts.get(name, "")


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
    minutes: int = 30,
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
) -> Draft:
    """The reply to the invite's organizer for one strategy, with its calendar part.
    ``move_days``: how many days later a moved meeting is proposed, at the same time.
    ``client``: the client's name, to tell whose place the meeting is at; ``briefed``: the
    account manager has a briefing with content (only then may a letter say so)."""
    lang = voice.lang
    zone, name_zone = letter_zone(invite, voice.tz)
    context = _context(strategy, me=me, voice=voice, call=call, account_manager=account_manager)
    context.update(
        first_name=invite.organizer.first_name if invite.organizer else None,
        title=_quoted_title(invite, lang),
        when=_when(invite, invite.start, invite.end, voice, zone, name_zone),
        in_person=invite.in_person is True,
        travel=travel_of(invite, me, client),
        briefed=briefed,
        why=because(reason, say_why, lang) if reason else "",
        am_is_organizer=bool(
            account_manager and invite.organizer and account_manager.email == invite.organizer.email
        ),
    )
    calendar: itip.CalendarPart
    if strategy == "move":
        later = dt.timedelta(days=move_days)
        start, end = invite.start + later, invite.end + later
        context["new"] = _when(invite, start, end, voice, zone, name_zone)
        calendar = itip.counter(
            invite,
            me=me,
            start=start,
            end=end,
            location=invite.location,
            comment=gettext("Proposing another time for the same meeting.", lang),
            now=now,
        )
    elif strategy == "shorter":
        end = proposed_end(invite, minutes)
        context.update(minutes=minutes, agenda=_agenda(agenda, lang, invite))
        context["new"] = _when(invite, invite.start, end, voice, zone, name_zone)
        comment = msg(
            "Proposing {minutes} minutes instead of {original}.",
            minutes=minutes,
            original=invite.duration_minutes,
        )
        calendar = itip.counter(
            invite,
            me=me,
            start=invite.start,
            end=end,
            location=invite.location,
            comment=comment.render(lang),
            now=now,
        )
    elif strategy == "phone":
        call = context["call"]
        location = msg("Phone call: {call}", call=call) if call else msg("Phone call")
        calendar = itip.counter(
            invite,
            me=me,
            start=invite.start,
            end=invite.end,
            location=location.render(lang),
            comment=gettext("Proposing a call at the same time instead.", lang),
            now=now,
        )
    elif strategy == "email":
        calendar = itip.decline(
            invite,
            me=me,
            now=now,
            comment=gettext("Declined for now: I propose to handle this by email.", lang),
        )
    else:
        if account_manager is None:
            raise UsageError("a delegated reply needs the account manager")
        comment = msg("{name} will attend in my place.", name=_display(account_manager))
        if context["am_is_organizer"]:
            # Delegating to the organizer would make no one new an attendee: decline, and let
            # the comment and the briefing say who speaks for the user.
            calendar = itip.decline(invite, me=me, comment=comment.render(lang), now=now)
        else:
            calendar = itip.delegate(
                invite, me=me, to=account_manager, comment=comment.render(lang), now=now
            )
    return _draft(
        lang,
        strategy,
        context,
        note,
        to=(invite.organizer.email,) if invite.organizer else (),
        subject=reply_subject(invite),
        # Without the invite's UID no calendar can match an answer to the meeting.
        calendar=calendar if invite.uid else None,
    )


def write_loose_reply(
    strategy: str,
    *,
    to: Person | None,
    me: Person,
    voice: Voice,
    minutes: int = 30,
    note: str = "",
    call: str | None = None,
    agenda: Sequence[str] = (),
) -> Draft:
    """The same reply when Raincheck cannot see the invite (an email being written): no date,
    no calendar part, "our meeting" for a title."""
    if strategy == "delegate":
        raise UsageError("a briefing needs the invite: open it and bow out from there")
    lang = voice.lang
    context = _context(strategy, me=me, voice=voice, call=call, account_manager=None)
    context.update(
        first_name=to.first_name if to else None,
        title=gettext("our meeting", lang),
        when=None,
        new=None,
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
    if strategy not in LETTER_STRATEGIES:
        raise UsageError(f"there is no reply for the strategy {strategy!r}")
    call = clean_input(call) or None
    call_url, call_is_link = call_link(call) if call else ("", False)
    return {
        "warm": voice.tone == "warm",
        "call": call,
        "call_url": call_url,
        "call_is_link": call_is_link,
        "signature": voice.signature or me.display_name,
        "am_name": _display(account_manager) if account_manager else "",
    }


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
    calendar: itip.CalendarPart | None = None,
) -> Draft:
    name = f"letters/{lang}/{strategy}.j2"
    return Draft(
        to=to,
        subject=subject,
        text=render_text(name, note=note_text(note), **context),
        html=render_html(name, note=note_html(note), **context),
        calendar=calendar,
    )


def write_briefing(
    invite: Invite,
    *,
    me: Person,
    voice: Voice,
    profile: ClientProfile,
    account_manager: Person,
    notes: BriefingNotes,
    call: str | None = None,
) -> Draft:
    lang = voice.lang
    zone, name_zone = letter_zone(invite, voice.tz)
    moment = _when(invite, invite.start, invite.end, voice, zone, name_zone)
    missing = msg("Not filled in: ask {name}.", name=me.first_name or me.display_name).render(lang)
    wants = clean_input(client_message(invite.description))[:1500]
    context: dict[str, Any] = {
        "warm": voice.tone == "warm",
        "am_first_name": colleague_first_name(account_manager),
        "title": _quoted_title(invite, lang),
        "when": moment,
        "meeting_facts": _meeting_facts(invite, moment, lang),
        "client_facts": _client_facts(profile, lang),
        "reach": _reach(me, call, lang),
        "organizer_name": _display(invite.organizer)
        if invite.organizer
        else gettext("the organizer", lang),
        "am_is_organizer": bool(
            invite.organizer and invite.organizer.email == account_manager.email
        ),
        "signature": voice.signature or me.display_name,
    }
    name = f"letters/{lang}/briefing.j2"
    headings = {f: BRIEF_FIELD_HEADINGS[f].render(lang) for f in BRIEF_FIELDS}
    text_fields = [(headings[f], note_text(notes.text(f))) for f in BRIEF_FIELDS]
    html_fields = [(headings[f], note_html(notes.text(f))) for f in BRIEF_FIELDS]
    return Draft(
        to=(account_manager.email,),
        subject=msg("Briefing: {title}", title=_title(invite, lang)).render(lang),
        text=render_text(name, missing=missing, wants=wants, brief=text_fields, **context),
        html=render_html(
            name,
            missing=missing,
            wants=Markup.escape(wants).replace("\n", Markup("<br>")),
            brief=html_fields,
            **context,
        ),
    )


def reply_subject(invite: Invite, original: str | None = None) -> str:
    """ "Re:" and the subject being answered: the email's own subject when there is one (Gmail
    threads a reply only under a matching subject), else the meeting's title."""
    subject = (original or "").strip() or invite.summary or "(no subject)"
    return subject if subject.lower().startswith(("re:", "sv:")) else f"Re: {subject}"


def _meeting_facts(invite: Invite, moment: When, lang: Lang) -> list[tuple[str, str]]:
    if moment.all_day:
        time = moment.date if moment.same_day else f"{moment.date} – {moment.end_date}"
    else:
        zone = f" ({moment.zone})" if moment.zone else ""
        time = f"{moment.date}, {moment.start}–{moment.end}{zone}"
    where = [part for part in (invite.location, invite.online_url) if part]
    organizer = invite.organizer.email if invite.organizer else None
    people = [_display(p, with_email=True) for p in invite.attendees if p.email != organizer]
    return [
        (gettext("Title", lang), _title(invite, lang)),
        (gettext("When", lang), time),
        (gettext("Where", lang), " · ".join(where) or gettext("Not given", lang)),
        (
            gettext("Organizer", lang),
            _display(invite.organizer, with_email=True)
            if invite.organizer
            else gettext("Not given", lang),
        ),
        (gettext("Who", lang), ", ".join(people) or gettext("Not given", lang)),
    ]


def _client_facts(profile: ClientProfile, lang: Lang) -> list[tuple[str, str]]:
    rows = [
        (gettext("Client", lang), profile.name or gettext("Unknown client", lang)),
        (gettext("Tier", lang), profile.tier_label().render(lang)),
    ]
    if profile.revenue_share is not None:
        share = format_param(Percent(profile.revenue_share), lang)
        rows.append((gettext("Share of revenue", lang), share))
    meetings: Message = msg("{n} in the last 90 days", n=profile.meetings_90d)
    rows.append((gettext("Recent meetings", lang), meetings.render(lang)))
    if profile.notes.strip():
        rows.append((gettext("Our notes", lang), note_text(profile.notes)))
    return rows


def _reach(me: Person, call: str | None, lang: Lang) -> list[tuple[str, str]]:
    rows = [(gettext("Email", lang), me.email)]
    if call:
        rows.append((gettext("Phone or link", lang), clean_input(call)))
    return rows


def _title(invite: Invite, lang: Lang) -> str:
    return invite.summary or gettext("the meeting", lang)


def _quoted_title(invite: Invite, lang: Lang) -> str:
    """The title as a letter's sentence names it: “Review” in English, ”Review” in Swedish."""
    if not invite.summary:
        return gettext("the series", lang) if invite.series else gettext("the meeting", lang)
    if invite.series:
        return msg("the series “{title}”", title=invite.summary).render(lang)
    return msg("“{title}”", title=invite.summary).render(lang)


def _display(person: Person | None, *, with_email: bool = False) -> str:
    if person is None:
        return ""
    if with_email:
        return f"{person.display_name} <{person.email}>" if person.name else person.email
    return person.display_name


def colleague_first_name(person: Person) -> str | None:
    """A colleague's first name for a greeting: from their name, else from an address like
    anna.berg@ (a briefing never opens "Dear Sir or Madam")."""
    if person.first_name:
        return person.first_name
    local = person.email.partition("@")[0].split(".")[0]
    return local.capitalize() if local.isalpha() and len(local) > 1 else None


def travel_of(invite: Invite, me: Person, client: str | None) -> str | None:
    """Who a call would save a trip: "both", "me" (the meeting is at the client's), "you" (at
    ours), or None when the meeting is not known to be in person: a letter claims no trip
    then."""
    if invite.in_person is not True:
        return None
    place = (invite.location or "").lower()
    theirs = set(_name_words(client))
    organizer = invite.organizer
    if (
        organizer is not None
        and organizer.domain != me.domain
        and not is_free_mail(organizer.email)
    ):
        theirs.add(organizer.domain.split(".")[0])
    if any(word in place for word in theirs):
        return "me"
    if me.domain.split(".")[0] in place:
        return "you"
    return "both"


def _name_words(name: str | None) -> list[str]:
    # Company forms say nothing about where: "AB", "Ltd", "GmbH" are in every other name.
    generic = {"ab", "ltd", "inc", "gmbh", "llc", "oy", "as", "asa", "sa", "bv", "plc", "co"}
    words = re.findall(r"[^\W\d_]{3,}", (name or "").lower())
    return [w for w in words if w not in generic]


def letter_zone(invite: Invite, user_tz: dt.tzinfo | None) -> tuple[dt.tzinfo | None, bool]:
    """The zone a letter writes the meeting's times in (the user's when known, else the
    invite's), and whether it must name it: when the invite was written in another zone, or
    in UTC, a reader could take the hour for their own. Floating times stay as written and
    are never given a zone."""
    start = invite.start
    if invite.floating or not isinstance(start, dt.datetime) or start.tzinfo is None:
        return None, False
    zone = user_tz or start.tzinfo
    offset = start.utcoffset()
    differs = start.astimezone(zone).utcoffset() != offset
    utc = offset == dt.timedelta(0) and zone_label(start, "en") == "UTC"
    return zone, differs or utc


def _when(
    invite: Invite,
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date,
    voice: Voice,
    zone: dt.tzinfo | None,
    name_zone: bool,
) -> When:
    return when(
        start,
        end,
        locale=voice.locale,
        tz=zone,
        series=invite.series,
        name_zone=name_zone,
        floating=invite.floating,
    )
