"""What the Outlook task pane POSTs: the mailbox it shows, the item it read with Office.js, and
the card action the user took, as plain typed data.

The pane sends the whole item with every action, so the server keeps nothing between requests.
Everything is checked here once; anything malformed is a ``UsageError``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

from addon.errors import UsageError
from addon.invite.model import Person

MAX_FIELD = 10_000  # characters of any one typed value we accept


@dataclass(frozen=True)
class PaneItem:
    """The open Outlook item as Office.js describes it. A meeting request in read mode is a
    message (class ``IPM.Schedule.Meeting.Request``) with from/to/cc and no organizer or
    attendee properties; an appointment has them. ``eml`` is the raw message when Outlook
    could give it (``getAsFileAsync``), which the invite reader prefers."""

    kind: Literal["message", "appointment"]
    item_class: str
    item_id: str
    rest_id: str  # the id Microsoft Graph knows the item by
    subject: str
    sender: Person | None
    organizer: Person | None
    to: tuple[Person, ...]
    cc: tuple[Person, ...]
    required: tuple[Person, ...]
    optional: tuple[Person, ...]
    start: dt.datetime | None
    end: dt.datetime | None
    location: str
    body: str
    eml: bytes | None = None

    @property
    def meeting_request(self) -> bool:
        return self.kind == "message" and self.item_class.startswith("IPM.Schedule.Meeting.Request")


@dataclass(frozen=True)
class PaneRequest:
    mailbox: str  # the address of the mailbox the pane shows
    locale: str | None
    tz: ZoneInfo | None
    mode: Literal["read", "compose"]
    action: str
    params: Mapping[str, str]
    form: Mapping[str, str]
    item: PaneItem | None
    draft_to: tuple[Person, ...] = field(default=())

    def value(self, name: str, default: str = "") -> str:
        """A form input's value, else an action parameter, else ``default``. An empty input
        counts as not given, as Gmail leaves empty inputs out of its event objects."""
        if self.form.get(name):
            return self.form[name]
        return self.params.get(name, default)


def parse_pane(body: object) -> PaneRequest:
    if not isinstance(body, Mapping):
        raise UsageError("the request body is not a task pane request")
    mailbox = _mapping(body.get("mailbox"))
    address = _str(mailbox.get("address")).strip().lower()
    if "@" not in address:
        raise UsageError("the pane did not say which mailbox it shows")
    action = _mapping(body.get("action"))
    mode: Literal["read", "compose"] = "compose" if body.get("mode") == "compose" else "read"
    item = _item(_mapping(body.get("item"))) if body.get("item") else None
    return PaneRequest(
        mailbox=address,
        locale=_str(mailbox.get("language")) or None,
        tz=zone(_str(mailbox.get("timeZone"))) or zone(_str(mailbox.get("browserTimeZone"))),
        mode=mode,
        action=_str(action.get("name")) or "open",
        params=_strings(action.get("params")),
        form=_strings(body.get("form")),
        item=item,
        draft_to=item.to if item and mode == "compose" else (),
    )


def zone(name: str) -> ZoneInfo | None:
    """A time zone from its IANA name or, as Outlook gives it, its Windows name."""
    name = name.strip()
    if not name:
        return None
    try:
        return ZoneInfo(WINDOWS_TO_OLSON.get(name, name))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _item(raw: Mapping[str, Any]) -> PaneItem:
    kind = raw.get("type")
    if kind not in ("message", "appointment"):
        raise UsageError("the item is neither a message nor an appointment")
    return PaneItem(
        kind=kind,
        item_class=_str(raw.get("itemClass")),
        item_id=_str(raw.get("itemId"))[:512],
        rest_id=_str(raw.get("restId"))[:512],
        subject=_str(raw.get("subject")),
        sender=_person(raw.get("from")),
        organizer=_person(raw.get("organizer")),
        to=_people(raw.get("to")),
        cc=_people(raw.get("cc")),
        required=_people(raw.get("requiredAttendees")),
        optional=_people(raw.get("optionalAttendees")),
        start=_time(raw.get("start"), "start"),
        end=_time(raw.get("end"), "end"),
        location=_str(raw.get("location")),
        body=_str(raw.get("body"))[:100_000],
        eml=_eml(raw.get("eml")),
    )


def _person(value: object) -> Person | None:
    entry = _mapping(value)
    address = _str(entry.get("emailAddress")).strip().lower()
    if "@" not in address:
        return None
    return Person(address, _str(entry.get("displayName")).strip() or None)


def _people(value: object) -> tuple[Person, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(p for p in (_person(v) for v in value[:500]) if p is not None)


def _time(value: object, name: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    try:
        moment = dt.datetime.fromisoformat(_str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise UsageError(f"the item's {name} time is not an ISO date and time") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _eml(value: object) -> bytes | None:
    if not value:
        return None
    try:
        return base64.b64decode("".join(_str(value).split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise UsageError("the item's raw message is not base64") from exc


def _strings(value: object) -> dict[str, str]:
    return {str(k): _str(v)[:MAX_FIELD] for k, v in _mapping(value).items() if v is not None}


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""
