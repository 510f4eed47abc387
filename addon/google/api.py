"""The Gmail and Calendar APIs, as much of them as Raincheck needs: one HTTP session, timeouts,
and every failure turned into an ``UpstreamError`` that says what happened."""

from __future__ import annotations

import base64
import datetime as dt
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import requests

from addon import upstream
from addon.calendar import deadline
from addon.calendar.history import Listed
from addon.errors import MaybeDone, UpstreamError
from addon.google import failures
from addon.google.calendar_items import EVENT_FIELDS, busy_periods
from addon.google.messages import CalendarPart, MessageFacts, b64url, decode_part, message_facts

SCOPE = "https://www.googleapis.com/auth/"
READ_MESSAGE = SCOPE + "gmail.addons.current.message.readonly"
COMPOSE = SCOPE + "gmail.addons.current.action.compose"
READ_EVENTS = SCOPE + "calendar.events.readonly"
# freeBusy.query takes calendar.freebusy, the narrowest of the scopes its discovery document
# lists (with calendar.events.freebusy, calendar.readonly and calendar): busy times, no events.
FREE_BUSY = SCOPE + "calendar.freebusy"
# What the calendar-aware advice needs, asked for only when the user turns it on.
CALENDAR_SCOPES = (READ_EVENTS, FREE_BUSY)


@dataclass(frozen=True)
class GmailAccess:
    """The user's OAuth token and Gmail's per-message token from the event object."""

    oauth_token: str
    message_token: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.oauth_token}"}
        if self.message_token:
            headers["X-Goog-Gmail-Access-Token"] = self.message_token
        return headers


@dataclass(frozen=True)
class CreatedDraft:
    draft_id: str
    message_id: str
    thread_id: str
    again: bool = False  # an earlier request for the same action made it (``DraftsOnce``)


class GoogleApi:
    def __init__(
        self,
        session: requests.Session,
        *,
        gmail_url: str,
        calendar_url: str,
        timeout: float = 10.0,
    ) -> None:
        self.session = session
        self.gmail_url = gmail_url.rstrip("/")
        self.calendar_url = calendar_url.rstrip("/")
        self.timeout = timeout
        self.clock = time.monotonic

    def message(self, access: GmailAccess, message_id: str) -> MessageFacts:
        data = self._call(
            "GET",
            f"{self.gmail_url}/gmail/v1/users/me/messages/{quote(message_id)}",
            access.headers(),
            params={"format": "full"},
            what="the message",
            scopes=(READ_MESSAGE,),
        )
        return message_facts(data)

    def part_text(self, access: GmailAccess, message_id: str, part: CalendarPart) -> str:
        """A calendar part's text; an attached one costs one more call."""
        if part.data is not None or part.attachment_id is None:
            return decode_part(part)
        data = self._call(
            "GET",
            f"{self.gmail_url}/gmail/v1/users/me/messages/{quote(message_id)}"
            f"/attachments/{quote(part.attachment_id)}",
            access.headers(),
            what="the invite attached to the message",
            scopes=(READ_MESSAGE,),
        )
        return decode_part(part, b64url(str(data.get("data", ""))))

    def create_draft(
        self, access: GmailAccess, raw: bytes, *, thread_id: str | None = None
    ) -> CreatedDraft:
        message: dict[str, Any] = {"raw": base64.urlsafe_b64encode(raw).decode("ascii")}
        if thread_id:
            message["threadId"] = thread_id
        data = self._call(
            "POST",
            f"{self.gmail_url}/gmail/v1/users/me/drafts",
            access.headers(),
            json={"message": message},
            what="the draft",
            scopes=(COMPOSE,),
        )
        created = data.get("message") or {}
        return CreatedDraft(
            draft_id=str(data.get("id", "")),
            message_id=str(created.get("id", "")),
            thread_id=str(created.get("threadId") or thread_id or ""),
        )

    def event(self, oauth_token: str, calendar_id: str, event_id: str) -> Mapping[str, Any]:
        return self._call(
            "GET",
            f"{self.calendar_url}/calendar/v3/calendars/{quote(calendar_id, safe='')}"
            f"/events/{quote(event_id, safe='')}",
            {"Authorization": f"Bearer {oauth_token}"},
            what="the calendar event",
            scopes=(READ_EVENTS,),
        )

    def calendar_events(
        self, oauth_token: str, start: dt.datetime, end: dt.datetime, *, max_pages: int = 8
    ) -> Listed[Mapping[str, Any]]:
        """The primary calendar's events that overlap [start, end), recurring ones as their
        instances, read page by page. Google may send a short or even empty page with a
        ``nextPageToken``, so only a missing token ends the list (events.list reference);
        ``max_pages`` of 250 bounds the cost of one card, and so does the read's deadline
        (``addon.calendar.deadline``): the pages read by then are what it found."""
        params = {
            "timeMin": start.isoformat(), "timeMax": end.isoformat(), "singleEvents": "true",
            "maxResults": "250", "fields": EVENT_FIELDS,
        }  # fmt: skip
        items: list[Mapping[str, Any]] = []
        for _ in range(max_pages):
            if deadline.left() == 0.0:
                return Listed.of(items, complete=False)
            url = f"{self.calendar_url}/calendar/v3/calendars/primary/events"
            try:
                data = self._call("GET", url, _bearer(oauth_token), params=params,
                                  what="your calendar", scopes=(READ_EVENTS,))  # fmt: skip
            except UpstreamError:
                if items and deadline.left() == 0.0:  # cut short: the pages read still count
                    return Listed.of(items, complete=False)
                raise
            items += [i for i in data.get("items") or [] if isinstance(i, Mapping)]
            token = data.get("nextPageToken")
            if not token:
                return Listed.of(items, complete=True)
            params = {**params, "pageToken": str(token)}
        return Listed.of(items, complete=False)  # more pages than one card reads

    def free_busy(
        self, oauth_token: str, start: dt.datetime, end: dt.datetime
    ) -> list[tuple[dt.datetime, dt.datetime]]:
        """When the user's primary calendar is busy between start and end (free/busy only:
        no titles, no people)."""
        body = {"timeMin": start.isoformat(), "timeMax": end.isoformat(), "timeZone": "UTC",
                "items": [{"id": "primary"}]}  # fmt: skip
        url = f"{self.calendar_url}/calendar/v3/freeBusy"
        data = self._call("POST", url, _bearer(oauth_token), json=body, what="when you are free",
                          scopes=(FREE_BUSY,), idempotent=True)  # fmt: skip
        return busy_periods(data)

    def _call(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        *,
        what: str,
        scopes: tuple[str, ...] = (),
        params: Mapping[str, str] | None = None,
        json: Any = None,
        idempotent: bool = False,
    ) -> Mapping[str, Any]:
        """One Google call; rate limits and 5xx are asked again with a short backoff inside
        the action's budget (``addon.google.failures``). ``scopes``: what the call needs, asked
        of the user when Google says a permission is missing. ``idempotent``: a POST that only
        reads (freeBusy.query), safe to ask again like a GET."""
        safe = method == "GET" or idempotent
        started = self.clock()
        attempt = 0
        while True:
            # A calendar read in a worker has a deadline: no call starts, nor waits, past it.
            left = deadline.left()
            if left is not None and left <= 0:
                raise UpstreamError(
                    f"Google took too long to answer while fetching {what}", retryable=True
                )
            try:
                response = upstream.send(
                    self.session, method, url, headers, params=params, json=json,
                    timeout=self.timeout if left is None else min(self.timeout, left),
                )  # fmt: skip
            except requests.ReadTimeout as exc:
                # Not asked again: another full timeout would pass Google's limit. A POST was
                # sent and may have been done: the user is told to look before writing again.
                if not safe:
                    raise MaybeDone(f"Google did not confirm {what} in time", what=what) from exc
                raise UpstreamError(
                    f"Google took too long to answer while fetching {what}", retryable=True
                ) from exc
            except requests.Timeout as exc:  # the connection was never made: nothing was sent
                raise UpstreamError(
                    f"Google took too long to answer while fetching {what}", retryable=True
                ) from exc
            except requests.RequestException as exc:
                raise UpstreamError(
                    f"Google could not be reached for {what}", retryable=True
                ) from exc
            if response.status_code < 400:
                break
            refused = failures.refusal(response)
            # A refused POST did nothing, but a 5xx may have: only rate limits are asked again.
            again = safe or refused.rate_limited
            wait = failures.wait_before_retry(refused, attempt, self.clock() - started)
            left = deadline.left()
            if wait is None or not again or (left is not None and wait >= left):
                raise failures.as_error(refused, what, scopes)
            failures.pause(wait)
            attempt += 1
        try:
            data = response.json()
        except ValueError as exc:
            raise UpstreamError(f"Google's answer for {what} was not JSON", retryable=True) from exc
        if not isinstance(data, Mapping):
            raise UpstreamError(f"Google's answer for {what} was not an object", retryable=True)
        return data


def _bearer(oauth_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {oauth_token}"}
