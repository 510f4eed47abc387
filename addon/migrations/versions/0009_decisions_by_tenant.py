"""The decision log read by tenant and period (issue 30: what works in the organisation): the
index on (tenant, user_email, decided_at) serves one user's period, but a whole tenant's month
would walk every decision the tenant ever logged.

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-19
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_decisions_tenant_decided", "decisions", ["tenant", "decided_at"])


def downgrade() -> None:
    op.drop_index("ix_decisions_tenant_decided", table_name="decisions")
