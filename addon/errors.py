"""One hierarchy for every error a user can cause or meet.

Each error carries a one-line message meant for the user and the HTTP status a view should
answer with. The command line prints ``raincheck: <message>`` and exits 2; the web layer turns
them into a response or a card in one place. Anything that is not a ``RaincheckError`` is a bug.
"""

from __future__ import annotations


class NoInvite(Exception):
    """The open message or event holds no meeting invite; it has a card of its own."""


class RaincheckError(Exception):
    """Base class: a problem the user can understand and act on."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InviteError(RaincheckError):
    """The input holds no usable meeting invite. The message is for the command line and the
    log; ``kind`` names the class of problem, which a card says in the user's words and
    language, the same on every host (``addon.cardflow.problems``)."""

    status_code = 422

    def __init__(self, message: str, *, kind: str = "unreadable") -> None:
        super().__init__(message)
        self.kind = kind


class DirectoryError(RaincheckError):
    """The client directory refused an operation (a bad CSV row, an unknown client)."""

    status_code = 422


class StrategyError(RaincheckError):
    """A strategy was asked for that the rules do not offer for this meeting."""

    status_code = 409


class UsageError(RaincheckError):
    """A bad option or argument."""

    status_code = 400


class ConfigError(RaincheckError):
    """The service is configured wrongly (a bad database URL, a missing setting)."""

    status_code = 500


class AuthError(RaincheckError):
    """A request whose credentials could not be verified."""

    status_code = 401


class AccountMismatchError(AuthError):
    """The token is valid but for another account than the mailbox on screen (a browser that
    switched accounts can hand over the previous user's token): the user must sign in again."""


class ConsentRequired(RaincheckError):
    """Microsoft will give Raincheck no Graph token for this user until someone consents to
    what it asks for (AADSTS65001 from the on-behalf-of exchange): an administrator where the
    tenant lets only administrators consent (``admin_url`` is where they do), the user where
    it is a personal Microsoft account (``admin_url`` None). Neither a retry nor a fallback
    cures it, so it is not an ``UpstreamError``, which the calendar's fallbacks absorb: it
    reaches the user, who alone can have it fixed."""

    status_code = 403

    def __init__(self, message: str, *, admin_url: str | None) -> None:
        super().__init__(message)
        self.admin_url = admin_url


class LinkExpiredError(RaincheckError):
    """A short-lived link of ours (a calendar file for a reply) has expired or was altered."""

    status_code = 410


class UpstreamError(RaincheckError):
    """Google or Microsoft failed us: a refusal, a missing item, a timeout, a 5xx."""

    status_code = 502

    def __init__(
        self, message: str, *, retryable: bool, upstream_status: int | None = None
    ) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.upstream_status = upstream_status


class BusyError(RaincheckError):
    """The database refused, stalled or is busy with another change: nothing was written,
    and trying again in a moment is the cure."""

    status_code = 503


class PartlyDone(UpstreamError):
    """A step failed after an earlier one was done (a draft exists): the message says what is
    there and what is missing, and ``done`` carries what a retry must not do again."""

    def __init__(self, message: str, *, done: dict[str, str], retryable: bool) -> None:
        super().__init__(message, retryable=retryable)
        self.done = done


class MaybeDone(UpstreamError):
    """A write was sent and its answer never came (a read timeout on a POST): Google may have
    done it. Retrying blindly could write it twice, and the add-on's Gmail scope cannot list
    drafts to check (``users.drafts.list`` takes gmail.compose, gmail.modify or gmail.readonly,
    not gmail.addons.current.action.compose: Gmail API discovery document), so the user is
    asked to look first."""

    def __init__(self, message: str, *, what: str) -> None:
        super().__init__(message, retryable=True)
        self.what = what


class ScopeError(RaincheckError):
    """The user has not granted a permission this action needs (granular consent)."""

    status_code = 403

    def __init__(self, scopes: list[str]) -> None:
        super().__init__("Raincheck needs your permission for this: " + ", ".join(scopes))
        self.scopes = scopes
