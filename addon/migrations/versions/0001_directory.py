"""Client directory: clients, their domains and contacts, and meetings seen.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("tier", sa.String(length=20), nullable=False),
        sa.Column("annual_revenue_cents", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("account_manager", sa.String(length=320), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clients")),
        sa.UniqueConstraint("tenant", "name_key", name=op.f("uq_clients_tenant")),
    )
    op.create_index(op.f("ix_clients_tenant"), "clients", ["tenant"], unique=False)
    op.create_table(
        "client_domains",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("domain", sa.String(length=253), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            ondelete="CASCADE",
            name=op.f("fk_client_domains_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_domains")),
        sa.UniqueConstraint("client_id", "domain", name=op.f("uq_client_domains_client_id")),
    )
    op.create_index("ix_client_domains_tenant_domain", "client_domains", ["tenant", "domain"])
    op.create_table(
        "client_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            ondelete="CASCADE",
            name=op.f("fk_client_contacts_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_contacts")),
        sa.UniqueConstraint("client_id", "email", name=op.f("uq_client_contacts_client_id")),
    )
    op.create_index("ix_client_contacts_tenant_email", "client_contacts", ["tenant", "email"])
    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=False),
        sa.Column("uid_hash", sa.String(length=64), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            ondelete="CASCADE",
            name=op.f("fk_meetings_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
        sa.UniqueConstraint("tenant", "uid_hash", name=op.f("uq_meetings_tenant")),
    )
    op.create_index("ix_meetings_tenant_client_start", "meetings", ["tenant", "client_id", "start"])


def downgrade() -> None:
    op.drop_table("meetings")
    op.drop_table("client_contacts")
    op.drop_table("client_domains")
    op.drop_index(op.f("ix_clients_tenant"), table_name="clients")
    op.drop_table("clients")
