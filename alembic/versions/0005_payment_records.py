"""payment records: which payment funded a milestone, charges, saved cards, card disputes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 09:00:00

- `milestone_money`: per milestone, the payment that funded it and the Transfer (and reversal)
  that released it.
- `payment_charges`: the Stripe charge behind a paid payment and Stripe's fee on it.
- `stripe_customers`: a client's Stripe customer and the card saved for hourly weeks.
- `card_disputes`: a card dispute on a payment, what it froze and the milestones' states before.
"""
import sqlalchemy as sa

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "milestone_money",
        sa.Column("milestone_id", sa.Integer, sa.ForeignKey("milestones.id"), primary_key=True),
        sa.Column("payment_id", sa.Integer, sa.ForeignKey("payments.id"), nullable=True, index=True),
        sa.Column("transfer_id", sa.String(255), nullable=True, unique=True),
        sa.Column("reversal_id", sa.String(255), nullable=True),
    )
    op.create_table(
        "payment_charges",
        sa.Column("payment_id", sa.Integer, sa.ForeignKey("payments.id"), primary_key=True),
        sa.Column("charge_id", sa.String(255), nullable=False, unique=True),
        sa.Column("fee_minor", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "stripe_customers",
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
        sa.Column("customer_id", sa.String(255), nullable=False, unique=True),
        sa.Column("payment_method_id", sa.String(255), nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "card_disputes",
        sa.Column("dispute_id", sa.String(255), primary_key=True),
        sa.Column("contract_id", sa.Integer, sa.ForeignKey("contracts.id"), nullable=False,
                  index=True),
        sa.Column("payment_id", sa.Integer, sa.ForeignKey("payments.id"), nullable=False),
        sa.Column("amount_minor", sa.Integer, nullable=False),
        sa.Column("frozen_minor", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("previous", sa.String(4000), nullable=False, server_default="{}"),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.CheckConstraint("status IN ('open','won','lost')", name="ck_card_disputes_status"),
    )


def downgrade() -> None:
    for table in ("card_disputes", "stripe_customers", "payment_charges", "milestone_money"):
        op.drop_table(table)
