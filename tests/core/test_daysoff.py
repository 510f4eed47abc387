"""The days a country's offices are closed, where the organizer's region is not known: a day
off in a quarter of its regions counts, one region's alone does not; Denmark's own days off
count although the library files them as optional."""

from __future__ import annotations

import datetime as dt

import pytest

from addon.calendar.daysoff import holiday_name, is_holiday


@pytest.mark.parametrize(
    ("country", "day", "closed"),
    [
        ("DE", dt.date(2027, 5, 27), True),  # Corpus Christi: 6 of 16 states, half the people
        ("DE", dt.date(2027, 11, 1), True),  # All Saints' Day: BW, BY, NW, RP, SL
        ("DE", dt.date(2027, 10, 31), True),  # Reformation Day: the north and east
        ("DE", dt.date(2027, 11, 17), False),  # Repentance Day: Saxony's alone
        ("DE", dt.date(2027, 5, 17), True),  # Whit Monday: national
        ("GB", dt.date(2027, 3, 29), True),  # Easter Monday: England, Wales, Northern Ireland
        ("GB", dt.date(2027, 8, 30), True),  # Summer bank holiday, not Scotland's
        ("GB", dt.date(2027, 11, 30), False),  # St Andrew's Day: Scotland's alone
        ("US", dt.date(2027, 11, 26), True),  # the day after Thanksgiving
        ("US", dt.date(2027, 3, 31), False),  # Cesar Chavez Day: a few states
        ("DK", dt.date(2026, 6, 5), True),  # Grundlovsdag on a Friday
        ("DK", dt.date(2027, 5, 1), True),  # Workers' Day
        ("SE", dt.date(2027, 6, 25), True),  # Midsummer Eve (de facto)
        ("SE", dt.date(2027, 6, 23), False),
        ("NO", dt.date(2027, 5, 17), True),  # Constitution Day
    ],
)
def test_a_day_off_in_enough_of_a_countrys_regions_is_a_day_off(
    country: str, day: dt.date, closed: bool
) -> None:
    assert is_holiday(country, day) is closed


@pytest.mark.parametrize(
    ("country", "day", "lang", "name"),
    [
        ("DE", dt.date(2027, 5, 27), "de", "Fronleichnam"),
        ("DE", dt.date(2027, 11, 1), "en", "All Saints' Day"),
        ("GB", dt.date(2027, 3, 29), "en", "Easter Monday"),
        ("DK", dt.date(2026, 6, 5), "da", "grundlovsdag"),
    ],
)
def test_a_regional_or_optional_day_off_is_named_in_the_readers_language(
    country: str, day: dt.date, lang: str, name: str
) -> None:
    assert holiday_name(country, day, lang) == name
