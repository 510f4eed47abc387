"""What the security review found holding, kept: at every route that takes a request body,
bad credentials get 401 and oversized bodies 413, and the list of routes cannot grow without
this file knowing (README, "Security and faults")."""

from __future__ import annotations

import time

import pytest
from flask import Flask

from addon.app import create_app
from tests.google.test_google_auth import _unsigned
from tests.support.google_addon import Google
from tests.support.google_tokens import Key, system_claims, user_claims
from tests.support.microsoft_tokens import access_claims, sign
from tests.support.outlook_pane import Outlook, office_item

GOOGLE_ROUTES = [
    "/gmail/home", "/gmail/message", "/gmail/compose", "/gmail/action",
    "/calendar/home", "/calendar/event", "/calendar/action",
]  # fmt: skip
LIMIT = 2 * 1024 * 1024  # RAINCHECK_MAX_CONTENT_LENGTH's default


def _posts(app: Flask) -> set[str]:
    return {r.rule for r in app.url_map.iter_rules() if "POST" in (r.methods or set())}


def test_the_production_routes_that_take_a_body_are_exactly_these(tmp_path: object) -> None:
    app = create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})
    assert _posts(app) == {*GOOGLE_ROUTES, "/outlook/api"}


def _bad_google_tokens(google: Google, path: str) -> dict[str, tuple[str, str | None]]:
    """Name -> (system token, user token or None for a good one)."""
    forger = Key.make("google-key-1")  # Google's key id, another key
    old = {"exp": int(time.time()) - 600, "iat": int(time.time()) - 4000}
    anna = ("anna@lumen.example", "lumen.example")
    good = google.key.sign(system_claims(path))
    return {
        "missing": ("", None),
        "forged": (forger.sign(system_claims(path)), None),
        "expired": (google.key.sign(system_claims(path, **old)), None),
        "another-route": (google.key.sign(system_claims("/elsewhere")), None),
        "another-service-account": (google.key.sign(system_claims(path, email="x@evil.example")), None),
        "alg-none": (_unsigned(system_claims(path), "none"), None),
        "hs256": (_unsigned(system_claims(path), "HS256"), None),
        "garbage": ("not.a.token", None),
        "user-forged": (good, forger.sign(user_claims(*anna))),
        "user-expired": (good, google.key.sign(user_claims(*anna, **old))),
        "user-another-audience": (good, google.key.sign(user_claims(*anna, aud="x.apps.googleusercontent.com"))),
        "user-alg-none": (good, _unsigned(user_claims(*anna), "none")),
    }  # fmt: skip


@pytest.mark.parametrize("path", GOOGLE_ROUTES)
def test_every_google_route_refuses_every_bad_token(google: Google, path: str) -> None:
    refused = 0
    for name, (system, user) in _bad_google_tokens(google, path).items():
        response = google.post(path, google.event(user_token=user), bearer=system)
        assert response.status_code == 401, name
        assert set(response.get_json()) == {"error"}, name
        refused += 1
    print(f"\n{path}: {refused} bad tokens, {refused} refused")


def test_the_outlook_api_refuses_every_bad_token(outlook: Outlook) -> None:
    forger = Key.make("microsoft-key-1")
    old = {"exp": int(time.time()) - 600, "nbf": int(time.time()) - 4000}
    bad = {
        "missing": "",
        "forged": sign(forger, access_claims()),
        "expired": sign(outlook.key, access_claims(**old)),
        "another-audience": sign(outlook.key, access_claims(aud="api://elsewhere")),
        "another-account": sign(outlook.key, access_claims("bob@lumen.example")),
        "garbage": "not.a.token",
    }
    for name, token in bad.items():
        response = outlook.post(outlook.body(office_item("floating.ics")), token=token)
        assert response.status_code == 401, name


@pytest.mark.parametrize("size", [LIMIT + 1, 10 * 1024 * 1024, 100 * 1024 * 1024])
def test_every_route_refuses_a_body_over_the_limit(
    google: Google, outlook: Outlook, size: int
) -> None:
    body = b"{" + b" " * (size - 2) + b"}"
    for path in GOOGLE_ROUTES:
        token = google.key.sign(system_claims(path))
        response = google.client.post(path, data=body, content_type="application/json",
                                      headers={"Authorization": f"Bearer {token}"})  # fmt: skip
        assert response.status_code == 413, path
    response = outlook.client.post("/outlook/api", data=body, content_type="application/json",
                                   headers={"Authorization": f"Bearer {outlook.token()}"})  # fmt: skip
    assert response.status_code == 413
