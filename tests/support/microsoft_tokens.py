"""Access tokens as Microsoft's identity platform signs them for Office single sign-on, signed
here by a test key whose public half the stand-in serves as Microsoft's JWKS."""

from __future__ import annotations

import time
import uuid
from typing import Any

from tests.support.google_tokens import PUBLIC_URL, Key

CLIENT_ID = "3f5d8a2e-6b1c-4e7a-9d0f-2a4b6c8e0f13"
APP_ID_URI = f"api://{PUBLIC_URL.removeprefix('https://')}/{CLIENT_ID}"
TENANT = "a1b2c3d4-e5f6-4789-abcd-ef0123456789"  # Lumen's Microsoft 365 tenant (fictional)
OTHER_TENANT = "0f0e0d0c-0b0a-4909-8807-060504030201"


def jwk(key: Key) -> dict[str, Any]:
    return key.jwk


def access_claims(email: str = "anna@lumen.example", **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    tenant = changes.pop("tid", TENANT)
    claims: dict[str, Any] = {
        "aud": CLIENT_ID,
        "iss": f"https://login.microsoftonline.com/{tenant}/v2.0",
        "iat": now,
        "nbf": now,
        "exp": now + 3600,
        "name": email.partition("@")[0].title(),
        "oid": str(uuid.uuid5(uuid.NAMESPACE_DNS, email)),
        "preferred_username": email,
        "scp": "access_as_user",
        "tid": tenant,
        "ver": "2.0",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def sign(key: Key, claims: dict[str, Any]) -> str:
    return key.sign(claims)
