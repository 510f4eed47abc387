"""The client directory: who the clients are, how much they weigh, who manages them."""

from addon.directory.records import TIERS, ClientRecord

__all__ = ["TIERS", "ClientRecord"]
