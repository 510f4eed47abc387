"""The cards for what went wrong, on every host: an error the user can understand (``problem``),
a bug of ours (``crash``), and an invite Raincheck cannot help with, by the class of problem
(``InviteError.kind``), in the user's words and language.

The error's own message is for the command line and the log: it may name iCalendar properties
("no VEVENT", "DTSTART") that mean nothing to someone reading mail. Every host takes its card
text from here, so Gmail, Calendar and Outlook say the same thing for the same problem.
"""

from __future__ import annotations

import logging

from addon.errors import (
    BusyError,
    ConsentRequired,
    InviteError,
    MaybeDone,
    RaincheckError,
    UpstreamError,
)
from addon.i18n import Lang, gettext, msg
from addon.invite.problems import INVITE_PROBLEMS
from cards.actions import Act
from cards.home import problem_card
from cards.model import Action, Button, Buttons, Card, Paragraph, Section

logger = logging.getLogger(__name__)


def invite_problem(error: InviteError, lang: Lang) -> str:
    return INVITE_PROBLEMS.get(error.kind, INVITE_PROBLEMS["unreadable"]).render(lang)


def problem(
    error: RaincheckError, lang: Lang, *, upstream: str, retry: Action | None = None
) -> Card:
    """The card for an error the user can understand; ``upstream`` names the provider
    ("Google", "Microsoft") whose failure an ``UpstreamError`` is. ``retry`` is offered only
    when trying again can help."""
    if isinstance(error, BusyError):
        # The kind of failure goes to the log; the user can only wait and try again.
        logger.warning("database unavailable: %s", error.message)
        return problem_card(
            gettext("Raincheck is busy just now", lang),
            gettext("Nothing was saved. Please try again in a moment.", lang),
            lang,
            retry=retry,
        )
    if isinstance(error, MaybeDone):
        return problem_card(
            msg("{provider} did not confirm in time", provider=upstream).render(lang),
            gettext(
                "The draft may be in your Drafts folder already: look there first, and write "
                "it again only if it is not.",
                lang,
            ),
            lang,
            retry=retry,
            retry_text=gettext("Write it again", lang),
        )
    if isinstance(error, ConsentRequired):
        return consent_card(error, lang, retry=retry)
    if isinstance(error, InviteError):
        title = gettext("Raincheck cannot help with this invite", lang)
        return problem_card(title, invite_problem(error, lang), lang)
    if isinstance(error, UpstreamError):
        title = msg("{provider} did not answer as expected", provider=upstream).render(lang)
    else:
        title = gettext("Raincheck could not do that", lang)
    retryable = isinstance(error, UpstreamError) and error.retryable
    return problem_card(title, _sentence(error.message), lang, retry=retry if retryable else None)


def consent_card(error: ConsentRequired, lang: Lang, *, retry: Action | None = None) -> Card:
    """Nobody has consented to what Raincheck reads through Microsoft Graph. In a tenant that
    lets only administrators consent, the user cannot: the card says so and gives the link to
    send an administrator (Raincheck cannot tell an administrator from the token, so it speaks
    to both). A personal account's owner consents by signing in again."""
    if error.admin_url is None:
        return problem_card(
            gettext("Raincheck needs your permission", lang),
            gettext(
                "Microsoft has not been told that you allow Raincheck to read your mail and "
                "calendar. Sign in again and accept what Raincheck asks for.",
                lang,
            ),
            lang,
            retry=Action(Act.SIGN_IN),
            retry_text=gettext("Sign in again", lang),
        )
    url = error.admin_url
    buttons = [Button(gettext("Open the approval page", lang), url=url, primary=True)]
    if retry is not None:
        buttons.append(Button(gettext("Try again", lang), retry))
    widgets = (
        Paragraph(
            gettext(
                "Your organisation lets only an administrator allow apps to read mail and "
                "calendars through Microsoft, and no one has allowed Raincheck yet.",
                lang,
            )
        ),
        Paragraph(
            gettext(
                "If you are an administrator, open the approval page and accept for your "
                "organisation. If you are not an administrator, send them this link:",
                lang,
            )
        ),
        Paragraph(url, strong=True),
        Buttons(tuple(buttons)),
    )
    return Card(
        name="consent",
        title=gettext("An administrator must approve Raincheck", lang),
        sections=(Section(widgets),),
    )


def crash(lang: Lang, retry: Action) -> Card:
    """The card for a bug of ours: the host still gets a card, the log the traceback."""
    return problem_card(
        gettext("Raincheck could not do that", lang),
        gettext("Something went wrong on our side. Please try again in a moment.", lang),
        lang,
        retry=retry,
    )


def _sentence(message: str) -> str:
    message = message.strip()
    return (message[:1].upper() + message[1:]).rstrip(".") + "."
