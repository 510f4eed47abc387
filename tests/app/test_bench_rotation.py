"""Message-open in the benchmark parses invites as new mail does (scripts/bench_rotation.py):
many messages whose invites differ, and a wrk script that walks through all of them and brings
back every answer's Server-Timing."""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections import Counter
from pathlib import Path

import pytest
from flask import Flask, Response, request

from addon.invite.reader import read_invite
from tests.support.scripts import script
from tests.support.server import running

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "addon" / "samples" / "quarterly-review.eml"


rotation = script("bench_rotation")
fig = script("bench_figures")


def test_each_message_carries_an_invite_of_its_own() -> None:
    made = rotation.variants(SAMPLE.read_bytes(), 7)
    ids = [message_id for message_id, _ in made]
    invites = [read_invite(eml) for _, eml in made]
    assert len(set(ids)) == 7 and all(len(i) == 16 for i in ids)
    assert len({i.uid for i in invites}) == 7
    assert len({i.summary for i in invites}) == 7
    assert len({i.start.date() for i in invites}) == 5  # 0-4 days later
    original = read_invite(SAMPLE.read_bytes())
    assert all(i.start >= original.start and i.organizer == original.organizer for i in invites)


@pytest.mark.parametrize(
    ("text", "literal"),
    [("plain", '"plain"'), ('say "hi"', '"say \\034hi\\034"'), ("a\\b", '"a\\092b"'),
     ("line\n", '"line\\010"'), ("å", '"\\195\\165"'), ("it's", '"it\\039s"')],
)  # fmt: skip
def test_lua_strings_escape_every_byte_lua_51_might_misread(text: str, literal: str) -> None:
    assert rotation._lua(text) == literal


def test_a_rotated_body_must_name_where_the_message_id_goes() -> None:
    with pytest.raises(ValueError, match="names the message id"):
        rotation.lua_script("POST", {}, '{"messageId": "fixed"}', ["a", "b"])


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (scripts/bench installs it)"
)
def test_wrk_walks_through_every_message_and_brings_back_server_timing(tmp_path: Path) -> None:
    seen: Counter[str] = Counter()
    lock = threading.Lock()
    app = Flask("counting")

    @app.post("/gmail/message")
    def message() -> Response:
        with lock:
            seen[request.get_json()["gmail"]["messageId"]] += 1
        answer = Response("{}", mimetype="application/json")
        answer.headers["Server-Timing"] = "app;dur=2.50, cpu;dur=1.25, upstream;dur=0.50"
        return answer

    ids = rotation.message_ids(5)
    body = '{"gmail": {"messageId": "' + rotation.PLACEHOLDER + '", "threadId": "t"}}'
    script = tmp_path / "load.lua"
    script.write_text(rotation.lua_script("POST", {"Content-Type": "application/json"}, body, ids))
    with running(lambda url: app) as base:
        done = subprocess.run(
            [shutil.which("wrk") or "wrk", "-t", "2", "-c", "2", "-d", "1s", "--latency",
             "-s", str(script), base + "/gmail/message"],
            capture_output=True, text=True, check=True, timeout=30,
        )  # fmt: skip
    run = fig.parse_wrk(done.stdout)
    assert set(seen) == set(ids)  # every message asked for, none other
    assert max(seen.values()) - min(seen.values()) <= 3  # in turn, not at random
    assert run.errors == 0
    answered = sum(seen.values())
    assert len(run.app_ms) >= answered - 2  # answers still in flight at the end are not counted
    assert set(run.app_ms) == {2.5} and set(run.cpu_ms) == {1.25}
