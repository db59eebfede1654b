"""Payment records beside the core money tables (migration 0005): which payment funded a
milestone and which Transfer released it, the charge behind a payment, a client's saved card,
and card disputes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from vamarket.models.base import utcnow


class MilestoneMoney(SQLModel, table=True):
    """The money side of one milestone: funded by `payment_id`, released by `transfer_id`."""

    __tablename__ = "milestone_money"

    milestone_id: int = Field(foreign_key="milestones.id", primary_key=True)
    payment_id: int | None = Field(default=None, foreign_key="payments.id", index=True)
    transfer_id: str | None = Field(default=None, max_length=255, unique=True)
    reversal_id: str | None = Field(default=None, max_length=255)


class PaymentCharge(SQLModel, table=True):
    """The Stripe charge of a paid payment and Stripe's fee on it (vamarket minor units)."""

    __tablename__ = "payment_charges"

    payment_id: int = Field(foreign_key="payments.id", primary_key=True)
    charge_id: str = Field(max_length=255, unique=True)
    fee_minor: int = 0


class StripeCustomer(SQLModel, table=True):
    """A client's Stripe customer and the card saved for off-session weekly charges."""

    __tablename__ = "stripe_customers"

    user_id: int = Field(foreign_key="users.id", primary_key=True)
    customer_id: str = Field(max_length=255, unique=True)
    payment_method_id: str | None = Field(default=None, max_length=255)
    updated_at: datetime = Field(default_factory=utcnow)


class CardDispute(SQLModel, table=True):
    """A cardholder's dispute of a payment: what it froze and the milestone states before."""

    __tablename__ = "card_disputes"
    __table_args__ = (CheckConstraint("status IN ('open','won','lost')",
                                      name="ck_card_disputes_status"),)

    dispute_id: str = Field(max_length=255, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", index=True)
    payment_id: int = Field(foreign_key="payments.id")
    amount_minor: int
    frozen_minor: int = 0
    status: str = Field(default="open", max_length=12)
    previous: str = Field(default="{}", max_length=4000)  # JSON: milestone id -> status before
    created_at: datetime = Field(default_factory=utcnow)
