"""A development signing key, made per process, that stands in for Google's and Microsoft's.

The workbench's stand-in publishes it where the app's verifiers look for Google's certificates
and Microsoft's keys, so the very same verification code checks the workbench's tokens. A
production app fetches the real providers' keys and refuses these tokens.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm

GOOGLE_SERVICE_ACCOUNT = "workbench@raincheck-workbench.iam.gserviceaccount.com"
GOOGLE_CLIENT_ID = "raincheck-workbench.apps.googleusercontent.com"
MICROSOFT_CLIENT_ID = "00000000-7261-696e-6368-65636b000001"
MICROSOFT_TENANT = "00000000-7261-696e-6368-65636b00dead"  # the workbench's own tenant


@dataclass(frozen=True)
class DevKey:
    kid: str
    private_pem: bytes
    cert_pem: str
    jwk: dict[str, Any]

    @classmethod
    def make(cls, kid: str | None = None) -> DevKey:
        kid = kid or f"raincheck-dev-{uuid.uuid4().hex[:8]}"
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, kid)])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(private.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=7))
            .sign(private, hashes.SHA256())
        )
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        public = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
        jwk = {**public, "kid": kid, "use": "sig", "alg": "RS256"}
        return cls(kid, pem, cert.public_bytes(serialization.Encoding.PEM).decode(), jwk)

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.private_pem, algorithm="RS256", headers={"kid": self.kid})

    def google_system_token(self, audience: str) -> str:
        """What Google sends as ``Authorization: Bearer`` to an add-on endpoint."""
        return self.sign(
            _lifetime()
            | {
                "iss": "https://accounts.google.com",
                "aud": audience,
                "sub": "workbench",
                "email": GOOGLE_SERVICE_ACCOUNT,
                "email_verified": True,
            }
        )

    def google_user_token(self, email: str, name: str = "", *, workspace: str = "") -> str:
        """The user ID token in the event object, for a Workspace at ``workspace`` (by
        default the address's domain)."""
        return self.sign(
            _lifetime()
            | {
                "iss": "https://accounts.google.com",
                "aud": GOOGLE_CLIENT_ID,
                "azp": GOOGLE_CLIENT_ID,
                "sub": str(uuid.uuid5(uuid.NAMESPACE_DNS, email)),
                "email": email,
                "email_verified": True,
                "hd": workspace or email.rpartition("@")[2],
                **({"name": name} if name else {}),
            }
        )

    def microsoft_access_token(self, email: str, name: str = "") -> str:
        """What Office single sign-on gives the pane for Raincheck's API."""
        return self.sign(
            _lifetime()
            | {
                "iss": f"https://login.microsoftonline.com/{MICROSOFT_TENANT}/v2.0",
                "aud": MICROSOFT_CLIENT_ID,
                "tid": MICROSOFT_TENANT,
                "oid": str(uuid.uuid5(uuid.NAMESPACE_DNS, email)),
                "preferred_username": email,
                "scp": "access_as_user",
                "ver": "2.0",
                **({"name": name} if name else {}),
            }
        )


def _lifetime() -> dict[str, int]:
    now = int(time.time())
    return {"iat": now, "nbf": now, "exp": now + 3600}
