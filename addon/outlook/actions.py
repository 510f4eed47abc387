"""What the Outlook task pane's API does for each card action, without Flask.

The pane sends the item it read with every request; the answer is the card to show (HTML from
the same card descriptions Gmail gets), a note for the user, and the steps the pane runs with
Office.js: open a reply form, open a new message form, insert into the email being written.
Nothing is sent: every step opens a form the user sends themselves.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, ClassVar

from addon.calendar import deadline
from addon.cardflow.calendar import Calendars
from addon.cardflow.flow import CardFlow, Reply
from addon.cardflow.problems import crash, problem
from addon.directory.store import Store
from addon.errors import ConsentRequired, NoInvite, RaincheckError, UsageError
from addon.hosts import Host
from addon.i18n import Lang, gettext, msg
from addon.outlook.api import GraphApi, GraphItem
from addon.outlook.calendar import GraphCalendar
from addon.outlook.invites import GraphEvent, Loaded, load_invite
from addon.outlook.request import PaneItem, PaneRequest
from addon.outlook.tickets import Tickets
from addon.outlook.verify import MicrosoftUser
from addon.writing.letters import Draft
from cards.actions import Act, Handlers
from cards.home import no_invite_card
from cards.html import render_html
from cards.model import Action, Card
from cards.reply import reply_card
from cards.view import View

Answer = dict[str, Any]
Handler = Callable[["OutlookActions", PaneRequest, MicrosoftUser], Answer]
logger = logging.getLogger(__name__)

# Outlook refuses a form whose HTML body passes 32 KB and throws in the pane instead.
MAX_FORM_HTML = 32_000
OPEN = "open"


@dataclass
class OutlookActions:
    store: Store
    tickets: Tickets
    calendar_url: Callable[[str], str]  # the public URL of a calendar file's ticket
    graph: GraphApi | None = None  # set up when the app has a Microsoft client credential
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)
    handlers: ClassVar[Handlers[Handler]] = Handlers()
    calendars: Calendars = field(default_factory=Calendars)  # with the card's budget

    def __post_init__(self) -> None:
        self.flow = CardFlow(self.store, Host.OUTLOOK, clock=self.clock, calendars=self.calendars)

    def set_clock(self, clock: Callable[[], dt.datetime]) -> None:
        """Read the time from ``clock``: a frozen one draws the same cards on any day."""
        self.clock = self.flow.clock = clock

    def answer(self, req: PaneRequest, user: MicrosoftUser) -> tuple[Answer, int]:
        # "open" is the pane's first request, for whatever item it was opened on.
        handler = OutlookActions._open if req.action == OPEN else self.handlers.find(req.action)
        retry = Action(req.action, {**req.params, **req.form})
        try:
            if handler is None:
                raise UsageError(f"unknown action {req.action!r}")
            with deadline.card(self.calendars.budget):  # one budget for the calendar's reads
                return handler(self, req, user), 200
        except NoInvite:
            return _show(no_invite_card(self.flow.lang(req, user))), 200
        except RaincheckError as error:
            card = problem(
                error, self.flow.lang(req, user), upstream=Host.OUTLOOK.provider, retry=retry
            )
            return _show(card), error.status_code if error.status_code != 500 else 503
        except Exception:
            # A bug of ours: the pane gets a card, the log the traceback (no mail content: our
            # exceptions carry our own messages).
            logger.exception("unexpected error in an Outlook pane request")
            return _show(crash(self.flow.lang(req, user), retry)), 200

    # Cards ----------------------------------------------------------------------------------

    @handlers.on(Act.HOME)
    def _home(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        return _show(self.flow.home(req, user))

    @handlers.on(Act.TRIAGE)
    def _advice(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        return _show(self._triage(req, user))

    def _open(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        if req.mode == "compose":
            return _show(self._compose(req, user))
        if req.item is None:
            return _show(self.flow.home(req, user))
        return _show(self._triage(req, user))

    def _triage(self, req: PaneRequest, user: MicrosoftUser, added: int | None = None) -> Card:
        invite = self._load(req, user).invite
        return self.flow.advice(req, user, invite, {}, added=added, calendar=self._calendar(user))

    def _calendar(self, user: MicrosoftUser) -> GraphCalendar | None:
        """The user's calendar through Graph, read only if their settings allow it."""
        if self.graph is None or not user.token:
            return None
        return GraphCalendar(self.graph, user.token, user.tid or user.tenant, user.email)

    @handlers.on(Act.PREVIEW)
    def _preview(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        if req.params.get("compose"):
            return _show(self._compose(req, user))
        reply, loaded = self._outcome(req, user)
        return _show(_reply_card(reply, loaded))

    def _compose(self, req: PaneRequest, user: MicrosoftUser) -> Card:
        """Outlook does not tell a compose pane which invite is being answered: the replies
        come without the meeting's date, as in Gmail's compose window."""
        return self.flow.loose_reply(req, user)[1]

    def _outcome(self, req: PaneRequest, user: MicrosoftUser) -> tuple[Reply, Loaded]:
        loaded = self._load(req, user)
        found = self.flow.outcome(req, user, loaded.invite, {}, calendar=self._calendar(user))
        if not loaded.calendar_data:
            # Without the invite's own UID a calendar answer would match no meeting.
            outcome = found.outcome
            reply, briefing = outcome.reply, outcome.briefing
            outcome = replace(
                outcome,
                reply=replace(reply, calendar_part=None) if reply else None,
                briefing=replace(briefing, calendar_part=None) if briefing else None,
            )
            found = replace(found, outcome=outcome)
        return found, loaded

    def _load(self, req: PaneRequest, user: MicrosoftUser) -> Loaded:
        graph_event: GraphEvent | None = None
        refused: list[ConsentRequired] = []
        if self.graph is not None and user.token:
            graph = self.graph

            def graph_event(item: PaneItem) -> Mapping[str, Any]:
                try:
                    return graph.event(
                        user.token, user.tid or user.tenant, GraphItem(item.kind, item.rest_id)
                    )
                except ConsentRequired as error:
                    refused.append(error)
                    raise

        loaded = load_invite(req.item, floating_tz=req.tz or dt.UTC, graph_event=graph_event)
        if refused:
            # Graph failing otherwise costs only the calendar answer; missing consent costs it
            # on every item until an administrator acts, so the user is told who can.
            raise refused[0]
        return loaded

    # Forms ----------------------------------------------------------------------------------

    @handlers.on(Act.INSERT)
    def _insert(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        found, loaded = self._outcome(req, user)
        outcome, view = found.outcome, found.view
        assert outcome.chosen is not None and outcome.reply is not None
        step, link = self._reply_step(outcome.reply, view, reply_all=False)
        self.flow.log(user, outcome)
        note = gettext("Your reply is open: check it and press Send.", view.lang)
        return _show(_reply_card(found, loaded), note, [step], link)

    @handlers.on(Act.BRIEF)
    def _brief(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        """The briefing opens as a new message to the account manager, and the note to the
        organizer as a reply to everyone invited, who should know who speaks for the user."""
        found, loaded = self._outcome(req, user)
        outcome, view = found.outcome, found.view
        gaps = self.flow.briefing_gaps(found.request, view.lang)
        if gaps:
            return _show(_reply_card(found, loaded), gaps)
        briefing, note = outcome.briefing, outcome.reply
        if briefing is None or note is None:
            raise UsageError(gettext("A briefing needs an account manager to go to.", view.lang))
        new_message: dict[str, Any] = {
            "kind": "message",
            "toRecipients": list(briefing.to),
            "subject": briefing.subject[:255],
            "htmlBody": _form_html(briefing.html, view.lang),
            "attachments": [],
        }
        card = _reply_card(found, loaded)
        if outcome.briefing_only:
            # One email, internal: the briefing to the organizer, carrying the calendar answer;
            # nothing goes to the client's people.
            new_message["attachments"], link = self._calendar_attachment(briefing, view)
            self.flow.log(user, outcome)
            told = msg(
                "The briefing to {manager} is open, with your calendar answer: check it and "
                "press Send.",
                manager=", ".join(briefing.to),
            ).render(view.lang)
            return _show(card, told, [new_message], link)
        reply, link = self._reply_step(note, view, reply_all=True)
        self.flow.log(user, outcome)
        told = msg(
            "The briefing to {manager} and your note to {who} are open: check them and press Send.",
            manager=", ".join(briefing.to),
            who=", ".join(note.to) or gettext("the organizer", view.lang),
        ).render(view.lang)
        return _show(card, told, [new_message, reply], link)

    @handlers.on(Act.COMPOSE_INSERT)
    def _compose_insert(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        draft, card = self.flow.loose_reply(req, user)
        lang = self.flow.lang(req, user)
        # The text too: a plain-text body refuses HTML (InvalidFormatError, office.body.yml).
        step = {"kind": "insert", "html": _form_html(draft.html, lang), "text": draft.text}
        return _show(card, gettext("Inserted into your email.", lang), [step])

    def _reply_step(
        self, draft: Draft, view: View, *, reply_all: bool
    ) -> tuple[dict[str, Any], dict[str, str] | None]:
        """The reply form with the calendar part attached from a short-lived link; the same
        link is offered in the pane, as Outlook on the web may not attach files by URL."""
        step: dict[str, Any] = {
            "kind": "reply",
            "all": reply_all,
            "htmlBody": _form_html(draft.html, view.lang),
            "attachments": [],
        }
        step["attachments"], link = self._calendar_attachment(draft, view)
        return step, link

    def _calendar_attachment(
        self, draft: Draft, view: View
    ) -> tuple[list[dict[str, str]], dict[str, str] | None]:
        """The draft's calendar part as a file attachment from a short-lived link, and the
        same link for the pane to offer."""
        if draft.calendar_part is None:
            return [], None
        url = self.calendar_url(self.tickets.issue(draft.calendar_part))
        name = "proposal.ics" if draft.calendar_part.method == "COUNTER" else "reply.ics"
        link = {"text": gettext("Download the calendar file", view.lang), "url": url}
        # Both ways to attach it: the pane gives Outlook the file itself where Mailbox 1.15
        # takes base64, else the link (which Exchange Online must fetch, and may not).
        content = base64.b64encode(draft.calendar_part.text.encode()).decode("ascii")
        return [{"type": "file", "name": name, "url": url, "base64": content}], link

    # Directory and settings ------------------------------------------------------------------

    @handlers.on(Act.SET_TIER)
    def _set_tier(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        told, added = self.flow.set_tier(req, user)
        return _show(self._triage(req, user, added), told)

    @handlers.on(Act.UNDO_TIER)
    def _undo_tier(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        return _show(self._triage(req, user), self.flow.undo_tier(req, user))

    @handlers.on(Act.CHANGE_TIER)
    def _change_tier(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        told = self.flow.change_tier(req, user)
        return _show(self._triage(req, user), told)

    @handlers.on(Act.SAVE_SETTINGS)
    def _save_settings(self, req: PaneRequest, user: MicrosoftUser) -> Answer:
        told = self.flow.save_settings(req, user)
        return _show(self.flow.home(req, user), told)


def _show(
    card: Card,
    note: str | None = None,
    steps: list[dict[str, Any]] | None = None,
    link: dict[str, str] | None = None,
) -> Answer:
    return {"card": render_html(card), "note": note, "do": steps or [], "link": link}


def _form_html(html: str, lang: Lang) -> str:
    if len(html) > MAX_FORM_HTML:
        raise UsageError(
            gettext("This is too long for Outlook to open (32 KB); shorten your notes.", lang)
        )
    return html


def _reply_card(reply: Reply, loaded: Loaded) -> Card:
    return reply_card(
        reply.outcome,
        reply.view,
        reply.request,
        free=reply.free,
        calendar_missing=not loaded.calendar_data,
    )
