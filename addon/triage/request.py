"""What the user asks Raincheck to write, whichever surface they ask from: one typed
``ReplyRequest``, checked once when it is made, with every default in ``addon.vocabulary``.

The cards (Gmail, Calendar and the Outlook pane send the same fields) build one with
``addon.cardflow.inputs.reply_request``, the command line from its options; ``triage`` takes it
with who is asking. Words kept apart: a user's *settings* (``addon.directory.users.Settings``:
their language, tone, call link...) fill in what a request leaves out; the service's *config*
(``addon.config``) never reaches it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from addon import strategies
from addon.calendar.bounds import Bounds, bounds_for
from addon.calendar.hours import WorkingHours
from addon.errors import UsageError
from addon.i18n import DEFAULT_LANG, Lang, lang_of
from addon.invite.model import Invite
from addon.strategies import StrategyId
from addon.vocabulary import (
    DEFAULT_MINUTES,
    DEFAULT_MOVE_DAYS,
    DEFAULT_REASON,
    DEFAULT_SCOPE,
    DEFAULT_TONE,
    MINUTES_RANGE,
    MOVE_DAYS_RANGE,
    REASONS,
    SCOPES,
    TONES,
    Reason,
    Scope,
    Tone,
)
from addon.writing.briefing import BriefingNotes
from addon.writing.letters import Voice

Times = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class ReplyRequest:
    strategy: StrategyId | None = None  # None: the best offered strategy that writes a reply
    reason: Reason = DEFAULT_REASON
    say_why: bool | None = None  # say the reason in the reply; None: the reason's default
    scope: Scope = DEFAULT_SCOPE  # for a series: answer about its first meeting, or all of them
    minutes: int = DEFAULT_MINUTES  # a shorter meeting's length
    move_days: int = DEFAULT_MOVE_DAYS  # a moved meeting: the same time this many days later
    # Free times from the user's calendar (the surface reads them, when allowed): the letter
    # offers them all, the calendar proposal carries ``slot`` (a start as ``Slot.key``), else
    # the first.
    slots: tuple[Times, ...] = ()
    slot: str = ""
    call: str = ""  # the user's number or call link
    note: str = ""  # a line of the user's own
    agenda: tuple[str, ...] = ()  # a shorter meeting's points; () for the invite's own
    brief: BriefingNotes = field(default_factory=BriefingNotes)
    tone: Tone = DEFAULT_TONE
    locale: str = DEFAULT_LANG  # the reply's language, with the reader's region ("en-GB")
    # The user's own language (their setting, else their mail client's), for what only their
    # colleagues read: the briefing. None: the reply's.
    own_locale: str | None = None
    zone: dt.tzinfo | None = None  # the user's time zone; None: the invite's
    signature: str = ""  # the name under the reply; "" for the user's own name
    hours: WorkingHours = field(default_factory=WorkingHours)  # the user's working hours
    country: str | None = None  # whose holidays the user keeps; None: their zone's country

    def __post_init__(self) -> None:
        if self.strategy is not None and strategies.member(self.strategy) is None:
            raise UsageError(f"unknown strategy {self.strategy!r}")
        if self.reason not in REASONS:
            raise UsageError(f"unknown reason {self.reason!r}; choose one of {', '.join(REASONS)}")
        if self.scope not in SCOPES:
            raise UsageError(f"unknown scope {self.scope!r}; choose one of {', '.join(SCOPES)}")
        if self.tone not in TONES:
            raise UsageError(f"unknown tone {self.tone!r}; choose one of {', '.join(TONES)}")
        low, high = MINUTES_RANGE
        if not low <= self.minutes <= high:
            raise UsageError(f"a shorter meeting must be {low} to {high} minutes")
        low, high = MOVE_DAYS_RANGE
        if not low <= self.move_days <= high:
            raise UsageError(f"a meeting can be moved {low} to {high} days")

    @property
    def lang(self) -> Lang:
        return lang_of(self.locale)

    def bounds(self, invite: Invite, now: dt.datetime) -> Bounds:
        """What a time this reply proposes must respect, for the user and the organizer."""
        zone = self.zone if isinstance(self.zone, ZoneInfo) else ZoneInfo("UTC")
        countries = (self.country,) if self.country else ()
        return bounds_for(invite, now=now, zone=zone, hours=self.hours, countries=countries)

    def free_from(self, invite: Invite) -> dt.datetime | dt.date:
        """Where free times for a moved meeting are searched from: the meeting's own time, but
        the day after it for someone who has fallen ill, who cannot promise to be well again
        later that day."""
        if self.reason != "ill" or not isinstance(invite.start, dt.datetime):
            return invite.start
        zone = self.zone or invite.start.tzinfo
        return invite.start.astimezone(zone).date() + dt.timedelta(days=1)

    @property
    def voice(self) -> Voice:
        return Voice(locale=self.locale, tone=self.tone, tz=self.zone, signature=self.signature)

    @property
    def own_voice(self) -> Voice:
        """How the user writes to colleagues: in their own language."""
        return replace(self.voice, locale=self.own_locale or self.locale)
