"""Closing unpaid Checkout Sessions: the sweep does it for old ones, and cancelling a milestone
does it for the checkouts that would fund it. A payment counts as expired only when Stripe
agreed to expire its session; a session Stripe no longer holds open was paid or expired there,
and its webhook says which."""

from __future__ import annotations

from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.models import Milestone, Payment
from vamarket.payments import common
from vamarket.payments.errors import PaymentRefused
from vamarket.payments.runtime import get_gateway
from vamarket.services import audit

OPEN = ("created", "checkout_open", "failed")


def expire_payment(session: Session, payment: Payment) -> bool:
    """Expire the (locked) payment's Checkout at Stripe and mark it expired. False when there
    is nothing to expire or Stripe says the session is no longer open."""
    if payment.status not in OPEN or not payment.stripe_checkout_id:
        return False
    if "expire" not in lifecycle.PAYMENT.allowed(payment.status, lifecycle.SYSTEM):
        return False
    try:
        with common.gateway_errors():
            get_gateway().expire_checkout(session_id=payment.stripe_checkout_id)
    except PaymentRefused:
        return False
    payment.status = lifecycle.PAYMENT.require(payment.status, "expire", lifecycle.SYSTEM)
    session.add(payment)
    audit.record(session, actor_id=None, action="payment.expired", object_type="payment",
                 object_id=payment.id, contract_id=payment.contract_id, purpose=payment.purpose,
                 amount=payment.amount_minor, currency=payment.currency)
    session.flush()
    return True


def open_payments_for(session: Session, milestone: Milestone) -> list[Payment]:
    """Unfinished payments that would fund `milestone`: its own, and any down payment of its
    contract (a down payment funds several milestones)."""
    return list(session.exec(select(Payment).where(
        Payment.contract_id == milestone.contract_id, col(Payment.status).in_(OPEN),
        (Payment.milestone_id == milestone.id) | (Payment.purpose == "deposit"))
        .order_by(col(Payment.id))).all())
