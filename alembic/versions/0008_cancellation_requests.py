"""cancellation requests: refunds both parties of a contract agree on

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 22:00:00

- `cancellation_requests`: one party asks to cancel a milestone (or the whole contract, when
  `milestone_id` is null) with a refund of its unreleased money; the other accepts or declines.
"""
import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cancellation_requests",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id"), nullable=False,
                  index=True),
        sa.Column("milestone_id", sa.Integer, sa.ForeignKey("milestones.id"), nullable=True),
        sa.Column("requested_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("reason", sa.String(2000), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("answered_by_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("status IN ('pending','accepted','declined','withdrawn')",
                           name="ck_cancellation_requests_status"),
    )


def downgrade() -> None:
    op.drop_table("cancellation_requests")
