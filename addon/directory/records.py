"""Plain records of the client directory, shared by the store, the CSV files and the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from addon.vocabulary import TIERS

__all__ = ["DOMAIN", "TIERS", "ClientRecord", "is_free_mail", "name_key"]


# Addresses at these providers belong to people, not to client companies: they match a client
# only through an exact contact address (README, "The client directory as CSV").
FREE_MAIL_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.se",
        "live.com", "live.se", "msn.com", "yahoo.com", "yahoo.se", "ymail.com",
        "icloud.com", "me.com", "mac.com", "aol.com", "proton.me", "protonmail.com",
        "pm.me", "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com", "zoho.com",
        "yandex.com", "yandex.ru", "fastmail.com", "hey.com", "telia.com", "spray.se",
        "bredband.net", "tutanota.com", "qq.com", "163.com",
    }
)  # fmt: skip


def is_free_mail(domain: str) -> bool:
    return domain.lower() in FREE_MAIL_DOMAINS


@dataclass(frozen=True)
class ClientRecord:
    name: str
    tier: str
    annual_revenue: Decimal | None = None
    currency: str | None = None
    account_manager: str | None = None
    domains: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    notes: str = ""
    id: int | None = None


# A domain name as the directory keeps it: lower case, labels of letters, digits and inner
# dashes, at least one dot.
DOMAIN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$")


def name_key(name: str) -> str:
    """Names that differ only in case or spacing are the same client."""
    return " ".join(name.split()).casefold()
