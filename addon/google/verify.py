"""Verifying that a request comes from Google on behalf of a user.

The system ID token (``Authorization: Bearer``) proves the call comes from our add-on's
deployment: Google's signature, Google's issuer, our endpoint as audience, our service account as
``email``. The user ID token in the event object says who the user is (audience: our OAuth
client id); their tenant is the Workspace domain (``hd``) or their address's domain.

Google's signing certificates are kept in a ``KeyCache``, and a token verified once in
``VerifiedTokens`` while it lives (Google sends the same tokens with each request).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import requests
from google.auth import exceptions as google_exceptions
from google.auth import jwt

from addon.errors import AuthError
from addon.keys import KeyCache
from addon.verified import VerifiedTokens

GOOGLE_ISSUERS = ("accounts.google.com", "https://accounts.google.com")


@dataclass(frozen=True)
class GoogleUser:
    email: str
    tenant: str
    name: str = ""  # from the token (the profile scope), when Google gives it


CertCache = KeyCache[str]


def parse_certs(document: Any) -> dict[str, str]:
    """Google's certificate document: PEM certificates by key id."""
    if not isinstance(document, dict):
        raise ValueError("Google's certificates are not a JSON object")
    return {str(k): str(v) for k, v in document.items()}


def google_certs(url: str, session: requests.Session, *, timeout: float) -> CertCache:
    return KeyCache(url, session, parse_certs, provider="Google", timeout=timeout)


class GoogleVerifier:
    def __init__(
        self,
        certs: CertCache,
        *,
        service_accounts: tuple[str, ...],
        oauth_client_ids: tuple[str, ...],
        clock_skew_seconds: int = 60,
    ) -> None:
        self.certs = certs
        self.service_accounts = tuple(s.lower() for s in service_accounts)
        self.oauth_client_ids = oauth_client_ids
        self.clock_skew_seconds = clock_skew_seconds
        self.verified = VerifiedTokens(leeway_seconds=clock_skew_seconds)

    def system_token(self, token: str | None, audience: str) -> Mapping[str, Any]:
        """The claims of Google's system ID token for a call to ``audience``."""
        if not token:
            raise AuthError("no Google system ID token")
        if not self.service_accounts:
            raise AuthError("no add-on service account is configured")
        claims = self._decode(token, audience)
        if str(claims.get("email", "")).lower() not in self.service_accounts:
            raise AuthError("the token was not issued to this add-on's service account")
        if claims.get("email_verified") is not True:
            raise AuthError("the service account's address is not verified")
        return claims

    def user_token(self, token: str | None) -> GoogleUser:
        if not token:
            raise AuthError("no user ID token: the add-on needs the userinfo.email scope")
        if not self.oauth_client_ids:
            raise AuthError("no OAuth client id is configured")
        claims = self._decode(token, list(self.oauth_client_ids))
        email = str(claims.get("email", "")).lower()
        if "@" not in email or claims.get("email_verified") is not True:
            raise AuthError("the user ID token has no verified address")
        subject = str(claims.get("sub", "")).strip()
        if not subject:
            raise AuthError("the user ID token names no account (sub)")
        name = str(claims.get("name") or "").strip()
        return GoogleUser(email=email, tenant=tenant_of(claims.get("hd"), subject), name=name)

    def _decode(self, token: str, audience: str | list[str]) -> Mapping[str, Any]:
        scope = audience if isinstance(audience, str) else tuple(audience)
        kept = self.verified.get(token, scope)
        if kept is not None:
            return kept
        claims = self._try(token, audience, refresh=False)
        if claims is None:
            claims = self._try(token, audience, refresh=True)
        if claims is None:
            raise AuthError("the token's signing key is not one of Google's")
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise AuthError("the token was not issued by Google")
        self.verified.put(token, scope, claims)
        return claims

    def _try(
        self, token: str, audience: str | list[str], *, refresh: bool
    ) -> Mapping[str, Any] | None:
        try:
            claims = jwt.decode(  # type: ignore[no-untyped-call]  # google-auth is untyped here
                token,
                certs=self.certs.keys(refresh=refresh),
                audience=audience,
                clock_skew_in_seconds=self.clock_skew_seconds,
            )
        except ValueError as exc:
            if "Certificate for key id" in str(exc) and not refresh:
                return None  # a new key: fetch the certificates again, once
            raise AuthError(f"the token did not verify ({_reason(exc)})") from exc
        except (google_exceptions.GoogleAuthError, TypeError, KeyError) as exc:
            raise AuthError(f"the token did not verify ({_reason(exc)})") from exc
        return dict(claims)


def tenant_of(hosted_domain: object, subject: str) -> str:
    """The Workspace domain (``hd``); an account without one is a tenant of its own, keyed by
    its stable id. Never the address's domain: a consumer Google account may use any address
    (yahoo.co.uk, t-online.de, or a company's own domain it does not belong to), and strangers
    must never share a directory (SPEC §5)."""
    if isinstance(hosted_domain, str) and hosted_domain:
        return hosted_domain.lower()
    return f"google-account:{subject}"


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    # google-auth puts the whole token in some messages; never echo it.
    text = re.sub(r"[\w-]{20,}\.[\w-]{20,}\.[\w-]{20,}", "<token>", text)
    return text[:120]
