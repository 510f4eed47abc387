"""What the user chose and typed on a card, read from any host's request into a
``ReplyRequest``, with their settings filling in whatever they left alone."""

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
from addon.triage.request import ReplyRequest
from addon.vocabulary import (
    BRIEF_FIELDS,
    DEFAULT_MOVE_DAYS,
    DEFAULT_REASON,
    DEFAULT_SCOPE,
    DEFAULT_TONE,
    MOVE_DAYS_RANGE,
    SCOPES,
    TONES,
    member,
)
from addon.writing.briefing import BriefingNotes
from addon.writing.letters import Draft, write_loose_reply
from cards.view import View


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


def reply_request(
    ev: Inputs, settings: Settings, view: View, invite: Invite | None = None
) -> ReplyRequest:
    """What the user chose and typed on the card, else their settings. The reply's language is
    their choice, else the invite's own (a Swedish invite gets a Swedish reply), else the
    card's; its dates follow the reply's language, in the user's regional style when the two
    agree (en-GB keeps its 24-hour clock)."""
    spoken = language_of(invite) if invite is not None else None
    lang = lang_of(ev.value("lang") or settings.locale or spoken or view.lang)
    chosen = ev.value("strategy")
    low, high = MOVE_DAYS_RANGE
    return ReplyRequest(
        strategy=strategy_of(chosen) if chosen else None,
        reason=parse_reason(ev.value("reason", DEFAULT_REASON)),
        say_why={"yes": True, "no": False}.get(ev.value("say_why")),
        scope=member(SCOPES, ev.value("scope")) or DEFAULT_SCOPE,
        minutes=number(ev.value("minutes"), settings.default_minutes),
        move_days=min(high, max(low, number(ev.value("move_days"), DEFAULT_MOVE_DAYS))),
        slot=ev.value("slot"),
        call=ev.value("call", settings.call),
        note=ev.value("note"),
        brief=BriefingNotes({name: ev.value(name) for name in BRIEF_FIELDS}),
        tone=member(TONES, ev.value("tone") or settings.tone) or DEFAULT_TONE,
        locale=view.locale if lang_of(view.locale) == lang else lang,
        own_locale=view.locale,
        zone=view.tz,
        signature=settings.signature,
        hours=settings.working_hours,
        country=settings.country,
    )


def loose_reply(ev: Inputs, me: str, request: ReplyRequest) -> Draft:
    """A reply written without the invite (Gmail's compose window did not say which)."""
    strategy = request.strategy or strategies.LOOSE[0]
    if strategy not in strategies.LOOSE:
        raise UsageError("choose a call, a shorter meeting or email")
    return write_loose_reply(
        strategy,
        to=ev.draft_to[0] if ev.draft_to else None,
        me=Person(me),
        voice=request.voice,
        minutes=request.minutes,
        note=request.note,
        call=request.call or None,
    )
