"""The languages Raincheck speaks, and every user-facing string rendered in them.

A language is one record (``languages/<code>.py``), one catalog (``<code>/LC_MESSAGES/
messages.po``, read with Babel at first use, no compile step) and one folder of letters
(``templates/letters/<code>/``). English is the msgid language and needs no catalog.

The core returns ``Message`` values (an English msgid and its parameters) instead of finished
strings, so the same classification reads right in any language; ``translate`` renders one
for a reader. A test checks that every msgid in the code has a translation in every catalog.
"""

from __future__ import annotations

import functools
from importlib import resources

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from addon.i18n.languages import LANGUAGES, Language
from addon.i18n.messages import Day, Message, Param, Percent, Terms, msg, msg_plural

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "LANGUAGES",
    "LOCALE_CHOICES",
    "TRANSLATED",
    "Day",
    "Lang",
    "Language",
    "Message",
    "Param",
    "Percent",
    "Terms",
    "format_param",
    "gettext",
    "lang_of",
    "locale_data",
    "msg",
    "msg_plural",
    "translate",
]

Lang = str  # the code of a language in LANGUAGES ("en", "sv"); ``lang_of`` makes one
DEFAULT_LANG: Lang = "en"
LANGS: tuple[Lang, ...] = tuple(LANGUAGES)
# What a user's language setting may hold: a language, or one of its regional styles.
LOCALE_CHOICES: tuple[tuple[str, Message], ...] = tuple(
    choice
    for language in LANGUAGES.values()
    for choice in (language.variants or ((language.code, language.name),))
)
TRANSLATED: tuple[Lang, ...] = tuple(code for code in LANGS if code != DEFAULT_LANG)
# Regional locales kept parsed (en_GB, sv_FI, ...): a handful in practice; the bound only stops
# a stream of odd tags from growing the process.
LOCALES_KEPT = 64
# Numbers and shares kept formatted per locale: counts of meetings, minutes, revenue shares.
NUMBERS_KEPT = 1024


def lang_of(tag: str | None) -> Lang:
    """The language of a tag ('sv', 'sv-SE', 'sv_FI' read Swedish); English when Raincheck
    does not speak it."""
    primary = (tag or "").replace("_", "-").split("-")[0].strip().lower()
    if primary in LANGUAGES:
        return primary
    return _ALIASES.get(primary, DEFAULT_LANG)


_ALIASES: dict[str, Lang] = {
    alias: code for code, language in LANGUAGES.items() for alias in language.aliases
}


def translate(message: Message, lang: str) -> str:
    if lang not in LANGUAGES:  # a card passes a language code; a tag ("sv-SE") is read first
        lang = lang_of(lang)
    text = _lookup(message, lang)
    if not message.params:
        return text
    values = {key: format_param(value, lang) for key, value in message.params}
    done = text.format(**values)
    # A sentence that opens with a day ("lördag den 19 december 2026 är det helg.") opens with
    # a capital, as every sentence does.
    first = dict(message.params).get(text[1 : text.find("}")]) if text.startswith("{") else None
    return done[:1].upper() + done[1:] if isinstance(first, Day) else done


def gettext(msgid: str, lang: str) -> str:
    return translate(Message(msgid), lang)


def _lookup(message: Message, lang: Lang) -> str:
    english = message.msgid
    if message.plural is not None and message.count != 1:
        english = message.plural
    if lang == DEFAULT_LANG:
        return english
    found = _catalog(lang).get(message.msgid)
    if found is None:
        return english
    if isinstance(found, tuple):
        return found[0] if message.count == 1 else found[1]
    return found


def format_param(value: Param, lang: Lang) -> str:
    """A number or share in the reader's style ("24%", "24 %"), or terms in their language."""
    if isinstance(value, Terms):
        return ", ".join(_lookup(Message(term), lang) for term in value)
    if isinstance(value, Percent):
        return _percent(value.value, LANGUAGES[lang].locale)
    if isinstance(value, Day):
        # As the language writes a day ("fredag den 18 december 2026"), else Babel's full date.
        pattern = LANGUAGES[lang].day_formats.get("", (None, "full"))[1]
        return str(format_date(value.value, pattern, locale=locale_data(LANGUAGES[lang].locale)))
    if isinstance(value, int) and not isinstance(value, bool):
        return _decimal(value, LANGUAGES[lang].locale)
    return str(value)


@functools.lru_cache(maxsize=LOCALES_KEPT)
def locale_data(identifier: str) -> Locale:
    """Babel's locale for an identifier ("sv_SE"), parsed once per process. Babel parses a
    locale given by name on every call and builds it anew (16 times for one advice card); a
    ``Locale`` holds only the language's data, never a reader's, so one serves every request.
    Raises as ``Locale.parse`` does for an unknown one (and keeps nothing)."""
    return Locale.parse(identifier)


# A number in a locale's style depends on nothing else, and Babel's formatting is the dearest
# part of a card's texts (quantizing through Decimal): each is formatted once.
@functools.lru_cache(maxsize=NUMBERS_KEPT)
def _decimal(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale_data(locale))


@functools.lru_cache(maxsize=NUMBERS_KEPT)
def _percent(value: float, locale: str) -> str:
    return format_percent(value, locale=locale_data(locale))


# One per language: read at first use, kept for the process (only a language in LANGUAGES
# gets here, through ``lang_of``; a missing catalog raises and keeps nothing).
@functools.cache
def _catalog(lang: Lang) -> dict[str, str | tuple[str, ...]]:
    source = resources.files("addon.i18n") / lang / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    out: dict[str, str | tuple[str, ...]] = {}
    for entry in catalog:
        if not entry.id or not entry.string or entry.fuzzy:
            continue
        key = entry.id if isinstance(entry.id, str) else str(entry.id[0])
        string = entry.string
        out[key] = string if isinstance(string, str) else tuple(str(form) for form in string)
    return out
