"""The cards of an open invite: the advice, and the reply or briefing the user is writing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from addon import strategies
from addon.calendar.slots import FreeTimes, Slot
from addon.i18n import LANGS, LANGUAGES, Lang, Terms, gettext, msg
from addon.invite.model import Invite
from addon.invite.venue import online_service
from addon.strategies import Input
from addon.triage.assess import Assessment
from addon.triage.report import header_line
from addon.triage.rules import FREQUENT_MEETINGS
from addon.triage.service import Outcome
from addon.vocabulary import (
    BRIEF_FIELD_LABELS,
    DEFAULT_SCOPE,
    NEVER_SAY_WHY,
    REASON_LABELS,
    REASONS,
    SCOPE_LABELS,
    SCOPES,
    TONE_LABELS,
    TONES,
    label,
)
from addon.writing.dates import when
from addon.writing.letters import Draft
from addon.writing.reasons import REASON_SENTENCES, says_why
from cards.actions import Act
from cards.client import client_sections
from cards.model import (
    Action,
    Button,
    Buttons,
    Card,
    Choice,
    Fact,
    Option,
    Paragraph,
    Preview,
    Section,
    TextField,
    Widget,
)
from cards.view import View

__all__ = ["MINUTE_CHOICES", "ReplyFields", "View", "reply_card", "triage_card"]

MINUTE_CHOICES = (15, 20, 25, 30, 45, 60)


@dataclass(frozen=True)
class ReplyFields:
    """What the user typed or chose on the reply card, shown again when it is redrawn."""

    lang: Lang
    tone: str
    minutes: int
    note: str = ""
    call: str = ""
    brief: Mapping[str, str] | None = None
    scope: str = DEFAULT_SCOPE
    say_why: str = ""  # "yes", "no", or "" for the reason's default
    move_days: int = 7  # a moved meeting: the same time this many days later
    free: FreeTimes | None = None  # free times from the user's calendar, when it was read
    slot: str = ""  # the free time the user picked (its key); "" for the first


def when_text(invite: Invite, view: View) -> str:
    moment = when(
        invite.start,
        invite.end,
        locale=view.locale,
        tz=None if invite.floating else view.tz,
        floating=invite.floating,
    )
    if moment.all_day:
        return moment.date if moment.same_day else f"{moment.date} – {moment.end_date}"
    zone = f" ({moment.zone})" if moment.zone else ""
    return f"{moment.date}, {moment.start}–{moment.end}{zone}"


def triage_card(
    a: Assessment,
    view: View,
    *,
    new_client_name: str = "",
    new_client_key: str = "",
    added: int | None = None,
) -> Card:
    """The advice for an open invite: the client, the meeting, the user's reason, the
    strategies best first with why, and what is not offered and why not."""
    lang, invite, profile = view.lang, a.invite, a.profile
    meeting: list[Widget] = [
        Fact(
            gettext("Meeting", lang),
            invite.summary or gettext("(no title)", lang),
            note=when_text(invite, view),
        ),
        _where(invite, lang),
    ]
    if invite.serious:
        topic = msg("Serious topic: {terms}", terms=Terms(invite.serious_terms))
        meeting.append(Paragraph(topic.render(lang), strong=True))
    meeting += [Paragraph(note.render(lang), muted=True) for note in a.notes]

    reason = Choice(
        "reason",
        gettext("Why do you want out?", lang),
        tuple(Option(r, label(REASON_LABELS, r, lang), r == a.reason) for r in REASONS),
        on_change=view.action(Act.TRIAGE),
    )
    advice: list[Widget] = []
    for rec in a.verdict.offered:
        write = (
            None
            if not strategies.get(rec.id).writes
            else Button(
                gettext("Write it", lang),
                view.action(Act.PREVIEW, strategy=rec.id, reason=a.reason),
            )
        )
        advice.append(
            Fact(
                "",
                " ".join(m.render(lang) for m in rec.why),
                button=write,
                heading=f"{rec.rank}. {strategies.label(rec.id, lang)}",
            )
        )
    sections = [
        Section(tuple(meeting)),
        *client_sections(
            profile,
            view,
            new_client_name=new_client_name,
            new_client_key=new_client_key,
            added=added,
        ),
        Section((reason, *_repetitive_hint(a, lang)), header=gettext("Your reason", lang)),
        Section(tuple(advice), header=gettext("What Raincheck advises", lang)),
    ]
    if a.verdict.withheld:
        sections.append(
            Section(
                tuple(
                    Fact(
                        "",
                        " ".join(m.render(lang) for m in why),
                        heading=strategies.label(s, lang),
                    )
                    for s, why in sorted(a.verdict.withheld.items())
                ),
                header=gettext("Not offered", lang),
                collapsible=True,
            )
        )
    return Card(
        name="triage",
        title=profile.name or gettext("Unknown client", lang),
        subtitle=header_line(profile, lang, name=False) if profile.known else None,
        sections=tuple(sections),
    )


def reply_card(
    outcome: Outcome,
    view: View,
    fields: ReplyFields,
    *,
    compose: bool = False,
    calendar_missing: bool = False,
) -> Card:
    """The reply for one strategy, with what the user can change and a preview of the result.
    ``compose`` makes it the card of Gmail's compose window, which inserts instead of drafting;
    ``calendar_missing`` says the host did not give the invite's calendar data, so the reply
    goes without a calendar answer."""
    a, lang = outcome.assessment, view.lang
    assert outcome.chosen is not None and outcome.reply is not None
    strategy = outcome.chosen.id
    record = strategies.get(strategy)
    keep = {"strategy": strategy, "reason": a.reason, **({"compose": "1"} if compose else {})}
    redraw = view.action(Act.PREVIEW, nav="update", **keep)
    inputs: list[Widget] = []
    if compose:
        offered = tuple(r.id for r in a.verdict.offered if strategies.get(r.id).writes)
        inputs.append(_strategy_choice(offered, strategy, view, reason=a.reason))
    if outcome.series:
        inputs.append(
            Choice(
                "scope",
                gettext("Which meetings", lang),
                tuple(Option(s, label(SCOPE_LABELS, s, lang), s == fields.scope) for s in SCOPES),
                on_change=redraw,
            )
        )
    if not compose and a.reason in REASON_SENTENCES and a.reason not in NEVER_SAY_WHY:
        said = fields.say_why or ("yes" if says_why(a.reason, None) else "no")
        inputs.append(
            Choice(
                "say_why",
                gettext("Your reason in the reply", lang),
                (
                    Option("yes", gettext("Say why, in one sentence", lang), said == "yes"),
                    Option("no", gettext("Keep it to myself", lang), said == "no"),
                ),
                on_change=redraw,
            )
        )
    if Input.NEW_TIME in record.inputs:
        inputs += _move_choice(a.invite, fields, view, redraw)
    if Input.CALL_TIME in record.inputs and fields.free is not None and fields.free.slots:
        inputs.append(_call_time_choice(fields.free, fields, view, redraw))
    inputs += _inputs(strategy, fields, view, redraw, a.invite.duration_minutes)
    if Input.BRIEFING in record.inputs and outcome.briefing is not None:
        brief = fields.brief or {}
        inputs += [
            TextField(name, text.render(lang), value=brief.get(name, ""), multiline=True)
            for name, text in BRIEF_FIELD_LABELS.items()
        ]

    # Bowing out of the account manager's own meeting: the briefing is the one email, and it
    # carries the calendar answer.
    reply = outcome.briefing if outcome.briefing_only and outcome.briefing else outcome.reply
    preview: list[Widget] = []
    briefing: Section | None = None
    if not outcome.briefing_only:
        recipient = ", ".join(reply.to) or gettext("the organizer", lang)
        preview.append(Preview(msg("To {who}", who=recipient).render(lang), reply.text))
    if outcome.briefing is not None:
        # The longest text on the card, drawn from what the user typed above: folded until
        # opened, so the fields and the button stay in reach in a 300-pixel sidebar.
        who = ", ".join(outcome.briefing.to)
        title = msg("Briefing to {who}", who=who).render(lang)
        folded = not outcome.briefing_only  # the one email of a bow-out stays open
        briefing = Section(
            (Preview("" if folded else title, outcome.briefing.text),),
            header=title if folded else None,
            collapsible=folded,
            shown=0,
        )
    if reply.calendar is not None and not compose:
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
    elif record.briefs and not view.drafts:
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
    elif not view.drafts:
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
            Section(tuple(inputs), header=gettext("Your reply", lang)),
            Section((*preview, Buttons((update, *secondary))), header=gettext("Preview", lang)),
            *((briefing,) if briefing else ()),
        ),
        footer=primary,
        back=None if compose else back,
    )


def loose_reply_card(
    draft: Draft, view: View, fields: ReplyFields, *, strategy: str, why: str = ""
) -> Card:
    """The compose window's card when Raincheck cannot see the invite: the same replies,
    without the meeting's date and without a calendar part."""
    lang = view.lang
    keep = {"strategy": strategy, "compose": "1"}
    redraw = view.action(Act.PREVIEW, nav="update", **keep)
    inputs: list[Widget] = [
        _strategy_choice(strategies.LOOSE, strategy, view),
        *_inputs(strategy, fields, view, redraw, None),
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


def _inputs(
    strategy: str, fields: ReplyFields, view: View, redraw: Action, duration: int | None
) -> list[Widget]:
    lang = view.lang
    inputs: list[Widget] = []
    asks = strategies.get(strategy).inputs
    if Input.MINUTES in asks:
        allowed = [m for m in MINUTE_CHOICES if duration is None or m < duration]
        inputs.append(
            Choice(
                "minutes",
                gettext("Length of the shorter meeting", lang),
                tuple(
                    Option(str(m), msg("{n} minutes", n=m).render(lang), m == fields.minutes)
                    for m in sorted({*allowed, fields.minutes})
                ),
                on_change=redraw,
            )
        )
    if Input.CALL in asks:
        inputs.append(
            TextField(
                "call",
                gettext("Your number or call link", lang),
                value=fields.call,
                hint=gettext("+46 70 123 45 67, or a Meet, Teams or Zoom link", lang),
            )
        )
    inputs += [
        TextField(
            "note",
            gettext("A line of your own", lang),
            value=fields.note,
            hint=gettext("Added before your name", lang),
            multiline=True,
        ),
        Choice(
            "lang",
            gettext("Language", lang),
            tuple(Option(k, LANGUAGES[k].name.render(lang), k == fields.lang) for k in LANGS),
            on_change=redraw,
        ),
        Choice(
            "tone",
            gettext("Tone", lang),
            tuple(Option(t, label(TONE_LABELS, t, lang), t == fields.tone) for t in TONES),
            on_change=redraw,
        ),
    ]
    return inputs


def _strategy_choice(
    offered: tuple[str, ...], chosen: str, view: View, *, reason: str = ""
) -> Choice:
    params = {"compose": "1", "nav": "update", **({"reason": reason} if reason else {})}
    return Choice(
        "strategy",
        gettext("Reply", view.lang),
        tuple(Option(s, strategies.label(s, view.lang), s == chosen) for s in offered),
        on_change=view.action(Act.PREVIEW, **params),
    )


def _where(invite: Invite, lang: Lang) -> Fact:
    """Where the meeting is: a join link is named by its service with a button that opens it,
    never printed (a Teams link is 200 characters a sidebar cannot wrap)."""
    where = gettext("Where", lang)
    link = invite.online_url
    if link and link.startswith("tel:"):
        number = link.removeprefix("tel:")
        if invite.in_person:
            text = msg("In person at {place}, or by phone: {number}", place=invite.location or "",
                       number=number).render(lang)  # fmt: skip
            return Fact(where, text)
        return Fact(where, msg("By phone: {number}", number=number).render(lang))
    if link and not link.startswith("https://"):
        link = None  # only a secure link gets a button; the location says the rest
    service = online_service(link) if link else None
    online = (
        msg("Online ({service})", service=service).render(lang)
        if service
        else gettext("Online", lang)
    )
    join = Button(gettext("Join", lang), url=link) if link else None
    if invite.in_person and link:
        text = msg("In person at {place}, or online", place=invite.location or "").render(lang)
        if service:
            text = msg(
                "In person at {place}, or online ({service})",
                place=invite.location or "",
                service=service,
            ).render(lang)
        return Fact(where, text, button=join)
    if invite.in_person:
        return Fact(where, msg("In person at {place}", place=invite.location or "").render(lang))
    if link:
        return Fact(where, online, button=join)
    return Fact(where, invite.location or gettext("Not given", lang))


MOVE_DAYS = (1, 2, 7, 14)


def _move_choice(invite: Invite, fields: ReplyFields, view: View, redraw: Action) -> list[Widget]:
    """When to propose instead: free times from the user's calendar when it was read, else
    the same time one day, two days, one or two weeks later."""
    free, lang = fields.free, view.lang
    if free is not None and free.slots:
        chosen = free.chosen(fields.slot)
        options = tuple(Option(s.key, _slot_text(s, view), s == chosen) for s in free.slots)
        return [
            Choice("slot", gettext("Proposed in the calendar", lang), options, on_change=redraw),
            Paragraph(
                gettext(
                    "Free times in your calendar, within your working hours. The reply offers "
                    "them all; the calendar proposal carries the one chosen here.",
                    lang,
                ),
                muted=True,
            ),
        ]
    widgets: list[Widget] = [_same_time_later(invite, fields, view, redraw)]
    if free is not None and free.state == "none":
        none = gettext(
            "Your calendar has no free time this long within your working hours in the next "
            "ten working days.",
            lang,
        )
        widgets.append(Paragraph(none, muted=True))
    elif free is not None and free.why is not None:
        widgets.append(Paragraph(free.why.render(lang), muted=True))
    return widgets


def _call_time_choice(free: FreeTimes, fields: ReplyFields, view: View, redraw: Action) -> Choice:
    """A call at the meeting's own time (the default), or at one of the user's free times."""
    same = Option("same", gettext("At the meeting's own time", view.lang), True)
    picked = tuple(Option(s.key, _slot_text(s, view), s.key == fields.slot) for s in free.slots)
    if any(o.selected for o in picked):
        same = Option("same", same.text, False)
    return Choice("slot", gettext("When to call", view.lang), (same, *picked), on_change=redraw)


def _repetitive_hint(a: Assessment, lang: Lang) -> tuple[Paragraph, ...]:
    """Many meetings lately: the reason "repetitive" may fit, so the card suggests it."""
    if a.profile.meetings_90d < FREQUENT_MEETINGS or a.reason == "repetitive":
        return ()
    hint = msg(
        "You have met {n} times in 90 days. If the meetings no longer move things forward, "
        "choose “{reason}”.",
        n=a.profile.meetings_90d,
        reason=label(REASON_LABELS, "repetitive", lang),
    )
    return (Paragraph(hint.render(lang), muted=True),)


def _slot_text(slot: Slot, view: View) -> str:
    moment = when(slot.start, slot.end, locale=view.locale, tz=view.tz)
    return f"{moment.date}, {moment.start}–{moment.end}"


def _same_time_later(invite: Invite, fields: ReplyFields, view: View, redraw: Action) -> Choice:
    options = []
    for days in sorted({*MOVE_DAYS, fields.move_days}):
        later = dt.timedelta(days=days)
        moment = when(invite.start + later, invite.end + later, locale=view.locale, tz=view.tz)
        text = msg("Same time, {date}", date=moment.date).render(view.lang)
        options.append(Option(str(days), text, days == fields.move_days))
    return Choice(
        "move_days", gettext("Propose instead", view.lang), tuple(options), on_change=redraw
    )
