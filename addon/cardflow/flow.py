"""What every mail host's sidebar does with an invite once it has read it, without Flask and
without the host: the homepage, the advice, the reply the user is writing, the one-click tier,
the settings, the decision log, and the card for each kind of failure.

Hosts (Gmail, Calendar, Outlook) differ only in how they read the invite, how they open a reply
and how they show a card; they all call this, so the same cards come out everywhere.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from addon import strategies
from addon.calendar.slots import FreeTimes
from addon.cardflow import answers, inputs
from addon.cardflow.calendar import CalendarAccess, Calendars
from addon.cardflow.inputs import Inputs, User
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.directory.users import Foreseen, Settings, Users
from addon.errors import (
    BusyError,
    UsageError,
)
from addon.hosts import Host
from addon.i18n import Lang, Message, gettext, lang_of, msg
from addon.invite.model import Invite
from addon.strategies import Input
from addon.triage.answer import proposal_of
from addon.triage.assess import assess, new_client_suggestion, parse_reason
from addon.triage.lookalike import look_alike
from addon.triage.matching import key_refusal
from addon.triage.outcomes import declined_in_a_row
from addon.triage.request import ReplyRequest
from addon.triage.service import (
    Outcome,
    foreseen_client,
    meeting_key,
    minutes_saved,
    profile_for,
    recent_window,
    record_meeting,
    triage,
)
from addon.triage.weigh import ClientProfile
from addon.vocabulary import (
    BRIEF_FIELD_LABELS,
    DEFAULT_MINUTES,
    DEFAULT_REASON,
    DEFAULT_TONE,
    DEFAULT_WORK_END,
    DEFAULT_WORK_START,
    REQUIRED_BRIEF_FIELDS,
    TIER_LABELS,
    TIERS,
    label,
    member,
)
from addon.writing.dates import babel_locale
from addon.writing.letters import Draft
from cards.advice import advice_card
from cards.compose import compose_card
from cards.home import home_card
from cards.model import Card
from cards.view import View

logger = logging.getLogger(__name__)
# The strategy whose last answers from a client the advice looks at: it says when a client
# declined the last two shorter meetings.
WATCHED = "shorter"
# "Read my calendar" is on, but this host gave no way to read it (Outlook without Microsoft
# Graph set up, a Google request without the user's token).
CANNOT_READ = msg(
    "Raincheck cannot read your calendar here: the meeting count is its own, and no free "
    "times are offered."
)


@dataclass(frozen=True)
class Reply:
    """The reply the user is writing: the invite triaged, who is looking, what they asked for
    and, when their calendar was read, their free times."""

    outcome: Outcome
    view: View
    request: ReplyRequest
    free: FreeTimes | None = None


@dataclass
class CardFlow:
    store: Store
    host: Host
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    calendars: Calendars = field(default_factory=Calendars)

    def settings(self, user: User) -> Settings:
        with self.store.read() as session:
            return Users(session, user.tenant).settings(user.email)

    def view(self, ev: Inputs, settings: Settings, carry: Mapping[str, str] | None = None) -> View:
        """The user's chosen language, else the host's; dates in the host's regional style
        when it speaks that language (en-GB keeps its 24-hour clock)."""
        lang: Lang = lang_of(settings.locale or ev.locale)
        if settings.locale and "-" in settings.locale:  # a regional style the user chose
            locale = babel_locale(settings.locale)
        else:
            locale = babel_locale(ev.locale) if lang_of(ev.locale) == lang else lang
        return View(lang, locale, ev.tz, dict(carry or {}), host=self.host)

    def lang(self, ev: Inputs, user: User) -> Lang:
        """The user's language; the host's when the database cannot say (an error card must
        not need the database)."""
        try:
            settings = self.settings(user)
        except BusyError:
            settings = Settings()
        return self.view(ev, settings).lang

    def home(self, ev: Inputs, user: User) -> Card:
        now = self.clock().astimezone(ev.tz or dt.UTC)
        month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        with self.store.read() as session:
            users = Users(session, user.tenant)
            settings = users.settings(user.email)
            figures = users.outcomes(user.email, month, now + dt.timedelta(seconds=1), now)
        return home_card(figures, settings, self.view(ev, settings))

    def advice(
        self,
        ev: Inputs,
        user: User,
        invite: Invite,
        carry: Mapping[str, str],
        *,
        added: int | None = None,
        calendar: CalendarAccess | None = None,
    ) -> Card:
        """The advice card for an open invite, for the reason the user picked; ``added``: the
        client the user just added, which the card offers to undo; ``calendar``: the user's
        calendar, read when they have allowed it."""
        invite = invite.going_on(self.clock())  # a series that began earlier: its next meeting
        # The organizer's answer to what the user proposed: said first, and the advice only
        # when there is something to answer again.
        # One read session for all the card asks of the database; a second only when an
        # answer seen for the first time was just recorded (the advice counts it).
        foreseen = _foreseen(self.store, user, invite)
        with self.store.read() as session:
            users = Users(session, user.tenant)
            settings, found = answers.looked_up(users, user, invite, self.clock(), foreseen)
            advise = found is None or answers.advisable(found[1], invite)
            fresh = found is not None and found[1].proposal.outcome is None
            if advise and not fresh:
                profile, refused = _weighed(session, user, invite)
        answer = answers.recorded(self.store, user, found, self.clock())
        if answer is not None and not advise:
            view = self.view(ev, settings, carry)
            return answers.card(answer, invite, view, self.clock())
        if fresh:
            with self.store.read() as session:
                profile, refused = _weighed(session, user, invite)
        notes: list[Message] = []
        if settings.use_calendar and profile.client_id is not None and calendar is None:
            notes.append(CANNOT_READ)
        elif calendar is not None and settings.use_calendar and profile.client_id is not None:
            # Read after the database session is closed: no connection waits on the calendar.
            counts = self.calendars.counter(calendar, self.clock(), notes)(profile)
            if counts is not None:
                profile = profile.with_meetings(counts.past, counts.ahead, complete=counts.complete)
        minutes = inputs.number(ev.value("minutes"), settings.default_minutes)
        reason = parse_reason(ev.value("reason", DEFAULT_REASON))
        a = assess(
            invite, me=user.email, reason=reason, profile=profile, minutes=minutes,
            my_name=user.name, now=self.clock(), zone=ev.tz,
        )  # fmt: skip
        a = replace(a, notes=a.notes + tuple(notes))
        name, key = new_client_suggestion(invite, user.email)
        view = self.view(ev, settings, carry)
        card = advice_card(
            a, view, new_client_name=name, new_client_key=key, added=added, refused=refused
        )
        return answers.above(card, answer, view, self.clock()) if answer else card

    def outcome(
        self,
        ev: Inputs,
        user: User,
        invite: Invite,
        carry: Mapping[str, str],
        *,
        best: bool = False,
        calendar: CalendarAccess | None = None,
    ) -> Reply:
        """The invite triaged with what the user chose and wrote; ``best`` picks the best
        strategy that writes a reply when the user has not chosen one; ``calendar``: the
        user's calendar, for free times to move the meeting to."""
        settings = self.settings(user)
        view = self.view(ev, settings, carry)
        request = inputs.reply_request(ev, settings, view, invite)
        use = calendar if calendar is not None and settings.use_calendar else None
        wants = _inputs_of(request.strategy)
        free: FreeTimes | None = None
        if use is not None and wants & {Input.NEW_TIME, Input.CALL_TIME}:
            free = self._free_times(request, use, invite, settings, view)
        elif settings.use_calendar and Input.NEW_TIME in wants:
            free = FreeTimes("unread", why=CANNOT_READ)
        if free is not None:
            request = replace(request, slots=tuple((s.start, s.end) for s in free.slots))
        if not best and request.strategy is None:
            raise UsageError(gettext("Choose what to write first.", view.lang))
        counter = self.calendars.counter(use, self.clock(), [], cached_only=True) if use else None
        with self.store.read() as session:  # looking changes nothing (log() writes)
            outcome = triage(
                Directory(session, user.tenant), invite, request, me=user.email,
                my_name=user.name, now=self.clock(), calendar=counter,
            )  # fmt: skip
        if outcome.chosen is None or outcome.reply is None:
            raise UsageError(gettext("Keeping the meeting needs no reply.", view.lang))
        return Reply(outcome, view, request, free)

    def _free_times(
        self,
        request: ReplyRequest,
        calendar: CalendarAccess,
        invite: Invite,
        settings: Settings,
        view: View,
    ) -> FreeTimes | None:
        """The earliest free times of the meeting's length from its day on, that fit both
        people's days and hours."""
        if not isinstance(invite.start, dt.datetime) or not isinstance(invite.end, dt.datetime):
            return None  # an all-day event moves by days, not into a slot
        if invite.series and request.scope != "occurrence":
            # One free hour is no new time for a whole series: it moves by days, as before.
            return None
        return self.calendars.free_times(
            calendar,
            minutes=invite.duration_minutes,
            bounds=request.bounds(invite, self.clock()),
            around=request.free_from(invite),
            avoid=(invite.start, invite.end),
        )

    def briefing_gaps(self, request: ReplyRequest, lang: Lang) -> str | None:
        """What to tell the user when the briefing lacks what it cannot go without."""
        missing = [f for f in REQUIRED_BRIEF_FIELDS if not request.brief.text(f).strip()]
        if not missing:
            return None
        # The fields by their labels as the card shows them, not folded into a sentence: a
        # label is no phrase ("Status of your work" lower-cased read as "status of your work
        # first"), and German nouns keep their capitals.
        names = ", ".join(label(BRIEF_FIELD_LABELS, f, lang) for f in missing)
        return msg("The account manager needs these first: {fields}.", fields=names).render(lang)

    def loose_reply(self, ev: Inputs, user: User, *, why: str = "") -> tuple[Draft, Card]:
        """A reply written without the invite, and its card. ``why``: the host named a message
        but it is no invite (``not_invite``), cannot be read (``unreadable``) or Gmail failed
        (``gmail_failed``); empty when the host did not say which message."""
        settings = self.settings(user)
        view = self.view(ev, settings)
        request = inputs.reply_request(ev, settings, view)
        draft = inputs.loose_reply(ev, user.email, request)
        strategy = request.strategy or strategies.LOOSE[0]
        return draft, compose_card(draft, view, request, strategy=strategy, why=why)

    def set_tier(self, ev: Inputs, user: User) -> tuple[str, int]:
        """Give an unknown client the tier the user chose, for the whole tenant, when the user
        confirms; returns what to tell the user and the new client's id (for its Undo)."""
        tier, key = member(TIERS, ev.value("tier")), ev.value("key").strip().lower()
        lang = self.lang(ev, user)
        if tier is None or not key:
            raise UsageError(gettext("Choose the client's tier first, then add it.", lang))
        name = " ".join(ev.value("client_name").split()) or key.rpartition("@")[2]
        with self.store.session() as session:
            directory = Directory(session, user.tenant)
            known = directory.clients()
            refused = key_refusal(key, user.email, known)
            if refused is not None:
                raise UsageError(refused.render(lang))
            free_mail_sender = "@" in key
            added = directory.add_client(
                name,
                tier,
                by=user.email,
                domain=None if free_mail_sender else key,
                contact=key if free_mail_sender else None,
            )
        told = msg(
            "{name} is now a {tier} client for everyone in your organisation. Undo is on the card.",
            name=name,
            tier=label(TIER_LABELS, tier, lang).lower(),
        ).render(lang)
        similar = look_alike(name, (c.name for c in known))
        if similar is not None:
            # A warning, not a refusal: two companies may truly have names that read alike.
            told += " " + msg(
                "Check the name: it reads like {other}, a client you already have. If they are "
                "the same company, undo this.",
                other=similar,
            ).render(lang)
        assert added.id is not None  # flushed by add_client
        return told, added.id

    def undo_tier(self, ev: Inputs, user: User) -> str:
        """Take back a client the user added moments ago; returns what to tell the user."""
        client_id = inputs.number(ev.value("client"), 0)
        if client_id <= 0:
            raise UsageError("no client to undo")
        with self.store.session() as session:
            name = Directory(session, user.tenant).undo_added(
                client_id, by=user.email, now=self.clock()
            )
        return msg("{name} is no longer in your client list.", name=name).render(
            self.lang(ev, user)
        )

    def change_tier(self, ev: Inputs, user: User) -> str:
        """Give a known client another tier, the one the user saw being ``was``; returns what
        to tell the user, naming the old and the new tier."""
        tier, was = member(TIERS, ev.value("tier")), member(TIERS, ev.value("was"))
        client_id = inputs.number(ev.value("client"), 0)
        if tier is None or was is None or client_id <= 0:
            raise UsageError("choose one of the tiers")
        with self.store.session() as session:
            before, after = Directory(session, user.tenant).change_tier(
                client_id, tier, expected=was, by=user.email
            )
        lang = self.lang(ev, user)
        return msg(
            "{name} changed from {old} to {new} for everyone in your organisation.",
            name=after.name,
            old=label(TIER_LABELS, before.tier, lang).lower(),
            new=label(TIER_LABELS, after.tier, lang).lower(),
        ).render(lang)

    def save_settings(self, ev: Inputs, user: User) -> str:
        chosen = ev.value("lang", "auto")
        settings = Settings(
            locale=None if chosen == "auto" else chosen,
            tone=ev.value("tone", DEFAULT_TONE),
            call=ev.value("call").strip(),
            default_minutes=inputs.number(ev.value("minutes"), DEFAULT_MINUTES),
            signature=ev.value("signature").strip(),
            use_calendar=ev.value("calendar") == "on",
            work_start=ev.value("work_start", DEFAULT_WORK_START),
            work_end=ev.value("work_end", DEFAULT_WORK_END),
            country=None if ev.value("country", "auto") == "auto" else ev.value("country"),
        )
        with self.store.session() as session:
            Users(session, user.tenant).save_settings(user.email, settings)
        return gettext("Settings saved.", self.view(ev, settings).lang)

    def log(self, user: User, outcome: Outcome) -> None:
        """Remember the decision (never the mail): it feeds "meeting time saved", and the
        meeting counts towards "meetings in 90 days" with this client."""
        a, chosen = outcome.assessment, outcome.chosen
        assert chosen is not None
        with self.store.session() as session:
            record_meeting(Directory(session, user.tenant), outcome)
            Users(session, user.tenant).log_decision(
                user.email,
                meeting_key=meeting_key(a.invite),
                strategy=chosen.id,
                minutes_saved=minutes_saved(chosen.id, a.invite.duration_minutes, a.minutes),
                client_id=a.profile.client_id,
                at=self.clock(),
                proposal=proposal_of(chosen.id, a.invite, _calendar_text(outcome)),
            )


def _foreseen(store: Store, user: User, invite: Invite) -> Foreseen | None:
    """The client this process last matched such an invite to, and the history the advice
    will ask of it: read with the settings, the advice then needs no second statement when
    the match is that client still (``Users.meetings_and_last_outcomes`` checks)."""
    if not answers.may_advise(invite):
        return None
    client_id = foreseen_client(store.cache, user.tenant, invite, user.email)
    return None if client_id is None else Foreseen(client_id, *recent_window(invite), WATCHED)


def _weighed(session: Session, user: User, invite: Invite) -> tuple[ClientProfile, frozenset[str]]:
    """What the advice reads of the directory and the decision log besides the settings: the
    client weighed, and the strategies this client declined the last two times the user
    proposed them (only a shorter meeting is looked at: the one the advice says it of). The
    meetings with the client and those last answers come in one statement."""
    users = Users(session, user.tenant)
    last: list[str | None] = []

    def meetings(client_id: int, since: dt.datetime, until: dt.datetime) -> int:
        count, outcomes = users.meetings_and_last_outcomes(
            user.email, client_id, since, until, WATCHED
        )
        last[:] = outcomes
        return count

    profile = profile_for(Directory(session, user.tenant), invite, user.email, meetings=meetings)
    if profile.client_id is None:
        return profile, frozenset()
    return profile, frozenset({WATCHED}) if declined_in_a_row(last) else frozenset()


def _calendar_text(outcome: Outcome) -> str | None:
    """The calendar answer the organizer receives: in the reply, or in the briefing when it is
    the only email."""
    for draft in (outcome.reply, outcome.briefing):
        if draft is not None and draft.calendar_part is not None:
            return draft.calendar_part.text
    return None


def _inputs_of(strategy: str | None) -> set[Input]:
    """What the reply card asks for this strategy; nothing before one is chosen."""
    return set(strategies.get(strategy).inputs) if strategy else set()
