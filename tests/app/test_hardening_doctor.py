"""``raincheck doctor`` refuses a public URL that is not https, localhost included: Google and
Microsoft call add-ons only over HTTPS (issue 28, point 10)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import Result

Cli = Callable[..., Result]

READY = {
    "GOOGLE_SERVICE_ACCOUNT": "service-1@gcp-sa-gsuiteaddons.iam.gserviceaccount.com",
    "GOOGLE_OAUTH_CLIENT_ID": "123.apps.googleusercontent.com",
    "MICROSOFT_CLIENT_ID": "11111111-1111-1111-1111-111111111111",
}


@pytest.mark.parametrize(
    ("public_url", "refused"),
    [
        ("http://localhost", True),
        ("http://localhost:8000", True),
        ("http://127.0.0.1:5000", True),
        ("http://rc.example.com", True),
        ("https://rc.example.com", False),
        ("HTTPS://rc.example.com", False),
        ("https://localhost:8443", False),
    ],
)
def test_doctor_refuses_a_public_url_that_is_not_https(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, public_url: str, refused: bool
) -> None:
    for name, value in {**READY, "PUBLIC_URL": public_url}.items():
        monkeypatch.setenv(f"RAINCHECK_{name}", value)
    result = cli("doctor")
    problem = (
        f"problem: RAINCHECK_PUBLIC_URL {public_url} is not https: Google and Microsoft call "
        "add-ons only over HTTPS"
    )
    assert (problem in result.err) is refused, result.err
    assert result.code == (2 if refused else 0), result.err
