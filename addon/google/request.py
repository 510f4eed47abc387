"""The event object Google POSTs to an HTTP add-on, as plain typed data.

Gmail ids come as the API's hex ids or as ``msg-f:<decimal>`` / ``thread-f:<decimal>``; they are
normalised here, once, to the hex form the Gmail API takes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from addon.errors import UsageError
from addon.invite.model import Person

_LEGACY_ID = re.compile(r"^(?:msg|thread)-[af]:(\d+)$")


@dataclass(frozen=True)
class EventObject:
    host: str
    locale: str | None
    tz: ZoneInfo | None
    params: Mapping[str, str]
    form: Mapping[str, tuple[str, ...]]
    scopes: frozenset[str] | None  # None: Google did not say (granted as configured)
    user_oauth_token: str | None
    user_id_token: str | None
    message_id: str | None = None
    thread_id: str | None = None
    gmail_access_token: str | None = None
    calendar_id: str | None = None
    event_id: str | None = None
    draft_to: tuple[Person, ...] = field(default=())

    def value(self, name: str, default: str = "") -> str:
        """A form input's value, else an action parameter, else ``default``."""
        values = self.form.get(name)
        if values:
            return values[0]
        return self.params.get(name, default)

    def missing_scopes(self, needed: tuple[str, ...]) -> list[str]:
        if self.scopes is None:
            return []
        return [scope for scope in needed if scope not in self.scopes]


def gmail_id(value: object) -> str | None:
    """``msg-f:1234`` -> ``4d2``; hex ids pass through; anything else is None."""
    if not isinstance(value, str) or not value:
        return None
    if match := _LEGACY_ID.match(value):
        return format(int(match.group(1)), "x")
    return value if re.fullmatch(r"[0-9A-Za-z_-]{1,64}", value) else None


def parse_event(body: object) -> EventObject:
    if not isinstance(body, Mapping):
        raise UsageError("the request body is not a Google event object")
    common = _mapping(body.get("commonEventObject"))
    auth = _mapping(body.get("authorizationEventObject"))
    gmail = _mapping(body.get("gmail"))
    calendar = _mapping(body.get("calendar"))
    scopes = auth.get("authorizedScopes")
    return EventObject(
        host=str(common.get("hostApp") or ("GMAIL" if gmail else "CALENDAR" if calendar else "")),
        locale=_str(common.get("userLocale")),
        tz=_zone(_mapping(common.get("timeZone")).get("id")),
        params={str(k): str(v) for k, v in _mapping(common.get("parameters")).items()},
        form=_form(_mapping(common.get("formInputs"))),
        scopes=frozenset(str(s) for s in scopes) if isinstance(scopes, list) else None,
        user_oauth_token=_str(auth.get("userOAuthToken")),
        user_id_token=_str(auth.get("userIdToken")),
        message_id=gmail_id(gmail.get("messageId")),
        thread_id=gmail_id(gmail.get("threadId")),
        gmail_access_token=_str(gmail.get("accessToken")),
        calendar_id=_str(calendar.get("calendarId")),
        event_id=_str(calendar.get("id")),
        draft_to=tuple(
            Person(str(r.get("email") if isinstance(r, Mapping) else r).lower())
            for r in _list(gmail.get("toRecipients"))
            if isinstance(r, Mapping | str)
        ),
    )


def _form(inputs: Mapping[str, Any]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for name, value in inputs.items():
        strings = _mapping(_mapping(value).get("stringInputs")).get("value")
        if isinstance(strings, list):
            out[str(name)] = tuple(str(v) for v in strings)
    return out


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _zone(value: object) -> ZoneInfo | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return None
