"""The demo: a fictional client directory and sample invites, triaged as their users would.

The samples are real-shaped invites written for a December; on any other day they are moved
by whole weeks (``Sample.read(today)``) so that their meetings are still to come, on the same
weekdays: a demo of a meeting that took place last month would show nothing to propose.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
from dataclasses import dataclass
from importlib import resources
from zoneinfo import ZoneInfo

from addon.directory.csvfile import read_csv
from addon.directory.repository import Directory
from addon.directory.store import Store
from addon.i18n import Lang
from addon.invite.reader import read_invite
from addon.triage.assess import parse_reason
from addon.triage.report import summary_text
from addon.triage.request import ReplyRequest
from addon.triage.service import triage

TENANT = "demo"
SAMPLES = resources.files("addon") / "samples"


@dataclass(frozen=True)
class Sample:
    file: str
    title: str
    me: str
    reason: str
    strategy: str | None = None
    tz: str = "Europe/Stockholm"

    def read(self, today: dt.date | None = None) -> bytes:
        """The invite as written; with ``today``, moved by whole weeks to be still ahead."""
        data = (SAMPLES / self.file).read_bytes()
        return data if today is None else ahead_of(data, today)


def ahead_of(data: bytes, today: dt.date) -> bytes:
    """An invite (an .ics, or an email carrying one) with every date in its calendar parts
    moved by the fewest whole weeks that put its meeting after ``today``."""
    start = read_invite(data).start
    first = start.date() if isinstance(start, dt.datetime) else start
    weeks = max(0, -((first - today - dt.timedelta(days=1)).days // 7))
    if not weeks:
        return data
    step = dt.timedelta(weeks=weeks)
    if data.lstrip().startswith(b"BEGIN:"):
        return _shifted(data.decode("utf-8"), step).encode("utf-8")
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            text = _shifted(part.get_content(), step)
            method = part.get_param("method")
            part.set_content(text, subtype="calendar", cte="base64")
            if method:
                part.set_param("method", str(method))
    return message.as_bytes()


_DATED = re.compile(r"^((?:DTSTART|DTEND|RECURRENCE-ID|EXDATE|RDATE|DTSTAMP)[^:\r\n]*:)([^\r\n]+)",
                    re.MULTILINE)  # fmt: skip
_DATE = re.compile(r"\b(\d{8})(?=T\d{6}Z?\b|\b)")


def _shifted(text: str, step: dt.timedelta) -> str:
    def day(found: re.Match[str]) -> str:
        moved = dt.datetime.strptime(found.group(1), "%Y%m%d") + step
        return moved.strftime("%Y%m%d")

    return _DATED.sub(lambda m: m.group(1) + _DATE.sub(day, m.group(2)), text)


def samples() -> list[Sample]:
    return [Sample(**entry) for entry in json.loads((SAMPLES / "samples.json").read_text())]


def load_directory(store: Store, tenant: str = TENANT) -> int:
    records = read_csv((SAMPLES / "clients.csv").read_bytes())
    with store.session() as session:
        Directory(session, tenant).import_records(records, by="raincheck demo")
    return len(records)


def run_demo(store: Store, langs: list[Lang]) -> str:
    count = load_directory(store)
    out = [f"Demo directory: {count} fictional clients in tenant {TENANT!r} ({store.url})\n"]
    for sample in samples():
        invite = read_invite(sample.read(dt.datetime.now(dt.UTC).date()))
        for lang in langs:
            request = ReplyRequest(
                strategy=sample.strategy,
                reason=parse_reason(sample.reason),
                locale=lang,
                zone=ZoneInfo(sample.tz),
            )
            with store.read() as session:
                outcome = triage(Directory(session, TENANT), invite, request, me=sample.me)
            out.append(f"=== {sample.title} [{sample.file}, {lang}] ".ljust(80, "=") + "\n")
            out.append(summary_text(outcome, lang) + "\n")
    return "".join(out)
