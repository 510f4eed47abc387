"""What a letter may say about a meeting, and how: the zone its times are written in and
whether to name it, whose trip a call saves, a colleague's first name, the meeting's title as
a sentence names it. Plain data in, plain text out; shared by replies and briefings.
"""

from __future__ import annotations

import datetime as dt
import re

from addon.directory.records import is_free_mail
from addon.i18n import Lang, gettext, msg
from addon.invite.model import Invite, Person
from addon.writing.dates import When, when, zone_label


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


def meeting_when(
    invite: Invite,
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date,
    locale: str,
    zone: dt.tzinfo | None,
    name_zone: bool,
) -> When:
    """The meeting's times as a letter writes them (see ``letter_zone``)."""
    return when(
        start,
        end,
        locale=locale,
        tz=zone,
        series=invite.series,
        name_zone=name_zone,
        floating=invite.floating,
    )


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


def colleague_first_name(person: Person) -> str | None:
    """A colleague's first name for a greeting: from their name, else from an address like
    anna.berg@ (a briefing never opens "Dear Sir or Madam")."""
    if person.first_name:
        return person.first_name
    local = person.email.partition("@")[0].split(".")[0]
    return local.capitalize() if local.isalpha() and len(local) > 1 else None


def title(invite: Invite, lang: Lang) -> str:
    return invite.summary or gettext("the meeting", lang)


def quoted_title(invite: Invite, lang: Lang) -> str:
    """The title as a letter's sentence names it: “Review” in English, ”Review” in Swedish."""
    if not invite.summary:
        return gettext("the series", lang) if invite.series else gettext("the meeting", lang)
    if invite.series:
        return msg("the series “{title}”", title=invite.summary).render(lang)
    return msg("“{title}”", title=invite.summary).render(lang)


def display(person: Person | None, *, with_email: bool = False) -> str:
    if person is None:
        return ""
    if with_email:
        return f"{person.display_name} <{person.email}>" if person.name else person.email
    return person.display_name
