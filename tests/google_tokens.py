"""Tokens as Google signs them, signed here by a test key whose certificate the stand-in
serves; and a second key Google never had, for forgeries."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt

PUBLIC_URL = "https://raincheck.test"
SERVICE_ACCOUNT = "service-123456789@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
CLIENT_ID = "123456789-raincheck.apps.googleusercontent.com"


@dataclass(frozen=True)
class Key:
    kid: str
    private_pem: bytes
    cert_pem: str

    @classmethod
    def make(cls, kid: str) -> Key:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, kid)])
        now = dt.datetime.now(dt.UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(private.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .sign(private, hashes.SHA256())
        )
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        return cls(kid, pem, cert.public_bytes(serialization.Encoding.PEM).decode())

    def sign(self, claims: dict[str, Any]) -> str:
        signer = crypt.RSASigner.from_string(self.private_pem, key_id=self.kid)
        return jwt.encode(signer, claims).decode()


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
