"""Every letter Raincheck writes for the fixtures, for each user, reason, strategy, language and
tone, before and after the meetings, passes the audit of what an account manager would never
send (tests/support/audit.py; scripts/letters-audit prints the same counts)."""

from __future__ import annotations

from tests.support import audit


def test_no_letter_an_account_manager_would_not_send() -> None:
    found = audit.run()
    assert found.letters > 5000  # every fixture, user, reason, strategy, language and tone
    assert audit.report(found).splitlines()[1:] == ["every count is zero"]


def test_every_language_has_the_phrases_the_audit_looks_for() -> None:
    from addon.i18n import LANGS

    for lang in LANGS:
        assert set(audit.PHRASES.get(lang, {})) == set(audit.PHRASES["en"]), lang
