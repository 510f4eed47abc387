"""What the user chose and typed on a card, read from any host's request, with their settings
filling in whatever they left alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Protocol

from addon import strategies
from addon.directory.users import Settings
from addon.errors import UsageError
from addon.i18n import lang_of
from addon.invite.language import language_of
from addon.invite.model import Invite, Person
from addon.strategies import StrategyId
from addon.triage.assess import parse_reason
from addon.triage.service import Ask
from addon.vocabulary import (
    BRIEF_FIELDS,
    DEFAULT_REASON,
    DEFAULT_SCOPE,
    DEFAULT_TONE,
    SCOPES,
    TONES,
    member,
)
from addon.writing.briefing import BriefingNotes
from addon.writing.letters import Draft, Voice, write_loose_reply
from cards.triage import ReplyFields, View


class Inputs(Protocol):
    """A card request as every host sends it: who is looking (locale, time zone), the action's
    parameters, what the user typed, and the recipients of the email being written, if any."""

    @property
    def locale(self) -> str | None: ...

    @property
    def tz(self) -> dt.tzinfo | None: ...

    @property
    def params(self) -> Mapping[str, str]: ...

    @property
    def draft_to(self) -> tuple[Person, ...]: ...

    def value(self, name: str, default: str = "") -> str: ...


class User(Protocol):
    @property
    def email(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def tenant(self) -> str: ...


def number(value: str, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def strategy_of(value: str) -> StrategyId:
    strategy = strategies.member(value)
    if strategy is None:
        raise UsageError(f"unknown strategy {value!r}")
    return strategy


def reply_fields(
    ev: Inputs, settings: Settings, view: View, invite: Invite | None = None
) -> ReplyFields:
    """What the user chose, else their settings; the reply's language is their choice, else
    the invite's own (a Swedish invite gets a Swedish reply), else the card's."""
    spoken = language_of(invite) if invite is not None else None
    return ReplyFields(
        lang=lang_of(ev.value("lang") or settings.locale or spoken or view.lang),
        tone=ev.value("tone") or settings.tone,
        minutes=number(ev.value("minutes"), settings.default_minutes),
        note=ev.value("note"),
        call=ev.value("call", settings.call),
        brief={name: ev.value(name) for name in BRIEF_FIELDS},
        scope=ev.value("scope") or DEFAULT_SCOPE,
        say_why=ev.value("say_why"),
        move_days=min(60, max(1, number(ev.value("move_days"), 7))),
        slot=ev.value("slot"),
    )


def voice(fields: ReplyFields, settings: Settings, view: View) -> Voice:
    """The reply's language may differ from the card's; dates follow the reply's language,
    in the user's regional style when the two agree (en-GB keeps its 24-hour clock)."""
    locale = view.locale if lang_of(view.locale) == fields.lang else fields.lang
    tone = member(TONES, fields.tone) or DEFAULT_TONE
    return Voice(locale=locale, tone=tone, tz=view.tz, signature=settings.signature)


def ask(
    ev: Inputs,
    me: str,
    fields: ReplyFields,
    settings: Settings,
    view: View,
    *,
    default_strategy: StrategyId | None = None,
    my_name: str = "",
) -> Ask:
    chosen = ev.value("strategy")
    return Ask(
        me=me,
        my_name=my_name,
        reason=parse_reason(ev.value("reason", DEFAULT_REASON)),
        strategy=strategy_of(chosen) if chosen else default_strategy,
        voice=voice(fields, settings, view),
        minutes=fields.minutes,
        note=fields.note,
        call=fields.call or None,
        brief=BriefingNotes({f: (fields.brief or {}).get(f, "") for f in BRIEF_FIELDS}),
        scope=member(SCOPES, fields.scope) or DEFAULT_SCOPE,
        say_why={"yes": True, "no": False}.get(fields.say_why),
        move_days=fields.move_days,
        slots=tuple((s.start, s.end) for s in fields.free.slots) if fields.free else (),
        slot=fields.slot,
    )


def loose_reply(ev: Inputs, me: str, fields: ReplyFields, settings: Settings, view: View) -> Draft:
    """A reply written without the invite (Gmail's compose window did not say which)."""
    strategy = ev.value("strategy") or strategies.LOOSE[0]
    if strategy not in strategies.LOOSE:
        raise UsageError("choose a call, a shorter meeting or email")
    return write_loose_reply(
        strategy,
        to=ev.draft_to[0] if ev.draft_to else None,
        me=Person(me),
        voice=voice(fields, settings, view),
        minutes=fields.minutes,
        note=fields.note,
        call=fields.call or None,
    )
