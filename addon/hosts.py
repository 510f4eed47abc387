"""The mail hosts Raincheck runs in, told apart by this enum and never by strings.

A host's value is its path prefix (``/gmail``, ``/calendar``, ``/outlook``) and the name of its
blueprint. Imports nothing of Raincheck.
"""

from __future__ import annotations

from enum import StrEnum


class Host(StrEnum):
    GMAIL = "gmail"  # the Gmail add-on: a message open in Gmail
    CALENDAR = "calendar"  # the same add-on in Google Calendar: an event open there
    OUTLOOK = "outlook"  # the Outlook add-in's task pane

    @property
    def provider(self) -> str:
        """Whose service the host is, as a card names it when that service fails."""
        return "Microsoft" if self is Host.OUTLOOK else "Google"

    @property
    def opens_replies(self) -> bool:
        """The host opens a reply itself (a Gmail draft, an Outlook reply form). Google
        Calendar cannot write mail: its replies open in Gmail's compose window instead."""
        return self is not Host.CALENDAR


GOOGLE_HOSTS: tuple[Host, ...] = (Host.GMAIL, Host.CALENDAR)
