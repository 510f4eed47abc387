"""What Google's refusals mean, and when asking again is worth it.

Google answers errors as JSON: ``{"error": {"code", "message", "status", "errors":
[{"domain", "reason", "message"}]}}`` (Gmail API "Resolve errors"; Google's API design guide,
"Errors"). The status code alone misleads: a 403 is a rate limit (``rateLimitExceeded``,
``userRateLimitExceeded``), a quota used up for the day (``dailyLimitExceeded``) or a
permission the user has not granted (``insufficientPermissions``), and only the last is "not
allowed". Gmail asks callers to retry rate limits and 5xx with backoff.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests

from addon.errors import ScopeError, UpstreamError

RATE_LIMITS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# The budget: a user waits on the sidebar, and Google documents no limit for an HTTP add-on's
# answer that we could lean on. An action makes at most three Google calls (message, attached
# invite, draft), each bounded by RAINCHECK_HTTP_TIMEOUT, plus at most this long spent waiting
# between attempts; with the default timeout the worst case stays near half a minute, the
# usual case well under a second.
RETRY_BUDGET_SECONDS = 4.0
BACKOFF_SECONDS = (0.5, 1.5)  # before the second and the third attempt


@dataclass(frozen=True)
class Refusal:
    status: int
    reason: str  # errors[0].reason, or the status name ("" when Google gave none)
    retry_after: float | None  # seconds, from Retry-After

    @property
    def rate_limited(self) -> bool:
        return self.status == 429 or self.reason in RATE_LIMITS

    @property
    def worth_retrying(self) -> bool:
        return self.rate_limited or self.status in RETRY_STATUSES


def refusal(response: requests.Response) -> Refusal:
    reason = ""
    try:
        body: Any = response.json()
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(error, Mapping):
        details = error.get("errors")
        if isinstance(details, list) and details and isinstance(details[0], Mapping):
            reason = str(details[0].get("reason") or "")
        reason = reason or str(error.get("status") or "")
    return Refusal(response.status_code, reason, _seconds(response.headers.get("Retry-After")))


def wait_before_retry(refused: Refusal, attempt: int, spent: float) -> float | None:
    """How long to wait before attempt ``attempt + 1``, or None when not to retry: not worth
    it, out of attempts, or Google asks for longer than the budget leaves."""
    if not refused.worth_retrying or attempt >= len(BACKOFF_SECONDS):
        return None
    wait = max(BACKOFF_SECONDS[attempt], refused.retry_after or 0.0)
    return wait if spent + wait <= RETRY_BUDGET_SECONDS else None


def as_error(refused: Refusal, what: str, scopes: tuple[str, ...]) -> Exception:
    """The user's view of a refusal that retrying did not cure."""
    status, reason = refused.status, refused.reason
    if reason == "insufficientPermissions" and scopes:
        return ScopeError(list(scopes))  # the card asks the user to grant it
    if refused.rate_limited:
        later = _later(refused.retry_after)
        return UpstreamError(
            f"Google asks Raincheck to slow down; try again {later}",
            retryable=True,
            upstream_status=status,
        )
    if reason == "dailyLimitExceeded":
        return UpstreamError(
            "Raincheck has used its Google quota for today; try again tomorrow",
            retryable=False,
            upstream_status=status,
        )
    message, retryable = _BY_STATUS.get(
        status, ("Google had a problem with {what} (HTTP {status}); try again", status >= 500)
    )
    return UpstreamError(
        message.format(what=what, status=status), retryable=retryable, upstream_status=status
    )


_BY_STATUS: dict[int, tuple[str, bool]] = {
    401: ("Google did not accept the sign-in for {what}; close and reopen Raincheck", False),
    403: ("Google did not allow Raincheck to access {what}", False),
    404: ("Google could not find {what}; it may have been deleted", False),
}


def pause(seconds: float) -> None:
    time.sleep(seconds)


def _later(seconds: float | None) -> str:
    if not seconds or seconds < 90:
        return "in a minute"
    return f"in {round(seconds / 60)} minutes"


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None  # an HTTP date: rare from Google; the backoff applies
