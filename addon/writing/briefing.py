"""The briefing to the account manager: the meeting's facts, the client's profile and the
user's own words, so a colleague can speak for them (README, "How Raincheck decides").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup

from addon.i18n import Lang, Message, Percent, format_param, gettext, msg
from addon.invite.model import Invite, Person
from addon.invite.topics import client_message
from addon.triage.weigh import ClientProfile
from addon.vocabulary import BRIEF_FIELD_HEADINGS, BRIEF_FIELDS, BriefField, Reason
from addon.writing.dates import When, regional
from addon.writing.facts import (
    colleague_clock,
    colleague_first_name,
    display,
    meeting_when,
    quoted_title,
    title,
)
from addon.writing.letters import Draft, Voice
from addon.writing.reasons import TO_A_COLLEAGUE
from addon.writing.sanitize import clean_input, note_html, note_text
from addon.writing.templating import render_html, render_text


@dataclass(frozen=True)
class BriefingNotes:
    """The user's own words for the account manager, by briefing field; each is sanitized
    where it is used."""

    texts: Mapping[BriefField, str] = field(default_factory=dict)

    def text(self, name: BriefField) -> str:
        return self.texts.get(name, "")


def write_briefing(
    invite: Invite,
    *,
    me: Person,
    voice: Voice,
    profile: ClientProfile,
    account_manager: Person,
    notes: BriefingNotes,
    call: str | None = None,
    now: dt.datetime | None = None,
    reason: Reason | None = None,
    note: str = "",
) -> Draft:
    """The briefing, in ``voice``: the user's own language (not the invite's). ``reason``: why
    the user bows out, as one colleague tells another (None: the user keeps it to themselves);
    ``note``: the user's own line, when the briefing is the only email (the account manager
    organised the meeting), just before the sign-off as in every letter."""
    voice = replace(voice, locale=regional(voice.locale, voice.tz))
    lang = voice.lang
    today = now.astimezone(voice.tz or dt.UTC).date() if now else None
    clock = colleague_clock(invite, voice.tz, today)
    moment = meeting_when(invite, invite.start, invite.end, voice.locale, clock)
    missing = msg("Not filled in: ask {name}.", name=me.first_name or me.display_name).render(lang)
    wants = clean_input(client_message(invite.description))[:1500]
    context: dict[str, Any] = {
        "warm": voice.tone == "warm",
        "am_first_name": colleague_first_name(account_manager),
        "title": quoted_title(invite, lang),
        "when": moment,
        "meeting_facts": _meeting_facts(invite, moment, lang),
        "client_facts": _client_facts(profile, lang),
        "reach": _reach(me, call, lang),
        "organizer_name": display(invite.organizer)
        if invite.organizer
        else gettext("the organizer", lang),
        "am_is_organizer": bool(
            invite.organizer and invite.organizer.email == account_manager.email
        ),
        "why": TO_A_COLLEAGUE[reason].render(lang) if reason else "",
        "signature": voice.signature or me.display_name,
    }
    name = f"letters/{lang}/briefing.j2"
    headings = {f: BRIEF_FIELD_HEADINGS[f].render(lang) for f in BRIEF_FIELDS}
    text_fields = [(headings[f], note_text(notes.text(f))) for f in BRIEF_FIELDS]
    html_fields = [(headings[f], note_html(notes.text(f))) for f in BRIEF_FIELDS]
    text = render_text(
        name, missing=missing, wants=wants, brief=text_fields, note=note_text(note), **context
    )
    html = render_html(
        name,
        missing=missing,
        wants=Markup.escape(wants).replace("\n", Markup("<br>")),
        brief=html_fields,
        note=note_html(note),
        **context,
    )
    return Draft(
        to=(account_manager.email,),
        subject=msg("Briefing: {title}", title=title(invite, lang)).render(lang),
        text=text,
        html=html,
    )


def _meeting_facts(invite: Invite, moment: When, lang: Lang) -> list[tuple[str, str]]:
    if moment.all_day:
        time = moment.date if moment.same_day else f"{moment.date} – {moment.end_date}"
    else:
        # As the language writes a time on a day: "Tuesday 15 December, 10:00–11:00",
        # "tisdag den 15 december kl. 10.00–11.00"; the zone only where it could be misread.
        time = msg(
            "{date}, {start}–{end}", date=moment.date, start=moment.start, end=moment.end
        ).render(lang)
        if moment.name_zone and moment.zone:
            time += f" ({moment.zone})"
    where = [part for part in (invite.location, invite.online_url) if part]
    organizer = invite.organizer.email if invite.organizer else None
    people = [display(p, with_email=True) for p in invite.attendees if p.email != organizer]
    return [
        (gettext("Title", lang), title(invite, lang)),
        (gettext("When", lang), time),
        (gettext("Where", lang), " · ".join(where) or gettext("Not given", lang)),
        (
            gettext("Organizer", lang),
            display(invite.organizer, with_email=True)
            if invite.organizer
            else gettext("Not given", lang),
        ),
        (gettext("Who", lang), ", ".join(people) or gettext("Not given", lang)),
    ]


def _client_facts(profile: ClientProfile, lang: Lang) -> list[tuple[str, str]]:
    rows = [
        (gettext("Client", lang), profile.name or gettext("Unknown client", lang)),
        (gettext("Tier", lang), profile.tier_label(unknown=msg("Not known")).render(lang)),
    ]
    if profile.revenue_share:  # unknown, or no revenue on record: nothing to say
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
