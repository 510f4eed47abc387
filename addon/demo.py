"""The demo: a fictional client directory and sample invites, triaged as their users would."""

from __future__ import annotations

import json
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

    def read(self) -> bytes:
        return (SAMPLES / self.file).read_bytes()


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
        invite = read_invite(sample.read())
        for lang in langs:
            request = ReplyRequest(
                strategy=sample.strategy,
                reason=parse_reason(sample.reason),
                locale=lang,
                zone=ZoneInfo(sample.tz),
            )
            with store.session() as session:
                outcome = triage(Directory(session, TENANT), invite, request, me=sample.me)
            out.append(f"=== {sample.title} [{sample.file}, {lang}] ".ljust(80, "=") + "\n")
            out.append(summary_text(outcome, lang) + "\n")
    return "".join(out)
