"""The drafts-once table on SQLite and PostgreSQL: many senders of one action, one draft."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from addon.directory.drafts_once import DraftsOnce, Made, draft_key
from addon.directory.store import Store

START = dt.datetime(2026, 12, 7, 9, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


def _key(tenant: str, text: str = "hello") -> str:
    return draft_key(tenant=tenant, user="anna@x.example", message="m1", strategy="phone",
                     content=text.encode())  # fmt: skip


def test_many_senders_at_once_make_one_draft_and_all_get_it(store: Store, tenant: str) -> None:
    once = DraftsOnce(store, Clock())
    made: list[int] = []
    gate = threading.Event()

    def create() -> Made:
        made.append(1)
        gate.wait(2)  # hold the claim while the others arrive
        return Made("d1", "m-d1", "t1")

    def send(_: int) -> Made:
        return once.make(tenant, _key(tenant), create)

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(send, i) for i in range(8)]
        gate.set()
        answers = [f.result() for f in futures]
    # One request made it; the others found it, and say so (they record nothing again).
    assert sorted(answers, key=lambda a: a.again) == [
        Made("d1", "m-d1", "t1"), *[Made("d1", "m-d1", "t1", again=True)] * 7
    ]  # fmt: skip
    assert len(made) == 1


def test_a_failed_draft_is_released_for_the_retry(store: Store, tenant: str) -> None:
    once = DraftsOnce(store, Clock())

    def broken() -> Made:
        raise RuntimeError("Gmail said no")

    with pytest.raises(RuntimeError):
        once.make(tenant, _key(tenant), broken)
    assert once.make(tenant, _key(tenant), lambda: Made("d2", "", "")) == Made("d2", "", "")


@pytest.mark.parametrize(
    ("later", "same"),
    [
        (dt.timedelta(minutes=4), True),  # a retry within a few minutes: the same draft
        (dt.timedelta(minutes=6), False),  # later: a new action, a new draft
    ],
)
def test_a_draft_is_remembered_for_a_few_minutes(
    store: Store, tenant: str, later: dt.timedelta, same: bool
) -> None:
    clock = Clock()
    once = DraftsOnce(store, clock)
    first = once.make(tenant, _key(tenant), lambda: Made("d1", "", ""))
    clock.now = START + later
    again = once.make(tenant, _key(tenant), lambda: Made("d2", "", ""))
    assert not first.again
    if same:  # found, and said to be found: the decision is not recorded again
        assert (again.draft_id, again.again) == (first.draft_id, True)
    else:
        assert again == Made("d2", "", "")


def test_a_claim_whose_maker_died_is_taken_over(store: Store, tenant: str) -> None:
    clock = Clock()
    once = DraftsOnce(store, clock, wait=0.2)
    assert once._claim(tenant, _key(tenant)) == "mine"  # a worker claims it, then dies
    clock.now = START + dt.timedelta(seconds=5)
    with pytest.raises(Exception, match="being written by another request"):
        once.make(tenant, _key(tenant), lambda: Made("d1", "", ""))
    clock.now = START + dt.timedelta(minutes=2)
    assert once.make(tenant, _key(tenant), lambda: Made("d1", "", "")) == Made("d1", "", "")


def test_keys_differ_by_user_message_strategy_and_content() -> None:
    base = {"tenant": "t", "user": "a@x.example", "message": "m", "strategy": "phone"}
    keys = {
        draft_key(**base, content=b"x"),
        draft_key(**{**base, "user": "b@x.example"}, content=b"x"),
        draft_key(**{**base, "message": "n"}, content=b"x"),
        draft_key(**{**base, "strategy": "shorter"}, content=b"x"),
        draft_key(**base, content=b"y"),
        draft_key(**{**base, "tenant": "u"}, content=b"x"),
    }
    assert len(keys) == 6
    assert draft_key(**{**base, "user": "A@X.example"}, content=b"x") in keys
