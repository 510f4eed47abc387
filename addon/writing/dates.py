"""Dates and times as the reader writes them, in their language, region and time zone, through
Babel: "Friday 18 December, 10:00" for a reader in Britain, "fredag den 18 december kl. 10.00"
in Swedish; the year only when the date is more than twelve months from today.

When the reader's clock differs from the user's, a letter gives the reader's time and the
user's in brackets: "9:00 AM Eastern Time (15:00 in Stockholm)" (``When.alt_*``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, replace

from babel import UnknownLocaleError
from babel.core import get_global
from babel.dates import (
    format_date,
    format_interval,
    format_time,
    get_date_format,
    get_timezone_location,
    get_timezone_name,
)

from addon.i18n import LANGUAGES, LOCALES_KEPT, lang_of, locale_data

YEAR_AFTER = dt.timedelta(days=365)  # a date further than this from today names its year
_YEAR = re.compile(r"[\s,]*\by+\b")
_DAY_SPAN = re.compile(r"(\d\.?)\s+–\s+(\d)")


def babel_locale(tag: str | None) -> str:
    """A Babel locale for a tag such as 'sv', 'en-GB' or 'sv_FI'; English when unknown."""
    candidate = (tag or "en").replace("-", "_")
    return candidate if _known(candidate) else LANGUAGES[lang_of(tag)].locale


# A mail client sends the same few tags on every request: each is checked against Babel's data
# once (the tag is the client's, so the cache is bounded).
@functools.lru_cache(maxsize=LOCALES_KEPT)
def _known(candidate: str) -> bool:
    try:
        locale_data(candidate)
    except (UnknownLocaleError, ValueError, TypeError):
        return False
    return True


def regional(locale: str, zone: dt.tzinfo | None) -> str:
    """A language without a region follows the user's: English for someone in Europe is
    British English (24-hour clock, "18 December"), elsewhere the English of their country
    where Babel knows it. A locale with a region, or another language, stays as it is."""
    loc = babel_locale(locale)
    if "_" in loc or lang_of(loc) != "en":
        return loc
    key = getattr(zone, "key", None)
    if not isinstance(key, str):
        return loc
    if key.startswith("Europe/"):
        return "en_GB"
    country = get_global("zone_territories").get(key)
    candidate = f"en_{country}"
    return candidate if _known(candidate) else loc


@dataclass(frozen=True)
class When:
    """The parts of a meeting time that letters put into their own sentences."""

    date: str
    start: str
    end: str
    zone: str
    all_day: bool
    same_day: bool
    end_date: str
    series: bool = False  # the first of a series of meetings: "starting on ..."
    name_zone: bool = False  # the reader could misread the time without the zone's name
    days: str = ""  # several whole days as one span: "16–17 December"
    place: str = ""  # the reader's zone by name, when the user's clock is given beside theirs
    by_city: bool = False  # ``place`` is a city ("New York"), not a zone ("Eastern Time")
    alt_start: str = ""  # the user's own clock, when it differs from the reader's
    alt_end: str = ""
    alt_date: str = ""  # the user's date, only when it is not the reader's
    alt_place: str = ""  # the user's city


def when(
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date,
    *,
    locale: str,
    tz: dt.tzinfo | None,
    series: bool = False,
    name_zone: bool = False,
    floating: bool = False,
    today: dt.date | None = None,
    mine: dt.tzinfo | None = None,
    by_city: bool = False,
) -> When:
    """``tz``: the zone to write times in, the reader's (None: as they are); ``name_zone``: the
    letter must say which zone; ``floating``: the times have no zone, so none is ever named;
    ``today``: dates within twelve months of it leave the year out (None: always name it);
    ``mine``: the user's zone, given in brackets when its clock differs from the reader's;
    ``by_city``: the reader's zone is then named by its city rather than its zone name."""
    loc = babel_locale(locale)
    if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        start_day = start if not isinstance(start, dt.datetime) else start.date()
        last_day = (end if not isinstance(end, dt.datetime) else end.date()) - dt.timedelta(days=1)
        last_day = max(last_day, start_day)
        return When(
            date=day_text(start_day, loc, today),
            start="",
            end="",
            zone="",
            all_day=True,
            same_day=last_day == start_day,
            end_date=day_text(last_day, loc, today),
            series=series,
            days=_days(start_day, last_day, loc, today),
        )
    if tz is not None:
        start, end = start.astimezone(tz), end.astimezone(tz)
    moment = When(
        date=day_text(start.date(), loc, today),
        start=_clock(start, loc),
        end=_clock(end, loc),
        zone="" if floating else zone_label(start, loc),
        all_day=False,
        same_day=start.date() == end.date(),
        end_date=day_text(end.date(), loc, today),
        series=series,
        name_zone=name_zone and not floating,
    )
    if (
        floating
        or mine is None
        or tz is None
        or start.utcoffset() == start.astimezone(mine).utcoffset()
    ):
        return moment
    own_start, own_end = start.astimezone(mine), end.astimezone(mine)
    return replace(
        moment,
        name_zone=False,
        place=city(tz, loc) if by_city else zone_name(tz, loc),
        by_city=by_city,
        alt_start=_clock(own_start, loc),
        alt_end=_clock(own_end, loc),
        alt_date="" if own_start.date() == start.date() else day_text(own_start.date(), loc, today),
        alt_place=city(mine, loc),
    )


def day_text(day: dt.date, locale: str, today: dt.date | None = None) -> str:
    """A day as the reader writes it in a sentence, the year only when it is far off."""
    with_year = today is None or abs(day - today) > YEAR_AFTER
    pattern = day_pattern(locale, with_year=with_year)
    return str(format_date(day, pattern, locale=locale_data(locale)))


@functools.lru_cache(maxsize=2 * LOCALES_KEPT)
def day_pattern(locale: str, *, with_year: bool) -> str:
    """The language's own pattern for a full day (its record's ``day_formats``, by region),
    else Babel's full date, with or without its year."""
    parsed = locale_data(locale)
    formats = LANGUAGES[lang_of(locale)].day_formats
    found = formats.get(parsed.territory or "") or formats.get("")
    if found is not None:
        return found[1] if with_year else found[0]
    full = str(get_date_format("full", locale=parsed).pattern)
    return full if with_year else _YEAR.sub("", full)


def zone_name(zone: dt.tzinfo, locale: str) -> str:
    """A zone as people name it, whatever the season ("Eastern Time", "centraleuropeisk tid")."""
    return str(get_timezone_name(zone, "long", locale=locale_data(locale)))


def city(zone: dt.tzinfo, locale: str) -> str:
    """The city a zone is named for, in the reader's language ("New York", "Stockholm")."""
    return str(get_timezone_location(zone, locale=locale_data(locale), return_city=True))


def _days(first: dt.date, last: dt.date, locale: str, today: dt.date | None) -> str:
    """Several days as readers write them: "16–17 december 2026", "December 16 – 17"."""
    far = today is None or abs(first - today) > YEAR_AFTER or abs(last - today) > YEAR_AFTER
    parsed = locale_data(locale)
    if first.year != last.year:
        pattern = "long" if far else "MMMMd"
        if pattern == "long":
            return " – ".join(format_date(day, "long", locale=parsed) for day in (first, last))
        return format_interval(first, last, "MMMMd", locale=parsed)
    # A span of days in one month is written closed up: "16–17 December", "December 16–17".
    span = _DAY_SPAN.sub(r"\1–\2", format_interval(first, last, "MMMMd", locale=parsed))
    if not far:
        return span
    year = str(first.year)
    # The year goes where the locale's long date puts it: "December 16, 2026", "16 december 2026".
    comma = format_date(first, "long", locale=parsed).endswith(f", {year}")
    return f"{span}, {year}" if comma else f"{span} {year}"


def _clock(moment: dt.datetime, locale: str) -> str:
    """The time as the reader's language writes it in a letter (its record's ``clock``)."""
    return format_time(moment, LANGUAGES[lang_of(locale)].clock, locale=locale_data(locale))


def zone_label(moment: dt.datetime, locale: str) -> str:
    """A short zone name readers know ('CET'), else the GMT offset ('GMT+01:00'); UTC as UTC."""
    if moment.tzinfo is dt.UTC or getattr(moment.tzinfo, "key", None) in ("UTC", "Etc/UTC"):
        return "UTC"
    if isinstance(getattr(moment.tzinfo, "key", None), str):
        parsed = locale_data(locale)
        name = str(get_timezone_name(moment, "short", locale=parsed))
        if name.isalpha():
            return name
        # English has no short name for most zones: "Central European Time" reads better
        # than an offset.
        generic = str(get_timezone_name(moment.tzinfo, "long", locale=parsed))
        if generic and not generic.startswith(("GMT", "UTC+", "UTC-")):
            return generic
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours:02d}:{rest:02d}"
