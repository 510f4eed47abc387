"""An invite Raincheck cannot help with, by the class of problem (``InviteError.kind``), in
the reader's words: what a card says on every host, and what the command line says before
the technical detail when it speaks another language than English.

Imports only ``addon.i18n`` and ``addon.invite.mime``.
"""

from __future__ import annotations

from addon.i18n import Message, msg
from addon.invite.mime import MAX_BYTES

INVITE_PROBLEMS: dict[str, Message] = {
    "unreadable": msg(
        "The meeting details in this message could not be read. Open the invite in your "
        "calendar, or ask the sender to send it again."
    ),
    "no_meeting": msg("This message carries calendar data, but no meeting in it."),
    # Not "calendar data, but no meeting": there is no calendar data to speak of.
    "no_invite": msg("This message carries no meeting invite."),
    "not_calendar": msg("This is neither a calendar file nor an email with an invite in it."),
    "too_large": msg(
        "This message is too large: an invite may be at most {mib} MiB ({size} bytes).",
        mib=MAX_BYTES // (1024 * 1024),
        size=MAX_BYTES,
    ),
    "no_time": msg("The invite does not say when the meeting starts."),
    "bad_time": msg(
        "The invite's times do not make sense (it ends before it starts, or the date is "
        "impossible). Ask the sender to check the invite."
    ),
    "no_message": msg(
        "A reply draft needs the invite's email. Open the invite in Gmail and answer it there."
    ),
    "organizer": msg("You organised this meeting: change or cancel it in your calendar instead."),
    "CANCEL": msg("This is a cancellation: the meeting is off, so there is nothing to answer."),
    "REPLY": msg("This is someone's answer to an invite, not an invite."),
    "COUNTER": msg("This is a proposal for a new time for a meeting, not an invite."),
    "DECLINECOUNTER": msg("This turns down a proposal for a new time; it is not an invite."),
    "REFRESH": msg("This asks for the latest version of an invite; it is not an invite."),
    "calendar": msg(
        "This is a calendar of several events (a feed or an export), not an invitation: there "
        "is nothing to answer."
    ),
    "no_people": msg(
        "This event names no organizer and no guests: it is a calendar entry, not an "
        "invitation, so there is nobody to answer."
    ),
    "no_organizer": msg(
        "The invite does not give its organizer's address, so there is nobody to send an answer to."
    ),
    "bad_rule": msg(
        "The invite's repeat rule cannot be read, so Raincheck cannot answer about the whole "
        "series. Choose “Only this meeting”, or ask the organizer to send the invite again."
    ),
}
