"""timesheet money: what an hourly week was charged and the Transfer that released it

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 09:00:00

- `timesheet_money`: per charged timesheet, the minutes billed, the amount, the payment that
  carried the off-session charge and the Transfer to the VA.
"""
import sqlalchemy as sa
import sqlmodel

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "timesheet_money",
        sa.Column("timesheet_id", sa.Integer, sa.ForeignKey("timesheets.id"), primary_key=True),
        sa.Column("payment_id", sa.Integer, sa.ForeignKey("payments.id"), nullable=True,
                  index=True),
        sa.Column("charged_minutes", sa.Integer, nullable=False, server_default="0"),
        sa.Column("amount_minor", sa.Integer, nullable=False, server_default="0"),
        sa.Column("transfer_id", sa.String(255), nullable=True, unique=True),
        sa.Column("charged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("released_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint("amount_minor >= 0 AND charged_minutes >= 0",
                           name="ck_timesheet_money_amounts"),
    )


def downgrade() -> None:
    op.drop_table("timesheet_money")
