"""``raincheck report``: what each strategy achieved, by strategy and by client tier, for one
user or the whole tenant (the homepage's figures, as a plain table or JSON)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import click

from addon.cli import context
from addon.cli.base import _check_locale, cli, say, tenant_option

if TYPE_CHECKING:
    from addon.triage.outcomes import Figures, Tally


@cli.command("report")
@tenant_option
@click.option("--user", metavar="EMAIL", help="One user's figures (default: the whole tenant).")
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help="Decisions from this day on, YYYY-MM-DD in UTC (default: the first of this month).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of the table.")
@click.option("--locale", default=None, help="The table's language and number style (en-GB, sv…).")
@click.pass_context
def report(
    ctx: click.Context,
    tenant: str | None,
    user: str | None,
    since: dt.datetime | None,
    as_json: bool,
    locale: str | None,
) -> None:
    """Print what each strategy achieved: proposals, answers and minutes, by client tier."""
    from addon.directory.users import Users  # the database: not for --help
    from addon.triage.outcomes import NO_ANSWER_AFTER, outcomes

    lang = _check_locale(locale) if locale else "en"
    now = dt.datetime.now(dt.UTC)
    start = (since or now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)).replace(
        tzinfo=dt.UTC
    )
    email = user.strip().lower() if user else None
    name = context.tenant(ctx, tenant)
    with context.store(ctx).read() as session:
        rows = Users(session, name).outcome_rows(start, now, now, email=email)
    found = outcomes(rows)
    figures = found.mine if email else found.organisation
    if as_json:
        fields: dict[str, Any] = {
            "tenant": name,
            "user": email,
            "since": start.isoformat(),
            "until": now.isoformat(),
            "no_answer_after_days": NO_ANSWER_AFTER.days,
            "rows": [
                {"strategy": s, "tier": t, **_tally(tally)}
                for (s, t), tally in sorted(figures.cells.items())
            ],
            "total": _tally(figures.total),
        }
        say(json.dumps(fields, ensure_ascii=False, indent=2))
        return
    say(table(figures, lang, locale or lang))


def _tally(tally: Tally) -> dict[str, int]:
    return {**asdict(tally), "waiting": tally.waiting}


def table(figures: Figures, lang: str, locale: str) -> str:
    """The figures as a plain table, a row per strategy and tier and one for the total, in
    ``lang`` with numbers in ``locale``'s style."""
    from babel.numbers import format_decimal

    from addon import strategies
    from addon.i18n import gettext, locale_data
    from addon.triage.outcomes import UNKNOWN_TIER
    from addon.vocabulary import TIER_LABELS, TIERS, label
    from addon.writing.dates import babel_locale

    if not figures.total.proposals:
        return gettext("No proposals in this period.", lang)
    style = locale_data(babel_locale(locale))

    def number(n: int) -> str:
        return str(format_decimal(n, locale=style))

    def tier_name(tier: str) -> str:
        if tier == UNKNOWN_TIER:
            return gettext("No client", lang)
        return label(TIER_LABELS, tier, lang) if tier in TIERS else tier

    order = {s: i for i, s in enumerate(strategies.IDS)}
    tiers: dict[str, int] = {t: i for i, t in enumerate(TIERS)}
    cells = sorted(
        figures.cells.items(),
        key=lambda kv: (order.get(kv[0][0], len(order)), tiers.get(kv[0][1], len(tiers))),
    )
    head = [
        gettext("Strategy", lang),
        gettext("Tier", lang),
        gettext("Proposals", lang),
        gettext("Accepted", lang),
        gettext("Declined", lang),
        gettext("No answer", lang),
        gettext("Minutes proposed", lang),
        gettext("Minutes accepted", lang),
    ]

    def cols(t: Tally) -> list[str]:
        values = (t.proposals, t.accepted, t.declined, t.no_answer)
        return [number(v) for v in (*values, t.minutes_proposed, t.minutes_accepted)]

    body = [[strategies.label(s, lang), tier_name(t), *cols(tally)] for (s, t), tally in cells]
    body.append([gettext("Total", lang), "", *cols(figures.total)])
    widths = [max(len(row[i]) for row in [head, *body]) for i in range(len(head))]

    def line(row: list[str]) -> str:
        pairs = enumerate(zip(row, widths, strict=True))
        text = [c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in pairs]
        return "  ".join(text).rstrip()

    note = gettext(
        "No answer: none came within 14 days. An answer counts when you open it in Raincheck.",
        lang,
    )
    return "\n".join([line(head), *(line(r) for r in body), "", note])
