"""Tokens as Google signs them, signed here by a test key whose certificate the stand-in
serves; and a second key Google never had, for forgeries."""

from __future__ import annotations

import time
from typing import Any

from addon.workbench.devkey import DevKey

PUBLIC_URL = "https://raincheck.test"
SERVICE_ACCOUNT = "service-123456789@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
CLIENT_ID = "123456789-raincheck.apps.googleusercontent.com"


# A signing key with its certificate (as Google publishes them) and its JWK (as Microsoft
# does): the workbench's development key serves the tests as well.
Key = DevKey


def system_claims(path: str, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": "https://accounts.google.com",
        "aud": PUBLIC_URL + path,
        "azp": "1122334455",
        "email": SERVICE_ACCOUNT,
        "email_verified": True,
        "iat": now,
        "exp": now + 3600,
        "sub": "1122334455",
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}


def user_claims(email: str, hd: str | None = None, **changes: Any) -> dict[str, Any]:
    now = int(time.time())
    claims = {
        "iss": "accounts.google.com",
        "aud": CLIENT_ID,
        "azp": CLIENT_ID,
        "sub": str(abs(hash(email))),
        "email": email,
        "email_verified": True,
        "hd": hd,
        "iat": now,
        "exp": now + 3600,
    }
    claims.update(changes)
    return {k: v for k, v in claims.items() if v is not None}
