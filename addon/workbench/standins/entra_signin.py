"""Microsoft's sign-in as MSAL.js meets it in a single-page app: the authorization code flow with
PKCE that the Outlook pane's fallback sign-in runs in an Office dialog, when Outlook offers
neither nested app authentication nor Office single sign-on.

- ``GET /<tenant>/v2.0/.well-known/openid-configuration``: the metadata MSAL.js reads first.
- ``GET /<tenant>/oauth2/v2.0/authorize``: signs in ``login_hint`` at once, as a browser already
  signed in to Microsoft does, and redirects back with a code; ``deny`` makes the user refuse.
- ``POST /<tenant>/oauth2/v2.0/token``: redeems the code once, for the verifier whose S256
  challenge came with it, and answers the access token for the scope asked.

What Microsoft refuses, this refuses (Microsoft identity platform, "OAuth 2.0 authorization code
flow" and "single-page application: app registration"): a redirect URI not registered
(AADSTS50011), no PKCE challenge for a SPA (AADSTS9002325), a code redeemed cross-origin for a
redirect URI registered as Web rather than SPA (AADSTS9002326), a code used twice or a verifier
that does not match (invalid_grant, AADSTS54005 / AADSTS501481). Only the SPA platform's
token endpoint answers cross-origin requests, with CORS headers for the calling origin.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from flask import Flask, Response, jsonify, redirect, request


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass
class EntraSignIn:
    """``sign`` signs an access token's claims with a key the app's verifier trusts."""

    sign: Callable[[dict[str, Any]], str]
    client_id: str
    audience: str  # the API's application id URI or client id, the access token's ``aud``
    tenant: str
    spa_redirect_uris: set[str] = field(default_factory=set)
    web_redirect_uris: set[str] = field(default_factory=set)  # registered, but not as SPA
    deny: bool = False  # the user closes the consent page with "Cancel"
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    record: list[str] = field(default_factory=list)  # "authorize", "token" as they come
    url: str = ""

    def app(self) -> Flask:
        app = Flask("entra-sign-in-stand-in")

        @app.get("/<tenant>/v2.0/.well-known/openid-configuration")
        def openid(tenant: str) -> Any:
            # Public metadata: any origin may read it.
            return _anyone(
                jsonify(
                    {
                        "issuer": f"{self.url}/{self.tenant}/v2.0",
                        "authorization_endpoint": f"{self.url}/{tenant}/oauth2/v2.0/authorize",
                        "token_endpoint": f"{self.url}/{tenant}/oauth2/v2.0/token",
                        "end_session_endpoint": f"{self.url}/{tenant}/oauth2/v2.0/logout",
                        "jwks_uri": f"{self.url}/common/discovery/v2.0/keys",
                        "response_modes_supported": ["query", "fragment", "form_post"],
                    }
                )
            )

        @app.get("/<tenant>/oauth2/v2.0/authorize")
        def authorize(tenant: str) -> Any:
            self.record.append("authorize")
            ask = request.args
            back = ask.get("redirect_uri", "")
            if back not in self.spa_redirect_uris | self.web_redirect_uris:
                return _error_page("AADSTS50011: the redirect URI does not match.")
            if ask.get("client_id") != self.client_id:
                return _error_page("AADSTS700016: no application with this client id.")
            state = {"state": ask.get("state", "")}
            if self.deny:
                answer = {"error": "access_denied", "error_description": "AADSTS65004: the "
                          "user declined to consent.", **state}  # fmt: skip
                return _back(back, ask.get("response_mode", "query"), answer)
            if back in self.spa_redirect_uris and (
                not ask.get("code_challenge") or ask.get("code_challenge_method") != "S256"
            ):
                answer = {"error": "invalid_request", "error_description": "AADSTS9002325: "
                          "Proof Key for Code Exchange is required.", **state}  # fmt: skip
                return _back(back, ask.get("response_mode", "query"), answer)
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "redirect_uri": back,
                "challenge": ask.get("code_challenge", ""),
                "scope": ask.get("scope", ""),
                "nonce": ask.get("nonce", ""),
                "user": ask.get("login_hint") or "anna@lumen.example",
            }
            answer = {"code": code, "client_info": self._client_info(code), **state}
            return _back(back, ask.get("response_mode", "query"), answer)

        @app.route("/<tenant>/oauth2/v2.0/token", methods=["POST", "OPTIONS"])
        def token(tenant: str) -> Any:
            if request.method == "OPTIONS":
                return self._cors(Response(status=204))
            self.record.append("token")
            form = request.form
            granted = self.codes.pop(form.get("code", ""), None)
            if form.get("grant_type") != "authorization_code" or granted is None:
                return self._refuse("invalid_grant", "AADSTS54005: the code was already "
                                    "redeemed, or never issued.")  # fmt: skip
            if form.get("redirect_uri") != granted["redirect_uri"]:
                return self._refuse("invalid_grant", "AADSTS50011: the redirect URI differs.")
            if request.headers.get("Origin") and granted["redirect_uri"] in self.web_redirect_uris:
                return self._refuse(
                    "invalid_request",
                    "AADSTS9002326: Cross-origin token redemption is permitted only for the "
                    "'Single-Page Application' client-type.",
                )
            verifier = form.get("code_verifier", "")
            if _b64(hashlib.sha256(verifier.encode()).digest()) != granted["challenge"]:
                return self._refuse("invalid_grant", "AADSTS501481: the code verifier does "
                                    "not match the code challenge.")  # fmt: skip
            return self._cors(jsonify(self._tokens(granted)))

        return app

    def _oid(self, user: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_DNS, user))

    def _client_info(self, code: str) -> str:
        user = self.codes[code]["user"]
        return _b64(json.dumps({"uid": self._oid(user), "utid": self.tenant}).encode())

    def _tokens(self, granted: dict[str, str]) -> dict[str, Any]:
        now, user = int(time.time()), granted["user"]
        issuer = f"https://login.microsoftonline.com/{self.tenant}/v2.0"
        person = {"oid": self._oid(user), "tid": self.tenant, "preferred_username": user,
                  "name": user.partition("@")[0].title(), "iat": now, "nbf": now,
                  "exp": now + 3600}  # fmt: skip
        access = self.sign(
            {**person, "aud": self.audience, "iss": issuer, "scp": "access_as_user", "ver": "2.0"}
        )
        # MSAL.js reads the ID token's claims (nonce, account) without checking its signature;
        # Microsoft signs it, the stand-in need not.
        id_claims = {**person, "aud": self.client_id, "iss": f"{self.url}/{self.tenant}/v2.0",
                     "nonce": granted["nonce"], "ver": "2.0"}  # fmt: skip
        header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
        id_token = f"{header}.{_b64(json.dumps(id_claims).encode())}."
        return {
            "token_type": "Bearer",
            "scope": " ".join(s for s in granted["scope"].split() if s.startswith("api://")),
            "expires_in": 3600,
            "ext_expires_in": 3600,
            "access_token": access,
            "id_token": id_token,
            "client_info": _b64(json.dumps({"uid": self._oid(user), "utid": self.tenant}).encode()),
        }

    def _cors(self, response: Response) -> Response:
        origin = request.headers.get("Origin")
        # Readable by the app's own origin, so that MSAL.js can show Microsoft's error.
        spa_origins = {_origin(uri) for uri in self.spa_redirect_uris | self.web_redirect_uris}
        if origin and origin in spa_origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Allow-Headers"] = "content-type"
            response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        return response

    def _refuse(self, error: str, description: str) -> Response:
        response = jsonify(error=error, error_description=description, error_codes=[
            int(description.split(":")[0].removeprefix("AADSTS"))])  # fmt: skip
        response.status_code = 400
        return self._cors(response)


def _anyone(response: Response) -> Response:
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}"


def _back(redirect_uri: str, mode: str, answer: dict[str, str]) -> Any:
    separator = "#" if mode == "fragment" else "?"
    return redirect(f"{redirect_uri}{separator}{urlencode(answer)}", code=302)


def _error_page(text: str) -> Response:
    # Microsoft shows its own error page and never goes back to an unregistered redirect URI.
    return Response(f"<p>{text}</p>", status=400, mimetype="text/html")
