"""The JSON an HTTP add-on answers with: trigger responses, render actions, host app actions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

GMAIL_COMPOSE_URL = "https://mail.google.com/mail/"


def push_card(card: dict[str, Any]) -> dict[str, Any]:
    """The answer to a trigger (homepage, message or event opened, compose)."""
    return {"action": {"navigations": [{"pushCard": card}]}}


def navigate(card: dict[str, Any], *, push: bool, note: str | None = None) -> dict[str, Any]:
    """The answer to a card action that shows a card, new (push) or in place (update)."""
    action: dict[str, Any] = {"navigations": [{"pushCard" if push else "updateCard": card}]}
    if note:
        action["notification"] = {"text": note}
    return {"renderActions": {"action": action}}


def open_draft(draft_id: str, thread_id: str, message_id: str, note: str) -> dict[str, Any]:
    """Gmail opens a draft we created through the API (from the message view). Gmail's
    OpenCreatedDraftActionMarkup names the draft, its thread and its message
    (``draftStorageId``)."""
    return {
        "renderActions": {
            "action": {"notification": {"text": note}},
            "hostAppAction": {
                "gmailAction": {
                    "openCreatedDraftActionMarkup": {
                        "draftId": draft_id,
                        "draftThreadId": thread_id,
                        "draftStorageId": message_id,
                    }
                }
            },
        }
    }


def insert_into_draft(html: str) -> dict[str, Any]:
    """Gmail puts ``html`` where the cursor is in the email being written (compose only)."""
    return {
        "renderActions": {
            "hostAppAction": {
                "gmailAction": {
                    "updateDraftActionMarkup": {
                        "updateBody": {
                            "insertContents": [{"content": html, "contentType": "MUTABLE_HTML"}],
                            "type": "IN_PLACE_INSERT",
                        }
                    }
                }
            }
        }
    }


def open_link(url: str, note: str | None = None) -> dict[str, Any]:
    action: dict[str, Any] = {"link": {"url": url}}
    if note:
        action["notification"] = {"text": note}
    return {"renderActions": {"action": action}}


def request_scopes(scopes: list[str]) -> dict[str, Any]:
    """Granular consent: Google asks the user for these scopes, then repeats the request."""
    return {"requesting_google_scopes": {"scopes": scopes}}


def gmail_compose_url(to: tuple[str, ...], subject: str, body: str, *, account: str = "") -> str:
    """Gmail's compose window, filled in: how Calendar (which cannot create drafts) hands over
    a reply. ``account`` opens it in that account (``authuser``), not whichever of the user's
    accounts the browser shows first."""
    fields = {"view": "cm", "fs": "1", "to": ",".join(to), "su": subject, "body": body}
    if account:
        fields = {"authuser": account, **fields}
    query = urlencode(fields)
    return f"{GMAIL_COMPOSE_URL}?{query}"
