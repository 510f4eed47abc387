"""The benchmark's Google stand-in answers Gmail's messages.get for the bench's messages from
what the stand-in itself answered once (scripts/bench_standins.py): the same status, headers and
bytes, without running its Flask app per request; anything else still goes to the stand-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.test import Client

from addon.workbench.standins.google import GoogleStandIn
from tests.support.scripts import script

SAMPLE = Path(__file__).resolve().parents[2] / "addon" / "samples" / "quarterly-review.eml"
TOKENS = {"Authorization": "Bearer user-token", "X-Goog-Gmail-Access-Token": "message-token"}

rotation = script("bench_rotation")
standins = script("bench_standins")


@pytest.fixture
def google() -> GoogleStandIn:
    stand_in = GoogleStandIn(certs={}, record=True)
    for message_id, eml in rotation.variants(SAMPLE.read_bytes(), 3):
        stand_in.add_eml(message_id, "thread-1", eml)
    return stand_in


def test_a_bench_message_is_answered_as_the_stand_in_answers_it(google: GoogleStandIn) -> None:
    ids = rotation.message_ids(3)
    served = Client(standins.at_once(google.app(), ids))
    itself = Client(google.app())
    google.requests.clear()
    for message_id in ids:
        path = f"/gmail/v1/users/me/messages/{message_id}?format=full"
        fast, slow = served.get(path, headers=TOKENS), itself.get(path, headers=TOKENS)
        assert (fast.status, list(fast.headers.items()), fast.data) == (
            slow.status, list(slow.headers.items()), slow.data,
        )  # fmt: skip
        assert fast.status_code == 200 and message_id.encode() in fast.data
    # Only the stand-in itself was asked: the bench's answers did not run its app.
    assert len(google.requests) == 3


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/gmail/v1/users/me/messages/{id}?format=full", {"Authorization": "Bearer u"}, 403),
        ("/gmail/v1/users/me/messages/{id}?format=full", {}, 401),
        ("/gmail/v1/users/me/messages/{id}?format=minimal", TOKENS, 400),
        ("/gmail/v1/users/me/messages/0000000000000000?format=full", TOKENS, 404),
    ],
)
def test_anything_else_goes_to_the_stand_in(
    google: GoogleStandIn, path: str, headers: dict[str, str], status: int
) -> None:
    served = Client(standins.at_once(google.app(), rotation.message_ids(3)))
    google.requests.clear()
    answer = served.get(path.format(id=rotation.message_ids(1)[0]), headers=headers)
    assert answer.status_code == status
    assert len(google.requests) == 1
