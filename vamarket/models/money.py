"""Money records: payments, the double-entry ledger, Stripe events and connected accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from vamarket.models.base import utcnow


class Payment(SQLModel, table=True):
    """One funding of a contract (down payment, pilot, milestone or hourly week)."""

    __tablename__ = "payments"
    __table_args__ = (
        CheckConstraint(
            "status IN ('created','checkout_open','paid','failed','expired','refunded',"
            "'partially_refunded')", name="ck_payments_status"),
        CheckConstraint("purpose IN ('deposit','pilot','milestone','hourly')",
                        name="ck_payments_purpose"),
        CheckConstraint("amount_minor > 0", name="ck_payments_amount"),
        CheckConstraint("refunded_minor >= 0 AND refunded_minor <= amount_minor",
                        name="ck_payments_refunded"),
        CheckConstraint("currency IN ('USD','IDR')", name="ck_payments_currency"),
        UniqueConstraint("idempotency_key", name="uq_payments_idempotency_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", index=True)
    milestone_id: int | None = Field(default=None, foreign_key="milestones.id")
    timesheet_id: int | None = Field(default=None, foreign_key="timesheets.id")
    purpose: str = Field(max_length=10)
    amount_minor: int
    refunded_minor: int = 0
    currency: str = Field(max_length=3)
    status: str = Field(default="created", max_length=20)
    idempotency_key: str = Field(max_length=120)
    stripe_checkout_id: str | None = Field(default=None, max_length=255, index=True)
    stripe_payment_intent_id: str | None = Field(default=None, max_length=255, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    paid_at: datetime | None = None


class StripeAccount(SQLModel, table=True):
    """A VA's connected Express account for payouts."""

    __tablename__ = "stripe_accounts"

    user_id: int = Field(foreign_key="users.id", primary_key=True)
    stripe_account_id: str = Field(max_length=255, unique=True)
    transfers_active: bool = False
    updated_at: datetime = Field(default_factory=utcnow)


class LedgerTransaction(SQLModel, table=True):
    """A balanced group of ledger entries; never updated or deleted."""

    __tablename__ = "ledger_transactions"
    __table_args__ = (UniqueConstraint("reference", name="uq_ledger_transactions_reference"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    reference: str = Field(max_length=200)  # what caused it, unique: a retry never posts twice
    contract_id: int | None = Field(default=None, foreign_key="contracts.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)


class LedgerEntry(SQLModel, table=True):
    """One leg of a ledger transaction: an amount (positive debit, negative credit) on an account."""

    __tablename__ = "ledger_entries"
    __table_args__ = (
        CheckConstraint("amount_minor <> 0", name="ck_ledger_entries_nonzero"),
        CheckConstraint("currency IN ('USD','IDR')", name="ck_ledger_entries_currency"),
    )

    id: int | None = Field(default=None, primary_key=True)
    transaction_id: int = Field(foreign_key="ledger_transactions.id", index=True)
    account: str = Field(max_length=120, index=True)
    amount_minor: int
    currency: str = Field(max_length=3)


class StripeEvent(SQLModel, table=True):
    """A processed Stripe event id; unique so a duplicate delivery is ignored."""

    __tablename__ = "stripe_events"

    event_id: str = Field(max_length=255, primary_key=True)
    event_type: str = Field(max_length=80)
    processed_at: datetime = Field(default_factory=utcnow)
