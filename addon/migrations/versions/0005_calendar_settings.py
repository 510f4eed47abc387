"""Calendar-aware advice: the user's consent to read their calendar, and their working hours.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user_settings") as table:
        table.add_column(sa.Column("use_calendar", sa.Boolean(), nullable=True))
        table.add_column(sa.Column("work_start", sa.String(length=5), nullable=True))
        table.add_column(sa.Column("work_end", sa.String(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_settings") as table:
        table.drop_column("work_end")
        table.drop_column("work_start")
        table.drop_column("use_calendar")
