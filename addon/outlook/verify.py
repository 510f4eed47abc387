"""Verifying the Microsoft access token the Outlook task pane sends as ``Authorization: Bearer``.

Office single sign-on (or nested app authentication) gives the pane an access token for our API.
We accept it only if Microsoft signed it with RS256 (no other algorithm, so neither ``none`` nor a
key confusion with HS256 gets through), it is within its lifetime, its audience is our app, its
issuer is the token's own tenant, it grants ``access_as_user``, and the account in it is the
mailbox the pane is showing. The tenant is the token's ``tid``. A token whose signature and
lifetime verified is kept while it lives (``addon.verified``); the checks of its claims against
the request are made every time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import jwt
import requests

from addon.errors import AccountMismatchError, AuthError, ConsentRequired, RaincheckError
from addon.keys import KeyCache
from addon.outlook.clouds import CLOUDS, Cloud
from addon.verified import VerifiedTokens

SCOPE = "access_as_user"
# The tenant id of Microsoft personal accounts (consumers), documented by the identity
# platform: https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference (tid).
PERSONAL_ACCOUNTS = "9188040d-6c67-4c5b-b112-36a304b66dad"
_TENANT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


@dataclass(frozen=True)
class MicrosoftUser:
    email: str
    tenant: str  # whose directory: the tenant id (tid), or the directory it is linked to
    object_id: str  # the account's oid, stable across renames
    name: str = ""  # the account's display name, from the token
    # The verified token itself, kept only for this request: Graph's on-behalf-of exchange
    # needs it.
    token: str = field(default="", repr=False)
    # The Microsoft 365 tenant id itself, for Graph's on-behalf-of exchange: a linked
    # directory's name (RAINCHECK_TENANT_LINKS) is no Microsoft tenant.
    tid: str = ""


def parse_jwks(document: Any) -> dict[str, jwt.PyJWK]:
    """Microsoft's JWKS: the RSA signing keys by key id (others cannot sign RS256)."""
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise ValueError("not a JWKS document")
    keys: dict[str, jwt.PyJWK] = {}
    for entry in document["keys"]:
        if not isinstance(entry, Mapping) or entry.get("kty") != "RSA" or not entry.get("kid"):
            continue
        try:
            keys[str(entry["kid"])] = jwt.PyJWK(dict(entry), algorithm="RS256")
        except jwt.PyJWTError:
            continue  # one unusable key must not cost us the others
    return keys


def microsoft_keys(url: str, session: requests.Session, *, timeout: float) -> KeyCache[jwt.PyJWK]:
    # Microsoft publishes no Cache-Control on its JWKS; a day is what its libraries keep them.
    return KeyCache(
        url, session, parse_jwks, provider="Microsoft", timeout=timeout, default_max_age=86400
    )


# The account's other addresses, from Graph on the user's behalf (token, tenant id -> lowercase
# addresses); None when Graph is not configured.
AddressesOf = Callable[[str, str], frozenset[str]]


class MicrosoftVerifier:
    def __init__(
        self,
        keys: KeyCache[jwt.PyJWK],
        *,
        audiences: tuple[str, ...],
        tenants: tuple[str, ...] = (),
        leeway_seconds: int = 60,
        addresses_of: AddressesOf | None = None,
        personal_accounts: bool = True,
        cloud: Cloud = CLOUDS["public"],
    ) -> None:
        self.keys = keys
        self.audiences = audiences
        self.tenants = tuple(t.lower() for t in tenants)  # empty: any tenant (a multi-tenant app)
        self.leeway_seconds = leeway_seconds
        self.addresses_of = addresses_of
        self.personal_accounts = personal_accounts
        self.cloud = cloud
        self.verified = VerifiedTokens(leeway_seconds=leeway_seconds)

    def access_token(self, token: str | None, mailbox: str) -> MicrosoftUser:
        """The user of a valid token for the mailbox ``mailbox`` (the pane's account)."""
        if not token:
            raise AuthError("no Microsoft access token")
        if not self.audiences:
            raise AuthError("no Microsoft application id is configured")
        claims = self._decode(token)
        tenant = str(claims.get("tid", "")).lower()
        if not _TENANT_ID.match(tenant):
            raise AuthError("the token names no tenant")
        if self.tenants and tenant not in self.tenants:
            raise AuthError("the token's tenant is not one this service serves")
        if claims.get("iss") not in self.cloud.issuers(tenant):
            raise AuthError("the token was not issued by its own tenant")
        if SCOPE not in str(claims.get("scp", "")).split():
            raise AuthError(f"the token does not grant {SCOPE}")
        names = _identities(claims)
        if not names:
            raise AuthError("the token names no account")
        if tenant == PERSONAL_ACCOUNTS and not self.personal_accounts:
            raise AuthError("this Raincheck serves work and school accounts only")
        email = mailbox.strip().lower()
        if email not in names and not self._alias(token, tenant, email):
            raise AccountMismatchError(
                "you are signed in to Microsoft with another account than this mailbox's; "
                "sign in again as the mailbox's owner"
            )
        object_id = str(claims.get("oid", "")).lower()
        tid = tenant
        if tenant == PERSONAL_ACCOUNTS:
            # Every Outlook.com, Hotmail and Live account shares this tid: each is its own tenant.
            if not object_id:
                raise AuthError("the token names no account (oid)")
            tenant = f"microsoft-account:{object_id}"
        name = str(claims.get("name") or "").strip()
        return MicrosoftUser(
            email=email, tenant=tenant, object_id=object_id, token=token, name=name, tid=tid
        )

    def _decode(self, token: str) -> Mapping[str, Any]:
        kept = self.verified.get(token, self.audiences)
        if kept is not None:
            return kept
        claims = self._verify(token)
        self.verified.put(token, self.audiences, claims)
        return claims

    def _verify(self, token: str) -> Mapping[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError("the token is not a JWT") from exc
        if header.get("alg") != "RS256":
            raise AuthError("the token is not signed with RS256")
        kid = str(header.get("kid") or "")
        key = self.keys.keys().get(kid) or self.keys.keys(refresh=True).get(kid)
        if key is None:
            raise AuthError("the token's signing key is not one of Microsoft's")
        try:
            return jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=list(self.audiences),
                leeway=self.leeway_seconds,
                options={"require": ["exp", "nbf", "iss", "aud", "tid"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError("the token has expired") from exc
        except jwt.PyJWTError as exc:
            raise AuthError(f"the token did not verify ({type(exc).__name__})") from exc

    def _alias(self, token: str, tenant: str, mailbox: str) -> bool:
        """Whether the mailbox is one of the account's own addresses by Graph: in real tenants
        the sign-in name (preferred_username, upn) is often not the primary SMTP address."""
        if self.addresses_of is None:
            return False
        try:
            return mailbox in self.addresses_of(token, tenant)
        except ConsentRequired:
            raise  # signing in again cures nothing: the user must be told who can consent
        except RaincheckError:
            return False  # Graph could not say: the mismatch stands, the user can sign in


def _identities(claims: Mapping[str, Any]) -> frozenset[str]:
    """Every address the token names the account by: v2 tokens in preferred_username, v1
    tokens in upn or unique_name, and email when the tenant issues it."""
    return frozenset(
        value.strip().lower()
        for name in ("preferred_username", "upn", "unique_name", "email")
        if isinstance(value := claims.get(name), str) and "@" in value
    )
