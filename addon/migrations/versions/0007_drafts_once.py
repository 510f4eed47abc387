"""Drafts already made for an action, so that its retries make no second draft (issue 28, 15).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "drafts_once",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("draft_id", sa.String(length=255), nullable=True),
        sa.Column("message_id", sa.String(length=255), nullable=True),
        sa.Column("thread_id", sa.String(length=255), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_drafts_once")),
    )
    op.create_index("ix_drafts_once_claimed", "drafts_once", ["claimed_at"])


def downgrade() -> None:
    op.drop_index("ix_drafts_once_claimed", table_name="drafts_once")
    op.drop_table("drafts_once")
