"""What the Gmail and Calendar add-on does for each trigger and card action, without Flask.

Every request is about one invite, named by the parameters its cards carry (the Gmail message
or the Calendar event); each action reads it again, so nothing from the mail is kept between
requests. Every failure becomes a card that says what happened, with Try again where that helps.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.directory.users import Settings, Users
from addon.errors import InviteError, RaincheckError, ScopeError, UpstreamError, UsageError
from addon.google import forms
from addon.google.api import GoogleApi
from addon.google.events import EventObject
from addon.google.invites import (
    SCOPE_COMPOSE,
    Loaded,
    NoInvite,
    Source,
    gmail_access,
    load_invite,
    require,
)
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
from addon.i18n import Lang, gettext, lang_of, msg
from addon.triage.assess import assess, new_client_suggestion, parse_reason
from addon.triage.service import Outcome, meeting_key, minutes_saved, profile_for, triage
from addon.writing.dates import babel_locale
from addon.writing.letters import reply_subject
from addon.writing.mime import draft_message
from cards.gmail import render_card
from cards.home import home_card, no_invite_card, problem_card
from cards.labels import TIER, label
from cards.model import Action, Card
from cards.triage import ReplyFields, View, loose_reply_card, reply_card, triage_card

Response = dict[str, Any]
logger = logging.getLogger(__name__)


@dataclass
class GoogleAddon:
    store: Store
    api: GoogleApi
    host: str  # "gmail" or "calendar": where the cards live
    action_url: str  # the endpoint every card action of this host calls
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    # Triggers -------------------------------------------------------------------------------

    def homepage(self, ev: EventObject, user: GoogleUser) -> Response:
        build = lambda: push_card(self._render(self._home(ev, user)))  # noqa: E731
        return self._guard(ev, user, build, retry=Action("home"), push=True)

    def opened(self, ev: EventObject, user: GoogleUser) -> Response:
        """A message or an event was opened: the advice card, or a card saying why not."""
        build = lambda: push_card(self._render(self._triage(ev, user)))  # noqa: E731
        return self._guard(ev, user, build, retry=Action("triage"), push=True)

    def compose(self, ev: EventObject, user: GoogleUser) -> Response:
        build = lambda: push_card(self._render(self._compose(ev, user)))  # noqa: E731
        return self._guard(ev, user, build, retry=Action("preview", {"compose": "1"}), push=True)

    # Card actions ---------------------------------------------------------------------------

    def act(self, ev: EventObject, user: GoogleUser) -> Response:
        name = ev.params.get("action", "")
        handlers: dict[str, Callable[[EventObject, GoogleUser], Response]] = {
            "home": lambda e, u: navigate(self._render(self._home(e, u)), push=False),
            "triage": lambda e, u: navigate(self._render(self._triage(e, u)), push=False),
            "preview": self._preview,
            "insert": self._insert,
            "brief": self._brief,
            "compose_insert": self._compose_insert,
            "set_tier": self._set_tier,
            "save_settings": self._save_settings,
        }
        handler = handlers.get(name)
        if handler is None:
            return self._problem(ev, user, UsageError(f"unknown action {name!r}"), push=True)
        # A retry repeats the action with what the user had typed, which the problem card lacks.
        retry = Action(name, {**ev.params, **{k: v[0] for k, v in ev.form.items() if v}})
        return self._guard(ev, user, lambda: handler(ev, user), retry=retry, push=True)

    # Cards ----------------------------------------------------------------------------------

    def _home(self, ev: EventObject, user: GoogleUser) -> Card:
        now = self.clock().astimezone(ev.tz or dt.UTC)
        month = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        with self.store.session() as session:
            users = Users(session, user.tenant)
            settings = users.settings(user.email)
            saved = users.saved_between(user.email, month, now + dt.timedelta(seconds=1))
        return home_card(saved, settings, self._view(ev, settings))

    def _triage(self, ev: EventObject, user: GoogleUser) -> Card:
        source = Source.of(ev)
        loaded = load_invite(self.api, ev, source)
        with self.store.session() as session:
            settings = Users(session, user.tenant).settings(user.email)
            profile = profile_for(Directory(session, user.tenant), loaded.invite, user.email)
        minutes = forms.number(ev.value("minutes"), settings.default_minutes)
        reason = parse_reason(ev.value("reason", "workload"))
        a = assess(loaded.invite, me=user.email, reason=reason, profile=profile, minutes=minutes)
        name, key = new_client_suggestion(loaded.invite, user.email)
        view = self._view(ev, settings, source)
        return triage_card(a, view, new_client_name=name, new_client_key=key)

    def _preview(self, ev: EventObject, user: GoogleUser) -> Response:
        if ev.params.get("compose"):
            return navigate(self._render(self._compose(ev, user)), push=False)
        outcome, view, fields, _ = self._outcome(ev, user)
        card = reply_card(outcome, view, fields)
        return navigate(self._render(card), push=ev.params.get("nav") != "update")

    def _compose(self, ev: EventObject, user: GoogleUser) -> Card:
        """The compose window's card: with the invite when Gmail says which message is being
        answered, else the same replies without the meeting's details."""
        if Source.of(ev).known:
            outcome, view, fields, _ = self._outcome(ev, user, best=True)
            return reply_card(outcome, view, fields, compose=True)
        settings = self._settings(user)
        view = self._view(ev, settings)
        fields = forms.reply_fields(ev, settings, view)
        draft = forms.loose_reply(ev, user.email, fields, settings, view)
        return loose_reply_card(draft, view, fields, strategy=ev.value("strategy") or "phone")

    def _outcome(
        self, ev: EventObject, user: GoogleUser, *, best: bool = False
    ) -> tuple[Outcome, View, ReplyFields, Loaded]:
        """The invite read again and triaged with what the user chose; ``best`` picks the best
        strategy that writes a reply when the user has not chosen one."""
        source = Source.of(ev)
        loaded = load_invite(self.api, ev, source)
        settings = self._settings(user)
        view = self._view(ev, settings, source)
        fields = forms.reply_fields(ev, settings, view)
        ask = forms.ask(ev, user.email, fields, settings, view)
        if not best and ask.strategy is None:
            raise UsageError(gettext("Choose what to write first.", view.lang))
        with self.store.session() as session:
            outcome = triage(Directory(session, user.tenant), loaded.invite, ask, now=self.clock())
        if outcome.chosen is None or outcome.reply is None:
            raise UsageError(gettext("Keeping the meeting needs no reply.", view.lang))
        return outcome, view, fields, loaded

    # Drafts ---------------------------------------------------------------------------------

    def _insert(self, ev: EventObject, user: GoogleUser) -> Response:
        if self.host == "gmail":
            require(ev, (SCOPE_COMPOSE,))
        outcome, view, _, loaded = self._outcome(ev, user)
        reply = outcome.reply
        assert reply is not None
        if self.host == "calendar":
            self._log(user, outcome)
            note = gettext("Your reply opens in Gmail: check it and press Send.", view.lang)
            return open_link(gmail_compose_url(reply.to, reply.subject, reply.text), note)
        facts = loaded.thread()
        reply = replace(reply, subject=reply_subject(loaded.invite, facts.subject))
        raw = draft_message(
            reply,
            sender=outcome.assessment.me,
            in_reply_to=facts.rfc822_id,
            references=facts.references,
        )
        draft = self.api.create_draft(gmail_access(ev), raw, thread_id=facts.thread_id)
        self._log(user, outcome)
        note = gettext("Your reply is in a draft: check it and press Send.", view.lang)
        return open_draft(draft.draft_id, draft.thread_id, note)

    def _brief(self, ev: EventObject, user: GoogleUser) -> Response:
        """The briefing to the account manager as a new draft, which Gmail opens, and the note
        to the organizer as a draft in the invite's thread."""
        if self.host == "gmail":
            require(ev, (SCOPE_COMPOSE,))
        outcome, view, _, loaded = self._outcome(ev, user)
        briefing, note = outcome.briefing, outcome.reply
        if briefing is None or note is None:
            raise UsageError(gettext("A briefing needs an account manager to go to.", view.lang))
        if self.host == "calendar":
            self._log(user, outcome)
            told = gettext(
                "The briefing opens in Gmail; write the note to the organizer from the card next.",
                view.lang,
            )
            return open_link(gmail_compose_url(briefing.to, briefing.subject, briefing.text), told)
        access, facts, me = gmail_access(ev), loaded.thread(), outcome.assessment.me
        note = replace(note, subject=reply_subject(loaded.invite, facts.subject))
        threaded = draft_message(
            note, sender=me, in_reply_to=facts.rfc822_id, references=facts.references
        )
        self.api.create_draft(access, threaded, thread_id=facts.thread_id)
        created = self.api.create_draft(access, draft_message(briefing, sender=me))
        self._log(user, outcome)
        told = msg(
            "Briefing opened. Your note to {who} waits as a draft in the invite's thread.",
            who=", ".join(note.to),
        ).render(view.lang)
        return open_draft(created.draft_id, created.thread_id, told)

    def _compose_insert(self, ev: EventObject, user: GoogleUser) -> Response:
        require(ev, (SCOPE_COMPOSE,))
        if Source.of(ev).known:
            outcome, _, _, _ = self._outcome(ev, user, best=True)
            assert outcome.reply is not None
            self._log(user, outcome)
            return insert_into_draft(outcome.reply.html)
        settings = self._settings(user)
        view = self._view(ev, settings)
        fields = forms.reply_fields(ev, settings, view)
        return insert_into_draft(forms.loose_reply(ev, user.email, fields, settings, view).html)

    # Directory and settings ------------------------------------------------------------------

    def _set_tier(self, ev: EventObject, user: GoogleUser) -> Response:
        tier, key = ev.value("tier"), ev.value("key").strip().lower()
        if tier not in TIER or not key:
            raise UsageError("choose one of the tiers")
        name = " ".join(ev.value("client_name").split()) or key.rpartition("@")[2]
        with self.store.session() as session:
            free_mail_sender = "@" in key
            Directory(session, user.tenant).set_tier(
                name,
                tier,
                domain=None if free_mail_sender else key,
                contact=key if free_mail_sender else None,
            )
        lang = self._view(ev, self._settings(user)).lang
        told = msg(
            "{name} is now a {tier} client for everyone in your organisation.",
            name=name,
            tier=label(TIER, tier, lang).lower(),
        ).render(lang)
        return navigate(self._render(self._triage(ev, user)), push=False, note=told)

    def _save_settings(self, ev: EventObject, user: GoogleUser) -> Response:
        chosen = ev.value("lang", "auto")
        settings = Settings(
            locale=None if chosen == "auto" else chosen,
            tone=ev.value("tone", "warm"),
            call=ev.value("call").strip(),
            default_minutes=forms.number(ev.value("minutes"), 30),
            signature=ev.value("signature").strip(),
        )
        with self.store.session() as session:
            Users(session, user.tenant).save_settings(user.email, settings)
        told = gettext("Settings saved.", self._view(ev, settings).lang)
        return navigate(self._render(self._home(ev, user)), push=False, note=told)

    # Plumbing --------------------------------------------------------------------------------

    def _settings(self, user: GoogleUser) -> Settings:
        with self.store.session() as session:
            return Users(session, user.tenant).settings(user.email)

    def _view(self, ev: EventObject, settings: Settings, source: Source | None = None) -> View:
        lang: Lang = lang_of(settings.locale or ev.locale)
        locale = babel_locale(ev.locale) if lang_of(ev.locale) == lang else lang
        carry = source.params() if source else {}
        return View(lang, locale, ev.tz, carry, drafts=self.host == "gmail")

    def _log(self, user: GoogleUser, outcome: Outcome) -> None:
        a, chosen = outcome.assessment, outcome.chosen
        assert chosen is not None
        with self.store.session() as session:
            Users(session, user.tenant).log_decision(
                user.email,
                meeting_key=meeting_key(a.invite),
                strategy=chosen.id,
                minutes_saved=minutes_saved(chosen.id, a.invite.duration_minutes, a.minutes),
                client_id=a.profile.client_id,
                at=self.clock(),
            )

    def _render(self, card: Card) -> Response:
        return render_card(card, self.action_url)

    def _guard(
        self,
        ev: EventObject,
        user: GoogleUser,
        run: Callable[[], Response],
        *,
        retry: Action,
        push: bool,
    ) -> Response:
        """The one place where the add-on's errors become answers Google can show."""
        try:
            return run()
        except ScopeError as error:
            return request_scopes(error.scopes)
        except NoInvite:
            return self._show(no_invite_card(self._lang(ev, user)), push)
        except RaincheckError as error:
            retryable = isinstance(error, UpstreamError) and error.retryable
            again = Action(retry.name, {**Source.of(ev).params(), **retry.params})
            return self._problem(ev, user, error, push=push, retry=again if retryable else None)
        except Exception:
            # A bug of ours: Google gets a card, the log gets the traceback (never mail content:
            # exceptions here carry ids and our own messages).
            logger.exception("unexpected error in a %s add-on request", self.host)
            lang = self._lang(ev, user)
            card = problem_card(
                gettext("Raincheck could not do that", lang),
                gettext("Something went wrong on our side. Please try again in a moment.", lang),
                lang,
                retry=Action(retry.name, {**Source.of(ev).params(), **retry.params}),
            )
            return self._show(card, push)

    def _problem(
        self,
        ev: EventObject,
        user: GoogleUser,
        error: RaincheckError,
        *,
        push: bool,
        retry: Action | None = None,
    ) -> Response:
        lang = self._lang(ev, user)
        if isinstance(error, UpstreamError):
            title = gettext("Google did not answer as expected", lang)
        elif isinstance(error, InviteError):
            title = gettext("Raincheck cannot help with this invite", lang)
        else:
            title = gettext("Raincheck could not do that", lang)
        return self._show(problem_card(title, _sentence(error.message), lang, retry=retry), push)

    def _lang(self, ev: EventObject, user: GoogleUser) -> Lang:
        return self._view(ev, self._settings(user)).lang

    def _show(self, card: Card, push: bool) -> Response:
        rendered = self._render(card)
        return push_card(rendered) if push else navigate(rendered, push=False)


def _sentence(message: str) -> str:
    message = message.strip()
    return (message[:1].upper() + message[1:]).rstrip(".") + "."
