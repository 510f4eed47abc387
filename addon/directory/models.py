"""Tables of the client directory. Every row carries its tenant; every query filters on it.

No mail content and no tokens are stored: a meeting is kept only as a hash of its UID, its
start time and the client it was with, which is what the "meetings in 90 days" count needs.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Client(Base):
    __tablename__ = "clients"
    __table_args__ = (UniqueConstraint("tenant", "name_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    tier: Mapped[str] = mapped_column(String(20))
    # In hundredths of the currency unit: exact on every database (SQLite has no decimals).
    annual_revenue_cents: Mapped[int | None] = mapped_column(BigInteger)
    currency: Mapped[str | None] = mapped_column(String(3))
    account_manager: Mapped[str | None] = mapped_column(String(320))
    notes: Mapped[str] = mapped_column(Text, default="")

    domains: Mapped[list[ClientDomain]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="ClientDomain.domain"
    )
    contacts: Mapped[list[ClientContact]] = relationship(
        back_populates="client", cascade="all, delete-orphan", order_by="ClientContact.email"
    )

    @property
    def annual_revenue(self) -> Decimal | None:
        cents = self.annual_revenue_cents
        return None if cents is None else (Decimal(cents) / 100).quantize(Decimal("0.01"))

    @annual_revenue.setter
    def annual_revenue(self, value: Decimal | None) -> None:
        self.annual_revenue_cents = None if value is None else int(value * 100)


class ClientDomain(Base):
    __tablename__ = "client_domains"
    __table_args__ = (
        UniqueConstraint("client_id", "domain"),
        Index("ix_client_domains_tenant_domain", "tenant", "domain"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(String(253))

    client: Mapped[Client] = relationship(back_populates="domains")


class ClientContact(Base):
    __tablename__ = "client_contacts"
    __table_args__ = (
        UniqueConstraint("client_id", "email"),
        Index("ix_client_contacts_tenant_email", "tenant", "email"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(320))

    client: Mapped[Client] = relationship(back_populates="contacts")


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        UniqueConstraint("tenant", "uid_hash"),
        Index("ix_meetings_tenant_client_start", "tenant", "client_id", "start"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="CASCADE"))
    uid_hash: Mapped[str] = mapped_column(String(64))
    start: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class DirectoryVersion(Base):
    """One row per tenant, bumped by every change to its clients. Taking this row for update is
    the lock that keeps two imports or tier changes of one tenant from interleaving."""

    __tablename__ = "directory_versions"

    tenant: Mapped[str] = mapped_column(String(255), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)
    # The book: {currency: annual revenue in cents} as JSON, refreshed by every import (the
    # only writer of revenue), so weighing a client reads one row instead of summing them all.
    book: Mapped[str | None] = mapped_column(Text, nullable=True)


class ClientChange(Base):
    """A change to a client: who made it, when, and the fields before and after (JSON)."""

    __tablename__ = "client_changes"
    __table_args__ = (Index("ix_client_changes_tenant_changed", "tenant", "changed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="SET NULL"))
    client_name: Mapped[str] = mapped_column(String(200))
    changed_by: Mapped[str] = mapped_column(String(320))
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    action: Mapped[str] = mapped_column(String(20))
    before: Mapped[str] = mapped_column(Text, default="{}")
    after: Mapped[str] = mapped_column(Text, default="{}")


class UserSettings(Base):
    """What a user chose on the homepage; absent fields fall back to the defaults."""

    __tablename__ = "user_settings"
    __table_args__ = (UniqueConstraint("tenant", "user_email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255))
    user_email: Mapped[str] = mapped_column(String(320))
    locale: Mapped[str | None] = mapped_column(String(16))
    tone: Mapped[str | None] = mapped_column(String(10))
    call: Mapped[str | None] = mapped_column(String(300))
    default_minutes: Mapped[int | None] = mapped_column(Integer)
    signature: Mapped[str | None] = mapped_column(String(200))
    use_calendar: Mapped[bool | None] = mapped_column(Boolean)
    work_start: Mapped[str | None] = mapped_column(String(5))
    work_end: Mapped[str | None] = mapped_column(String(5))
    country: Mapped[str | None] = mapped_column(String(2))  # None: their time zone's


class Decision(Base):
    """A reply or briefing the user put into a draft: the strategy, the client, the time saved.
    The meeting is kept only as a hash of its UID. What the reply proposed (times in UTC, or a
    format), the SEQUENCE it answered and the meeting's times then are what an answer is
    compared with (``addon.triage.answer``); ``outcome`` is that answer once recognised. No
    mail content and no address besides the user's own."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("tenant", "user_email", "meeting_hash"),
        Index("ix_decisions_tenant_user_decided", "tenant", "user_email", "decided_at"),
        Index("ix_decisions_tenant_decided", "tenant", "decided_at"),  # the organisation's figures
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255))
    user_email: Mapped[str] = mapped_column(String(320))
    client_id: Mapped[int | None] = mapped_column(ForeignKey("clients.id", ondelete="SET NULL"))
    meeting_hash: Mapped[str] = mapped_column(String(64))
    strategy: Mapped[str] = mapped_column(String(20))
    minutes_saved: Mapped[int] = mapped_column(Integer)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    proposed_start: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    proposed_end: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    proposed_format: Mapped[str | None] = mapped_column(String(10))  # phone, email, delegate
    answered_sequence: Mapped[int | None] = mapped_column(Integer)
    meeting_start: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    meeting_end: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # accepted, countered, declined, cancelled; None until an answer is recognised
    outcome: Mapped[str | None] = mapped_column(String(10))
    outcome_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class DraftOnce(Base):
    """A draft made for one action, so that a retry of that action (a double click, a timed-out
    request sent again, another worker) opens it instead of making another. ``key`` is a keyed
    hash of the user, the message, the strategy and the draft's content: no mail content is
    kept. A row with no ``draft_id`` is a draft being made just now."""

    __tablename__ = "drafts_once"
    __table_args__ = (Index("ix_drafts_once_claimed", "claimed_at"),)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(255))
    draft_id: Mapped[str | None] = mapped_column(String(255))
    message_id: Mapped[str | None] = mapped_column(String(255))
    thread_id: Mapped[str | None] = mapped_column(String(255))
    claimed_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
