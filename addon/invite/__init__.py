"""Reading meeting invites: bytes in, an ``Invite`` out."""

from addon.invite.model import Attendee, Invite, Person
from addon.invite.reader import parse_calendar, read_invite

__all__ = ["Attendee", "Invite", "Person", "parse_calendar", "read_invite"]
