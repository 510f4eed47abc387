"""A token verified once is kept while it lives, for the audience it was verified for."""

from __future__ import annotations

import pytest

from addon.verified import VerifiedTokens

CLAIMS = {"sub": "1", "email": "anna@lumen.example", "exp": 1_000}


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("now", "kept"),
    [(900.0, True), (1_000.0, True), (1_060.0, True), (1_060.5, False), (5_000.0, False)],
)
def test_claims_are_returned_until_the_token_expires_with_the_same_leeway(
    now: float, kept: bool
) -> None:
    clock = Clock(0.0)
    tokens = VerifiedTokens(leeway_seconds=60, clock=clock)
    tokens.put("a.b.c", "aud", CLAIMS)
    clock.now = now
    assert (tokens.get("a.b.c", "aud") is not None) is kept


@pytest.mark.parametrize(
    ("token", "audience"),
    [("a.b.c", "other"), ("a.b.d", "aud"), ("a.b.c ", "aud"), ("", "aud")],
    ids=["another-audience", "one-byte-differs", "trailing-space", "empty"],
)
def test_anything_but_the_same_token_for_the_same_audience_is_verified_anew(
    token: str, audience: str
) -> None:
    tokens = VerifiedTokens(leeway_seconds=60, clock=Clock(0.0))
    tokens.put("a.b.c", "aud", CLAIMS)
    assert tokens.get(token, audience) is None


@pytest.mark.parametrize("expiry", [None, "1000", True, [1000]])
def test_a_token_without_a_numeric_expiry_is_never_kept(expiry: object) -> None:
    tokens = VerifiedTokens(leeway_seconds=60, clock=Clock(0.0))
    tokens.put("a.b.c", "aud", {**CLAIMS, "exp": expiry})
    assert tokens.get("a.b.c", "aud") is None and len(tokens) == 0


def test_kept_claims_cannot_be_changed_by_a_caller() -> None:
    tokens = VerifiedTokens(leeway_seconds=60, clock=Clock(0.0))
    claims = dict(CLAIMS)
    tokens.put("a.b.c", "aud", claims)
    claims["email"] = "mallory@evil.example"
    kept = tokens.get("a.b.c", "aud")
    assert kept is not None and kept["email"] == "anna@lumen.example"
    with pytest.raises(TypeError):
        kept["email"] = "mallory@evil.example"  # type: ignore[index]


def test_the_least_recently_used_go_first_beyond_the_size() -> None:
    tokens = VerifiedTokens(leeway_seconds=60, size=2, clock=Clock(0.0))
    tokens.put("t1", "aud", CLAIMS)
    tokens.put("t2", "aud", CLAIMS)
    assert tokens.get("t1", "aud") is not None  # t1 used: t2 is now the oldest
    tokens.put("t3", "aud", CLAIMS)
    assert [tokens.get(t, "aud") is not None for t in ("t1", "t2", "t3")] == [True, False, True]
