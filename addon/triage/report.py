"""A triage outcome as JSON-ready data and as a short summary for people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from addon.i18n import Lang, Message, Percent, msg, msg_plural, translate
from addon.invite.model import Invite
from addon.triage.service import Outcome
from addon.triage.weigh import ClientProfile
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
        "briefing": _reply_json(outcome.briefing, "delegate") if outcome.briefing else None,
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


def summary_text(outcome: Outcome, lang: Lang) -> str:
    """What a person reads in a terminal: the client, the advice, and the reply."""
    a = outcome.assessment
    invite, profile = a.invite, a.profile
    lines = [
        f"{invite.summary or '(no title)'}",
        f"  {_iso(invite.start)} to {_iso(invite.end)} ({invite.duration_minutes} min), "
        + _venue(invite)
        + (f"; serious: {', '.join(invite.serious_terms)}" if invite.serious else ""),
        "",
        header_line(profile, lang),
    ]
    lines += [f"  - {translate(r, lang)}" for r in profile.reasons]
    lines += [f"  - {translate(n, lang)}" for n in a.notes]
    lines += ["", f"You ({a.me.email}), reason: {a.reason}"]
    for r in a.verdict.offered:
        lines.append(f"  {r.rank}. {r.id}: {_sentences(r.why, lang)}")
    for strategy, why in sorted(a.verdict.withheld.items()):
        lines.append(f"  -  {strategy} (not offered): {_sentences(why, lang)}")
    if outcome.reply is not None and outcome.chosen is not None and not outcome.briefing_only:
        lines += ["", _draft_text(f"Reply ({outcome.chosen.id})", outcome.reply)]
        if outcome.reply.calendar is not None:
            lines.append(f"[calendar part: METHOD:{outcome.reply.calendar.method}]")
    if outcome.briefing is not None:
        lines += ["", _draft_text("Briefing", outcome.briefing)]
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
    parts.append(
        translate(
            msg_plural("{n} meeting in 90 days", "{n} meetings in 90 days", profile.meetings_90d),
            lang,
        )
    )
    return " · ".join(parts)


def _reply_json(draft: Draft | None, strategy: str | None) -> dict[str, Any] | None:
    if draft is None:
        return None
    return {
        "strategy": strategy,
        **_draft_json(draft),
        "ics": draft.calendar.text if draft.calendar else None,
        "ics_method": draft.calendar.method if draft.calendar else None,
    }


def _draft_json(draft: Draft) -> dict[str, Any]:
    return {"to": list(draft.to), "subject": draft.subject, "text": draft.text, "html": draft.html}


def _draft_text(title: str, draft: Draft) -> str:
    rule = "-" * 72
    return (
        f"{title}\n{rule}\nTo: {', '.join(draft.to) or '(nobody)'}\n"
        f"Subject: {draft.subject}\n\n{draft.text.rstrip()}\n{rule}"
    )


def _venue(invite: Invite) -> str:
    place = f" at {invite.location}" if invite.location else ""
    if invite.in_person:
        return "in person" + place + (", or online" if invite.online_url else "")
    if invite.in_person is False:
        return "online" + (f" ({invite.location})" if invite.location else "")
    return "place unknown" + (f": {invite.location}" if invite.location else "")


def _sentences(messages: tuple[Message, ...], lang: Lang) -> str:
    return " ".join(translate(m, lang) for m in messages)


def _iso(moment: dt.datetime | dt.date) -> str:
    return moment.isoformat()
