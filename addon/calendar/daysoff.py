"""The days a country's offices are closed, and their names in a reader's language.

A country's public holidays (the ``holidays`` library), its de facto days off where the library
files them (Sweden's Midsummer Eve), Denmark's "optional" ones, which Danish offices keep
(Grundlovsdag, 1 May, Christmas Eve), and Christmas Eve and New Year's Eve everywhere (SPEC §2).
Where the organizer's region is not known, a day off in a quarter of the country's regions
counts as well: Corpus Christi and All Saints' in Germany, Easter Monday in the United Kingdom
(a bank holiday in England, Wales and Northern Ireland, not in Scotland, so not in the
library's national list), the day after Thanksgiving in the United States. A proposal on a
day half the client's country has off is one a seasoned account manager would not send.

Imports only the ``holidays`` library, Babel and ``addon.i18n``.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays
from babel.core import get_global
from holidays.registry import EntityLoader

from addon.i18n import LANGUAGES, lang_of, msg

CATEGORIES = ("public", "de_facto")
# Where a country's own days off are filed under another category than de_facto.
COUNTRY_CATEGORIES = {"DK": ("public", "optional")}
# Offices close on these whatever the law says (SPEC §2), where a country has no de_facto days.
ALWAYS_CLOSED = {(12, 24): msg("Christmas Eve"), (12, 31): msg("New Year's Eve")}
# A regional day off counts for the whole country when this share of its regions keeps it
# (and at least two do): Germany's Corpus Christi is kept in 6 of 16 states, half its people.
REGIONAL_SHARE = 0.25


def is_holiday(country: str, day: dt.date) -> bool:
    return (day.month, day.day) in ALWAYS_CLOSED or day in _holidays(country, day.year)


def holiday_name(country: str, day: dt.date, lang: str) -> str | None:
    """The holiday's name in ``lang`` where the library has it, else its own. Christmas Eve
    and New Year's Eve are ours in every language ("Heiligabend" for a Swedish office read in
    German, where the library has only "Julafton"; "juleaften", not the calendar's
    "juleaftensdag")."""
    closed = ALWAYS_CLOSED.get((day.month, day.day))
    if closed is not None:
        return closed.render(lang)
    if day in _holidays(country, day.year):
        language = _holiday_language(country, lang)
        name = _holidays(country, day.year, language).get(day)
        capitals = LANGUAGES[lang_of(lang)].holiday_capitals
        if name and language and capitals is not None and name.split()[0] not in capitals:
            return name[:1].lower() + name[1:]  # "juldagen" in the middle of a sentence
        return name
    return None


@functools.cache
def _holidays(country: str, year: int, language: str | None = None) -> dict[dt.date, str]:
    """The country's days off in ``year``: its own, then the regional ones enough regions keep
    (named as the first region that keeps them names them)."""
    found = dict(_calendar(country, year, language).items())
    for day, name in _regional(country, year, language).items():
        found.setdefault(day, name)
    return found


def _calendar(
    country: str, year: int, language: str | None, subdiv: str | None = None
) -> holidays.HolidayBase:
    categories = COUNTRY_CATEGORIES.get(country, CATEGORIES)
    try:
        return holidays.country_holidays(
            country, subdiv=subdiv, years=year, categories=categories, language=language
        )
    except ValueError:  # no such category for this country: its public holidays
        return holidays.country_holidays(country, subdiv=subdiv, years=year, language=language)


def _regional(country: str, year: int, language: str | None) -> dict[dt.date, str]:
    regions = holidays.country_holidays(country).subdivisions
    if len(regions) < 2:
        return {}
    national = _calendar(country, year, None)
    kept: dict[dt.date, int] = {}
    names: dict[dt.date, str] = {}
    for region in regions:
        for day, name in _calendar(country, year, language, region).items():
            if day not in national:
                kept[day] = kept.get(day, 0) + 1
                names.setdefault(day, name)
    enough = max(2, REGIONAL_SHARE * len(regions))
    return {day: names[day] for day, count in kept.items() if count >= enough}


def _holiday_language(country: str, lang: str) -> str | None:
    supported = holidays.list_localized_countries().get(country, [])
    # The library names some languages by CLDR's parent: Norway's holidays are in "no", which
    # Babel calls the parent of bokmål ("nb").
    parent = get_global("parent_exceptions").get(lang)
    for candidate in (lang, f"{lang}_US", f"{lang}_{country}", parent):
        if candidate in supported:
            return candidate
    return None


@functools.cache
def supported_countries() -> frozenset[str]:
    # The registry's codes, not list_supported_countries(): that imports all 250 country
    # modules to list their subdivisions (0.15-0.4 s of every command-line triage); the codes
    # are the same (tests/core/test_calendar_countries.py).
    return frozenset(EntityLoader.get_country_codes(include_aliases=True))
