"""The letters audit: every letter Raincheck writes for the fixtures, for each user, reason,
strategy, language and tone, at a "now" before the meetings and at one after them, counted
against what a seasoned account manager would never send. ``scripts/letters-audit`` prints the
counts and an example of each; ``tests/core/test_letters_audit.py`` requires every count to be
zero.

What is counted (issue 24; SPEC §2-3):
- a proposed time in the past, on a weekend, on a public holiday of the user's or the
  organizer's country, or outside working hours in either person's zone;
- a whole series answered with "this time"; a multi-day event moved as one day;
- an ``email`` letter that asks the client to send material or questions;
- a call proposed for a meeting that is already online or by phone; the trip given as the
  reason to a high-weight client;
- a reason sentence that is not true (repetitive without recent meetings, a colleague covering
  outside a hand-off, workload or dislike said without being asked);
- ``ill`` with a shorter meeting ranked above moving it (or email, for a low-weight client);
- a colleague's own meeting answered with a client letter; a nameless "Dear Sir or Madam" or
  "Hi there";
- a proposal for a meeting that has already taken place; for someone ill, a new time on the
  meeting's own day;
- a letter that does not give the meeting's time on the reader's clock (the invite's zone).

Moves and calls are written both at the times Raincheck picks itself and at the free times a
calendar with nothing in it would give.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays as holiday_calendars
import icalendar
from babel.dates import format_time

from addon import strategies
from addon.calendar.slots import free_slots
from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.errors import RaincheckError
from addon.i18n import LANGS
from addon.invite import read_invite
from addon.invite.model import Invite
from addon.strategies import Input
from addon.triage.matching import is_own, own_domains
from addon.triage.request import ReplyRequest
from addon.triage.service import Outcome, triage
from addon.vocabulary import REASONS, TONES
from addon.writing.letters import Draft
from addon.writing.reasons import REASON_SENTENCES
from tests.support.paths import INVITES, SAMPLE_CLIENTS

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# Before every fixture's meeting (their first is in December 2026), and after all of them.
NOWS = {
    "before": dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC),
    "after": dt.datetime(2027, 6, 1, 8, 0, tzinfo=dt.UTC),
}
USERS = (("anna@lumen.example", "Anna Berg"), ("david@lumen.example", "David Ek"))
USER_COUNTRY = "SE"
USER_HOURS = (dt.time(9), dt.time(17))
ORGANIZER_HOURS = (dt.time(8), dt.time(17))  # where the organizer's own hours are unknown

# What a letter must not say, as each language says it. A language Raincheck speaks without an
# entry here stops the audit (``tests/core/test_letters_audit.py``): its letters would pass
# these checks by saying nothing they look for.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "series_this_time": r"\bthis time\b",
        "client_does_the_work": r"send me (?:your|any)|please send|send over",
        "trip": r"\btrip\b|\bjourney\b|\btravel\b",
        "client_framing": (
            r"thanks? (?:you )?for (?:the invitation|setting up|inviting)|your account manager"
        ),
        "nameless": r"Dear Sir or Madam|\bHi there\b",
    },
    "sv": {
        "series_this_time": r"den här gången|denna gång",
        "client_does_the_work": r"skicka (?:gärna|mig)",
        "trip": r"\bresan?\b|\bresa\b",
        "client_framing": r"tack för inbjudan|tack för att du bokade|er kundansvarig|din kundansvarig",
        "nameless": r"Bästa mottagare",
    },
    "nb": {
        "series_this_time": r"denne gangen",
        "client_does_the_work": r"send meg|send gjerne|send over",
        "trip": r"\breisen?\b|\breisetid\w*",
        "client_framing": r"takk for invitasjonen|kundeansvarlig for dere|deres kundeansvarlige",
        "nameless": r"Til den det måtte angå",
    },
    "da": {
        "series_this_time": r"denne gang",
        "client_does_the_work": r"send mig|send gerne|fremsend",
        "trip": r"\bturen\b|\btransporttid\w*|\brejsen?\b",
        "client_framing": r"tak for invitationen|jeres kundeansvarlige",
        "nameless": r"Kære modtager|Til rette vedkommende",
    },
    "de": {
        "series_this_time": r"\bdiesmal\b|dieses Mal",
        "client_does_the_work": r"schicken Sie mir|senden Sie mir",
        "trip": r"\bAnreise\b|\bReise\b|\bFahrt\b",
        "client_framing": r"vielen Dank für (?:die|Ihre) Einladung|Ihre Ansprechperson",
        "nameless": r"Sehr geehrte Damen und Herren",
    },
}


def _phrase(name: str) -> re.Pattern[str]:
    """One check's phrases in every language, as one pattern."""
    missing = [lang for lang in LANGS if name not in PHRASES.get(lang, {})]
    if missing:
        raise SystemExit(f"letters audit: no {name!r} phrases for {', '.join(missing)}")
    return re.compile("|".join(f"(?:{PHRASES[lang][name]})" for lang in LANGS), re.IGNORECASE)


SERIES_THIS_TIME = _phrase("series_this_time")
CLIENT_DOES_THE_WORK = _phrase("client_does_the_work")
TRIP = _phrase("trip")
CLIENT_FRAMING = _phrase("client_framing")
NAMELESS = _phrase("nameless")
# The reason sentences as letters say them, in every language, by reason: from the catalogs,
# so a reworded sentence is still counted.
REASON_WORDS = {
    reason: re.compile(
        "|".join(re.escape(REASON_SENTENCES[reason].render(lang).rstrip(".")) for lang in LANGS),
        re.IGNORECASE,
    )
    for reason in ("repetitive", "colleague_covers", "workload")
}


@dataclass(frozen=True)
class Case:
    fixture: str
    user: str
    reason: str
    strategy: str
    lang: str
    tone: str
    now: str
    scope: str

    def __str__(self) -> str:
        return (
            f"{self.fixture} {self.user} {self.reason} {self.strategy} {self.lang} {self.tone} "
            f"now={self.now} scope={self.scope}"
        )


@dataclass
class Audit:
    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    letters: int = 0

    def flag(self, what: str, case: Case, detail: str = "") -> None:
        self.counts[what] += 1
        self.examples.setdefault(what, f"{case}: {detail}".strip())

    def merge(self, other: Audit) -> None:
        """``other``'s counts added to these; an example kept where there is one already."""
        self.counts.update(other.counts)
        for what, example in other.examples.items():
            self.examples.setdefault(what, example)
        self.letters += other.letters


class ReadOnce:
    """The directory, each question asked once: the audit asks the same thousands of times,
    and its answers cannot change while nothing is written."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self.answers: dict[tuple[object, ...], object] = {}

    def __getattr__(self, name: str) -> Callable[..., object]:
        method = getattr(self.directory, name)

        def ask(*args: object) -> object:
            key = (name, *(tuple(a) if isinstance(a, Iterator) else a for a in args))
            if key not in self.answers:
                self.answers[key] = method(*key[1:])
            return self.answers[key]

        return ask


def fixtures() -> Iterator[tuple[str, Invite]]:
    for path in sorted(INVITES.iterdir()):
        invite = _read(path)
        if invite is not None:
            yield path.name, invite


def run(progress: Callable[[str], None] | None = None, *, processes: int = 0) -> Audit:
    """The audit of every fixture. ``processes``: how many share the fixtures (0: one per
    core this process may use). The letters are independent, so the counts and the first
    example of each, taken in the fixtures' order, are the same however many there are."""
    paths = sorted(INVITES.iterdir())
    processes = processes or len(os.sched_getaffinity(0))
    audit = Audit()
    with contextlib.ExitStack() as stack:
        if processes > 1:
            # forkserver, not fork: the test run has threads (stand-ins, servers) whose locks
            # a forked copy could inherit held.
            context = multiprocessing.get_context("forkserver")
            pool = stack.enter_context(context.Pool(processes, initializer=_open_directory))
            found: Iterable[Audit] = pool.imap(_audit_file, paths)
        else:
            _open_directory(stack)
            found = map(_audit_file, paths)
        for path, one in zip(paths, found, strict=True):
            if progress:
                progress(path.name)
            audit.merge(one)
    return audit


# The directory a process audits against: the sample clients in a database in memory, each
# question asked of it once (``ReadOnce``).
_directory: ReadOnce | None = None


def _open_directory(stack: contextlib.ExitStack | None = None) -> None:
    """Opens this process's directory, closed by ``stack`` or else with the process (a
    pool's)."""
    global _directory
    store = Store("sqlite://")
    if stack is None:
        session = store.session().__enter__()
    else:  # ends in the reverse order: forgotten, the session closed, the store disposed
        stack.callback(store.dispose)
        session = stack.enter_context(store.session())
        stack.callback(globals().__setitem__, "_directory", None)
    writable = Directory(session, "lumen.example")
    writable.import_records(read_csv(SAMPLE_CLIENTS.read_bytes()), by="audit")
    _directory = ReadOnce(writable)


def _read(path: Path) -> Invite | None:
    try:
        return read_invite(path.read_bytes())
    except RaincheckError:
        return None


def _audit_file(path: Path) -> Audit:
    audit = Audit()
    invite = _read(path)
    if invite is None:
        return audit
    assert _directory is not None
    directory: Directory = _directory  # type: ignore[assignment]
    for user, name in USERS:
        if invite.organizer and invite.organizer.email == user:
            continue
        for now_name, now in NOWS.items():
            for scope in ("occurrence", "series") if invite.series else ("occurrence",):
                _audit_invite(audit, directory, path.name, invite, user, name, now_name, now,
                              scope)  # fmt: skip
    return audit


def _audit_invite(
    audit: Audit,
    directory: Directory,
    fixture: str,
    invite: Invite,
    user: str,
    name: str,
    now_name: str,
    now: dt.datetime,
    scope: str,
) -> None:
    for reason in REASONS:
        ranked: list[str] | None = None
        for strategy in strategies.WRITING:
            for lang in LANGS:
                for tone in TONES:
                    case = Case(fixture, user, reason, strategy, lang, tone, now_name, scope)
                    request = ReplyRequest(
                        strategy=strategy, reason=reason, scope=scope, locale=lang,  # type: ignore[arg-type]
                        tone=tone, zone=STOCKHOLM, signature=name,  # type: ignore[arg-type]
                    )  # fmt: skip
                    for slots in _slot_choices(invite, request, strategy, now):
                        try:
                            outcome = triage(directory, invite, replace(request, slots=slots),
                                             me=user, my_name=name, now=now)  # fmt: skip
                        except RaincheckError:
                            continue  # not offered for this meeting: nothing is written
                        if ranked is None:
                            ranked = [r.id for r in outcome.assessment.verdict.offered]
                            _check_ranking(audit, case, outcome, ranked)
                        _check_outcome(audit, case, outcome, now)


def _slot_choices(
    invite: Invite, request: ReplyRequest, strategy: str, now: dt.datetime
) -> list[tuple[tuple[dt.datetime, dt.datetime], ...]]:
    """No free times, and, for a move or a call, the ones an empty calendar gives."""
    found: list[tuple[tuple[dt.datetime, dt.datetime], ...]] = [()]
    asks = strategies.get(strategy).inputs
    timed = isinstance(invite.start, dt.datetime) and not invite.series
    if timed and {Input.NEW_TIME, Input.CALL_TIME} & set(asks):
        bounds = request.bounds(invite, now)
        around = request.free_from(invite)
        slots = free_slots([], minutes=invite.duration_minutes, bounds=bounds, around=around)
        if slots:
            found.append(tuple((s.start, s.end) for s in slots))
    return found


def _check_ranking(audit: Audit, case: Case, outcome: Outcome, ranked: list[str]) -> None:
    a = outcome.assessment
    if a.reason == "ill" and "shorter" in ranked:
        better = ["move"] + (["email"] if a.profile.weight == "low" else [])
        above = [s for s in better if s in ranked]
        if above and ranked.index("shorter") < min(ranked.index(s) for s in above):
            audit.flag("ill: a shorter meeting ranked above moving it", case, str(ranked))


def _check_outcome(audit: Audit, case: Case, outcome: Outcome, now: dt.datetime) -> None:
    a = outcome.assessment
    invite = a.invite
    for draft in (d for d in (outcome.reply, outcome.briefing) if d is not None):
        audit.letters += 1
        if draft is outcome.reply:
            _check_reply(audit, case, outcome, draft)
        if draft.calendar_part is not None:
            _check_proposal(audit, case, invite, draft, now)
    if _ended(invite, now) and outcome.reply is not None:
        audit.flag("a proposal for a meeting that has taken place", case)
    if outcome.reply is not None and not outcome.briefing_only:
        _check_clock(audit, case, invite, outcome.reply)


def _check_clock(audit: Audit, case: Case, invite: Invite, draft: Draft) -> None:
    """The meeting's start as its reader, the organizer, reads it: in the invite's zone."""
    zone = _organizer_zone(invite)
    if zone is None or not isinstance(invite.start, dt.datetime):
        return
    from addon.i18n import LANGUAGES
    from addon.writing.dates import regional

    locale = regional(case.lang, STOCKHOLM)
    clock = format_time(invite.start.astimezone(zone), LANGUAGES[case.lang].clock, locale=locale)
    if clock not in draft.text:
        audit.flag("a letter not on the reader's clock", case, f"{clock} {zone}")


def _check_reply(audit: Audit, case: Case, outcome: Outcome, draft: Draft) -> None:
    a = outcome.assessment
    invite, text = a.invite, draft.text
    if outcome.series and case.scope == "series" and SERIES_THIS_TIME.search(text):
        audit.flag('a whole series answered with "this time"', case)
    if case.strategy == "email" and CLIENT_DOES_THE_WORK.search(text):
        audit.flag("email asks the client to do the work", case, _line(text, CLIENT_DOES_THE_WORK))
    online = invite.online_url is not None and invite.in_person is not True
    if case.strategy == "phone" and online:
        audit.flag("a call proposed for a meeting already online", case)
    if case.strategy == "phone" and a.profile.weight == "high" and TRIP.search(text):
        audit.flag("the trip given as the reason to a high-weight client", case)
    said = {r for r, words in REASON_WORDS.items() if words.search(text)}
    if "repetitive" in said and a.profile.meetings_90d < 2:
        audit.flag("repetitive said without recent meetings", case)
    if "colleague_covers" in said and case.strategy != "delegate":
        audit.flag("a colleague covering said outside a hand-off", case)
    if "workload" in said:
        audit.flag("workload said without being asked", case)
    organizer = invite.organizer
    internal = organizer is not None and is_own(
        organizer.email, a.me.email, own_domains(a.me.email)
    )
    if internal and not outcome.briefing_only and CLIENT_FRAMING.search(text):
        audit.flag(
            "a colleague's meeting answered with a client letter", case, _line(text, CLIENT_FRAMING)
        )
    if NAMELESS.search(text):
        audit.flag('a nameless "Dear Sir or Madam" or "Hi there"', case)
    if case.strategy == "move" and invite.all_day and _days(invite) > 1:
        when = _counter_times(draft)
        if when is not None and _span_days(*when) != _days(invite):
            audit.flag("a multi-day event moved as another length", case)


def _check_proposal(
    audit: Audit, case: Case, invite: Invite, draft: Draft, now: dt.datetime
) -> None:
    """The times a COUNTER proposes, when they are new ones (not the meeting's own)."""
    assert draft.calendar_part is not None
    times = _counter_times(draft)
    if times is None:
        return
    start, end = times
    if (start, end) == (_utc(invite.start), _utc(invite.end)):
        return  # the meeting's own time: a call at the same time proposes no new time
    if start == _utc(invite.start) and case.strategy == "shorter":
        # The same start, an earlier end: only the end is new.
        if isinstance(end, dt.datetime) and end <= now:
            audit.flag("a proposed time in the past", case, end.isoformat())
        return
    moment = (
        start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time(), dt.UTC)
    )
    if moment < now:
        audit.flag("a proposed time in the past", case, str(start))
    if (
        case.reason == "ill"
        and _days_of(start, end, STOCKHOLM)[0]
        == _days_of(_utc(invite.start), _utc(invite.end), STOCKHOLM)[0]
    ):
        audit.flag("ill, yet a new time on the meeting's own day", case, str(start))
    organizer_zone = _organizer_zone(invite)
    for label, zone, hours in (
        ("the user's", STOCKHOLM, USER_HOURS),
        ("the organizer's", organizer_zone, ORGANIZER_HOURS),
    ):
        if zone is None:
            continue
        days = _days_of(start, end, zone)
        if any(day.weekday() >= 5 for day in days):
            audit.flag("a proposed time on a weekend", case, f"{label} {days[0]:%A %Y-%m-%d}")
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            local_start, local_end = start.astimezone(zone), end.astimezone(zone)
            if (
                local_start.time() < hours[0]
                or local_end.time() > hours[1]
                or (local_end.date() != local_start.date())
            ):
                audit.flag(
                    f"a proposed time outside {label} working hours", case,
                    f"{local_start:%a %H:%M}-{local_end:%H:%M} {zone}",
                )  # fmt: skip
    for country in {USER_COUNTRY, *_organizer_countries(invite)}:
        days = _days_of(start, end, STOCKHOLM if country == USER_COUNTRY else organizer_zone)
        for day in days:
            if _holiday(country, day):
                audit.flag("a proposed time on a public holiday", case, f"{country} {day}")


def _holiday(country: str, day: dt.date) -> bool:
    if (day.month, day.day) in ((12, 24), (12, 31)):
        return True  # Christmas Eve and New Year's Eve: offices close (SPEC §2)
    try:
        calendar = holiday_calendars.country_holidays(
            country, years=day.year, categories=("public", "de_facto")
        )
    except (NotImplementedError, ValueError):
        calendar = holiday_calendars.country_holidays(country, years=day.year)
    return day in calendar


def _organizer_zone(invite: Invite) -> ZoneInfo | None:
    start = invite.start
    if invite.floating or not isinstance(start, dt.datetime) or start.tzinfo is None:
        return None
    key = getattr(start.tzinfo, "key", None)
    if not key or key in ("UTC", "Etc/UTC"):
        return None
    return ZoneInfo(key)


def _organizer_countries(invite: Invite) -> set[str]:
    from babel.core import get_global

    zone = _organizer_zone(invite)
    found = set()
    if zone is not None:
        territory = get_global("zone_territories").get(zone.key)
        if territory and territory != "001":
            found.add(territory)
    return found


def _counter_times(draft: Draft) -> tuple[dt.datetime | dt.date, dt.datetime | dt.date] | None:
    assert draft.calendar_part is not None
    if draft.calendar_part.method != "COUNTER":
        return None
    calendar = icalendar.Calendar.from_ical(draft.calendar_part.text)
    [event] = calendar.walk("VEVENT")
    return event.decoded("DTSTART"), event.decoded("DTEND")


def _utc(moment: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).replace(microsecond=0)
    return moment


def _days_of(
    start: dt.datetime | dt.date, end: dt.datetime | dt.date, zone: ZoneInfo | None
) -> list[dt.date]:
    if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
        first = start.astimezone(zone).date() if zone else start.date()
        return [first]
    assert not isinstance(start, dt.datetime) and not isinstance(end, dt.datetime)
    return [start + dt.timedelta(days=n) for n in range(max(1, (end - start).days))]


def _days(invite: Invite) -> int:
    return _span_days(invite.start, invite.end)


def _span_days(start: dt.datetime | dt.date, end: dt.datetime | dt.date) -> int:
    if isinstance(start, dt.datetime) or isinstance(end, dt.datetime):
        return 1
    return max(1, (end - start).days)


def _ended(invite: Invite, now: dt.datetime) -> bool:
    end = invite.end
    if not isinstance(end, dt.datetime):
        end = dt.datetime.combine(end, dt.time(), tzinfo=STOCKHOLM)
    elif end.tzinfo is None:
        end = end.replace(tzinfo=STOCKHOLM)
    return end <= now and not invite.series


def _line(text: str, pattern: re.Pattern[str]) -> str:
    found = pattern.search(text)
    if not found:
        return ""
    start = text.rfind("\n", 0, found.start()) + 1
    stop = text.find("\n", found.end())
    return text[start : stop if stop >= 0 else None].strip()[:160]


def report(audit: Audit) -> str:
    lines = [f"{audit.letters} letters and briefings read"]
    if not audit.counts:
        lines.append("every count is zero")
    for what, count in sorted(audit.counts.items(), key=lambda item: -item[1]):
        lines.append(f"{count:6d}  {what}\n        e.g. {audit.examples[what]}")
    return "\n".join(lines) + "\n"


def main() -> int:
    audit = run(progress=lambda name: print(f"  {name}", file=sys.stderr))
    print(report(audit), end="")
    return 1 if audit.counts else 0


if __name__ == "__main__":
    sys.exit(main())
