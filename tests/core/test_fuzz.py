"""The invite reader and the event-object parsers, fuzzed: mutated real invites and random
JSON never raise anything but our own errors (README, "Security and faults"). CI runs a
bounded number of executions; ``pytest -m long`` runs a million. Every crash found becomes a
regression test in tests/core/test_reader_shapes.py."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable

import pytest

from addon.errors import RaincheckError
from addon.google.request import parse_event
from addon.invite import read_invite
from addon.outlook.request import parse_pane
from tests.support.paths import INVITES

SEEDS = sorted(p.read_bytes() for p in INVITES.iterdir() if p.suffix in (".ics", ".eml"))
TOKENS = [b"\r\n", b"\r\n ", b":", b";", b"=", b'"', b"\\", b",", b"BEGIN:VEVENT\r\n",
          b"END:VEVENT\r\n", b"BEGIN:VTIMEZONE\r\n", b"TZID=", b"DTSTART:", b"RRULE:FREQ=",
          b"T", b"Z", b"99999999", b"\xff", b"\xc3", b"=?utf-8?b?", b"--boundary\r\n",
          b"Content-Type: text/calendar\r\n", b"\x00", b"\t"]  # fmt: skip


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(out) + 1)
        match rng.randrange(5):
            case 0 if out:
                del out[at : at + rng.randint(1, 40)]
            case 1:
                out[at:at] = rng.choice(TOKENS)
            case 2 if out:
                out[at : at + 1] = bytes([rng.randrange(256)])
            case 3 if out:
                start = rng.randrange(len(out))
                out[at:at] = out[start : start + rng.randint(1, 200)]
            case _:
                out[at:at] = rng.choice(SEEDS)[: rng.randint(0, 300)]
    return bytes(out)


def random_json(rng: random.Random, depth: int = 0) -> object:
    kinds = ["null", "bool", "int", "str", "list", "dict"] if depth < 6 else ["str", "int"]
    match rng.choice(kinds):
        case "null":
            return None
        case "bool":
            return rng.random() < 0.5
        case "int":
            return rng.choice([0, -1, 2**63, rng.randint(-(10**6), 10**6)])
        case "str":
            return rng.choice(["", "x", "GMAIL", "message", "open", "a@b.example", "\u2028",
                               "Europe/Stockholm", "2026-12-03T13:00:00Z", "\x00"])  # fmt: skip
        case "list":
            return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    keys = ["commonEventObject", "authorizationEventObject", "gmail", "calendar", "parameters",
            "formInputs", "stringInputs", "value", "timeZone", "id", "item", "mailbox",
            "address", "action", "params", "form", "type", "start", "attendees", "mode",
            "toRecipients", "messageId", "organizer", "emailAddress"]  # fmt: skip
    return {rng.choice(keys): random_json(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def fuzz(target: Callable[[random.Random], None], executions: int, seed: int) -> int:
    rng = random.Random(seed)
    started = time.monotonic()
    for n in range(executions):
        try:
            target(rng)
        except RaincheckError:
            pass
        except Exception as error:
            raise AssertionError(f"execution {n} (seed {seed}) crashed: {error!r}") from error
    print(f"\n{executions} executions in {time.monotonic() - started:.1f} s, no crash")
    return executions


def _reader(rng: random.Random) -> None:
    read_invite(mutate(rng.choice(SEEDS), rng))


def _events(rng: random.Random) -> None:
    body = random_json(rng)
    parse_event(body)
    if isinstance(body, dict):
        parse_pane({**body, "mailbox": {"address": "anna@lumen.example"}})
    json.dumps(body)


@pytest.mark.parametrize(("target", "executions"), [(_reader, 4000), (_events, 20_000)])
def test_a_bounded_fuzz_finds_no_crash(
    target: Callable[[random.Random], None], executions: int
) -> None:
    fuzz(target, executions, seed=20261127)


@pytest.mark.long
@pytest.mark.parametrize("target", [_reader, _events])
def test_a_million_executions_find_no_crash(target: Callable[[random.Random], None]) -> None:
    fuzz(target, 1_000_000, seed=int(time.time()))
