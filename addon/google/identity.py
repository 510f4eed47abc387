"""The answer to a verified Google request that says nothing of who the user is: Google sends
``userIdToken`` only when the user granted ``userinfo.email`` (alternate-runtimes guide,
"authorizationEventObject"), and under granular consent a user may leave it unticked.

Raincheck keeps its directory, settings and history per account, so it cannot answer without
the account; it asks the user to authorize instead of failing. For a Google scope the documented
way is Google's own consent prompt (``requesting_google_scopes``): Google shows it, then repeats
the request. An authorization card (``basic_authorization_prompt``) is for a third-party
service's sign-in, which this is not. When the scope is granted and the token is still missing,
asking again could only loop, so a card says what to do.
"""

from __future__ import annotations

from typing import Any

from addon.google.request import EventObject
from addon.google.responses import navigate, push_card, request_scopes
from addon.i18n import gettext, lang_of
from cards.gmail import render_card
from cards.model import Card, Paragraph, Section

SCOPE_EMAIL = "https://www.googleapis.com/auth/userinfo.email"


def unidentified(ev: EventObject, *, trigger: bool) -> dict[str, Any]:
    """Google's consent prompt for ``userinfo.email``, or, when the user granted it (or Google
    did not say what was granted), a card in the answer's shape: pushed for a trigger, in place
    for a card action."""
    if ev.missing_scopes((SCOPE_EMAIL,)):
        return request_scopes([SCOPE_EMAIL])
    lang = lang_of(ev.locale)
    card = Card(
        name="authorize",
        title=gettext("Raincheck needs to know who you are", lang),
        sections=(
            Section(
                (
                    Paragraph(
                        gettext(
                            "Google did not tell Raincheck which account you are using. Close "
                            "Raincheck and open it again; if Google asks, allow Raincheck to "
                            "see your email address.",
                            lang,
                        )
                    ),
                )
            ),
        ),
    )
    rendered = render_card(card, "")
    return push_card(rendered) if trigger else navigate(rendered, push=False)
