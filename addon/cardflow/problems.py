"""What a card says about an invite Raincheck cannot help with, by the class of problem
(``InviteError.kind``), in the user's words and language.

The error's own message is for the command line and the log: it may name iCalendar properties
("no VEVENT", "DTSTART") that mean nothing to someone reading mail. Every host takes its card
text from here, so Gmail, Calendar and Outlook say the same thing for the same problem.
"""

from __future__ import annotations

from addon.errors import InviteError
from addon.i18n import Lang, Message, msg

INVITE_PROBLEMS: dict[str, Message] = {
    "unreadable": msg(
        "The meeting details in this message could not be read. Open the invite in your "
        "calendar, or ask the sender to send it again."
    ),
    "no_meeting": msg("This message carries calendar data, but no meeting in it."),
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
}


def invite_problem(error: InviteError, lang: Lang) -> str:
    return INVITE_PROBLEMS.get(error.kind, INVITE_PROBLEMS["unreadable"]).render(lang)
