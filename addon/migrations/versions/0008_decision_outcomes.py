"""What a decision proposed, and the organizer's answer to it (issue 30): no mail content, no
address. The proposed times (UTC) or format, the SEQUENCE the proposal answered, the meeting's
times when it was proposed (to tell "kept as it was" from "another time"), the outcome
(accepted, countered, declined, cancelled; null until known) and when it was recognised.

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-12
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (
    ("proposed_start", sa.DateTime(timezone=True)),
    ("proposed_end", sa.DateTime(timezone=True)),
    ("proposed_format", sa.String(length=10)),
    ("answered_sequence", sa.Integer()),
    ("meeting_start", sa.DateTime(timezone=True)),
    ("meeting_end", sa.DateTime(timezone=True)),
    ("outcome", sa.String(length=10)),
    ("outcome_at", sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    # Batch mode: SQLite alters a table by copying it; PostgreSQL adds the columns in place.
    with op.batch_alter_table("decisions") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
