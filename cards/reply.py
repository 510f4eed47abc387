"""The reply card: what the user can change for one strategy, a preview of the reply (and the
briefing, to bow out), and the one button that opens it."""

from __future__ import annotations

from addon import strategies
from addon.calendar.slots import FreeTimes
from addon.i18n import Lang, gettext, msg
from addon.invite.model import Person
from addon.strategies import Input
from addon.triage.request import ReplyRequest
from addon.triage.service import Outcome
from addon.vocabulary import BRIEF_FIELD_LABELS
from addon.writing.facts import colleague_first_name
from addon.writing.reasons import REASON_SENTENCES, TO_A_COLLEAGUE, says_why, true_for
from cards.actions import Act
from cards.inputs import call_time_choice, move_choice, reply_inputs, strategy_choice
from cards.model import (
    Action,
    Button,
    Buttons,
    Card,
    Choice,
    Option,
    Paragraph,
    Preview,
    Section,
    TextField,
    Widget,
)
from cards.options import options
from cards.view import View


def reply_card(
    outcome: Outcome,
    view: View,
    request: ReplyRequest,
    *,
    free: FreeTimes | None = None,
    compose: bool = False,
    calendar_missing: bool = False,
    text_only: bool = False,
) -> Card:
    """The reply for one strategy, with what the user can change and a preview of the result.
    ``compose`` makes it the card of Gmail's compose window, which inserts instead of drafting;
    ``calendar_missing`` says the host did not give the invite's calendar data, so the reply
    goes without a calendar answer; ``text_only``: the host opens the reply as text alone
    (Google Calendar, through Gmail's compose window), so no calendar answer goes with it;
    ``free``: the user's free times, when their calendar was read.

    To bow out, the briefing's fields have a section of their own, named for the account
    manager. When the account manager organised the meeting, the briefing is the only email
    (it carries the calendar answer): the card asks only what the briefing uses (not the
    reply's language: the briefing is in the user's own) and previews the briefing itself."""
    a, lang = outcome.assessment, view.lang
    assert outcome.chosen is not None and outcome.reply is not None
    strategy = outcome.chosen.id
    record = strategies.get(strategy)
    keep = {"strategy": strategy, "reason": a.reason, **({"compose": "1"} if compose else {})}
    redraw = view.action(Act.PREVIEW, nav="update", **keep)
    # The compose window inserts the reply itself, whoever organised the meeting.
    only = outcome.briefing if outcome.briefing_only and not compose else None
    inputs: list[Widget] = []
    if compose:
        offered = tuple(r.id for r in a.verdict.offered if strategies.get(r.id).writes)
        inputs.append(strategy_choice(offered, strategy, view, reason=a.reason))
    if outcome.series:
        inputs.append(
            Choice(
                "scope",
                gettext("Which meetings", lang),
                options("scope", lang, request.scope),
                on_change=redraw,
            )
        )
    if not compose:
        inputs += _say_why(outcome, request, view, redraw, only=only is not None)
    if Input.NEW_TIME in record.inputs:
        inputs += move_choice(a.invite, request, free, view, redraw, outcome.bounds)
    if Input.CALL_TIME in record.inputs and free is not None and free.slots:
        inputs.append(call_time_choice(free, request, view, redraw))
    fields: list[Widget] = []
    if Input.BRIEFING in record.inputs and outcome.briefing is not None:
        fields = [
            TextField(name, text.render(lang), value=request.brief.text(name), multiline=True)
            for name, text in BRIEF_FIELD_LABELS.items()
        ]
    duration = a.invite.duration_minutes
    asked = reply_inputs(strategy, request, view, redraw, duration, language=only is None)
    heading = _briefing_for(a.account_manager, lang)
    sections: list[Section]
    if only is not None:  # its fields first: they are what the account manager needs
        sections = [Section((*fields, *inputs, *asked), header=heading)]
    else:
        sections = [Section((*inputs, *asked), header=gettext("Your reply", lang))]
        if fields:
            sections.append(Section(tuple(fields), header=heading))

    reply = only or outcome.reply
    briefing: Section | None = None
    if only is not None:  # the preview is the briefing: what will be drafted
        to = msg("Briefing to {who}", who=", ".join(only.to))
    else:
        to = msg("To {who}", who=", ".join(reply.to) or gettext("the organizer", lang))
    preview: list[Widget] = [Preview(to.render(lang), reply.text)]
    if outcome.briefing is not None and only is None:
        # The longest text on the card, drawn from what the user typed above: folded until
        # opened, so the fields and the button stay in reach in a 300-pixel sidebar.
        title = msg("Briefing to {who}", who=", ".join(outcome.briefing.to)).render(lang)
        briefing = Section(
            (Preview("", outcome.briefing.text),), header=title, collapsible=True, shown=0
        )
    if reply.calendar_part is not None and text_only:
        lost = gettext(
            "Google Calendar opens the reply in Gmail as text, without a calendar answer. To "
            "send one with it, open the invite's email in Gmail and use Raincheck there.",
            lang,
        )
        preview.append(Paragraph(lost, muted=True))
    elif reply.calendar_part is not None and only is not None and a.account_manager:
        # The account manager has a seat already (they organised it): the answer declines.
        declines = msg(
            "Adds a calendar answer that declines the meeting and says {name} will attend in "
            "your place.",
            name=a.account_manager.display_name,
        )
        preview.append(Paragraph(declines.render(lang), muted=True))
    elif reply.calendar_part is not None and not compose:
        assert record.calendar_note is not None  # every strategy that writes has one
        preview.append(Paragraph(record.calendar_note.render(lang), muted=True))
    elif not a.invite.uid and not compose:
        missing = gettext(
            "The invite has no UID, so no calendar can match an answer to it: this reply "
            "carries no calendar answer; the text says it all.",
            lang,
        )
        preview.append(Paragraph(missing, muted=True))
    elif calendar_missing and not compose:
        missing = gettext(
            "Outlook did not give Raincheck the invite's calendar data, so this reply carries "
            "no calendar answer; the text says it all.",
            lang,
        )
        preview.append(Paragraph(missing, muted=True))

    primary: Button
    secondary: tuple[Button, ...] = ()
    if compose:
        primary = Button(
            gettext("Insert into this email", lang),
            view.action(Act.COMPOSE_INSERT, **keep),
            primary=True,
        )
    elif record.briefs and not view.host.opens_replies:
        primary = Button(
            gettext("Write the briefing in Gmail", lang),
            view.action(Act.BRIEF, **keep),
            primary=True,
        )
        if not outcome.briefing_only:
            secondary = (
                Button(
                    gettext("Write the note to the organizer in Gmail", lang),
                    view.action(Act.INSERT, **keep),
                ),
            )
    elif record.briefs:
        primary = Button(
            gettext("Draft the briefing", lang)
            if outcome.briefing_only
            else gettext("Draft the briefing and the note", lang),
            view.action(Act.BRIEF, **keep),
            primary=True,
        )
    elif not view.host.opens_replies:
        primary = Button(
            gettext("Write the reply in Gmail", lang), view.action(Act.INSERT, **keep), primary=True
        )
    else:
        primary = Button(
            gettext("Insert reply", lang), view.action(Act.INSERT, **keep), primary=True
        )
    update = Button(gettext("Update preview", lang), redraw)
    back = Button(gettext("Back to the advice", lang), view.action(Act.TRIAGE, reason=a.reason))
    return Card(
        name="reply",
        title=strategies.label(strategy, lang),
        subtitle=a.profile.name or a.invite.summary or None,
        sections=(
            *sections,
            Section((*preview, Buttons((update, *secondary))), header=gettext("Preview", lang)),
            *((briefing,) if briefing else ()),
        ),
        footer=primary,
        back=None if compose else back,
    )


def _say_why(
    outcome: Outcome, request: ReplyRequest, view: View, redraw: Action, *, only: bool
) -> list[Widget]:
    """Whether the email says why the user bows out, when it would. A reply says a reason only
    when it is true and one a client may hear; the briefing that is the only email tells the
    colleague any reason, and says it unless the user keeps it to themselves."""
    a, lang = outcome.assessment, view.lang
    if only:
        if a.reason not in TO_A_COLLEAGUE:
            return []
        said = request.say_why is not False
        label = gettext("Your reason in the briefing", lang)
    else:
        assert outcome.chosen is not None
        strategy, meetings = outcome.chosen.id, a.profile.meetings_90d
        truthful = true_for(a.reason, strategy=strategy, meetings_90d=meetings)
        if a.reason not in REASON_SENTENCES or not truthful:
            return []
        said = says_why(a.reason, request.say_why)
        label = gettext("Your reason in the reply", lang)
    return [
        Choice(
            "say_why",
            label,
            (
                Option("yes", gettext("Say why, in one sentence", lang), said),
                Option("no", gettext("Keep it to myself", lang), not said),
            ),
            on_change=redraw,
        )
    ]


def _briefing_for(manager: Person | None, lang: Lang) -> str:
    """The heading over the briefing's fields: whom they are for."""
    if manager is None:
        return gettext("Briefing", lang)
    name = colleague_first_name(manager) or manager.display_name
    return msg("Briefing for {name}", name=name).render(lang)
