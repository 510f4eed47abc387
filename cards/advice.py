"""The advice card for an open invite: the meeting, the client, the user's reason, the
strategies best first with why, and what is not offered and why not."""

from __future__ import annotations

from addon import strategies
from addon.i18n import Lang, Terms, gettext, msg
from addon.invite.model import Invite
from addon.invite.venue import online_service
from addon.triage.assess import Assessment
from addon.triage.report import header_line
from addon.triage.rules import FREQUENT_MEETINGS
from addon.vocabulary import REASON_LABELS, label
from addon.writing.dates import when
from cards.actions import Act
from cards.client import client_sections
from cards.model import Button, Card, Choice, Fact, Paragraph, Section, Widget
from cards.options import options
from cards.view import View

OVER = msg(
    "There is nothing to send: Raincheck proposes nothing for a meeting that has taken place."
)
CANCELLED = msg("There is nothing to send: the organizer has called this meeting off.")


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


def advice_card(
    a: Assessment,
    view: View,
    *,
    new_client_name: str = "",
    new_client_key: str = "",
    added: int | None = None,
    refused: frozenset[str] = frozenset(),
) -> Card:
    """The advice for an open invite: the client, the meeting, the user's reason, the
    strategies best first with why, and what is not offered and why not; ``refused``: the
    strategies the client declined the last two times the user proposed them."""
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
    notes = list(a.notes)
    if a.situation.timing != "ahead" and notes:
        # Over, or under way: the first thing the user reads.
        meeting.insert(0, Paragraph(notes.pop(0).render(lang), strong=True))
    meeting += [Paragraph(note.render(lang), muted=True) for note in notes]

    reason = Choice(
        "reason",
        gettext("Why do you want out?", lang),
        options("reason", lang, a.reason),
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
                note=_refused(rec.id, profile.name, lang) if rec.id in refused else None,
            )
        )
    header = header_line(profile, lang, name=False) if profile.known else None
    clients = client_sections(
        profile,
        view,
        new_client_name=new_client_name,
        new_client_key=new_client_key,
        added=added,
        header=header,
    )
    if a.situation.timing in ("over", "cancelled"):
        # Nothing can be proposed for a meeting that has taken place or is off: no reason to
        # ask for, and no list of strategies each saying so.
        ended = OVER if a.situation.timing == "over" else CANCELLED
        meeting.append(Paragraph(ended.render(lang)))
        return _card(a, view, [Section(tuple(meeting)), *clients], header)
    sections = [
        Section(tuple(meeting)),
        *clients,
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
    return _card(a, view, sections, header)


def _card(a: Assessment, view: View, sections: list[Section], header: str | None) -> Card:
    lang, profile = view.lang, a.profile
    return Card(
        name="triage",
        title=profile.name
        or (
            gettext("Internal meeting", lang)
            if a.situation.internal
            else gettext("Unknown client", lang)
        ),
        subtitle=header,
        sections=tuple(sections),
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


def _refused(strategy: str, client: str | None, lang: Lang) -> str | None:
    if strategy != "shorter" or not client:
        return None
    return msg(
        "{client} declined the last two shorter meetings you proposed.", client=client
    ).render(lang)


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
