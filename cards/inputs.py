"""What the reply and compose cards ask: the inputs each strategy needs (its ``inputs``), when
to meet or call instead, and what every reply asks (a note, language, tone)."""

from __future__ import annotations

from dataclasses import replace

from addon import strategies
from addon.calendar.bounds import Bounds, moved
from addon.calendar.slots import FreeTimes, Slot
from addon.i18n import gettext, msg
from addon.invite.model import Invite
from addon.strategies import Input
from addon.triage.request import ReplyRequest
from addon.writing.dates import when
from cards.actions import Act
from cards.model import Action, Choice, Option, Paragraph, TextField, Widget
from cards.options import language_options, options
from cards.view import View

MINUTE_CHOICES = (15, 20, 25, 30, 45, 60)
MOVE_DAYS = (1, 2, 7, 14)  # a moved meeting: the same time this many days later


def reply_inputs(
    strategy: str,
    request: ReplyRequest,
    view: View,
    redraw: Action,
    duration: int | None,
    *,
    language: bool = True,
) -> list[Widget]:
    """What every reply asks (a note, language, tone), after what its strategy asks;
    ``language``: False when nothing written is in the reply's language (the briefing that is
    the only email is in the user's own)."""
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
                    Option(str(m), msg("{n} minutes", n=m).render(lang), m == request.minutes)
                    for m in sorted({*allowed, request.minutes})
                ),
                on_change=redraw,
            )
        )
    if Input.CALL in asks:
        inputs.append(
            TextField(
                "call",
                gettext("Your number or call link", lang),
                value=request.call,
                hint=gettext("+46 70 123 45 67, or a Meet, Teams or Zoom link", lang),
            )
        )
    inputs.append(
        TextField(
            "note",
            gettext("A line of your own", lang),
            value=request.note,
            hint=gettext("Added before your name", lang),
            multiline=True,
        )
    )
    if language:
        inputs.append(
            Choice(
                "lang",
                gettext("Language", lang),
                language_options(lang, request.lang),
                on_change=redraw,
            )
        )
    inputs.append(
        Choice("tone", gettext("Tone", lang), options("tone", lang, request.tone), on_change=redraw)
    )
    return inputs


def strategy_choice(
    offered: tuple[str, ...], chosen: str, view: View, *, reason: str = ""
) -> Choice:
    params = {"compose": "1", "nav": "update", **({"reason": reason} if reason else {})}
    return Choice(
        "strategy",
        gettext("Reply", view.lang),
        tuple(Option(s, strategies.label(s, view.lang), s == chosen) for s in offered),
        on_change=view.action(Act.PREVIEW, **params),
    )


def move_choice(
    invite: Invite,
    request: ReplyRequest,
    free: FreeTimes | None,
    view: View,
    redraw: Action,
    bounds: Bounds | None = None,
) -> list[Widget]:
    """When to propose instead: free times from the user's calendar when it was read, else
    the same time one day, two days, one or two weeks later, each moved to the nearest time
    that suits both people (``bounds``), saying why when the chosen one moved."""
    lang = view.lang
    if free is not None and free.slots:
        chosen = free.chosen(request.slot)
        options = tuple(Option(s.key, _slot_text(s, view), s == chosen) for s in free.slots)
        return [
            Choice("slot", gettext("Proposed in the calendar", lang), options, on_change=redraw),
            Paragraph(
                gettext(
                    "Free times in your calendar that suit you both. The reply offers them all; "
                    "the calendar proposal carries the one chosen here.",
                    lang,
                ),
                muted=True,
            ),
        ]
    widgets: list[Widget] = [_same_time_later(invite, request, view, redraw, bounds)]
    proposed = moved(invite, request.move_days, bounds)
    if proposed.why is not None and bounds is not None:
        said = [proposed.why.message(bounds, lang)]
        said.append(
            msg("Raincheck proposes the nearest time that suits you both.")
            if proposed.fits
            else msg("No time suits you both: Raincheck proposes the nearest within your hours.")
        )
        widgets.append(Paragraph(" ".join(m.render(lang) for m in said), muted=True))
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


def call_time_choice(free: FreeTimes, request: ReplyRequest, view: View, redraw: Action) -> Choice:
    """A call at the meeting's own time (the default), or at one of the user's free times."""
    same = Option("same", gettext("At the meeting's own time", view.lang), True)
    picked = tuple(Option(s.key, _slot_text(s, view), s.key == request.slot) for s in free.slots)
    if any(o.selected for o in picked):
        same = Option("same", same.text, False)
    return Choice("slot", gettext("When to call", view.lang), (same, *picked), on_change=redraw)


def _slot_text(slot: Slot, view: View) -> str:
    moment = when(slot.start, slot.end, locale=view.locale, tz=view.tz)
    return f"{moment.date}, {moment.start}–{moment.end}"


def _same_time_later(
    invite: Invite, request: ReplyRequest, view: View, redraw: Action, bounds: Bounds | None
) -> Choice:
    options: list[Option] = []
    for days in sorted({*MOVE_DAYS, request.move_days}):
        found = moved(invite, days, bounds)
        moment = when(found.start, found.end, locale=view.locale, tz=view.tz)
        if found.why is None:
            text = msg("Same time, {date}", date=moment.date).render(view.lang)
        elif moment.all_day:
            text = moment.days or moment.date
        else:
            text = f"{moment.date}, {moment.start}–{moment.end}"
        chosen = days == request.move_days
        same = next((n for n, o in enumerate(options) if o.text == text), None)
        if same is None:
            options.append(Option(str(days), text, chosen))
        elif chosen:
            # Two offsets that land on one time (a day later is a Saturday, two days later a
            # Sunday: both Monday) are one option, and it stays the chosen one.
            options[same] = replace(options[same], selected=True)
    return Choice(
        "move_days", gettext("Propose instead", view.lang), tuple(options), on_change=redraw
    )
