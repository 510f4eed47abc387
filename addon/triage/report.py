"""A triage outcome as JSON-ready data and as a short summary for people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from addon import strategies
from addon.i18n import Lang, Message, Percent, Terms, gettext, msg, translate
from addon.invite.model import Invite
from addon.triage.service import Outcome
from addon.triage.weigh import ClientProfile
from addon.vocabulary import REASON_LABELS, label
from addon.writing.dates import regional, when
from addon.writing.letters import Draft


def outcome_json(outcome: Outcome, lang: Lang) -> dict[str, Any]:
    assessment = outcome.assessment
    return {
        "invite": invite_json(assessment.invite),
        "me": assessment.me.email,
        "reason": assessment.reason,
        "client": client_json(assessment.profile, lang),
        "account_manager": assessment.account_manager.email if assessment.account_manager else None,
        "notes": [translate(n, lang) for n in assessment.notes],
        "strategies": [
            {"id": r.id, "rank": r.rank, "why": _sentences(r.why, lang)}
            for r in assessment.verdict.offered
        ],
        "not_offered": {
            strategy: _sentences(why, lang)
            for strategy, why in sorted(assessment.verdict.withheld.items())
        },
        "reply": None
        if outcome.briefing_only
        else _reply_json(outcome.reply, outcome.chosen.id if outcome.chosen else None),
        "briefing": _reply_json(outcome.briefing, outcome.chosen.id if outcome.chosen else None)
        if outcome.briefing
        else None,
    }


def invite_json(invite: Invite) -> dict[str, Any]:
    return {
        "uid": invite.uid,
        "summary": invite.summary,
        "organizer": (
            {"email": invite.organizer.email, "name": invite.organizer.name}
            if invite.organizer
            else None
        ),
        "attendees": [
            {"email": a.email, "name": a.name, "role": a.role, "partstat": a.partstat}
            for a in invite.attendees
        ],
        "start": _iso(invite.start),
        "end": _iso(invite.end),
        "timezone": invite.timezone,
        "all_day": invite.all_day,
        "duration_minutes": invite.duration_minutes,
        "location": invite.location,
        "online_url": invite.online_url,
        "in_person": invite.in_person,
        "serious": invite.serious,
        "serious_terms": list(invite.serious_terms),
        "recurring": invite.recurring,
        "rrule": invite.rrule,
        "recurrence_id": _iso(invite.recurrence_id) if invite.recurrence_id else None,
        "method": invite.method,
        "cancelled": invite.cancelled,
        "sequence": invite.sequence,
        "warnings": list(invite.warnings),
    }


def client_json(profile: ClientProfile, lang: Lang) -> dict[str, Any]:
    return {
        "name": profile.name,
        "tier": profile.tier,
        "weight": profile.weight,
        "revenue_share": round(profile.revenue_share, 4)
        if profile.revenue_share is not None
        else None,
        "account_manager": profile.account_manager,
        "matched_by": profile.matched_by,
        "meetings_90d": profile.meetings_90d,
        "reasons": [translate(r, lang) for r in profile.reasons],
        "ambiguous": list(profile.ambiguous),
    }


def summary_text(outcome: Outcome, lang: Lang, zone: dt.tzinfo | None = None) -> str:
    """What a person reads in a terminal, in their own zone: whether the meeting is still to
    come, the client, the advice, and the reply."""
    a = outcome.assessment
    invite, profile = a.invite, a.profile
    locale = regional(lang, zone)
    moment = when(invite.start, invite.end, locale=locale, tz=zone, floating=invite.floating)
    span = moment.days or moment.date
    if not moment.all_day:
        named = f" ({moment.zone})" if moment.zone else ""
        span = f"{moment.date}, {moment.start}–{moment.end}{named}"
    notes = list(a.notes)
    lines = []
    if a.situation.timing != "ahead" and notes:
        lines.append(translate(notes.pop(0), lang))  # over or under way: said first
    lines += [
        invite.summary or gettext("(no title)", lang),
        f"  {span} · {_venue(invite, lang)}",
    ]
    if invite.serious:
        lines.append(
            "  " + msg("Serious topic: {terms}", terms=Terms(invite.serious_terms)).render(lang)
        )
    lines += ["", header_line(profile, lang)]
    lines += [f"  - {translate(r, lang)}" for r in profile.reasons]
    lines += [f"  - {translate(n, lang)}" for n in notes]
    you = msg("You ({email}), reason: {reason}", email=a.me.email,
              reason=label(REASON_LABELS, a.reason, lang))  # fmt: skip
    lines += ["", you.render(lang)]
    for r in a.verdict.offered:
        lines.append(f"  {r.rank}. {strategies.label(r.id, lang)}: {_sentences(r.why, lang)}")
    for strategy, why in sorted(a.verdict.withheld.items()):
        withheld = msg("{strategy} (not offered)", strategy=strategies.label(strategy, lang))
        lines.append(f"  -  {withheld.render(lang)}: {_sentences(why, lang)}")
    if outcome.reply is not None and outcome.chosen is not None and not outcome.briefing_only:
        title = msg("Reply: {strategy}", strategy=strategies.label(outcome.chosen.id, lang))
        lines += ["", _draft_text(title.render(lang), outcome.reply, lang)]
    if outcome.briefing is not None:
        lines += ["", _draft_text(gettext("Briefing", lang), outcome.briefing, lang)]
    return "\n".join(lines).rstrip() + "\n"


def header_line(profile: ClientProfile, lang: Lang, *, name: bool = True) -> str:
    """'Nordvik AB · Strategic client · 24 % of revenue · 5 meetings in 90 days'."""
    if not profile.known:
        return translate(profile.tier_label(), lang)
    parts = [profile.name or ""] if name else []
    parts.append(translate(profile.tier_label(), lang))
    if profile.revenue_share is not None:
        parts.append(
            translate(msg("{share} of revenue", share=Percent(profile.revenue_share)), lang)
        )
    parts.append(translate(profile.meetings_text(), lang))
    return " · ".join(parts)


def _reply_json(draft: Draft | None, strategy: str | None) -> dict[str, Any] | None:
    if draft is None:
        return None
    return {
        "strategy": strategy,
        **_draft_json(draft),
        "ics": draft.calendar_part.text if draft.calendar_part else None,
        "ics_method": draft.calendar_part.method if draft.calendar_part else None,
    }


def _draft_json(draft: Draft) -> dict[str, Any]:
    return {"to": list(draft.to), "subject": draft.subject, "text": draft.text, "html": draft.html}


def _draft_text(title: str, draft: Draft, lang: Lang) -> str:
    rule = "-" * 72
    to = msg("To: {who}", who=", ".join(draft.to) or gettext("(nobody)", lang)).render(lang)
    subject = msg("Subject: {subject}", subject=draft.subject).render(lang)
    text = f"{title}\n{rule}\n{to}\n{subject}\n\n{draft.text.rstrip()}\n{rule}"
    if draft.calendar_part is not None:
        text += "\n" + msg("[calendar part: {method}]", method=draft.calendar_part.method).render(
            lang
        )
    return text


def _venue(invite: Invite, lang: Lang) -> str:
    place = invite.location or ""
    if invite.in_person and invite.online_url:
        return msg("In person at {place}, or online", place=place).render(lang)
    if invite.in_person:
        return msg("In person at {place}", place=place).render(lang)
    if invite.in_person is False:
        return msg("Online: {link}", link=invite.online_url or place).render(lang)
    if place:
        return msg("Place unknown: {place}", place=place).render(lang)
    return gettext("Not given", lang)


def _sentences(messages: tuple[Message, ...], lang: Lang) -> str:
    return " ".join(translate(m, lang) for m in messages)


def _iso(moment: dt.datetime | dt.date) -> str:
    return moment.isoformat()
