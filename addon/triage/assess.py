"""From an invite, the user and their reason to a verdict: the pure heart of triage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from addon.directory.records import is_free_mail
from addon.errors import InviteError, UsageError
from addon.i18n import Day, Message, Terms, msg
from addon.invite.model import NOT_INVITES, Invite, Person
from addon.triage.matching import is_own, own_domains
from addon.triage.rules import Situation, Timing, Verdict, recommend
from addon.triage.weigh import ClientProfile
from addon.vocabulary import REASONS, Reason, member


@dataclass(frozen=True)
class Assessment:
    invite: Invite
    me: Person
    reason: Reason
    minutes: int
    profile: ClientProfile
    account_manager: Person | None  # someone other than the user who can speak for them
    user_is_account_manager: bool
    situation: Situation
    verdict: Verdict
    notes: tuple[Message, ...] = ()


def timing_of(invite: Invite, now: dt.datetime, zone: dt.tzinfo) -> tuple[Timing, Day | None]:
    """Whether the meeting is ahead, under way, over (and the day it was held) or cancelled. A
    series answered as a whole is ahead while it goes on."""
    if invite.cancelled:
        return "cancelled", None
    if invite.series:
        # A series answered as a whole is ahead while it goes on; one whose count or end date
        # has passed is over, on the day of its last meeting.
        last = invite.last_meeting(now)
        if last is None:
            return "ahead", None
        return "over", Day(_moment(last, zone).astimezone(zone).date())
    start, end = _moment(invite.start, zone), _moment(invite.end, zone)
    if end <= now:
        return "over", Day(start.astimezone(zone).date())
    if start <= now:
        return "under_way", None
    return "ahead", None


def _moment(moment: dt.datetime | dt.date, zone: dt.tzinfo) -> dt.datetime:
    if not isinstance(moment, dt.datetime):
        return dt.datetime.combine(moment, dt.time(), tzinfo=zone)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def answerable(invite: Invite) -> None:
    """Refuse, naming what it is, what is no meeting to answer: a cancellation, a reply or
    another iTIP message, a calendar of many events (a feed, an export), an event that names
    nobody, an invite that gives its organizer no address (a reply would have no recipient)."""
    if invite.method in NOT_INVITES:
        raise InviteError(NOT_INVITES[invite.method], kind=invite.method)
    if invite.events > 1:
        raise InviteError(
            f"a calendar of {invite.events} events, not an invitation: there is nothing to answer",
            kind="calendar",
        )
    if invite.organizer is None and not invite.attendees:
        raise InviteError(
            "an event that names no organizer and no attendees, not an invitation: there is "
            "nobody to answer",
            kind="no_people",
        )
    if invite.organizer is None:
        raise InviteError(
            "the invite gives no address for its organizer: there is nobody to answer",
            kind="no_organizer",
        )


def default_me(invite: Invite) -> str:
    """Without a configured address: the first attendee who is not the organizer."""
    organizer = invite.organizer.email if invite.organizer else None
    for attendee in invite.attendees:
        if attendee.email != organizer:
            return attendee.email
    raise UsageError("cannot tell who you are from this invite: give your address with --me")


def person_in(invite: Invite, email: str) -> Person:
    """The person with this address as the invite names them (for their display name)."""
    email = email.lower()
    for person in invite.people():
        if person.email == email:
            return Person(person.email, person.name)
    return Person(email)


def new_client_suggestion(invite: Invite, me: str) -> tuple[str, str]:
    """For a meeting with an unknown client: a name to suggest, and the key its tier will be
    recorded under (the company's domain, or the address of someone on a free-mail provider)."""
    own = own_domains(me)
    for person in invite.people():
        if is_own(person.email, me, own):
            continue
        if is_free_mail(person.domain):
            return person_in(invite, person.email).display_name, person.email
        return person.domain.split(".")[0].replace("-", " ").title(), person.domain
    return "", ""


def parse_reason(value: str) -> Reason:
    reason = member(REASONS, value)
    if reason is not None:
        return reason
    raise UsageError(f"unknown reason {value!r}; choose one of {', '.join(REASONS)}")


def assess(
    invite: Invite,
    *,
    me: str,
    reason: Reason,
    profile: ClientProfile,
    minutes: int,
    my_name: str = "",
    now: dt.datetime | None = None,
    zone: dt.tzinfo | None = None,
) -> Assessment:
    """``my_name``: the user's name from their own identity (token, settings); never the
    invite's CN for their address, which the sender of the invite chose. ``now`` and the
    user's ``zone`` say whether the meeting is still ahead (all-day and floating times are the
    user's own days and hours)."""
    answerable(invite)
    me = me.strip().lower()
    if invite.organizer and invite.organizer.email == me:
        raise InviteError(
            "you are the organizer of this meeting: change it in your calendar instead",
            kind="organizer",
        )
    user = Person(me.strip().lower(), my_name.strip() or None)
    notes: list[Message] = []
    if invite.guessed_zone:
        notes.append(
            msg(
                "The invite names its time zone “{written}” without defining it; Raincheck read "
                "it as {zone}. Check the time.",
                written=invite.guessed_zone,
                zone=invite.timezone or "",
            )
        )
    if invite.attendees and me not in {a.email for a in invite.attendees}:
        # A forwarded invite, or one sent to a list or another of the user's addresses: the
        # advice still holds, but the user should know the organizer did not name them.
        notes.append(
            msg(
                "You ({me}) are not among this invite's attendees: it may have been forwarded "
                "to you, or sent to a list or another of your addresses. Raincheck answers as "
                "if you were invited.",
                me=me,
            )
        )
    domain = invite.organizer.domain if invite.organizer else ""
    if domain and "." not in domain and not domain.startswith("["):
        # No public name server answers for a domain without a dot (ICANN allows no dotless
        # top-level domain): only a server in the organizer's own network can deliver there.
        notes.append(
            msg(
                "The organizer's address {email} has no dot in its domain: mail reaches it only "
                "inside the organizer's own network, so a reply from elsewhere may not arrive.",
                email=invite.organizer.email if invite.organizer else "",
            )
        )
    own = own_domains(me)
    internal = invite.organizer is not None and all(
        is_own(person.email, me, own) for person in invite.people()
    )
    manager: Person | None = None
    is_manager = profile.account_manager is not None and profile.account_manager == me
    if profile.account_manager and not is_manager:
        manager = person_in(invite, profile.account_manager)
    elif profile.account_manager is None and invite.organizer is not None:
        organizer = invite.organizer
        # A colleague who invited the user to a client meeting manages that client, as far as
        # anyone can tell without a directory entry.
        if internal:
            notes.append(
                msg(
                    "{name} organised this meeting and everyone in it is from your "
                    "organisation: Raincheck writes to them as a colleague.",
                    name=organizer.display_name,
                )
            )
        elif is_own(organizer.email, me, own):
            manager = Person(organizer.email, organizer.name)
            notes.append(
                msg(
                    "{name} organised this meeting from your organisation, so Raincheck "
                    "takes them as the account manager.",
                    name=organizer.display_name,
                )
            )
    online = invite.online_url is not None
    timing, held_on = timing_of(invite, now or dt.datetime.now(dt.UTC), zone or dt.UTC)
    if timing == "cancelled":
        notes.insert(0, msg("This meeting has been cancelled."))
    elif timing == "over" and held_on is not None:
        notes.insert(0, msg("This meeting took place on {day}.", day=held_on))
    elif timing == "under_way":
        notes.insert(0, msg("This meeting has already started."))
    situation = Situation(
        weight=profile.weight,
        reason=reason,
        in_person=invite.in_person is True,
        online=online,
        phone_only=bool(invite.online_url and invite.online_url.startswith("tel:"))
        and not invite.in_person,
        all_day=invite.all_day,
        duration_minutes=invite.duration_minutes,
        shorter_minutes=minutes,
        serious=invite.serious,
        serious_terms=Terms(invite.serious_terms),
        account_manager=manager.display_name if manager else "",
        user_is_account_manager=is_manager,
        meetings_90d=profile.meetings_90d,
        account_manager_invited=manager is not None
        and any(p.email == manager.email for p in invite.people()),
        timing=timing,
        held_on=held_on,
        internal=internal,
    )
    return Assessment(
        invite=invite,
        me=user,
        reason=reason,
        minutes=minutes,
        profile=profile,
        account_manager=manager,
        user_is_account_manager=is_manager,
        situation=situation,
        verdict=recommend(situation),
        notes=tuple(notes),
    )
