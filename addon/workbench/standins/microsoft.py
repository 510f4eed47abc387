"""Microsoft as Raincheck calls it: the identity platform (the JWKS access tokens are checked
against, OpenID metadata and the token endpoint MSAL's on-behalf-of flow calls) and the two
Microsoft Graph calls Raincheck makes. It records every request; any path can be made to fail.
MSAL speaks only https, so tests serve this one with a loopback certificate."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask import Flask, abort, jsonify, request

from addon.outlook.verify import PERSONAL_ACCOUNTS
from addon.workbench.standins.graph_calendar import calendar_view, get_schedule

JWKS_PATH = "/common/discovery/v2.0/keys"
# Public by design: what the stand-in accepts and hands out, known to every test.
CLIENT_SECRET = "stand-in-client-secret"  # noqa: S105
GRAPH_TOKEN = "graph-token-from-the-stand-in"  # noqa: S105
# What a personal Microsoft account's exchange hands out: Graph knows the account's kind from
# its token, and refuses it what work and school accounts alone may call (getSchedule).
PERSONAL_GRAPH_TOKEN = "graph-token-from-the-stand-in-for-a-personal-account"  # noqa: S105


@dataclass
class MicrosoftStandIn:
    keys: list[dict[str, Any]] = field(default_factory=list)
    record: bool = True  # keep what was asked below (a long-running workbench does not)
    fetches: list[str] = field(default_factory=list)
    obo: list[dict[str, str]] = field(default_factory=list)  # token requests, as posted
    graph: list[str] = field(default_factory=list)  # Graph paths called
    messages: dict[str, dict[str, Any]] = field(default_factory=dict)  # rest id -> its event
    events: dict[str, dict[str, Any]] = field(default_factory=dict)  # rest id -> event
    # The signed-in user as Graph's /me gives it: mail, userPrincipalName, proxyAddresses.
    me: dict[str, Any] = field(default_factory=dict)
    # Path prefix -> status for every request there; a list is used up one request at a time
    # (None passes), and "429:2" is a 429 with Retry-After: 2, as Graph throttles.
    failures: dict[str, Any] = field(default_factory=dict)
    # calendarView sends at most this many events a page, whatever $top asks.
    view_page_cap: int = 1000
    # The addresses getSchedule knows; others get an error in their schedule. None: anyone.
    schedule_owners: set[str] | None = field(default_factory=set)
    # The mailbox settings' working hours getSchedule gives beside each schedule. This mailbox
    # keeps 9 to 5, the setting's default, so that Gmail and Outlook offer the same times.
    working_hours: dict[str, Any] = field(
        default_factory=lambda: {
            "daysOfWeek": ["monday", "tuesday", "wednesday", "thursday", "friday"],
            "startTime": "09:00:00.0000000",
            "endTime": "17:00:00.0000000",
            "timeZone": {"name": "W. Europe Standard Time"},
        }
    )
    # Tenants whose administrator has not consented to the app while users may not consent
    # themselves: the on-behalf-of exchange answers AADSTS65001 (consent_required).
    unconsented: set[str] = field(default_factory=set)
    # Seconds every calendar request waits before its answer (0: at once), as the real
    # services take: calendar reads are measured and bounded against it.
    calendar_latency: float = 0.0
    url: str = ""

    def app(self) -> Flask:
        app = Flask("microsoft-stand-in")

        @app.before_request
        def fail() -> Any:
            for prefix, failure in self.failures.items():
                if not request.path.startswith(prefix):
                    continue
                if isinstance(failure, list):
                    if not failure:
                        continue
                    failure = failure.pop(0)
                    if failure is None:
                        continue
                status, _, retry_after = str(failure).partition(":")
                code = "TooManyRequests" if status == "429" else "Failure"
                response = jsonify(error={"code": code, "message": "stand-in"})
                response.status_code = int(status)
                if retry_after:
                    response.headers["Retry-After"] = retry_after
                return response
            return None

        @app.get(JWKS_PATH)
        def jwks() -> Any:
            if self.record:
                self.fetches.append(request.path)
            return jsonify({"keys": self.keys})

        @app.get("/<tenant>/v2.0/.well-known/openid-configuration")
        def openid(tenant: str) -> Any:
            base = f"{self.url}/{tenant}"
            return jsonify(
                {
                    "issuer": f"{base}/v2.0",
                    "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                    "token_endpoint": f"{base}/oauth2/v2.0/token",
                    "jwks_uri": self.url + JWKS_PATH,
                }
            )

        @app.post("/<tenant>/oauth2/v2.0/token")
        def token(tenant: str) -> Any:
            form = request.form.to_dict()
            if self.record:
                self.obo.append({"tenant": tenant, **form})
            if form.get("client_secret") != CLIENT_SECRET:
                return jsonify(
                    error="invalid_client", error_description="AADSTS7000215: bad secret"
                ), 401
            on_behalf_of = (
                form.get("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer"
                and form.get("requested_token_use") == "on_behalf_of"
                and form.get("assertion")
            )
            if not on_behalf_of:
                return jsonify(error="invalid_grant", error_description="AADSTS50013: not OBO"), 400
            if tenant in self.unconsented:
                return jsonify(_consent_required(form.get("client_id", ""))), 400
            token = PERSONAL_GRAPH_TOKEN if tenant == PERSONAL_ACCOUNTS else GRAPH_TOKEN
            answer = {"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600}
            answer |= {"scope": form.get("scope", ""), "access_token": token}
            return jsonify(answer)

        @app.get("/v1.0/me/messages/<rest_id>")
        def message(rest_id: str) -> Any:
            self._graph_call()
            expand = _expansions(request.args.get("$expand", ""))
            if "microsoft.graph.eventMessage/event" not in expand:
                abort(400)
            if rest_id not in self.messages:
                abort(404)
            event = dict(self.messages[rest_id])
            message = {"id": rest_id, "event": _without_extended(event)}
            return jsonify(message | _extended(event, expand))

        @app.get("/v1.0/me")
        def me() -> Any:
            # Graph's user resource: only the properties asked for with $select, as Graph.
            self._graph_call()
            wanted = [p for p in request.args.get("$select", "").split(",") if p]
            return jsonify({k: v for k, v in self.me.items() if not wanted or k in wanted})

        @app.get("/v1.0/me/events/<rest_id>")
        def event(rest_id: str) -> Any:
            self._graph_call()
            if rest_id not in self.events:
                abort(404)
            event = dict(self.events[rest_id])
            expand = _expansions(request.args.get("$expand", ""))
            return jsonify(_without_extended(event) | _extended(event, expand))

        @app.get("/v1.0/me/calendarView")
        def view() -> Any:
            self._graph_call()
            return jsonify(calendar_view(self, request.args))

        @app.post("/v1.0/me/calendar/getSchedule")
        def schedule() -> Any:
            self._graph_call()
            if request.headers.get("Authorization") == f"Bearer {PERSONAL_GRAPH_TOKEN}":
                # getSchedule's permissions table: "Delegated (personal Microsoft account): Not
                # supported." (learn.microsoft.com/graph/api/calendar-getschedule). The reference
                # gives no error body for it; this is Graph's refusal of a call the token may not
                # make (learn.microsoft.com/graph/errors: 403, access denied).
                message = "Access is denied. Check credentials and try again."
                return jsonify(error={"code": "ErrorAccessDenied", "message": message}), 403
            return jsonify(get_schedule(self, request.get_json(silent=True)))

        return app

    def _graph_call(self) -> None:
        if self.record:
            self.graph.append(request.path)
        tokens = (f"Bearer {GRAPH_TOKEN}", f"Bearer {PERSONAL_GRAPH_TOKEN}")
        if request.headers.get("Authorization") not in tokens:
            abort(401)
        if 'outlook.timezone="UTC"' not in request.headers.get("Prefer", ""):
            abort(400)


def _consent_required(client_id: str) -> dict[str, Any]:
    """The identity platform's answer when nobody has consented to what the app asks for, as
    the token endpoint sends it (an ``invalid_grant`` with ``suberror: consent_required``; the
    description's text is Microsoft's, "AADSTS65001: The user or administrator has not
    consented to use the application ... Send an interactive authorization request for this
    user and resource.": learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/
    troubleshoot-consent-issues, and MicrosoftDocs/azure-docs issue 39189 for the whole body)."""
    stamp = "2026-11-27 09:00:00Z"
    trace = "5f0c9b1e-0000-4000-8000-000000000001"
    correlation = "5f0c9b1e-0000-4000-8000-000000000002"
    return {
        "error": "invalid_grant",
        "error_description": (
            f"AADSTS65001: The user or administrator has not consented to use the application "
            f"with ID '{client_id}' named 'Raincheck'. Send an interactive authorization request "
            f"for this user and resource.\r\nTrace ID: {trace}\r\nCorrelation ID: "
            f"{correlation}\r\nTimestamp: {stamp}"
        ),
        "error_codes": [65001],
        "timestamp": stamp,
        "trace_id": trace,
        "correlation_id": correlation,
        "suberror": "consent_required",
    }


def _expansions(value: str) -> list[str]:
    """``$expand``'s items, split on the commas outside parentheses (OData's own grammar)."""
    items, depth, current = [], 0, ""
    for char in value:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    return [*items, current.strip()] if current.strip() else items


def _without_extended(event: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if k != "singleValueExtendedProperties"}


def _extended(event: dict[str, Any], expand: list[str]) -> dict[str, Any]:
    """The item's extended properties, only when asked for, filtered by id as Graph does (the
    id compared without regard to case); an item without them answers an empty list."""
    props = event.get("singleValueExtendedProperties") or []
    for item in expand:
        if item.startswith("singleValueExtendedProperties"):
            wanted = item.partition("id eq '")[2].rpartition("'")[0].lower()
            return {"singleValueExtendedProperties": [
                p for p in props if not wanted or str(p.get("id", "")).lower() == wanted
            ]}  # fmt: skip
    return {}
