"""A request without ``userIdToken``: Google leaves it out when the user has not granted
``userinfo.email`` (the alternate-runtimes guide: the user ID token comes with that scope; under
granular consent the user may leave it unticked). The system token is still verified and a bad
one is still a 401; a good one gets an answer Google can show that asks the user to authorize,
never an HTTP error."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.cardcheck import render_actions, texts, trigger_card
from tests.support.google_addon import MESSAGE, SCOPES, THREAD, Google

EMAIL = "https://www.googleapis.com/auth/userinfo.email"
WITHOUT_EMAIL = [s for s in SCOPES if s != EMAIL]
GMAIL = {"messageId": MESSAGE, "threadId": THREAD, "accessToken": "gmail-message-token"}


def _without_user_token(body: dict[str, Any]) -> dict[str, Any]:
    del body["authorizationEventObject"]["userIdToken"]
    return body


@pytest.mark.parametrize(
    ("path", "context"),
    [("/gmail/home", {}), ("/gmail/message", {"gmail": GMAIL}), ("/calendar/home", {})],
)
def test_without_the_email_scope_it_asks_for_it(
    google: Google, path: str, context: dict[str, Any]
) -> None:
    body = _without_user_token(google.event(scopes=WITHOUT_EMAIL, **context))
    response = google.post(path, body)
    assert response.status_code == 200
    assert response.get_json() == {"requesting_google_scopes": {"scopes": [EMAIL]}}


@pytest.mark.parametrize(
    ("path", "context"), [("/gmail/home", {}), ("/gmail/message", {"gmail": GMAIL})]
)
def test_with_the_scope_granted_but_no_token_a_card_says_to_authorize_again(
    google: Google, path: str, context: dict[str, Any]
) -> None:
    response = google.post(path, _without_user_token(google.event(**context)))
    assert response.status_code == 200
    card = trigger_card(response.get_json())
    assert "Google did not tell Raincheck" in texts(card)


def test_a_card_action_without_the_token_answers_with_render_actions(google: Google) -> None:
    body = _without_user_token(google.event(params={"action": "home"}))
    response = google.post("/gmail/action", body)
    assert response.status_code == 200
    render_actions(response.get_json())


def test_without_the_user_token_a_bad_system_token_is_still_refused(google: Google) -> None:
    body = _without_user_token(google.event(scopes=WITHOUT_EMAIL))
    assert google.post("/gmail/home", body, bearer="not.a.token").status_code == 401
    assert google.post("/gmail/home", body, bearer="").status_code == 401
