"""Only a Microsoft access token for our app, from the mailbox's own account, opens the pane's
API: every other token gets a 401 with the sign-in card, never a card with client data."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization

from addon.outlook.resources import EXTENSION
from tests.support.cardtext import html_lines
from tests.support.google_tokens import Key
from tests.support.microsoft_tokens import (
    APP_ID_URI,
    OTHER_TENANT,
    TENANT,
    access_claims,
    jwk,
    sign,
)
from tests.support.outlook_pane import Outlook, office_item
from tests.support.spy import calls_of

ITEM = office_item("exchange-quarterly-review.eml")


def _part(value: dict[str, Any] | bytes) -> str:
    data = value if isinstance(value, bytes) else json.dumps(value).encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unsigned(claims: dict[str, Any]) -> str:
    return f"{_part({'alg': 'none', 'typ': 'JWT', 'kid': 'microsoft-key-1'})}.{_part(claims)}."


def _hs256_with_public_key(key: Key, claims: dict[str, Any]) -> str:
    """The key-confusion attack: an HMAC keyed with the public key everyone can fetch."""
    private = serialization.load_pem_private_key(key.private_pem, password=None)
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = f"{_part({'alg': 'HS256', 'typ': 'JWT', 'kid': key.kid})}.{_part(claims)}"
    mac = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_part(mac)}"


def _refused(outlook: Outlook, token: str, user: str = "anna@lumen.example") -> dict[str, Any]:
    response = outlook.post(outlook.body(ITEM, user=user), token=token)
    assert response.status_code == 401
    answer: dict[str, Any] = response.get_json()
    assert answer["signin"] is True and answer["do"] == []
    assert "Nordvik" not in answer["card"]
    return answer


@pytest.fixture(scope="module")
def forger() -> Key:
    return Key.make("microsoft-key-1")  # Microsoft's key id, another key


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("forged", lambda o, f: sign(f, access_claims())),
        ("expired", lambda o, f: sign(o.key, access_claims(exp=int(time.time()) - 3600, nbf=int(time.time()) - 7200))),
        ("not yet valid", lambda o, f: sign(o.key, access_claims(nbf=int(time.time()) + 3600))),
        ("no expiry", lambda o, f: sign(o.key, access_claims(exp=None))),
        ("issued by another tenant", lambda o, f: sign(o.key, access_claims(iss=f"https://login.microsoftonline.com/{OTHER_TENANT}/v2.0"))),
        ("issued by someone else", lambda o, f: sign(o.key, access_claims(iss="https://evil.example/v2.0"))),
        ("no tenant", lambda o, f: sign(o.key, access_claims(tid=None, iss="https://login.microsoftonline.com/x/v2.0"))),
        ("wrong audience", lambda o, f: sign(o.key, access_claims(aud="00000003-0000-0000-c000-000000000000"))),
        ("missing scope", lambda o, f: sign(o.key, access_claims(scp="Mail.Read"))),
        ("alg none", lambda o, f: _unsigned(access_claims())),
        ("HS256 with the public key", lambda o, f: _hs256_with_public_key(o.key, access_claims())),
        ("unknown key id", lambda o, f: sign(Key.make("rotated-away"), access_claims())),
        ("not a JWT", lambda o, f: "not-a-token"),
    ],
)  # fmt: skip
def test_a_bad_token_is_refused(outlook: Outlook, forger: Key, name: str, make: Any) -> None:
    _refused(outlook, make(outlook, forger))


def test_no_token_is_refused(outlook: Outlook) -> None:
    response = outlook.client.post("/outlook/api", json=outlook.body(ITEM))
    assert response.status_code == 401


def test_a_token_for_another_account_than_the_mailbox_asks_to_sign_in_again(
    outlook: Outlook,
) -> None:
    # The browser handed over the token of the account it used before.
    answer = _refused(outlook, outlook.token("david@lumen.example"), user="anna@lumen.example")
    lines = html_lines(answer["card"])
    assert lines[0] == "Sign in to use Raincheck"
    assert any("another account than this mailbox" in line for line in lines)
    assert "Sign in again" in lines


def test_a_tenant_outside_the_allowed_list_is_refused(outlook: Outlook) -> None:
    verifier = outlook.app.extensions[EXTENSION].verifier
    verifier.tenants = (OTHER_TENANT,)
    _refused(outlook, outlook.token())
    verifier.tenants = (TENANT,)
    assert outlook.post(outlook.body(ITEM)).status_code == 200


@pytest.mark.parametrize(
    "changes",
    [{}, {"aud": APP_ID_URI}, {"ver": "1.0", "iss": f"https://sts.windows.net/{TENANT}/",
                               "preferred_username": None, "upn": "Anna@Lumen.example"}],
)  # fmt: skip
def test_v1_and_v2_tokens_for_our_app_are_accepted(
    outlook: Outlook, changes: dict[str, Any]
) -> None:
    token = sign(outlook.key, access_claims(**changes))
    assert outlook.post(outlook.body(ITEM), token=token).status_code == 200


def test_the_signing_keys_are_fetched_once_and_again_only_for_a_new_key(outlook: Outlook) -> None:
    for _ in range(3):
        assert outlook.post(outlook.body(ITEM)).status_code == 200
    assert len(outlook.stand_in.fetches) == 1
    rotated = Key.make("microsoft-key-2")
    outlook.stand_in.keys.append(jwk(rotated))
    token = sign(rotated, access_claims())
    # Right after a fetch, an unknown key id does not make us fetch again.
    assert outlook.post(outlook.body(ITEM), token=token).status_code == 401
    keys = outlook.app.extensions[EXTENSION].verifier.keys
    start = keys.clock()
    keys.clock = lambda: start + 61
    assert outlook.post(outlook.body(ITEM), token=token).status_code == 200
    assert len(outlook.stand_in.fetches) == 2


def test_microsoft_personal_accounts_are_each_a_tenant_of_their_own(outlook: Outlook) -> None:
    """Every Outlook.com account carries the same tid; Alice's tier must not show for Bob."""
    personal = "9188040d-6c67-4c5b-b112-36a304b66dad"
    item = office_item("floating.ics")

    def ask(user: str, **kw: Any) -> dict[str, Any]:
        body = outlook.body(item, user=user, **kw)
        token = sign(outlook.key, access_claims(user, tid=personal))
        response = outlook.post(body, token=token)
        assert response.status_code == 200, response.get_json()
        answer: dict[str, Any] = response.get_json()
        return answer

    alice, bob = "alice@outlook.com", "bob@outlook.com"
    assert html_lines(ask(alice)["card"])[0] == "Unknown client"
    ask(alice, action="set_tier", params={"tier": "strategic", "key": "example.org"},
        form={"client_name": "Example Org"})  # fmt: skip
    assert html_lines(ask(alice)["card"])[0] == "Example Org"
    assert html_lines(ask(bob)["card"])[0] == "Unknown client"


def test_a_national_cloud_needs_its_outlook_origins_and_changes_every_endpoint(
    microsoft_key: Key, tmp_path: Path
) -> None:
    from addon.app import create_app
    from addon.errors import ConfigError
    from addon.workbench.standins.microsoft import JWKS_PATH, MicrosoftStandIn
    from tests.support.microsoft_tokens import TENANT, jwk
    from tests.support.outlook_pane import outlook_config
    from tests.support.server import serve

    with serve(MicrosoftStandIn(keys=[jwk(microsoft_key)])) as stand_in:
        base = outlook_config(tmp_path, stand_in.url + JWKS_PATH) | {"MICROSOFT_CLOUD": "usgov"}
        with pytest.raises(ConfigError, match="OUTLOOK_FRAME_ORIGINS"):
            create_app(base)
        app = create_app(base | {"OUTLOOK_FRAME_ORIGINS": "https://outlook.office365.us"})
        pane = Outlook(app.test_client(), microsoft_key, stand_in, app)
        csp = pane.client.get("/outlook/taskpane").headers["Content-Security-Policy"]
        assert csp.endswith("frame-ancestors 'self' https://outlook.office365.us")
        verifier = app.extensions[EXTENSION].verifier
        assert verifier.cloud.login == "https://login.microsoftonline.us"
        gov = access_claims(iss=f"https://login.microsoftonline.us/{TENANT}/v2.0")
        assert (
            pane.post(
                pane.body(office_item("floating.ics")), token=sign(microsoft_key, gov)
            ).status_code
            == 200
        )
        # A public-cloud token is not one of this cloud's; nor is a v1 issuer it never uses.
        for iss in (f"https://login.microsoftonline.com/{TENANT}/v2.0",
                    f"https://sts.windows.net/{TENANT}/"):  # fmt: skip
            token = sign(microsoft_key, access_claims(iss=iss))
            assert pane.post(pane.body(office_item("floating.ics")), token=token).status_code == 401
    defaults = create_app(
        {"MICROSOFT_CLOUD": "china", "OUTLOOK_FRAME_ORIGINS": "https://partner.outlook.cn",
         "MICROSOFT_CLIENT_ID": "c", "PUBLIC_URL": "https://rc.example.cn"}
    )  # fmt: skip
    keys = defaults.extensions[EXTENSION].verifier.keys
    assert keys.url == "https://login.partner.microsoftonline.cn/common/discovery/v2.0/keys"


def test_a_token_is_verified_once_and_its_account_checked_every_time(
    outlook: Outlook, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jwt as pyjwt

    decoded = calls_of(monkeypatch, pyjwt, "decode")
    token = sign(outlook.key, access_claims())
    for _ in range(3):
        assert outlook.post(outlook.body(ITEM), token=token).status_code == 200
    assert len(decoded) == 1
    # The verified token is still not good for another mailbox than its account's.
    other = outlook.body(ITEM, user="per@lumen.example")
    assert outlook.post(other, token=token).status_code != 200
