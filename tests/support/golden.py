"""The golden letters: every strategy in every language and tone for three scenarios, kept as
text in tests/golden/letters/ so a change of wording shows as a diff, to be read before it is
committed. ``scripts/golden`` (``python -m tests.support.golden``) writes them anew."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from addon.i18n import LANGS
from addon.invite import read_invite
from addon.invite.model import Person
from addon.triage.weigh import ClientProfile
from addon.writing.briefing import BriefingNotes, write_briefing
from addon.writing.letters import Voice, write_reply
from tests.support.paths import TESTS, invite_bytes

GOLDEN = TESTS / "golden" / "letters"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)  # before every scenario's meeting
ANNA = Person("anna@lumen.example", "Anna Berg")
DAVID = Person("david@lumen.example", "David Ek")


@dataclass(frozen=True)
class Scenario:
    name: str
    fixture: str
    me: Person
    reason: str
    strategies: tuple[str, ...]
    client: str
    account_manager: Person | None = None


SCENARIOS = (
    # An account manager, a strategic client, at the client's office, another commitment.
    Scenario("quarterly-review", "exchange-quarterly-review.eml", ANNA, "conflict",
             ("phone", "shorter", "move", "email"), "Nordvik Logistik AB"),
    # A designer on a Swedish renewal the account manager covers.
    Scenario("renewal", "teams-renewal.eml", DAVID, "colleague_covers",
             ("delegate", "phone", "email"), "Solberg Energi", ANNA),
    # A repetitive online status call.
    Scenario("status-update", "zoom-status.eml", ANNA, "repetitive",
             ("email", "shorter", "phone"), "Cobalt & Pine"),
)  # fmt: skip
NOTES = BriefingNotes({"status": "The draft contract is with legal.", "points": "Keep the price."})


def render(scenario: Scenario, lang: str) -> str:
    invite = read_invite(invite_bytes(scenario.fixture))
    parts: list[str] = []
    for strategy in scenario.strategies:
        for tone in ("warm", "formal"):
            voice = Voice(locale=lang, tone=tone, tz=STOCKHOLM, signature=scenario.me.display_name)  # type: ignore[arg-type]
            draft = write_reply(
                invite, strategy, me=scenario.me, voice=voice, call="+46 70 123 45 67",
                account_manager=scenario.account_manager, client=scenario.client,
                briefed=True, reason=scenario.reason, now=NOW,  # type: ignore[arg-type]
            )  # fmt: skip
            parts.append(f"=== {strategy}, {tone}: to {', '.join(draft.to)}\n{draft.text}")
            if strategy == "delegate" and scenario.account_manager is not None:
                profile = ClientProfile(
                    client_id=1, name=scenario.client, tier="key", weight="medium",
                    revenue_share=None, account_manager=scenario.account_manager.email,
                    matched_by="domain", matched_key="", meetings_90d=2, reasons=(),
                )  # fmt: skip
                briefing = write_briefing(
                    invite, me=scenario.me, voice=voice, profile=profile,
                    account_manager=scenario.account_manager, notes=NOTES, call="+46 70 123 45 67",
                    now=NOW, reason=scenario.reason,  # type: ignore[arg-type]
                )  # fmt: skip
                parts.append(f"=== briefing, {tone}: to {', '.join(briefing.to)}\n{briefing.text}")
    return "\n".join(parts)


def expected(langs: tuple[str, ...] = ()) -> dict[Path, str]:
    """Every golden letter, in every language Raincheck speaks (or only ``langs``)."""
    return {
        GOLDEN / f"{scenario.name}.{lang}.txt": render(scenario, lang)
        for scenario in SCENARIOS
        for lang in langs or LANGS
    }


def main(langs: tuple[str, ...] = ()) -> int:
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for path, text in expected(langs).items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(text, encoding="utf-8")
        print(("unchanged " if old == text else "wrote ") + str(path.relative_to(TESTS.parent)))
    return 0


if __name__ == "__main__":
    sys.exit(main(tuple(sys.argv[1:])))
