"""The compose window's card when Raincheck cannot see the invite: the same replies, without the
meeting's date and without a calendar part, inserted where the user is writing."""

from __future__ import annotations

from addon import strategies
from addon.i18n import gettext
from addon.triage.request import ReplyRequest
from addon.writing.letters import Draft
from cards.actions import Act
from cards.inputs import reply_inputs, strategy_choice
from cards.model import Button, Buttons, Card, Paragraph, Preview, Section, Widget
from cards.view import View


def compose_card(
    draft: Draft, view: View, request: ReplyRequest, *, strategy: str, why: str = ""
) -> Card:
    """The compose window's card when Raincheck cannot see the invite: the same replies,
    without the meeting's date and without a calendar part."""
    lang = view.lang
    keep = {"strategy": strategy, "compose": "1"}
    redraw = view.action(Act.PREVIEW, nav="update", **keep)
    inputs: list[Widget] = [
        strategy_choice(strategies.LOOSE, strategy, view),
        *reply_inputs(strategy, request, view, redraw, None),
    ]
    primary = Button(
        gettext("Insert into this email", lang),
        view.action(Act.COMPOSE_INSERT, **keep),
        primary=True,
    )
    notice = {
        "not_invite": gettext(
            "The email you are answering holds no meeting invite, so the reply leaves out a "
            "date and time.",
            lang,
        ),
        "unreadable": gettext(
            "Raincheck could not read the invite in the email you are answering, so the reply "
            "leaves out its date and time.",
            lang,
        ),
        "gmail_failed": gettext(
            "Gmail did not give Raincheck the email you are answering just now, so the reply "
            "leaves out the meeting's date and time.",
            lang,
        ),
    }.get(
        why,
        gettext(
            "Raincheck cannot see the invite from here, so the reply leaves out its date and "
            "time. Open the invite itself for advice and a calendar proposal.",
            lang,
        ),
    )
    return Card(
        name="compose",
        title=gettext("Answer an invite", lang),
        sections=(
            Section((Paragraph(notice, muted=True), *inputs), header=gettext("Your reply", lang)),
            Section(
                (
                    Preview(gettext("Preview", lang), draft.text),
                    Buttons((Button(gettext("Update preview", lang), redraw),)),
                )
            ),
        ),
        footer=primary,
    )
