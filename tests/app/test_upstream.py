"""The session to Google and Microsoft reads the environment once when nothing in it needs
reading per call, and honours a proxy and its exceptions when the environment names one."""

from __future__ import annotations

import pytest

from addon import upstream


def test_without_a_proxy_the_environment_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    made = upstream.session()
    assert made.trust_env is False
    assert made.verify == "/etc/ssl/certs/ca-certificates.crt"


def test_with_a_proxy_requests_keeps_reading_it_and_its_exceptions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("https_proxy", "http://proxy.example:3128")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    assert upstream.session().trust_env is True
