"""What Raincheck knows about a language, as one record: how it is named and formatted, and
the words it reads in invites written in it.

A language is this record (``addon/i18n/languages/<code>.py``), its message catalog
(``addon/i18n/<code>/LC_MESSAGES/messages.po``, none for English, the msgid language) and its
letters (``templates/letters/<code>/``). Regex fields are fragments, matched case-insensitively;
the reader (``addon.invite``) joins every language's fragments into its patterns.

Imports only ``addon.i18n.messages``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from addon.i18n.messages import Message


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1: "en", "sv"
    order: int  # where pickers list it: lower first
    locale: str  # the Babel locale for numbers and dates when the reader's region is unknown
    tag: str  # the BCP 47 tag a mail client sends for it ("sv-SE")
    name: Message  # how the language is offered on a card
    # Other primary tags whose readers read this language: "no" (Norwegian, the standard
    # unnamed) and "nn" (Nynorsk, whose readers all read bokmål) for "nb".
    aliases: tuple[str, ...] = ()
    # Regional styles a user may prefer to their mail client's (spelling, dates, the clock).
    variants: tuple[tuple[str, Message], ...] = ()
    # Babel's time format in letters: "short" is CLDR's; Swedish writes "kl. 10.00".
    clock: str = "short"
    # How a letter writes a day, without and with its year, by region ("" for any): CLDR
    # patterns. Where none is given, Babel's full date is used.
    day_formats: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    # Holidays named in a sentence: None keeps their names as given ("Christmas Day"); a set
    # writes them with a small letter ("juldagen") except those opening with one of its words
    # ("Kristi himmelsfärdsdag").
    holiday_capitals: frozenset[str] | None = None

    # Reading invites. The small words every sentence has, for telling the language apart.
    markers: frozenset[str] = frozenset()
    # A serious topic's term (a msgid, named on cards) -> a regex of the words that mark it.
    serious: Mapping[str, str] = field(default_factory=dict)
    # The language builds compounds ("avtalsförhandling"): its serious words match inside a
    # word; else only at the start of one ("renewals").
    compounds: bool = False
    # "meeting" after a service's name ("Teams meeting", "Zoom-möte").
    meeting_words: tuple[str, ...] = ()
    call_words: tuple[str, ...] = ()  # a call, alone or after a service ("call", "samtal")
    online_words: tuple[str, ...] = ()  # an online venue ("online", "distans")
    place_words: tuple[str, ...] = ()  # a place to go to ("room", "kontor\w*")
    street_suffixes: tuple[str, ...] = ()  # the end of a street's name ("gatan", "vägen")
    filler_words: tuple[str, ...] = ()  # words that say nothing about where ("via", "länk")
    agenda_verbs: tuple[str, ...] = ()  # what introduces a meeting's points ("go through")
    # What a sentence naming the points starts with before its verb ("we", "let's", "to"): a
    # verb without one ("Please review the attached") names no agenda.
    agenda_leads: tuple[str, ...] = ()
    agenda_headings: tuple[str, ...] = ()  # a line over a list of points ("Agenda", "Topics")
    agenda_joins: tuple[str, ...] = ()  # what joins the last point ("and", "samt")
    agenda_articles: tuple[str, ...] = ()  # dropped before a point ("the", "our")
    # Words that point elsewhere rather than name a topic ("see the details below", "nedan"),
    # lower case, whole words.
    pointer_words: tuple[str, ...] = ()
    greetings: tuple[str, ...] = ()  # an organizer's opening line ("hi", "hej")
    sign_offs: tuple[str, ...] = ()  # an organizer's closing line ("regards", "mvh")

    def problems(self) -> tuple[str, ...]:
        """What this record lacks, each as a phrase; () when whole."""
        wanted = {
            "markers": self.markers,
            "serious": self.serious,
            "meeting_words": self.meeting_words,
            "call_words": self.call_words,
            "online_words": self.online_words,
            "place_words": self.place_words,
            "agenda_verbs": self.agenda_verbs,
            "agenda_joins": self.agenda_joins,
            "greetings": self.greetings,
            "sign_offs": self.sign_offs,
        }
        found = [f"no {name}" for name, value in wanted.items() if not value]
        if self.tag.split("-")[0].lower() != self.code:
            found.append(f"its tag {self.tag!r} is not of its language")
        return tuple(found)
