"""Sweep job: unpaid Checkout Sessions older than CHECKOUT_EXPIRY_HOURS are expired through
Stripe and their payments marked expired, so the client starts a fresh one and a stale page
can no longer be paid. One transaction per payment, claimed with SKIP LOCKED on PostgreSQL."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import col, select

from vamarket.db import session_scope
from vamarket.models import Payment
from vamarket.payments import expiry
from vamarket.settings import get_settings
from vamarket.sweep.claims import aware, claim

BATCH = 20
log = logging.getLogger(__name__)


def _stale(now: datetime, seen: set[int]) -> list[int]:
    cutoff = now - timedelta(hours=get_settings().checkout_expiry_hours)
    query = select(Payment.id).where(
        col(Payment.status).in_(("checkout_open", "failed")),
        col(Payment.stripe_checkout_id).is_not(None), col(Payment.created_at) <= cutoff)
    if seen:
        query = query.where(col(Payment.id).not_in(seen))
    with session_scope() as session:
        return [int(i) for i in session.exec(query.order_by(col(Payment.id)).limit(BATCH)).all()]


def run(now: datetime) -> dict[str, int]:
    """Do what is due at `now`; counts of what was done, by name."""
    now = aware(now)
    counts = {"checkouts_expired": 0, "checkouts_left": 0}
    seen: set[int] = set()
    while batch := _stale(now, seen):
        for payment_id in batch:
            seen.add(payment_id)
            try:
                with session_scope() as session:
                    payment = claim(session, Payment, payment_id)
                    if payment is None:
                        continue
                    done = expiry.expire_payment(session, payment)
                    counts["checkouts_expired" if done else "checkouts_left"] += 1
            except Exception:  # Stripe unreachable: left for the next sweep
                log.exception("expiring the checkout of payment %s failed", payment_id)
                counts["checkouts_left"] += 1
    return counts
