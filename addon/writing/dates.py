"""Dates and times in the reader's language and time zone, through Babel."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, format_time, get_timezone_name

from addon.i18n import LANGUAGES, lang_of


def babel_locale(tag: str | None) -> str:
    """A Babel locale for a tag such as 'sv', 'en-GB' or 'sv_FI'; English when unknown."""
    candidate = (tag or "en").replace("-", "_")
    try:
        Locale.parse(candidate)
    except (UnknownLocaleError, ValueError, TypeError):
        return LANGUAGES[lang_of(tag)].locale
    return candidate


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
    days: str = ""  # several whole days as one span: "16–17 december 2026"


def when(
    start: dt.datetime | dt.date,
    end: dt.datetime | dt.date,
    *,
    locale: str,
    tz: dt.tzinfo | None,
    series: bool = False,
    name_zone: bool = False,
    floating: bool = False,
) -> When:
    """``tz``: the zone to write times in (None: as they are); ``name_zone``: the letter must
    say which zone; ``floating``: the times have no zone, so none is ever named."""
    loc = babel_locale(locale)
    if not isinstance(start, dt.datetime) or not isinstance(end, dt.datetime):
        start_day = start if not isinstance(start, dt.datetime) else start.date()
        last_day = (end if not isinstance(end, dt.datetime) else end.date()) - dt.timedelta(days=1)
        last_day = max(last_day, start_day)
        return When(
            date=format_date(start_day, "full", locale=loc),
            start="",
            end="",
            zone="",
            all_day=True,
            same_day=last_day == start_day,
            end_date=format_date(last_day, "full", locale=loc),
            series=series,
            days=_days(start_day, last_day, loc),
        )
    if tz is not None:
        start, end = start.astimezone(tz), end.astimezone(tz)
    return When(
        date=format_date(start.date(), "full", locale=loc),
        start=_clock(start, loc),
        end=_clock(end, loc),
        zone="" if floating else zone_label(start, loc),
        all_day=False,
        same_day=start.date() == end.date(),
        end_date=format_date(end.date(), "full", locale=loc),
        series=series,
        name_zone=name_zone and not floating,
    )


def _days(first: dt.date, last: dt.date, locale: str) -> str:
    """Several days as readers write them: "16–17 december 2026", "December 16 – 17, 2026"."""
    if first.year != last.year:
        return " – ".join(format_date(day, "long", locale=locale) for day in (first, last))
    span = format_interval(first, last, "MMMMd", locale=locale)
    year = str(first.year)
    # The year goes where the locale's long date puts it: "December 16, 2026", "16 december 2026".
    comma = format_date(first, "long", locale=locale).endswith(f", {year}")
    return f"{span}, {year}" if comma else f"{span} {year}"


def _clock(moment: dt.datetime, locale: str) -> str:
    """The time as the reader's language writes it in a letter (its record's ``clock``)."""
    return format_time(moment, LANGUAGES[lang_of(locale)].clock, locale=locale)


def zone_label(moment: dt.datetime, locale: str) -> str:
    """A short zone name readers know ('CET'), else the GMT offset ('GMT+01:00'); UTC as UTC."""
    if moment.tzinfo is dt.UTC or getattr(moment.tzinfo, "key", None) in ("UTC", "Etc/UTC"):
        return "UTC"
    if isinstance(getattr(moment.tzinfo, "key", None), str):
        name = str(get_timezone_name(moment, "short", locale=locale))
        if name.isalpha():
            return name
        # English has no short name for most zones: "Central European Time" reads better
        # than an offset.
        generic = str(get_timezone_name(moment.tzinfo, "long", locale=locale))
        if generic and not generic.startswith(("GMT", "UTC+", "UTC-")):
            return generic
    offset = moment.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours:02d}:{rest:02d}"
