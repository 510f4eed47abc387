"""What the translation layer keeps per process (catalogs, Babel's locales, formatted numbers,
day patterns, the cards' fixed options) gives the same text as working it out afresh, in every
language, whatever was asked before; and each cache stays bounded by the languages Raincheck
speaks (or, for regional locales and numbers, by a fixed size), whatever requests carry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from babel import localedata
from babel.dates import format_date, format_time, get_timezone_name
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from addon import i18n
from addon.i18n import (
    LANGS,
    LANGUAGES,
    LOCALES_KEPT,
    NUMBERS_KEPT,
    TRANSLATED,
    Day,
    Lang,
    Message,
    Percent,
    format_param,
    gettext,
    locale_data,
    translate,
)
from addon.i18n.catalog import code_msgids
from addon.vocabulary import REASON_LABELS, SCOPE_LABELS, TIER_LABELS, TONE_LABELS
from addon.writing import dates
from cards import options
from cards.model import Option

LISTS = {"reason": REASON_LABELS, "tier": TIER_LABELS, "tone": TONE_LABELS, "scope": SCOPE_LABELS}
# What a request may carry as a language: codes, tags, other casing, and languages we lack.
TAGS = ["en", "sv", "sv-SE", "sv_FI", "SV", "en-GB", "en_us", "de", "de-AT", "zz", ""]
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NEW_YORK = ZoneInfo("America/New_York")


def clear_caches() -> None:
    for cached in (
        i18n._catalog,
        locale_data,
        i18n._decimal,
        i18n._percent,
        dates._known,
        dates.day_pattern,
        options._options,
        options._tier_choice_options,
        options._language_options,
    ):
        cached.cache_clear()


@pytest.fixture
def cold() -> Iterator[None]:
    """Every cache empty before the test, and after it (so no test leaves another a warm one)."""
    clear_caches()
    yield
    clear_caches()


def _po(lang: Lang) -> dict[str, Any]:
    """The catalog read straight from its file, without Raincheck's reading of it."""
    path = resources.files("addon.i18n") / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return {
            (m.id if isinstance(m.id, str) else m.id[0]): m.string
            for m in read_po(handle, locale=lang)
            if m.id
        }


PLAIN = sorted(m for m, plural in code_msgids().items() if plural is None and "{" not in m)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_plain_message_reads_as_its_catalog_says_before_and_after_other_languages(
    lang: Lang, cold: None
) -> None:
    po = _po(lang)
    first = [gettext(m, lang) for m in PLAIN]
    for other in LANGS:  # every other language asked in between
        [gettext(m, other) for m in PLAIN]
    again = [gettext(m, lang) for m in PLAIN]
    assert first == again == [po[m] for m in PLAIN]
    assert [gettext(m, "en") for m in PLAIN] == PLAIN


NUMBERS: list[Any] = [0, 1, 7, 999, 1000, 2400000, -3, Percent(0.24), Percent(0.005)]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("value", NUMBERS, ids=repr)
def test_numbers_and_shares_read_as_babel_writes_them_in_the_language(
    lang: Lang, value: Any, cold: None
) -> None:
    locale = LANGUAGES[lang].locale
    expected = (
        format_percent(value.value, locale=locale)
        if isinstance(value, Percent)
        else format_decimal(value, locale=locale)
    )
    assert format_param(value, lang) == expected  # cold
    for other in LANGS:
        format_param(value, other)
    assert format_param(value, lang) == expected  # kept


@pytest.mark.parametrize("lang", LANGS)
def test_a_day_in_a_sentence_reads_the_same_cold_and_kept(lang: Lang, cold: None) -> None:
    day = Message("{day} is a public holiday.", (("day", Day(dt.date(2026, 12, 25))),))
    first = translate(day, lang)
    for other in LANGS:
        translate(day, other)
    assert translate(day, lang) == first
    assert first[0].isupper()


# Regional locales in turn, each after the others: a kept pattern or locale of one must never
# show in another's dates.
LOCALES = ["en_GB", "en_US", "en", "sv_SE", "sv_FI", "sv", "en_AU", "de_DE", "fr_CA"]


def _moments(locale: str) -> list[str]:
    start = dt.datetime(2026, 12, 18, 9, 0, tzinfo=STOCKHOLM)
    cases: list[Callable[[], object]] = [
        lambda: dates.when(start, start + dt.timedelta(hours=1), locale=locale, tz=NEW_YORK,
                           mine=STOCKHOLM, today=dt.date(2026, 11, 1)),
        lambda: dates.when(start, start + dt.timedelta(hours=1), locale=locale, tz=STOCKHOLM),
        lambda: dates.when(dt.date(2026, 12, 30), dt.date(2027, 1, 2), locale=locale, tz=None),
        lambda: dates.when(dt.date(2026, 12, 16), dt.date(2026, 12, 18), locale=locale, tz=None,
                           today=dt.date(2026, 11, 1)),
        lambda: dates.city(NEW_YORK, locale),
        lambda: dates.zone_name(NEW_YORK, locale),
        lambda: dates.regional(locale, STOCKHOLM),
        lambda: dates.regional(locale, NEW_YORK),
    ]  # fmt: skip
    return [repr(case()) for case in cases]


def test_dates_read_the_same_whichever_locale_came_before(cold: None) -> None:
    forwards = {locale: _moments(locale) for locale in LOCALES}
    clear_caches()
    backwards = {locale: _moments(locale) for locale in reversed(LOCALES)}
    assert forwards == backwards
    assert len({tuple(v) for v in forwards.values()}) == len(LOCALES)  # each its own


@pytest.mark.parametrize("locale", LOCALES)
def test_a_day_and_a_time_read_as_babel_writes_them_from_the_locales_name(
    locale: str, cold: None
) -> None:
    moment = dt.datetime(2026, 12, 18, 9, 5, tzinfo=STOCKHOLM)
    language = LANGUAGES[i18n.lang_of(locale)]
    pattern = dates.day_pattern(locale, with_year=True)
    assert dates.day_text(moment.date(), locale) == format_date(moment, pattern, locale=locale)
    assert dates._clock(moment, locale) == format_time(moment, language.clock, locale=locale)
    assert dates.zone_name(NEW_YORK, locale) == get_timezone_name(NEW_YORK, "long", locale=locale)


@pytest.mark.parametrize("of", list(LISTS))
@pytest.mark.parametrize("tag", TAGS)
def test_the_fixed_options_are_the_lists_labels_in_the_language_with_the_choice_selected(
    of: options.List, tag: str, cold: None
) -> None:
    labels = LISTS[of]
    lang = i18n.lang_of(tag)
    for chosen in [*labels, None, "nonsense"]:
        expected = tuple(Option(v, m.render(lang), v == chosen) for v, m in labels.items())
        assert options.options(of, tag, chosen) == expected


@pytest.mark.parametrize("tag", TAGS)
def test_the_language_and_tier_choices_are_named_in_the_readers_language(
    tag: str, cold: None
) -> None:
    lang = i18n.lang_of(tag)
    for chosen in [*LANGS, None, "xx"]:
        assert options.language_options(tag, chosen) == tuple(
            Option(k, LANGUAGES[k].name.render(lang), k == chosen) for k in LANGS
        )
    assert options.tier_choice_options(tag) == (
        Option("none", gettext("Choose a tier", lang), True),
        *(Option(t, m.render(lang)) for t, m in TIER_LABELS.items()),
    )


def test_the_caches_are_bounded_by_the_languages_whatever_requests_carry(cold: None) -> None:
    tags = [*TAGS, *(f"{code}-{n}" for code in ("sv", "en", "fi") for n in range(50))]
    for tag in tags:
        translate(Message("Meeting"), tag)
        for of, labels in LISTS.items():
            for chosen in [*labels, None, tag]:
                options.options(of, tag, chosen)  # type: ignore[arg-type]
        options.tier_choice_options(tag)
        options.language_options(tag, tag)
    languages = len(LANGUAGES)
    assert i18n._catalog.cache_info().currsize <= len(TRANSLATED)
    assert options._options.cache_info().currsize <= languages * sum(
        len(labels) + 1 for labels in LISTS.values()
    )
    assert options._tier_choice_options.cache_info().currsize <= languages
    assert options._language_options.cache_info().currsize <= languages * (languages + 1)


def test_regional_locales_and_numbers_are_kept_up_to_a_fixed_number(cold: None) -> None:
    some = sorted(localedata.locale_identifiers())[: 3 * LOCALES_KEPT]  # to overflow the bound
    assert len(some) == 3 * LOCALES_KEPT
    for identifier in some:
        dates.babel_locale(identifier)
        dates.day_pattern(identifier, with_year=True)
    for n in range(2 * NUMBERS_KEPT):
        format_param(n, "sv")
    assert locale_data.cache_info().currsize <= LOCALES_KEPT
    assert dates._known.cache_info().currsize <= LOCALES_KEPT
    assert dates.day_pattern.cache_info().currsize <= 2 * LOCALES_KEPT
    assert i18n._decimal.cache_info().currsize <= NUMBERS_KEPT
