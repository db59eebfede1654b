"""Reading the money: a contract's payment status, a client's billing, a VA's earnings, and
reconciliation of the ledger with Stripe. Amounts come from our rows and the ledger, never from
the browser."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from vamarket.errors import PermissionDenied
from vamarket.models import Contract, Dispute, Job, Milestone, Payment, StripeAccount, User
from vamarket.payments.gateway import from_stripe_amount
from vamarket.payments.receipts import RECEIPTED
from vamarket.payments.records import CardDispute
from vamarket.payments.runtime import get_gateway
from vamarket.services import ledger, reconcile
from vamarket.services import ledger_accounts as acc
from vamarket.services.contracts import contract_milestones, down_payment_due
from vamarket.services.fees import percent_of

HELD = ("funded", "submitted", "revision_requested", "approved", "disputed")


@dataclass(frozen=True)
class Due:
    """What the client is asked to pay next."""

    kind: str  # deposit | pilot | milestone | card
    amount_minor: int
    currency: str
    label_key: str


@dataclass(frozen=True)
class PaymentRow:
    """One payment of a contract or a client."""

    id: int
    contract_id: int
    purpose: str
    amount_minor: int
    refunded_minor: int
    currency: str
    status: str
    date: datetime
    job_title: str = ""
    receipt_url: str = ""


@dataclass
class ContractMoney:
    """A contract's money as its parties see it."""

    currency: str
    due: Due | None
    payments: list[PaymentRow]
    held_minor: int
    released_minor: int
    refunded_minor: int
    frozen: bool
    va_can_be_paid: bool
    waiting_for_confirmation: bool = False


def _due(session: Session, contract: Contract) -> Due | None:
    planned = [m for m in contract_milestones(session, contract.id) if m.status == "planned"]
    cur = contract.currency
    if contract.status == "pending_funding":
        if contract.kind == "hourly":
            return Due("card", 0, cur, "money.due.card")
        if contract.kind == "pilot_first":
            pilot = [m for m in planned if m.is_pilot]
            return Due("pilot", pilot[0].amount_minor, cur, "money.due.pilot") if pilot else None
        need, total = down_payment_due(contract), 0
        for milestone in planned:
            total += milestone.amount_minor
            if total >= need:
                break
        return Due("deposit", total, cur, "money.due.deposit") if total else None
    if contract.status == "active" and contract.kind != "hourly" and planned:
        return Due("milestone", planned[0].amount_minor, cur, "money.due.milestone")
    return None


@dataclass(frozen=True)
class BillingRow(PaymentRow):
    """A row of the client's billing page (a payment with its job title and receipt)."""


def _row(payment: Payment, title: str = "") -> PaymentRow:
    return PaymentRow(payment.id, payment.contract_id, payment.purpose, payment.amount_minor,
                      payment.refunded_minor, payment.currency, payment.status,
                      payment.paid_at or payment.created_at, title)


def released_gross(session: Session, milestone: Milestone) -> int:
    """What a released milestone released: its amount, or an admin's share in a dispute."""
    share = session.exec(select(Dispute.released_minor).where(
        Dispute.milestone_id == milestone.id, Dispute.status == "resolved")).first()
    return milestone.amount_minor if share is None else int(share)


def payment_view(session: Session, *, actor: User, contract_id: int) -> ContractMoney:
    """The contract's money for its client or VA: what is due, payments, held / released /
    refunded, whether a dispute froze it and whether the VA can be paid."""
    contract = session.get(Contract, contract_id)
    if contract is None or actor.id not in (contract.client_id, contract.va_id):
        raise PermissionDenied()
    cur = contract.currency
    payments = session.exec(select(Payment).where(Payment.contract_id == contract.id)
                            .order_by(col(Payment.id))).all()
    released = sum(released_gross(session, m) for m in contract_milestones(session, contract.id)
                   if m.status == "released")
    account = session.get(StripeAccount, contract.va_id)
    frozen = session.exec(select(CardDispute).where(CardDispute.contract_id == contract.id,
                                                    CardDispute.status == "open")).first()
    return ContractMoney(
        currency=cur, due=_due(session, contract), payments=[_row(p) for p in payments],
        held_minor=ledger.held(session, acc.escrow(contract.id), cur)
        + ledger.held(session, acc.dispute_hold(contract.id), cur),
        released_minor=released,
        refunded_minor=sum(p.refunded_minor for p in payments),
        frozen=frozen is not None,
        va_can_be_paid=bool(account and account.transfers_active),
        waiting_for_confirmation=any(p.status == "checkout_open" for p in payments))


def client_billing(session: Session, *, actor: User) -> list[BillingRow]:
    """The actor's payments (newest first) with their contract, refunds and receipt."""
    rows = session.exec(select(Payment, Job.title).join(
        Contract, col(Contract.id) == col(Payment.contract_id)).join(
        Job, col(Job.id) == col(Contract.job_id)).where(
        Contract.client_id == actor.id, col(Payment.status).not_in(("created",)))
        .order_by(col(Payment.id).desc())).all()
    found = []
    for payment, title in rows:
        found.append(BillingRow(**{**_row(payment, title).__dict__, "receipt_url": (
            f"/billing/receipts/{payment.id}" if payment.status in RECEIPTED else "")}))
    return found


@dataclass
class CurrencyTotals:
    """A VA's money in one currency: held for them, released (net) and paid out."""

    currency: str
    held_minor: int = 0
    released_minor: int = 0
    paid_out_minor: int = 0


@dataclass(frozen=True)
class EarningRow:
    """One milestone of the VA's."""

    contract_id: int
    job_title: str
    milestone_title: str
    amount_minor: int
    net_minor: int
    currency: str
    status: str
    released_at: datetime | None


@dataclass
class Earnings:
    """A VA's earnings: totals per currency and one row per milestone."""

    totals: list[CurrencyTotals] = field(default_factory=list)
    rows: list[EarningRow] = field(default_factory=list)


def va_earnings(session: Session, *, actor: User) -> Earnings:
    """What the actor earned: held (funded, not released), released net of the fee, and paid
    out (transferred) per currency; rows per funded milestone."""
    found = session.exec(select(Milestone, Contract, Job.title).join(
        Contract, col(Contract.id) == col(Milestone.contract_id)).join(
        Job, col(Job.id) == col(Contract.job_id)).where(
        Contract.va_id == actor.id, col(Milestone.status) != "planned")
        .order_by(col(Milestone.id).desc())).all()
    totals: dict[str, CurrencyTotals] = defaultdict(lambda: CurrencyTotals(""))
    rows = []
    for milestone, contract, title in found:
        cur = contract.currency
        gross = released_gross(session, milestone) if milestone.status == "released" \
            else milestone.amount_minor
        net = gross - percent_of(gross, contract.fee_percent)
        total = totals[cur]
        total.currency = cur
        if milestone.status in HELD:
            total.held_minor += net
        if milestone.status == "released":
            total.released_minor += net
        rows.append(EarningRow(contract.id, title, milestone.title, milestone.amount_minor, net,
                               cur, milestone.status, milestone.released_at))
    for total in totals.values():
        owed = -ledger.balance(session, acc.va_payable(actor.id), total.currency)
        total.paid_out_minor = max(total.released_minor - owed, 0)
    return Earnings(sorted(totals.values(), key=lambda t: t.currency), rows)


def stripe_records() -> list[reconcile.StripeRecord]:
    """The platform's balance transactions at Stripe, as reconcile records (our minor units)."""
    records = []
    for txn in get_gateway().balance_transactions():
        cur = str(txn.get("currency", "")).upper()
        record = reconcile.from_balance_transaction(
            type=str(txn.get("type")), source=str(txn.get("source")),
            amount=from_stripe_amount(int(txn.get("amount", 0)), cur),
            fee=from_stripe_amount(int(txn.get("fee", 0)), cur), currency=cur)
        if record is not None:
            records.append(record)
    return records


def reconcile_now(session: Session) -> reconcile.ReconcileReport:
    """Compare the ledger with Stripe's balance transactions now."""
    return reconcile.reconcile(session, stripe_records())
