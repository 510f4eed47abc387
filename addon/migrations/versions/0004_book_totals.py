"""Each tenant's book (annual revenue per currency), kept with its directory version, so that
weighing a client never sums the whole directory.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL until the tenant's next import: readers then sum once, as before.
    op.add_column("directory_versions", sa.Column("book", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("directory_versions", "book")
