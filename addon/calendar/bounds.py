"""When a proposed time makes sense, for both people: every time Raincheck proposes (a moved
meeting, a call or a shorter meeting at another time, a free time from the calendar) passes
here (SPEC §2, "Proposed times").

A time fits when it is not in the past (nor within ``LEAD`` of now: nobody answers a proposal
for ten minutes from now), not on a weekend, not on a public holiday of the user's country or
the organizer's, and within working hours in both people's zones: the user's own hours, and
08:00-17:00 in the zone the invite was written in (the organizer's hours are not known). A
time that does not fit moves to the nearest one that does, later on, at the same wall time
where it can; ``Proposal.why`` says why it moved. When no time fits both, the nearest that
fits the user is proposed, saying so.

Holidays come from the ``holidays`` library, with its ``de_facto`` category where a country
has one (Sweden's Christmas Eve, Midsummer Eve, New Year's Eve); Christmas Eve and New Year's
Eve count everywhere, as Nordic and German offices close. Countries come from zones (Babel's
zone territories), from a sender's country-code domain and from the invite's language.

Plain data in and out; imports only ``addon.i18n``, ``addon.invite`` and ``addon.calendar``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal
from zoneinfo import ZoneInfo

from babel.core import get_global

from addon.calendar.daysoff import holiday_name, is_holiday, supported_countries
from addon.calendar.hours import WorkingHours
from addon.i18n import LANGUAGES, Day, Message, msg
from addon.invite.language import language_of
from addon.invite.model import Invite

LEAD = dt.timedelta(hours=2)
# The countries a user picks from in settings (any the holidays library knows is accepted);
# otherwise their time zone's country counts.
HOLIDAY_COUNTRIES = (
    "SE", "NO", "DK", "FI", "IS", "DE", "AT", "CH", "NL", "BE", "LU", "FR", "GB", "IE", "ES",
    "PT", "IT", "PL", "CZ", "EE", "LV", "LT", "US", "CA", "AU", "NZ", "JP", "SG", "IN",
)  # fmt: skip
GRID = dt.timedelta(minutes=30)
HORIZON_DAYS = 120  # how far a proposal may move before Raincheck gives up looking
ORGANIZER_HOURS = WorkingHours(dt.time(8), dt.time(17))

Moment = dt.datetime | dt.date
Who = Literal["user", "organizer"]


@dataclass(frozen=True)
class Party:
    """One person's side: their zone, their working hours, the countries whose holidays they
    keep."""

    zone: ZoneInfo
    hours: WorkingHours | None = field(default_factory=WorkingHours)  # None: not known
    countries: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Problem:
    """Why a time does not fit, for one of the two people."""

    kind: Literal["past", "weekend", "holiday", "hours"]
    who: Who
    day: dt.date
    country: str = ""

    def message(self, bounds: Bounds, lang: str) -> Message:
        day = Day(self.day)
        if self.kind == "past":
            return msg("That time has already passed.")
        if self.kind == "weekend":
            return msg("{day} is a weekend day.", day=day)
        if self.kind == "holiday":
            name = holiday_name(self.country, self.day, lang) or ""
            return msg("{day} is {holiday} in {country}.", day=day, holiday=name,
                       country=country_name(self.country, lang))  # fmt: skip
        if self.who == "user":
            return msg("That is outside your working hours.")
        place = city_of(bounds.organizer.zone, lang) if bounds.organizer else ""
        return msg("That is outside office hours in {place}.", place=place)


@dataclass(frozen=True)
class Proposal:
    start: Moment
    end: Moment
    why: Problem | None = None  # what was wrong with the time first asked for, if it moved
    fits: bool = True  # False: no time fits both people; this one fits the user


@dataclass(frozen=True)
class Bounds:
    """What a proposed time must respect: now, and both people's days and hours. Without an
    organizer's side (an invite in UTC, floating or with no zone), only the user's counts."""

    now: dt.datetime
    user: Party
    organizer: Party | None = None

    def parties(self) -> Iterator[tuple[Who, Party]]:
        yield "user", self.user
        if self.organizer is not None:
            yield "organizer", self.organizer

    def problems(self, start: Moment, end: Moment, *, user_only: bool = False) -> list[Problem]:
        found: list[Problem] = []
        timed = isinstance(start, dt.datetime) and isinstance(end, dt.datetime)
        if _as_datetime(start, self.user.zone) < self.now + (LEAD if timed else dt.timedelta(0)):
            found.append(Problem("past", "user", _local_day(start, self.user.zone)))
            return found
        for who, party in self.parties():
            if user_only and who == "organizer":
                continue
            weekdays = party.hours.weekdays if party.hours else WorkingHours().weekdays
            for day in _days(start, end, party.zone):
                if day.weekday() not in weekdays:
                    found.append(Problem("weekend", who, day))
                for country in sorted(party.countries):
                    if is_holiday(country, day):
                        found.append(Problem("holiday", who, day, country))
            if timed and not _within_hours(start, end, party):  # type: ignore[arg-type]
                found.append(Problem("hours", who, _local_day(start, party.zone)))
        return found

    def fits(self, start: Moment, end: Moment) -> bool:
        return not self.problems(start, end)


def nearest(start: Moment, end: Moment, bounds: Bounds) -> Proposal:
    """The time asked for when it fits both people, else the nearest later one that does (at
    the same wall time in the invite's zone where it can), else the nearest that fits the user."""
    first = bounds.problems(start, end)
    if not first:
        return Proposal(start, end)
    why = _worst(first)
    for user_only in (False, True):
        for candidate in _candidates(start, end, bounds):
            if not bounds.problems(*candidate, user_only=user_only):
                return Proposal(*candidate, why=why, fits=not user_only)
    return Proposal(start, end, why=why, fits=False)


def moved(invite: Invite, days: int, bounds: Bounds | None) -> Proposal:
    """The meeting ``days`` later at the same time, or the nearest time after that which fits
    both people; as it is when nothing is to be checked (``bounds`` None)."""
    step = dt.timedelta(days=days)
    start, end = invite.start + step, invite.end + step
    return nearest(start, end, bounds) if bounds is not None else Proposal(start, end)


def _candidates(start: Moment, end: Moment, bounds: Bounds) -> Iterator[tuple[Moment, Moment]]:
    """Later times of the same length, day by day; on each day the asked-for wall time first,
    then the others nearest to it."""
    if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        assert not isinstance(start, dt.datetime) and not isinstance(end, dt.datetime)
        span = end - start
        today = bounds.now.astimezone(bounds.user.zone).date()
        first = max(start, today + dt.timedelta(days=1))
        for offset in range(HORIZON_DAYS):
            day = first + dt.timedelta(days=offset)
            yield day, day + span
        return
    # The wall time the invite was written in: the organizer's, when their zone is known.
    organizer = bounds.organizer
    zone = organizer.zone if organizer and organizer.hours else bounds.user.zone
    local = start.astimezone(zone)
    length = end - start
    wanted = local.time()
    earliest = bounds.now + LEAD
    first_day = max(local.date(), earliest.astimezone(zone).date())
    times = sorted(_grid(), key=lambda t: (_distance(t, wanted), t))
    if wanted not in times:
        times.insert(0, wanted)
    for offset in range(HORIZON_DAYS):
        day = first_day + dt.timedelta(days=offset)
        for time in times:
            moment = dt.datetime.combine(day, time, tzinfo=zone)
            if moment >= earliest:
                yield moment, (moment.astimezone(dt.UTC) + length).astimezone(zone)


def _grid() -> list[dt.time]:
    return [dt.time(h, m) for h in range(24) for m in (0, 30)]


def _distance(time: dt.time, wanted: dt.time) -> int:
    return abs((time.hour * 60 + time.minute) - (wanted.hour * 60 + wanted.minute))


def _worst(problems: list[Problem]) -> Problem:
    """The problem to tell the user: a holiday or weekend says more than the hours."""
    order = {"past": 0, "holiday": 1, "weekend": 2, "hours": 3}
    return min(problems, key=lambda p: (order[p.kind], p.who != "user"))


def _within_hours(start: dt.datetime, end: dt.datetime, party: Party) -> bool:
    if party.hours is None:
        return True
    local_start, local_end = start.astimezone(party.zone), end.astimezone(party.zone)
    return (
        local_start.date() == local_end.date()
        and local_start.time() >= party.hours.start
        and local_end.time() <= party.hours.end
    )


def _days(start: Moment, end: Moment, zone: ZoneInfo) -> list[dt.date]:
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        return [start.astimezone(zone).date()]
    assert not isinstance(start, dt.datetime) and not isinstance(end, dt.datetime)
    return [start + dt.timedelta(days=n) for n in range(max(1, (end - start).days))]


def _local_day(moment: Moment, zone: ZoneInfo) -> dt.date:
    return moment.astimezone(zone).date() if isinstance(moment, dt.datetime) else moment


def _as_datetime(moment: Moment, zone: ZoneInfo) -> dt.datetime:
    if isinstance(moment, dt.datetime):
        return moment if moment.tzinfo else moment.replace(tzinfo=zone)
    return dt.datetime.combine(moment, dt.time(), tzinfo=zone)


# Holidays -------------------------------------------------------------------------------------


# Countries and places ----------------------------------------------------------------------------


def country_of_zone(zone: ZoneInfo | None) -> str | None:
    """The country a zone is in ("Europe/Stockholm": SE); None for UTC and its kin."""
    if zone is None:
        return None
    found = get_global("zone_territories").get(zone.key)
    return found if found in supported_countries() else None


def country_of_domain(domain: str) -> str | None:
    """A country-code domain's country ("kund.se": SE); None for .com and the like."""
    tld = domain.rpartition(".")[2].upper()
    tld = {"UK": "GB"}.get(tld, tld)
    return tld if len(tld) == 2 and tld in supported_countries() else None


def country_name(country: str, lang: str) -> str:
    from babel import Locale

    return str(Locale.parse(lang.replace("-", "_")).territories.get(country, country))


def city_of(zone: ZoneInfo, lang: str) -> str:
    from babel.dates import get_timezone_location

    return str(get_timezone_location(zone, locale=lang.replace("-", "_"), return_city=True))


def _countries(*found: str | None) -> frozenset[str]:
    return frozenset(c for c in found if c and c in supported_countries())


def bounds_for(
    invite: Invite,
    *,
    now: dt.datetime,
    zone: ZoneInfo,
    hours: WorkingHours,
    countries: Iterable[str] = (),
) -> Bounds:
    """Both people's sides for a reply to ``invite``: the user's zone, hours and countries (by
    default their zone's), and the organizer's: the zone the invite was written in, with office
    hours, and the countries its zone, the organizer's domain and the invite's language point
    to. An invite in UTC or floating time says nothing of the organizer's hours."""
    user = Party(zone, hours, frozenset(countries) or _countries(country_of_zone(zone)))
    theirs = invite_zone(invite)
    spoken = language_of(invite)
    organizer = Party(
        theirs or zone,
        ORGANIZER_HOURS if theirs else None,
        _countries(
            country_of_zone(theirs),
            country_of_domain(invite.organizer.domain) if invite.organizer else None,
            LANGUAGES[spoken].tag.partition("-")[2] if spoken else None,
        ),
    )
    return Bounds(now, user, organizer)


def invite_zone(invite: Invite) -> ZoneInfo | None:
    """The zone the invite was written in, when it names one: not UTC, not floating."""
    start = invite.start
    if invite.floating or not isinstance(start, dt.datetime):
        return None
    key = getattr(start.tzinfo, "key", None)
    if not isinstance(key, str) or key in ("UTC", "Etc/UTC", "GMT", "Etc/GMT"):
        return None
    return ZoneInfo(key)
