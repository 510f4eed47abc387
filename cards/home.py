"""The homepage (time saved, what works, settings) and the cards that say something went
wrong."""

from __future__ import annotations

from addon import strategies
from addon.calendar.bounds import HOLIDAY_COUNTRIES, country_name
from addon.directory.users import Settings
from addon.i18n import LOCALE_CHOICES, Lang, gettext, msg, msg_plural
from addon.triage.outcomes import Figures, Outcomes, Tally
from addon.vocabulary import SETTINGS_MINUTES_RANGE
from cards.actions import Act
from cards.inputs import MINUTE_CHOICES
from cards.model import (
    Action,
    Bar,
    Button,
    Buttons,
    Card,
    Chart,
    Choice,
    Fact,
    Option,
    Paragraph,
    Section,
    Segment,
    TextField,
    Widget,
)
from cards.options import options
from cards.view import View


def duration_text(minutes: int, lang: Lang) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return msg("{h} h {m} min", h=hours, m=rest).render(lang)
    if hours:
        return msg("{h} h", h=hours).render(lang)
    return msg("{m} min", m=rest).render(lang)


def home_card(figures: Outcomes, settings: Settings, view: View) -> Card:
    """The homepage: this month's meeting time proposed and accepted, what works by strategy
    for the user and their organisation, and the settings."""
    lang = view.lang
    low, high = SETTINGS_MINUTES_RANGE
    minutes = sorted({m for m in MINUTE_CHOICES if low <= m <= high} | {settings.default_minutes})
    save = view.action(Act.SAVE_SETTINGS)
    settings_widgets = (
        Choice(
            "lang",
            gettext("Language of replies", lang),
            (
                Option("auto", gettext("As in my mail client", lang), settings.locale is None),
                *(
                    Option(code, name.render(lang), code == settings.locale)
                    for code, name in LOCALE_CHOICES
                ),
            ),
        ),
        Choice(
            "tone",
            gettext("Tone", lang),
            options("tone", lang, settings.tone),
        ),
        TextField("call", gettext("Your number or call link", lang), value=settings.call),
        Choice(
            "minutes",
            gettext("Default length of a shorter meeting", lang),
            tuple(
                Option(str(m), msg("{n} minutes", n=m).render(lang), m == settings.default_minutes)
                for m in minutes
            ),
        ),
        TextField("signature", gettext("Your name under replies", lang), value=settings.signature),
        *calendar_widgets(settings, lang),
        _country_choice(settings, lang),
        Buttons((Button(gettext("Save settings", lang), save, primary=True),)),
    )
    mine = figures.mine.total
    this_month = Fact(
        "",
        msg(
            "{proposed} proposed, {accepted} accepted",
            proposed=duration_text(mine.minutes_proposed, lang),
            accepted=duration_text(mine.minutes_accepted, lang),
        ).render(lang),
        heading=gettext("Meeting time saved this month", lang),
        note=msg("across {n} decisions", n=mine.proposals).render(lang)
        if mine.proposals != 1
        else gettext("with one decision", lang),
    )
    intro = Paragraph(
        gettext(
            "Open a meeting invite from a client to see how much they weigh and what to answer.",
            lang,
        )
    )
    sections = [
        Section((this_month, intro)),
        Section(what_works(figures, lang), header=gettext("What works this month", lang)),
        Section(settings_widgets, header=gettext("Settings", lang)),
    ]
    return Card(
        name="home",
        title="Raincheck",
        subtitle=gettext("Back out of client meetings without hurting the relationship", lang),
        sections=tuple(sections),
    )


def what_works(figures: Outcomes, lang: Lang) -> tuple[Widget, ...]:
    """By strategy, how the user's proposals were answered, and their organisation's: a chart
    each, with a line saying what "no answer" means."""
    if not figures.organisation.total.proposals:
        return (Paragraph(gettext("No proposals yet this month.", lang), muted=True),)
    charts: list[Widget] = []
    if figures.mine.total.proposals:
        charts.append(_chart(gettext("Your proposals", lang), figures.mine, lang))
    else:
        charts.append(Paragraph(gettext("You have made no proposals this month.", lang)))
    ours = gettext("Your organisation's proposals", lang)
    charts.append(_chart(ours, figures.organisation, lang))
    charts.append(
        Paragraph(
            gettext(
                "No answer: none came within 14 days. An answer counts when you open it "
                "in Raincheck.",
                lang,
            ),
            muted=True,
        )
    )
    return tuple(charts)


def _chart(title: str, figures: Figures, lang: Lang) -> Chart:
    bars = tuple(
        _bar(strategies.label(strategy, lang), tally, lang)
        for strategy, tally in figures.by_strategy(strategies.IDS).items()
    )
    return Chart(title, bars)


def _bar(label: str, t: Tally, lang: Lang) -> Bar:
    rest = t.proposals - t.accepted - t.declined - t.no_answer
    segments = (
        Segment("accepted", gettext("Accepted", lang), t.accepted),
        Segment("declined", gettext("Declined", lang), t.declined),
        Segment("none", gettext("No answer", lang), t.no_answer),
        Segment("rest", gettext("Another time, cancelled or waiting", lang), rest),
    )
    text = msg_plural(
        "{n} proposal: {accepted} accepted, {declined} declined, {none} no answer",
        "{n} proposals: {accepted} accepted, {declined} declined, {none} no answer",
        t.proposals,
        accepted=t.accepted,
        declined=t.declined,
        none=t.no_answer,
    ).render(lang)
    return Bar(label, t.proposals, segments, text)


def _country_choice(settings: Settings, lang: Lang) -> Choice:
    """Whose public holidays no proposed time may fall on: the user's time zone's country, or
    the one they pick."""
    codes = {*HOLIDAY_COUNTRIES, *([settings.country] if settings.country else [])}
    named = sorted(((country_name(c, lang), c) for c in codes), key=lambda pair: pair[0])
    return Choice(
        "country",
        gettext("Public holidays you keep", lang),
        (
            Option("auto", gettext("Your time zone's country", lang), settings.country is None),
            *(Option(code, name, code == settings.country) for name, code in named),
        ),
    )


HOURS = tuple(f"{h:02d}:{m:02d}" for h in range(6, 22) for m in (0, 30))


def calendar_widgets(settings: Settings, lang: Lang) -> tuple[Choice | Paragraph, ...]:
    """The consent to read the user's calendar, what it is for and what is kept, and the
    working hours free times are looked for in."""
    off = gettext("No: count only meetings answered in Raincheck", lang)
    on = gettext("Yes: meeting counts and free times", lang)
    return (
        Choice(
            "calendar",
            gettext("Read my calendar", lang),
            (
                Option("off", off, not settings.use_calendar),
                Option("on", on, settings.use_calendar),
            ),
        ),
        Paragraph(
            gettext(
                "With your calendar, Raincheck counts your meetings with a client and finds "
                "free times to propose. It reads when meetings are and who is in them, never "
                "what they are about, and stores none of it: counts are kept in memory for "
                "five minutes.",
                lang,
            ),
            muted=True,
        ),
        Choice(
            "work_start",
            gettext("Working day starts", lang),
            tuple(Option(h, h, h == settings.work_start) for h in HOURS),
        ),
        Choice(
            "work_end",
            gettext("Working day ends", lang),
            tuple(Option(h, h, h == settings.work_end) for h in HOURS),
        ),
    )


def problem_card(
    title: str,
    message: str,
    lang: Lang,
    *,
    retry: Action | None = None,
    retry_text: str | None = None,
) -> Card:
    widgets: list[Paragraph | Buttons] = [Paragraph(message)]
    if retry is not None:
        text = retry_text or gettext("Try again", lang)
        widgets.append(Buttons((Button(text, retry, primary=True),)))
    return Card(name="problem", title=title, sections=(Section(tuple(widgets)),))


def no_invite_card(lang: Lang) -> Card:
    return problem_card(
        gettext("No meeting invite here", lang),
        gettext(
            "Raincheck helps with meeting invites. This message carries none; open an "
            "invite from a client to see how much they weigh and what to answer.",
            lang,
        ),
        lang,
    )


def signin_card(lang: Lang, reason: str) -> Card:
    """Microsoft did not vouch for this user (or for another account than the mailbox's): the
    pane's sign-in button asks Office for a token again, letting it prompt."""
    return Card(
        name="signin",
        title=gettext("Sign in to use Raincheck", lang),
        sections=(
            Section(
                (
                    Paragraph(reason),
                    Buttons(
                        (Button(gettext("Sign in again", lang), Action(Act.SIGN_IN), primary=True),)
                    ),
                )
            ),
        ),
    )
