"""User settings and the log of decisions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("user_email", sa.String(length=320), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("tone", sa.String(length=10), nullable=True),
        sa.Column("call", sa.String(length=300), nullable=True),
        sa.Column("default_minutes", sa.Integer(), nullable=True),
        sa.Column("signature", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_settings")),
        sa.UniqueConstraint("tenant", "user_email", name=op.f("uq_user_settings_tenant")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("user_email", sa.String(length=320), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("meeting_hash", sa.String(length=64), nullable=False),
        sa.Column("strategy", sa.String(length=20), nullable=False),
        sa.Column("minutes_saved", sa.Integer(), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            ondelete="SET NULL",
            name=op.f("fk_decisions_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint(
            "tenant", "user_email", "meeting_hash", name=op.f("uq_decisions_tenant")
        ),
    )
    op.create_index(
        "ix_decisions_tenant_user_decided", "decisions", ["tenant", "user_email", "decided_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_decisions_tenant_user_decided", table_name="decisions")
    op.drop_table("decisions")
    op.drop_table("user_settings")
