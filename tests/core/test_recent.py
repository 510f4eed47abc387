"""An invite opened again within minutes is not parsed again; nothing is kept longer."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from addon.invite.mime import calendar_texts
from addon.invite.reader import parse_recent
from addon.recent import Recent
from tests.support.paths import invite_bytes


def test_the_same_invite_in_the_same_zone_is_parsed_once() -> None:
    [text] = calendar_texts(invite_bytes("floating.ics"))
    stockholm, tokyo = ZoneInfo("Europe/Stockholm"), ZoneInfo("Asia/Tokyo")
    first = parse_recent(text, floating_tz=stockholm)
    assert parse_recent(text, floating_tz=stockholm) is first
    # A floating time reads differently in another zone: never the other reader's result.
    other = parse_recent(text, floating_tz=tokyo)
    assert other is not first and other.start != first.start


def test_what_is_kept_is_gone_after_its_time_and_beyond_its_size() -> None:
    expired: Recent[int] = Recent(seconds=0.0)
    expired.put("a", 1)
    assert expired.get("a") is None
    small: Recent[int] = Recent(seconds=60.0, size=2)
    for key in "abc":
        small.put(key, ord(key))
    assert (small.get("a"), small.get("b"), small.get("c")) == (None, 98, 99)
