"""Per-user data of a tenant: settings, and the log of decisions that feeds "time saved"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import and_, func, select, update
from sqlalchemy.orm import Session

from addon.calendar.daysoff import supported_countries
from addon.calendar.hours import WorkingHours
from addon.directory import queries
from addon.directory.models import Client, Decision, UserSettings
from addon.directory.reads import AnyRow, Head, fetch, recalled, remember, remember_head, wrote
from addon.directory.repository import check_tenant, meeting_hash
from addon.directory.upsert import upsert
from addon.errors import UsageError
from addon.i18n import LANGS, LOCALE_CHOICES
from addon.invite.model import Invite
from addon.triage.answer import (
    ANSWERS,
    FORMATS,
    Answer,
    AnswerKind,
    Proposal,
    as_utc,
    may_answer,
    recognise,
)
from addon.triage.outcomes import UNKNOWN_TIER, LogRow, Outcomes, outcomes, unanswered_before
from addon.vocabulary import (
    DEFAULT_MINUTES,
    DEFAULT_TONE,
    DEFAULT_WORK_END,
    DEFAULT_WORK_START,
    SETTINGS_MINUTES_RANGE,
    TONES,
)


@dataclass(frozen=True)
class Settings:
    locale: str | None = None  # None: the language of the user's mail client
    tone: str = DEFAULT_TONE
    call: str = ""
    default_minutes: int = DEFAULT_MINUTES
    signature: str = ""
    # Read the user's calendar for meeting counts and free times: only with their consent.
    use_calendar: bool = False
    work_start: str = DEFAULT_WORK_START
    work_end: str = DEFAULT_WORK_END
    # The country whose public holidays the user keeps; None: their time zone's country.
    country: str | None = None

    @property
    def working_hours(self) -> WorkingHours:
        return WorkingHours.parse(self.work_start, self.work_end)

    def checked(self) -> Settings:
        choices = [code for code, _ in LOCALE_CHOICES]
        if self.locale not in (None, *LANGS, *choices):
            raise UsageError(f"language {self.locale!r} is not one of {', '.join(choices)}")
        if self.tone not in TONES:
            raise UsageError(f"tone {self.tone!r} is not one of {', '.join(TONES)}")
        low, high = SETTINGS_MINUTES_RANGE
        if not low <= self.default_minutes <= high:
            raise UsageError(f"the shorter length must be {low} to {high} minutes")
        if len(self.call) > 300 or len(self.signature) > 200:
            raise UsageError("the call number or link, or the signature, is too long")
        WorkingHours.parse(self.work_start, self.work_end)  # refuses hours that make no sense
        if self.country is not None and self.country not in supported_countries():
            raise UsageError(f"no public holidays are known for the country {self.country!r}")
        return self


@dataclass(frozen=True)
class Saved:
    minutes: int
    decisions: int


class Users:
    def __init__(self, session: Session, tenant: str) -> None:
        self.session = session
        self.tenant = check_tenant(tenant)

    def settings(self, email: str, *, foreseen: Foreseen | None = None) -> Settings:
        """The user's settings; read with the tenant's directory version and book, which the
        directory then need not ask for again in this session (one statement, not three).
        ``foreseen``: a client whose history (``meetings_and_last_outcomes``) the same
        statement reads for the session's next question."""
        params: dict[str, object] = {"tenant": self.tenant, "email": email.lower()}
        statement = queries.SETTINGS_AND_HEAD
        if foreseen is not None:
            params |= _history_params(foreseen)
            statement = queries.SETTINGS_HEAD_AND_HISTORY
        [row] = fetch(self.session, statement, params)
        self._remember_history(email, foreseen, row)
        return self._settings_of(row)

    def settings_and_answer(
        self,
        email: str,
        invite: Invite,
        meeting_keys: tuple[str, ...],
        *,
        foreseen: Foreseen | None = None,
    ) -> tuple[Settings, tuple[str, Answer] | None]:
        """``settings`` and ``answer`` in the one statement (a round trip less on a card that
        needs both): the proposals for the meeting come as further rows of the settings."""
        if not may_answer(invite):
            return self.settings(email, foreseen=foreseen), None
        hashes = {meeting_hash(self.tenant, key): key for key in meeting_keys}
        params: dict[str, object] = {
            "tenant": self.tenant, "email": email.lower(), "hashes": list(hashes),
        }  # fmt: skip
        statement = queries.SETTINGS_HEAD_AND_PROPOSALS
        if foreseen is not None:
            params |= _history_params(foreseen)
            statement = queries.SETTINGS_HEAD_PROPOSALS_AND_HISTORY
        rows = fetch(self.session, statement, params)
        self._remember_history(email, foreseen, rows[0])
        return self._settings_of(rows[0]), _answered(_first_proposal(hashes, rows), invite, email)

    def _remember_history(self, email: str, foreseen: Foreseen | None, row: AnyRow) -> None:
        if foreseen is not None:
            key = (self.tenant, email.lower(), *foreseen)
            remember(self.session, key, _history_of(row))

    def _settings_of(self, row: AnyRow) -> Settings:
        remember_head(self.session, self.tenant, Head(int(row.version or 0), row.book))
        if row.id is None:
            return Settings()
        return Settings(
            locale=row.locale,
            tone=row.tone or DEFAULT_TONE,
            call=row.call or "",
            default_minutes=row.default_minutes or DEFAULT_MINUTES,
            signature=row.signature or "",
            use_calendar=bool(row.use_calendar),
            work_start=row.work_start or DEFAULT_WORK_START,
            work_end=row.work_end or DEFAULT_WORK_END,
            country=row.country or None,
        )

    def save_settings(self, email: str, settings: Settings) -> Settings:
        settings = settings.checked()
        upsert(
            self.session,
            UserSettings,
            {"tenant": self.tenant, "user_email": email.lower()},
            {
                "locale": settings.locale,
                "tone": settings.tone,
                "call": settings.call,
                "default_minutes": settings.default_minutes,
                "signature": settings.signature,
                "use_calendar": settings.use_calendar,
                "work_start": settings.work_start,
                "work_end": settings.work_end,
                "country": settings.country,
            },
        )
        return settings

    def log_decision(
        self,
        email: str,
        *,
        meeting_key: str,
        strategy: str,
        minutes_saved: int,
        client_id: int | None,
        at: dt.datetime,
        proposal: Proposal | None = None,
    ) -> None:
        """One decision per user and meeting: a later one replaces an earlier (a user who
        changes their mind has not saved the time twice). ``proposal``: what the reply
        proposed, kept to compare the organizer's answer with; a new decision is a new
        proposal, so an outcome recorded for the one before is cleared."""
        upsert(
            self.session,
            Decision,
            {
                "tenant": self.tenant,
                "user_email": email.lower(),
                "meeting_hash": meeting_hash(self.tenant, meeting_key),
            },
            {
                "strategy": strategy,
                "minutes_saved": max(0, minutes_saved),
                "client_id": client_id,
                "decided_at": at,
                "proposed_start": proposal.start if proposal else None,
                "proposed_end": proposal.end if proposal else None,
                "proposed_format": proposal.format if proposal else None,
                "answered_sequence": proposal.sequence if proposal else None,
                "meeting_start": proposal.meeting_start if proposal else None,
                "meeting_end": proposal.meeting_end if proposal else None,
                "outcome": None,
                "outcome_at": None,
            },
        )

    def proposal(self, email: str, meeting_keys: tuple[str, ...]) -> tuple[str, Proposal] | None:
        """What this user proposed for the first of these meetings (``meeting_key``s) they
        answered through Raincheck, with its key; None when they proposed nothing for any. Only
        this tenant's and this user's decisions are looked at."""
        hashes = {meeting_hash(self.tenant, key): key for key in meeting_keys}
        params = {"tenant": self.tenant, "email": email.lower(), "hashes": list(hashes)}
        return _first_proposal(hashes, fetch(self.session, queries.PROPOSALS, params))

    def answer(
        self, email: str, invite: Invite, meeting_keys: tuple[str, ...]
    ) -> tuple[str, Answer] | None:
        """The organizer's answer in ``invite`` to what this user proposed for the meeting
        (``meeting_keys``: how it may be named), with the key it was logged under; None when
        the invite answers nothing they proposed."""
        if not may_answer(invite):
            return None
        return _answered(self.proposal(email, meeting_keys), invite, email)

    def record_outcome(
        self, email: str, meeting_key: str, outcome: AnswerKind, at: dt.datetime
    ) -> bool:
        """The organizer's answer to the user's proposal for this meeting, recorded once: the
        first answer recognised stays (opening it again, or a later update, changes nothing).
        True when this call recorded it."""
        wrote(self.session)
        result = self.session.execute(
            update(Decision)
            .where(
                Decision.tenant == self.tenant,
                Decision.user_email == email.lower(),
                Decision.meeting_hash == meeting_hash(self.tenant, meeting_key),
                Decision.answered_sequence.is_not(None),
                Decision.outcome.is_(None),
            )
            .values(outcome=outcome, outcome_at=at)
        )
        return bool(getattr(result, "rowcount", 0))

    def saved_between(self, email: str, since: dt.datetime, until: dt.datetime) -> Saved:
        query = select(func.coalesce(func.sum(Decision.minutes_saved), 0), func.count()).where(
            Decision.tenant == self.tenant,
            Decision.user_email == email.lower(),
            Decision.decided_at >= since,
            Decision.decided_at < until,
        )
        [(minutes, count)] = fetch(self.session, query)
        return Saved(int(minutes), int(count))

    def outcomes(
        self, email: str, since: dt.datetime, until: dt.datetime, now: dt.datetime
    ) -> Outcomes:
        """What the proposals decided in [``since``, ``until``) achieved, for this user and for
        the whole tenant, by strategy and by the client's tier now (one statement, grouped;
        the tenant's period is read by ``ix_decisions_tenant_decided``)."""
        return outcomes(self.outcome_rows(since, until, now, email=email))

    def outcome_rows(
        self, since: dt.datetime, until: dt.datetime, now: dt.datetime, *, email: str | None
    ) -> list[LogRow]:
        """The tenant's decisions of the period grouped as ``addon.triage.outcomes`` counts
        them; ``mine``: the decision is ``email``'s (never, when ``email`` is None)."""
        mine = Decision.user_email == email.lower() if email else Decision.id.is_(None)
        tier = func.coalesce(Client.tier, UNKNOWN_TIER)
        # SQLite keeps a time without its zone: every bound is given in UTC, as decisions are.
        waited = Decision.decided_at < _utc(unanswered_before(now))
        query = (
            select(
                mine,
                Decision.strategy,
                tier,
                Decision.outcome,
                waited,
                func.count(),
                func.coalesce(func.sum(Decision.minutes_saved), 0),
            )
            .select_from(Decision)
            .outerjoin(Client, and_(Client.id == Decision.client_id, Client.tenant == self.tenant))
            .where(
                Decision.tenant == self.tenant,
                Decision.decided_at >= _utc(since),
                Decision.decided_at < _utc(until),
            )
            .group_by(mine, Decision.strategy, tier, Decision.outcome, waited)
        )
        return [
            LogRow(bool(m), strategy, str(t), outcome, bool(w), int(n), int(minutes))
            for m, strategy, t, outcome, w, n, minutes in fetch(self.session, query)
        ]

    def meetings_and_last_outcomes(
        self, email: str, client_id: int, since: dt.datetime, until: dt.datetime, strategy: str
    ) -> tuple[int, list[str | None]]:
        """The meetings with this client between ``since`` and ``until`` (as
        ``Directory.meetings_between`` counts them), and the outcomes of this user's last two
        proposals of ``strategy`` to this client, newest first (None: no answer recognised);
        in one statement, or none when the settings' statement of this session read them for
        this very client, period and strategy (``foreseen``)."""
        key = (self.tenant, email.lower(), client_id, since, until, strategy)
        known = recalled(self.session, key)
        if known is not None:
            return known  # type: ignore[return-value]
        params = {"tenant": self.tenant, "email": email.lower(), "client_id": client_id,
                  "since": since, "until": until, "strategy": strategy}  # fmt: skip
        [row] = fetch(self.session, queries.CLIENT_HISTORY, params)
        return _history_of(row)


class Foreseen(NamedTuple):
    """A client the advice will likely weigh, and the history it will ask of it
    (``Users.meetings_and_last_outcomes``)."""

    client_id: int
    since: dt.datetime
    until: dt.datetime
    strategy: str


def _history_params(foreseen: Foreseen) -> dict[str, object]:
    return {"client_id": foreseen.client_id, "since": foreseen.since, "until": foreseen.until,
            "strategy": foreseen.strategy}  # fmt: skip


def _history_of(row: AnyRow) -> tuple[int, list[str | None]]:
    """The meetings and last outcomes in a row of ``queries.CLIENT_HISTORY``'s columns."""
    outcomes = [row.history_last0, row.history_last1]
    last = [o or None for o in outcomes if o is not None]  # '': no answer yet
    return int(row.history_meetings or 0), last


def _answered(
    found: tuple[str, Proposal] | None, invite: Invite, email: str
) -> tuple[str, Answer] | None:
    """The answer ``invite`` is to the proposal found (with its key), if it is one."""
    if found is None:
        return None
    answer = recognise(found[1], invite, me=email)
    return None if answer is None else (found[0], answer)


def _first_proposal(hashes: dict[str, str], rows: Sequence[AnyRow]) -> tuple[str, Proposal] | None:
    """The proposal logged under the first of ``hashes`` (meeting hash -> key) that has one."""
    found = {row.meeting_hash: row for row in rows if row.meeting_hash is not None}
    for digest, key in hashes.items():
        row = found.get(digest)
        if row is None:
            continue
        shape = next((f for f in FORMATS if f == row.proposed_format), None)
        outcome = next((k for k in ANSWERS if k == row.outcome), None)
        return key, Proposal(
            strategy=row.strategy,
            sequence=int(row.answered_sequence),
            start=as_utc(row.proposed_start),
            end=as_utc(row.proposed_end),
            format=shape,
            meeting_start=as_utc(row.meeting_start),
            meeting_end=as_utc(row.meeting_end),
            outcome=outcome,
            outcome_at=as_utc(row.outcome_at),
        )
    return None


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC) if moment.tzinfo else moment
