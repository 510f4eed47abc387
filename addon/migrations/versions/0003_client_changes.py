"""The history of changes to clients, and the per-tenant row that serialises them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_versions",
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tenant", name=op.f("pk_directory_versions")),
    )
    op.create_table(
        "client_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenant", sa.String(length=255), nullable=False),
        sa.Column("client_id", sa.Integer(), nullable=True),
        sa.Column("client_name", sa.String(length=200), nullable=False),
        sa.Column("changed_by", sa.String(length=320), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("before", sa.Text(), nullable=False),
        sa.Column("after", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["client_id"],
            ["clients.id"],
            ondelete="SET NULL",
            name=op.f("fk_client_changes_client_id_clients"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_client_changes")),
    )
    op.create_index("ix_client_changes_tenant_changed", "client_changes", ["tenant", "changed_at"])


def downgrade() -> None:
    op.drop_index("ix_client_changes_tenant_changed", table_name="client_changes")
    op.drop_table("client_changes")
    op.drop_table("directory_versions")
