"""The organizer's answer to the user's proposal, in one line, and what the card offers with it:
nothing to do (accepted, cancelled), or the advice again with the answer above it (declined,
countered: the user may answer again). The same line is what ``raincheck triage`` prints."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from addon.i18n import Lang, gettext, msg
from addon.invite.model import Invite
from addon.triage.answer import Answer
from addon.writing.dates import when
from cards.model import Card, Fact, Paragraph, Section
from cards.view import View

ACCEPTED = "accepted"


def answer_line(
    answer: Answer,
    lang: Lang,
    locale: str,
    zone: dt.tzinfo | None,
    today: dt.date | None = None,
) -> str:
    """ "Johan accepted your proposal: 30 minutes on Thursday 21 January, 15:00": the answer in
    the user's language, its times in their zone."""
    organizer = answer.organizer
    name = (organizer.first_name or organizer.display_name) if organizer else ""
    name = name or gettext("The organizer", lang)
    if answer.kind == "cancelled":
        return msg("{name} cancelled the meeting.", name=name).render(lang)
    if answer.start is None or answer.end is None:
        moment = None
    else:
        moment = when(answer.start, answer.end, locale=locale, tz=zone, today=today)
    day = moment.date if moment else ""
    # A day and a time as each language joins them ("den 21 januari kl. 15.00", "21. Januar,
    # 15:00 Uhr"): the catalogs', not a comma of ours.
    if moment and moment.start:
        at = msg("{date}, {start}", date=day, start=moment.start).render(lang)
        span = msg("{date}, {start}–{end}", date=day, start=moment.start, end=moment.end)
        stays = span.render(lang)
    else:
        at = stays = day
    proposal = answer.proposal
    if answer.kind == "declined":
        return msg("{name} declined your proposal; the meeting stays {when}.", name=name,
                   when=stays).render(lang)  # fmt: skip
    if answer.kind == "countered":
        return msg("{name} suggested another time: {when}.", name=name,
                   when=stays).render(lang)  # fmt: skip
    if proposal.format == "phone":
        return msg("{name} accepted your proposal: a call on {when}.", name=name,
                   when=at).render(lang)  # fmt: skip
    if proposal.format in ("email", "delegate"):
        return msg(
            "{name} accepted your answer: you are no longer expected at the meeting on {day}.",
            name=name,
            day=day,
        ).render(lang)
    return msg("{name} accepted your proposal: {minutes} minutes on {when}.", name=name,
               minutes=proposal.minutes or 0, when=at).render(lang)  # fmt: skip


def answer_card(answer: Answer, invite: Invite, view: View, today: dt.date | None) -> Card:
    """The card for an answer that leaves nothing to choose here: accepted, cancelled, or a
    DECLINECOUNTER (which is no invite to answer: the meeting's own invite is)."""
    lang = view.lang
    line = answer_line(answer, lang, view.locale, view.tz, today)
    if answer.kind in (ACCEPTED, "cancelled"):
        offer = gettext("Nothing to do: your calendar already shows it.", lang)
    else:
        offer = gettext("To choose again, open the meeting's own invite.", lang)
    widgets = (
        Paragraph(line, strong=True),
        Fact(gettext("Meeting", lang), invite.summary or gettext("(no title)", lang)),
        Paragraph(offer, muted=True),
    )
    return Card(name="answer", title=gettext("Your proposal", lang), sections=(Section(widgets),))


def with_answer(card: Card, answer: Answer, view: View, today: dt.date | None) -> Card:
    """The advice card with the answer above it: the user answers again with it in view."""
    line = answer_line(answer, view.lang, view.locale, view.tz, today)
    return replace(card, sections=(Section((Paragraph(line, strong=True),)), *card.sections))
