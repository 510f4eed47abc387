"""What the Gmail and Calendar add-on does for each trigger and card action, without Flask.

Every request is about one invite, named by the parameters its cards carry (the Gmail message
or the Calendar event); each action reads it again, so nothing from the mail is kept between
requests. Every failure becomes a card that says what happened, with Try again where that helps.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from addon.calendar import deadline
from addon.cardflow.calendar import Calendars
from addon.cardflow.flow import CardFlow, Reply
from addon.cardflow.problems import crash, problem
from addon.directory.drafts_once import DraftsOnce, Made, draft_key
from addon.directory.store import Store
from addon.errors import (
    InviteError,
    MaybeDone,
    NoInvite,
    PartlyDone,
    RaincheckError,
    ScopeError,
    UpstreamError,
    UsageError,
)
from addon.google.api import CALENDAR_SCOPES, CreatedDraft, GoogleApi
from addon.google.calendar import GoogleCalendar
from addon.google.invites import (
    SCOPE_COMPOSE,
    Loaded,
    RecentInvites,
    Source,
    gmail_access,
    load_invite,
    require,
)
from addon.google.links import without_blocked_links
from addon.google.request import EventObject
from addon.google.responses import (
    gmail_compose_url,
    insert_into_draft,
    navigate,
    open_draft,
    open_link,
    push_card,
    request_scopes,
)
from addon.google.verify import GoogleUser
from addon.hosts import Host
from addon.i18n import Lang, gettext, msg
from addon.manifests.google import open_link_allowed
from addon.triage.request import ReplyRequest
from addon.triage.service import Outcome
from addon.writing.letters import Draft, reply_subject
from addon.writing.mime import draft_message
from cards.actions import Act, Handlers
from cards.gmail import render_card
from cards.home import no_invite_card
from cards.model import Action, Card
from cards.reply import reply_card

Response = dict[str, Any]
Handler = Callable[["GoogleActions", EventObject, GoogleUser], Response]
logger = logging.getLogger(__name__)
NOTE_DRAFT = "note_draft"  # the id of a bow-out's note already drafted, carried into a retry


@dataclass
class GoogleActions:
    store: Store
    api: GoogleApi
    host: Host  # Gmail or Calendar: where the cards live
    action_url: str  # the endpoint every card action of this host calls
    # The deployment's openLinkUrlPrefixes: a card's link to anywhere else is dropped, as
    # Google would block it. Empty: every link is kept (no public URL, so no deployment).
    open_links: tuple[str, ...] = ()
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    handlers: ClassVar[Handlers[Handler]] = Handlers()
    recent: RecentInvites = field(default_factory=RecentInvites)
    # The user's calendar as read for cards, with its budget; Gmail and Calendar share one.
    calendars: Calendars = field(default_factory=Calendars)

    def __post_init__(self) -> None:
        self.flow = CardFlow(self.store, self.host, clock=self.clock, calendars=self.calendars)
        # A second sender of the same action waits for the first one's draft for as long as
        # the first may wait on Gmail, and a little more.
        self.once = DraftsOnce(self.store, lambda: self.clock(), wait=self.api.timeout + 2)

    def set_clock(self, clock: Callable[[], dt.datetime]) -> None:
        """Read the time from ``clock``: a frozen one draws the same cards on any day."""
        self.clock = self.flow.clock = clock

    # Triggers -------------------------------------------------------------------------------

    def homepage(self, ev: EventObject, user: GoogleUser) -> Response:
        build = lambda: push_card(self._render(self.flow.home(ev, user)))  # noqa: E731
        return self._guard(ev, user, build, retry=Action(Act.HOME), push=True)

    def opened(self, ev: EventObject, user: GoogleUser) -> Response:
        """A message or an event was opened: the advice card, or a card saying why not."""
        build = lambda: push_card(self._render(self._triage(ev, user)))  # noqa: E731
        return self._guard(ev, user, build, retry=Action(Act.TRIAGE), push=True)

    def compose(self, ev: EventObject, user: GoogleUser) -> Response:
        build = lambda: push_card(self._render(self._compose(ev, user)))  # noqa: E731
        retry = Action(Act.PREVIEW, {"compose": "1"})
        return self._guard(ev, user, build, retry=retry, push=True)

    # Card actions ---------------------------------------------------------------------------

    def act(self, ev: EventObject, user: GoogleUser) -> Response:
        name = ev.params.get("action", "")
        handler = self.handlers.find(name)
        if handler is None:
            lang = self.flow.lang(ev, user)
            card = problem(
                UsageError(f"unknown action {name!r}"), lang, upstream=self.host.provider
            )
            return self._show(card, push=True, trigger=False)
        # A retry repeats the action with what the user had typed, which the problem card lacks.
        retry = Action(name, {**ev.params, **{k: v[0] for k, v in ev.form.items() if v}})
        return self._guard(
            ev, user, lambda: handler(self, ev, user), retry=retry, push=True, trigger=False
        )

    @handlers.on(Act.HOME)
    def _home(self, ev: EventObject, user: GoogleUser) -> Response:
        return navigate(self._render(self.flow.home(ev, user)), push=False)

    @handlers.on(Act.TRIAGE)
    def _advice(self, ev: EventObject, user: GoogleUser) -> Response:
        # Another reason: a redraw of the invite just read, not a new read from Gmail.
        return navigate(self._render(self._triage(ev, user, fresh=False)), push=False)

    # Cards ----------------------------------------------------------------------------------

    def _triage(
        self, ev: EventObject, user: GoogleUser, *, fresh: bool = True, added: int | None = None
    ) -> Card:
        source = Source.of(ev)
        loaded = load_invite(self.api, ev, source, recent=self.recent, fresh=fresh)
        return self.flow.advice(
            ev, user, loaded.invite, source.params(), added=added, calendar=self._calendar(ev, user)
        )

    @handlers.on(Act.PREVIEW)
    def _preview(self, ev: EventObject, user: GoogleUser) -> Response:
        if ev.params.get("compose"):
            return navigate(self._render(self._compose(ev, user)), push=False)
        reply, _ = self._outcome(ev, user, fresh=False)
        card = _reply_card(reply, text_only=self.host is Host.CALENDAR)
        return navigate(self._render(card), push=ev.params.get("nav") != "update")

    def _compose(self, ev: EventObject, user: GoogleUser) -> Card:
        """The compose window's card: with the invite when Gmail says which message is being
        answered and it can be read, else the same replies without the meeting's details,
        saying why (the compose window always helps)."""
        if Source.of(ev).known:
            try:
                reply, _ = self._outcome(ev, user, best=True)
            except (NoInvite, InviteError, UpstreamError) as error:
                return self.flow.loose_reply(ev, user, why=_why_loose(error))[1]
            return _reply_card(reply, compose=True)
        return self.flow.loose_reply(ev, user)[1]

    def _outcome(
        self, ev: EventObject, user: GoogleUser, *, best: bool = False, fresh: bool = True
    ) -> tuple[Reply, Loaded]:
        """``fresh=False`` for a redraw; what writes a draft reads the invite anew."""
        source = Source.of(ev)
        loaded = load_invite(self.api, ev, source, recent=self.recent, fresh=fresh)
        reply = self.flow.outcome(
            ev, user, loaded.invite, source.params(), best=best, calendar=self._calendar(ev, user)
        )
        return reply, loaded

    def _calendar(self, ev: EventObject, user: GoogleUser) -> GoogleCalendar | None:
        """The user's calendar, read only if their settings allow it (the flow checks)."""
        if not ev.user_oauth_token:
            return None
        key = f"{user.tenant}\n{user.email}"
        return GoogleCalendar(self.api, ev.user_oauth_token, key, ev.scopes)

    # Drafts ---------------------------------------------------------------------------------

    @handlers.on(Act.INSERT)
    def _insert(self, ev: EventObject, user: GoogleUser) -> Response:
        if self.host is Host.GMAIL:
            require(ev, (SCOPE_COMPOSE,))
        found, loaded = self._outcome(ev, user)
        outcome, view = found.outcome, found.view
        reply = outcome.reply
        assert reply is not None
        if self.host is Host.CALENDAR:
            self.flow.log(user, outcome)
            note = gettext("Your reply opens in Gmail: check it and press Send.", view.lang)
            return open_link(
                gmail_compose_url(reply.to, reply.subject, reply.text, account=user.email), note
            )
        facts = loaded.thread()
        reply = replace(reply, subject=reply_subject(loaded.invite, facts.subject))
        raw = draft_message(
            reply,
            sender=outcome.assessment.me,
            in_reply_to=facts.rfc822_id,
            references=facts.references,
        )
        access = gmail_access(ev)
        draft = self._draft_once(
            ev, user, outcome.chosen.id if outcome.chosen else "", found.request, reply,
            lambda: self.api.create_draft(access, raw, thread_id=facts.thread_id),
        )  # fmt: skip
        note = gettext("Your reply is in a draft: check it and press Send.", view.lang)
        return self._opened(draft, user, outcome, note, view.lang)

    @handlers.on(Act.BRIEF)
    def _brief(self, ev: EventObject, user: GoogleUser) -> Response:
        """The briefing to the account manager as a new draft, which Gmail opens, and the note
        to the organizer as a draft in the invite's thread."""
        if self.host is Host.GMAIL:
            require(ev, (SCOPE_COMPOSE,))
        found, loaded = self._outcome(ev, user)
        outcome, view = found.outcome, found.view
        gaps = self.flow.briefing_gaps(found.request, view.lang)
        if gaps:
            card = _reply_card(found, text_only=self.host is Host.CALENDAR)
            return navigate(self._render(card), push=False, note=gaps)
        briefing, note = outcome.briefing, outcome.reply
        if briefing is None or note is None:
            raise UsageError(gettext("A briefing needs an account manager to go to.", view.lang))
        if self.host is Host.CALENDAR:
            self.flow.log(user, outcome)
            if outcome.briefing_only:
                told = gettext(
                    "The briefing opens in Gmail; it is the only email needed.", view.lang
                )
            else:
                told = gettext(
                    "The briefing opens in Gmail; write the note to the organizer from the card "
                    "next.",
                    view.lang,
                )
            return open_link(
                gmail_compose_url(briefing.to, briefing.subject, briefing.text, account=user.email),
                told,
            )
        access, facts, me = gmail_access(ev), loaded.thread(), outcome.assessment.me
        if outcome.briefing_only:
            # One email: the briefing, with the calendar answer to its reader, the organizer.
            created = self._draft_once(
                ev, user, "briefing", found.request, briefing,
                lambda: self.api.create_draft(access, draft_message(briefing, sender=me)),
            )  # fmt: skip
            told = gettext(
                "Briefing opened, with your calendar answer: no other email is needed.", view.lang
            )
            return self._opened(created, user, outcome, told, view.lang)
        note = replace(note, subject=reply_subject(loaded.invite, facts.subject))
        who = ", ".join(note.to)
        # Two drafts. A retry after the second failed must not write the first again: its id
        # travels in the retry's parameters (PartlyDone), and a retry that carries it skips it.
        if not ev.params.get(NOTE_DRAFT):
            threaded = draft_message(
                note, sender=me, in_reply_to=facts.rfc822_id, references=facts.references
            )
            written = self._draft_once(
                ev, user, "briefing-note", found.request, note,
                lambda: self.api.create_draft(access, threaded, thread_id=facts.thread_id),
            )  # fmt: skip
        else:
            written = None
        try:
            created = self._draft_once(
                ev, user, "briefing", found.request, briefing,
                lambda: self.api.create_draft(access, draft_message(briefing, sender=me)),
            )  # fmt: skip
        except UpstreamError as error:
            if isinstance(error, MaybeDone):
                said = msg(
                    "Your note to {who} is in your drafts. Gmail did not confirm the briefing "
                    "in time: look in your Drafts first, and write it again only if it is not "
                    "there.",
                    who=who,
                )
            else:
                said = msg(
                    "Your note to {who} is in your drafts, but the briefing could not be "
                    "created: {why}",
                    who=who,
                    why=error.message,
                )
            raise PartlyDone(
                said.render(view.lang),
                done={NOTE_DRAFT: written.draft_id if written else ev.params[NOTE_DRAFT]},
                retryable=error.retryable,
            ) from error
        told = msg(
            "Briefing opened. Your note to {who} waits as a draft in the invite's thread.",
            who=who,
        ).render(view.lang)
        return self._opened(created, user, outcome, told, view.lang)

    @handlers.on(Act.COMPOSE_INSERT)
    def _compose_insert(self, ev: EventObject, user: GoogleUser) -> Response:
        require(ev, (SCOPE_COMPOSE,))
        if Source.of(ev).known:
            try:
                outcome = self._outcome(ev, user, best=True)[0].outcome
            except (NoInvite, InviteError, UpstreamError):
                return insert_into_draft(self.flow.loose_reply(ev, user)[0].html)
            assert outcome.reply is not None
            self.flow.log(user, outcome)
            return insert_into_draft(outcome.reply.html)
        return insert_into_draft(self.flow.loose_reply(ev, user)[0].html)

    # Directory and settings ------------------------------------------------------------------

    @handlers.on(Act.SET_TIER)
    def _set_tier(self, ev: EventObject, user: GoogleUser) -> Response:
        told, added = self.flow.set_tier(ev, user)
        card = self._triage(ev, user, fresh=False, added=added)
        return navigate(self._render(card), push=False, note=told)

    @handlers.on(Act.UNDO_TIER)
    def _undo_tier(self, ev: EventObject, user: GoogleUser) -> Response:
        told = self.flow.undo_tier(ev, user)
        return navigate(self._render(self._triage(ev, user, fresh=False)), push=False, note=told)

    @handlers.on(Act.CHANGE_TIER)
    def _change_tier(self, ev: EventObject, user: GoogleUser) -> Response:
        told = self.flow.change_tier(ev, user)
        return navigate(self._render(self._triage(ev, user)), push=False, note=told)

    @handlers.on(Act.SAVE_SETTINGS)
    def _save_settings(self, ev: EventObject, user: GoogleUser) -> Response:
        if ev.value("calendar") == "on":
            # Incremental consent: the calendar scopes are asked for when the user turns the
            # feature on, not at install; Google re-runs this save once they are granted.
            require(ev, CALENDAR_SCOPES)
        told = self.flow.save_settings(ev, user)
        return navigate(self._render(self.flow.home(ev, user)), push=False, note=told)

    # Plumbing --------------------------------------------------------------------------------

    def _draft_once(
        self,
        ev: EventObject,
        user: GoogleUser,
        kind: str,
        request: ReplyRequest,
        draft: Draft,
        create: Callable[[], CreatedDraft],
    ) -> CreatedDraft:
        """The draft ``create`` makes, made once for the same user, message, kind and content:
        a retry, a double click or the same action on another worker opens that draft."""
        where = "\n".join(f"{k}={v}" for k, v in sorted(Source.of(ev).params().items()))
        key = draft_key(
            tenant=user.tenant, user=user.email, message=where, strategy=kind,
            content=_content(request, draft),
        )  # fmt: skip

        def made() -> Made:
            created = create()
            return Made(created.draft_id, created.message_id, created.thread_id)

        found = self.once.make(user.tenant, key, made)
        return CreatedDraft(found.draft_id, found.message_id, found.thread_id, again=found.again)

    def _opened(
        self, draft: CreatedDraft, user: GoogleUser, outcome: Outcome, told: str, lang: Lang
    ) -> Response:
        """Gmail opens the draft; the decision is recorded after it exists, once: a retry that
        found the draft made records it again no more (logging it anew would also clear an
        answer recognised since)."""
        note = told if draft.again else self._logged(user, outcome, told, lang)
        return open_draft(draft.draft_id, draft.thread_id, draft.message_id, note)

    def _logged(self, user: GoogleUser, outcome: Outcome, told: str, lang: Lang) -> str:
        """Record the decision after its draft exists. A failure here must not become a card
        that invites a retry, and so a second draft: the draft is there, and the user is told
        only that the time saved was not counted."""
        try:
            self.flow.log(user, outcome)
        except RaincheckError as error:
            logger.warning("a decision was not recorded: %s", error.message)
            missed = gettext("(Raincheck could not count the time saved this time.)", lang)
            return f"{told} {missed}"
        return told

    def _render(self, card: Card) -> Response:
        if self.open_links:
            card = without_blocked_links(card, lambda url: open_link_allowed(url, self.open_links))
        return render_card(card, self.action_url)

    def _guard(
        self,
        ev: EventObject,
        user: GoogleUser,
        run: Callable[[], Response],
        *,
        retry: Action,
        push: bool,
        trigger: bool = True,
    ) -> Response:
        """The one place where the add-on's errors become answers Google can show: in a
        trigger's shape for a trigger, as render actions for a card action."""
        again = Action(retry.name, {**Source.of(ev).params(), **retry.params})
        try:
            with deadline.card(self.calendars.budget):  # one budget for the calendar's reads
                return run()
        except ScopeError as error:
            return request_scopes(error.scopes)
        except NoInvite:
            return self._show(no_invite_card(self.flow.lang(ev, user)), push, trigger)
        except RaincheckError as error:
            if isinstance(error, PartlyDone):
                again = Action(again.name, {**again.params, **error.done})
            card = problem(
                error, self.flow.lang(ev, user), upstream=self.host.provider, retry=again
            )
            return self._show(card, push, trigger)
        except Exception:
            # A bug of ours: Google gets a card, the log gets the traceback (never mail content:
            # exceptions here carry ids and our own messages).
            logger.exception("unexpected error in a %s add-on request", self.host)
            return self._show(crash(self.flow.lang(ev, user), again), push, trigger)

    def _show(self, card: Card, push: bool, trigger: bool = True) -> Response:
        rendered = self._render(card)
        if trigger:
            return push_card(rendered)  # a trigger's answer pushes its card
        return navigate(rendered, push=push)


def _reply_card(reply: Reply, *, compose: bool = False, text_only: bool = False) -> Card:
    return reply_card(
        reply.outcome,
        reply.view,
        reply.request,
        free=reply.free,
        compose=compose,
        text_only=text_only,
    )


def _why_loose(error: Exception) -> str:
    """Why the compose card writes without the invite: a key into its notices."""
    if isinstance(error, NoInvite):
        return "not_invite"
    if isinstance(error, UpstreamError):
        return "gmail_failed"
    return "unreadable"


def _content(request: ReplyRequest, draft: Draft) -> bytes:
    """What makes a draft this draft: what the user asked for and wrote (the request, with
    their text, times and briefing notes), and whom it goes to. Not the draft's body: the
    first request's decision changes what a retry writes (a briefing's "recent meetings"
    counts the meeting just answered), and its MIME form and calendar part carry a Date, a
    Message-ID and a DTSTAMP of their own."""
    parts = (repr(request), "\n".join(draft.to), draft.subject)
    return "\0".join(parts).encode("utf-8")
