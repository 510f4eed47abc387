"""Every Google request is verified; anything that does not verify is a 401, never a card."""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

import pytest

from addon.errors import AuthError
from addon.google.resources import EXTENSION
from tests.support.google_addon import Google
from tests.support.google_tokens import Key, system_claims, user_claims
from tests.support.spy import calls_of

PATH = "/gmail/home"


def _unsigned(claims: dict[str, object], alg: str) -> str:
    def part(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return f"{part({'alg': alg, 'typ': 'JWT', 'kid': 'google-key-1'})}.{part(claims)}.c2ln"


def test_a_verified_request_is_answered(google: Google) -> None:
    response = google.post(PATH, google.event())
    assert response.status_code == 200
    assert "pushCard" in response.get_json()["action"]["navigations"][0]


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(lambda key, forger: "", id="missing"),
        pytest.param(lambda key, forger: forger.sign(system_claims(PATH)), id="forged"),
        pytest.param(lambda key, forger: key.sign(system_claims(PATH, exp=int(time.time()) - 600,
                                                                iat=int(time.time()) - 4000)), id="expired"),
        pytest.param(lambda key, forger: key.sign(system_claims("/gmail/action")), id="wrong-audience"),
        pytest.param(lambda key, forger: key.sign(system_claims(PATH, email="someone@evil.example")), id="wrong-service-account"),
        pytest.param(lambda key, forger: key.sign(system_claims(PATH, email_verified=False)), id="unverified-email"),
        pytest.param(lambda key, forger: key.sign(system_claims(PATH, iss="https://evil.example")), id="wrong-issuer"),
        pytest.param(lambda key, forger: _unsigned(system_claims(PATH), "none"), id="alg-none"),
        pytest.param(lambda key, forger: _unsigned(system_claims(PATH), "HS256"), id="hs256"),
        pytest.param(lambda key, forger: "not.a.token", id="garbage"),
    ],
)  # fmt: skip
def test_bad_system_tokens_are_refused(google: Google, token, forger: Key) -> None:  # type: ignore[no-untyped-def]
    response = google.post(PATH, google.event(), bearer=token(google.key, forger) or "")
    assert response.status_code == 401
    assert set(response.get_json()) == {"error"}


@pytest.mark.parametrize(
    "changes",
    [{"aud": "someone-else.apps.googleusercontent.com"}, {"email_verified": False},
     {"exp": int(time.time()) - 600, "iat": int(time.time()) - 4000}],
    ids=["wrong-audience", "unverified", "expired"],
)  # fmt: skip
def test_bad_user_tokens_are_refused(google: Google, changes: dict[str, object]) -> None:
    token = google.key.sign(user_claims("anna@lumen.example", "lumen.example", **changes))
    response = google.post(PATH, google.event(user_token=token))
    assert response.status_code == 401


def test_a_user_token_signed_by_someone_else_is_refused(google: Google, forger: Key) -> None:
    token = forger.sign(user_claims("anna@lumen.example", "lumen.example"))
    assert google.post(PATH, google.event(user_token=token)).status_code == 401


def test_googles_certificates_are_fetched_once_not_per_request(google: Google) -> None:
    for _ in range(5):
        assert google.post(PATH, google.event()).status_code == 200
    assert len(google.stand_in.calls("/oauth2/v1/certs")) == 1


def test_a_new_signing_key_is_picked_up_with_one_more_fetch(google: Google) -> None:
    assert google.post(PATH, google.event()).status_code == 200
    rotated = Key.make("google-key-2")
    google.stand_in.certs[rotated.kid] = rotated.cert_pem
    token = rotated.sign(system_claims(PATH))
    body = google.event(user_token=rotated.sign(user_claims("anna@lumen.example", "lumen.example")))
    # Right after a fetch an unknown key id does not make us fetch again: anyone could send
    # made-up key ids to hammer Google through us.
    assert google.post(PATH, body, bearer=token).status_code == 401
    assert len(google.stand_in.calls("/oauth2/v1/certs")) == 1
    certs = google.app.extensions[EXTENSION].verifier.certs
    start = certs.clock()
    certs.clock = lambda: start + 61
    assert google.post(PATH, body, bearer=token).status_code == 200
    assert len(google.stand_in.calls("/oauth2/v1/certs")) == 2


@pytest.mark.parametrize(
    ("email", "hd", "tenant"),
    [("anna@lumen.example", "lumen.example", "lumen.example"),
     ("anna@sub.lumen.example", "lumen.example", "lumen.example"),
     # Without a Workspace, an account is a tenant of its own, whatever its address says:
     # free mail the old list missed, or a company's domain the account does not belong to.
     ("olle@bakery.example", None, "google-account:104"),
     ("someone@gmail.com", None, "google-account:104"),
     ("someone@yahoo.co.uk", None, "google-account:104"),
     ("someone@t-online.de", None, "google-account:104"),
     ("mallory@lumen.example", None, "google-account:104")],
)  # fmt: skip
def test_the_tenant_is_the_workspace_domain_else_the_account_itself(
    google: Google, email: str, hd: str | None, tenant: str
) -> None:
    verifier = google.app.extensions[EXTENSION].verifier
    token = google.key.sign(user_claims(email, hd, sub="104"))
    assert verifier.user_token(token).tenant == tenant


def test_a_user_token_without_an_account_id_is_refused(google: Google) -> None:
    verifier = google.app.extensions[EXTENSION].verifier
    with pytest.raises(AuthError, match="names no account"):
        verifier.user_token(google.key.sign(user_claims("someone@gmail.com", sub=None)))


@pytest.fixture(scope="module")
def forger() -> Key:
    return Key.make("google-key-1")  # the same key id as Google's, another key


def test_a_refused_token_logs_its_audience_and_issuer_never_the_token(
    google: Google, caplog: pytest.LogCaptureFixture
) -> None:
    token = google.key.sign(system_claims("/gmail/action"))  # issued for another endpoint
    with caplog.at_level("WARNING"):
        assert google.post(PATH, google.event(), bearer=token).status_code == 401
    logged = caplog.text
    assert "aud=https://raincheck.test/gmail/action" in logged
    assert "iss=https://accounts.google.com" in logged
    assert f"expected aud=https://raincheck.test{PATH}" in logged
    assert token not in logged and token.split(".")[1] not in logged


def test_the_accepted_audience_can_be_another_address_than_the_public_one(
    google: Google, tmp_path: Path
) -> None:
    from addon.app import create_app
    from tests.support.google_addon import google_config

    app = create_app(google_config(google.stand_in.url, tmp_path,
                                   GOOGLE_AUDIENCE_URL="https://internal.example.com"))  # fmt: skip
    moved = Google(app.test_client(), google.key, google.stand_in, app)
    internal = google.key.sign(system_claims(PATH, aud=f"https://internal.example.com{PATH}"))
    assert moved.post(PATH, moved.event(), bearer=internal).status_code == 200
    public = google.key.sign(system_claims(PATH))
    assert moved.post(PATH, moved.event(), bearer=public).status_code == 401


def test_the_same_tokens_are_verified_once_while_they_live(
    google: Google, monkeypatch: pytest.MonkeyPatch
) -> None:
    from google.auth import jwt as google_jwt

    decoded = calls_of(monkeypatch, google_jwt, "decode")
    system = google.key.sign(system_claims(PATH))
    user = google.key.sign(user_claims("anna@lumen.example", "lumen.example"))
    for _ in range(3):
        answer = google.post(PATH, google.event(user_token=user), bearer=system)
        assert answer.status_code == 200
    assert len(decoded) == 2  # the system ID token and the user ID token, once each


def test_a_system_token_verified_for_one_endpoint_is_refused_at_another(google: Google) -> None:
    token = google.key.sign(system_claims(PATH))
    assert google.post(PATH, google.event(), bearer=token).status_code == 200
    assert google.post("/gmail/action", google.event(), bearer=token).status_code == 401
