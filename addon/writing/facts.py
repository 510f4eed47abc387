"""What a letter may say about a meeting, and how: the zone its times are written in and
whether to name it, whose trip a call saves, a colleague's first name, the meeting's title as
a sentence names it. Plain data in, plain text out; shared by replies and briefings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from addon.calendar.bounds import invite_zone
from addon.directory.records import is_free_mail
from addon.i18n import Lang, gettext, msg
from addon.invite.model import Invite, Person
from addon.writing.dates import When, when


@dataclass(frozen=True)
class Clock:
    """How a letter writes its times: in ``zone`` (None: as written, for floating times),
    naming it when ``name_zone``, with the user's own clock in brackets when ``mine`` differs,
    and days without their year when within twelve months of ``today``. ``by_city``: the
    organizer's calendar names their zone by a city ("America/New_York"), so the letter does
    too ("New York time"); a zone named as Outlook names it ("W. Europe Standard Time") stands
    for many cities and is named as one ("Central European Time")."""

    zone: dt.tzinfo | None = None
    name_zone: bool = False
    mine: dt.tzinfo | None = None
    today: dt.date | None = None
    by_city: bool = False


def letter_clock(invite: Invite, user_tz: dt.tzinfo | None, today: dt.date | None = None) -> Clock:
    """The letter's reader is the organizer: its times are in the zone the invite was written
    in when it names one, with the user's time in brackets when it differs ("9:00 New York
    time (15:00 in Stockholm)"). An invite in UTC or floating time is written in the user's
    zone: floating times stay as written, and UTC's are named, since the reader may be
    anywhere."""
    start = invite.start
    if invite.floating or not isinstance(start, dt.datetime) or start.tzinfo is None:
        return Clock(mine=user_tz, today=today)
    theirs = invite_zone(invite)
    if theirs is not None:
        return Clock(theirs, mine=user_tz, today=today, by_city="/" in (invite.tzid or ""))
    return Clock(user_tz or start.tzinfo, name_zone=True, today=today)


def colleague_clock(
    invite: Invite, user_tz: dt.tzinfo | None, today: dt.date | None = None
) -> Clock:
    """A text for a colleague (the briefing) is in the user's own zone, named when the invite
    was written in another zone or in UTC."""
    start = invite.start
    if invite.floating or not isinstance(start, dt.datetime) or start.tzinfo is None:
        return Clock(today=today)
    zone = user_tz or start.tzinfo
    differs = start.astimezone(zone).utcoffset() != start.utcoffset()
    return Clock(zone, name_zone=differs or invite_zone(invite) is None, today=today)


def meeting_when(
    invite: Invite,
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date,
    locale: str,
    clock: Clock,
    *,
    fixed: bool = False,
) -> When:
    """The meeting's times as a letter writes them (see ``letter_clock``); ``fixed``: real
    times (free times from the user's calendar) that are never written floating."""
    zone = clock.zone
    if fixed and zone is None:
        zone = clock.mine
    return when(
        start,
        end,
        locale=locale,
        tz=zone,
        series=invite.series and not fixed,
        name_zone=clock.name_zone,
        floating=invite.floating and not fixed,
        today=clock.today,
        mine=clock.mine,
        by_city=clock.by_city,
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
    ours = me.domain.split(".")[0] in place
    if ours and organizer is not None and organizer.domain == me.domain:
        return None  # a colleague's meeting at our own office: nobody travels
    if ours:
        return "you"
    # A place neither side's name is in: both travel only to a venue neither side owns (a café,
    # a hotel, a conference centre). A room and an address are most likely the organizer's
    # own offices ("Besprechungsraum Elbe, 3. OG, Am Sandtorkai 50"): saying the client would
    # be spared a trip to their own building is untrue, so only the user's trip is claimed.
    return "both" if _THIRD_PLACE.search(place) else "me"


_THIRD_PLACE = re.compile(
    r"\b(?:caf[eé]\w*|kaf[eé]\w*|hotel\w*|hotell\w*|restaurant\w*|restaurang\w*|bistro\w*|bar|pub"
    r"|konferens\w*|konferenz\w*|konference\w*|conference\s+(?:cent(?:re|er)|hall)|kongress\w*"
    r"|messe\w*|mässa\w*|airport|flygplats\w*|lufthavn\w*|flughafen|co-?working\w*|lounge)\b",
    re.IGNORECASE,
)


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
