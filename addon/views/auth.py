"""Who is calling: the one place that reads the ``Authorization`` header, and the checks each
blueprint runs before its views (flaskr's ``login_required``, as a ``before_request`` or a
decorator). A request that fails a check never reaches a view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import wraps

import jwt
from flask import current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

from addon.cardflow.problems import problem
from addon.config import EXTENSION as CONFIG_EXTENSION
from addon.config import Config
from addon.errors import AccountMismatchError, AuthError, ConsentRequired, UsageError
from addon.google.identity import unidentified
from addon.google.request import EventObject, parse_event
from addon.google.resources import Google, google
from addon.google.verify import GoogleUser
from addon.i18n import gettext, lang_of
from addon.outlook.request import PaneRequest, parse_pane
from addon.outlook.resources import outlook
from addon.outlook.verify import MicrosoftUser
from cards.home import signin_card
from cards.html import render_html


def bearer_token() -> str:
    """The token of an ``Authorization: Bearer`` header; ``AuthError`` when there is none."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError("no Bearer token")
    return token.strip()


def request_json() -> object:
    """The request's JSON body; None when it is not JSON. A body nested past what the parser
    can recurse into (``[[[[…`` 100,000 deep) is the sender's mistake, a 400, not our crash."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        raise UsageError("the request body is nested too deeply") from None


@dataclass(frozen=True)
class GoogleCall:
    event: EventObject
    user: GoogleUser


def verify_google() -> ResponseReturnValue | None:
    """``before_request`` of the Gmail and Calendar blueprints: the system ID token Google
    signed for this URL, then the user ID token in the event object. A failure is a 401 from
    the app's error handler, never a card. A verified request without a user ID token (the user
    did not grant ``userinfo.email``) is answered here, asking the user to authorize."""
    found = google()
    try:
        found.verifier.system_token(bearer_token(), found.audience(request.path))
        event = parse_event(request_json())
        if event.user_id_token is None:
            current_app.logger.info("a Google request to %s without a user ID token", request.path)
            return jsonify(unidentified(event, trigger=not request.path.endswith("/action")))
        user = found.verifier.user_token(event.user_id_token)
        g.google_call = GoogleCall(event, replace(user, tenant=_linked(user.tenant)))
        return None
    except AuthError as error:
        # What to compare with the deployment: the token's audience and issuer, never the token.
        current_app.logger.warning(
            "refused a Google request to %s: %s (token aud=%s iss=%s; expected aud=%s)",
            request.path, error, *_claims_seen(), _expected(found),
        )  # fmt: skip
        raise


def _claims_seen() -> tuple[str, str]:
    """The unverified ``aud`` and ``iss`` of the request's Bearer token, for the log."""
    try:
        claims = jwt.decode(bearer_token(), options={"verify_signature": False})
    except (AuthError, jwt.PyJWTError):
        return "-", "-"
    return str(claims.get("aud", "-"))[:200], str(claims.get("iss", "-"))[:200]


def _expected(found: Google) -> str:
    try:
        return found.audience(request.path)
    except AuthError:
        return "(no RAINCHECK_PUBLIC_URL)"


def _linked(tenant: str) -> str:
    """An organisation on both hosts keeps one directory (RAINCHECK_TENANT_LINKS)."""
    config = current_app.extensions[CONFIG_EXTENSION]
    assert isinstance(config, Config)
    return config.linked_tenant(tenant)


def google_call() -> GoogleCall:
    call = g.google_call
    assert isinstance(call, GoogleCall)
    return call


@dataclass(frozen=True)
class PaneCall:
    request: PaneRequest
    user: MicrosoftUser


def microsoft_signed(
    view: Callable[[PaneCall], ResponseReturnValue],
) -> Callable[[], ResponseReturnValue]:
    """For the pane's API: the Microsoft access token, for the mailbox on screen. A failure
    answers 401 with the sign-in card, so the pane can ask the user to sign in again."""

    @wraps(view)
    def checked() -> ResponseReturnValue:
        pane = parse_pane(request_json())
        try:
            user = outlook().verifier.access_token(bearer_token(), pane.mailbox)
        except ConsentRequired as error:
            # Checking the account's addresses through Graph needs a consent nobody gave.
            card = render_html(problem(error, lang_of(pane.locale), upstream="Outlook"))
            return jsonify(error=error.message, card=card, do=[]), error.status_code
        except AuthError as error:
            current_app.logger.warning("refused an Outlook pane request: %s", error)
            lang = lang_of(pane.locale)
            if isinstance(error, AccountMismatchError):
                reason = gettext(
                    "You are signed in to Microsoft with another account than this mailbox's. "
                    "Sign in again as its owner.",
                    lang,
                )
            else:
                reason = gettext(
                    "Microsoft did not confirm who you are. Sign in and try again.", lang
                )
            card = render_html(signin_card(lang, reason))
            return jsonify(error=error.message, signin=True, card=card, do=[]), 401
        return view(PaneCall(pane, replace(user, tenant=_linked(user.tenant))))

    return checked
