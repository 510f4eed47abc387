"""Reading the invite an event object is about: the open Gmail message (its best calendar part
first, an attachment only when needed) or the open Calendar event."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from addon.errors import InviteError, NoInvite, ScopeError, UpstreamError
from addon.google.api import GmailAccess, GoogleApi
from addon.google.events import invite_from_event
from addon.google.messages import MessageFacts
from addon.google.request import EventObject
from addon.invite.model import Invite
from addon.invite.reader import parse_recent
from addon.recent import Recent

SCOPE_READ = "https://www.googleapis.com/auth/gmail.addons.current.message.readonly"
SCOPE_COMPOSE = "https://www.googleapis.com/auth/gmail.addons.current.action.compose"
SCOPE_EVENTS = "https://www.googleapis.com/auth/calendar.events.readonly"


@dataclass(frozen=True)
class Source:
    """Where the invite is: a Gmail message or a Calendar event. Cards carry it as action
    parameters, so every action can read the invite again."""

    message_id: str | None = None
    thread_id: str | None = None
    calendar_id: str | None = None
    event_id: str | None = None

    @classmethod
    def of(cls, ev: EventObject) -> Source:
        p = ev.params
        return cls(
            message_id=ev.message_id or p.get("messageId") or None,
            thread_id=ev.thread_id or p.get("threadId") or None,
            calendar_id=ev.calendar_id or p.get("calendarId") or None,
            event_id=ev.event_id or p.get("eventId") or None,
        )

    @property
    def known(self) -> bool:
        return bool(self.message_id or (self.calendar_id and self.event_id))

    def params(self) -> dict[str, str]:
        pairs = {
            "messageId": self.message_id,
            "threadId": self.thread_id,
            "calendarId": self.calendar_id,
            "eventId": self.event_id,
        }
        return {k: v for k, v in pairs.items() if v}


@dataclass(frozen=True)
class Loaded:
    invite: Invite
    message: MessageFacts | None = None  # the Gmail message, for a reply in its thread

    def thread(self) -> MessageFacts:
        if self.message is None:
            raise InviteError(
                "a reply draft needs the Gmail message of the invite", kind="no_message"
            )
        return self.message


def require(ev: EventObject, scopes: tuple[str, ...]) -> None:
    """Granular consent: refuse (to ask for them) when the user has not granted ``scopes``."""
    missing = ev.missing_scopes(scopes)
    if missing:
        raise ScopeError(missing)


def gmail_access(ev: EventObject) -> GmailAccess:
    if not ev.user_oauth_token:
        raise UpstreamError("Google sent no access token with this request", retryable=False)
    return GmailAccess(ev.user_oauth_token, ev.gmail_access_token)


class RecentInvites(Recent[Loaded]):
    """The invites read in the last minutes, so that a redraw (another reason, language or
    tone) does not read the message from Gmail again. Keyed by a digest of the user's token
    and the message or event: one user never gets another's."""

    @staticmethod
    def key(ev: EventObject, source: Source) -> str:
        zone = getattr(ev.tz, "key", "")
        parts = (ev.user_oauth_token or "", *source.params().values(), str(zone))
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def load_invite(
    api: GoogleApi,
    ev: EventObject,
    source: Source,
    *,
    recent: RecentInvites | None = None,
    fresh: bool = True,
) -> Loaded:
    """The invite of the message or event, read from Gmail or Calendar and kept in ``recent``;
    ``fresh=False`` (a redraw) takes the one the same user read in the last minutes instead."""
    if recent is None or not ev.user_oauth_token:
        return _read(api, ev, source)
    require(ev, (SCOPE_READ,) if source.message_id else (SCOPE_EVENTS,))
    key = RecentInvites.key(ev, source)
    found = None if fresh else recent.get(key)
    if found is None:
        found = _read(api, ev, source)
        recent.put(key, found)
    return found


def _read(api: GoogleApi, ev: EventObject, source: Source) -> Loaded:
    floating = ev.tz or dt.UTC
    if source.message_id:
        require(ev, (SCOPE_READ,))
        access = gmail_access(ev)
        facts = api.message(access, source.message_id)
        if not facts.parts:
            raise NoInvite()
        first: InviteError | None = None
        for part in facts.parts:  # the best part first; the next only if it cannot be read
            try:
                text = api.part_text(access, facts.message_id, part)
                return Loaded(parse_recent(text, floating_tz=floating), facts)
            except InviteError as error:
                first = first or error
        assert first is not None
        raise first
    if source.calendar_id and source.event_id:
        # The deployment's currentEventAccess is METADATA: the event object holds the ids only,
        # and events.get (calendar.events.readonly) the rest. READ's event object has no title
        # or times either, so it would not spare this call.
        require(ev, (SCOPE_EVENTS,))
        if not ev.user_oauth_token:
            raise UpstreamError("Google sent no access token with this event", retryable=False)
        event = api.event(ev.user_oauth_token, source.calendar_id, source.event_id)
        return Loaded(invite_from_event(event))
    raise NoInvite()
