"""Stripe webhook events → our records. `process` stores the event id (StripeEvent, unique) in
the caller's transaction together with whatever the event posts, so a duplicate delivery is
ignored and a failed one leaves nothing behind (Stripe sends it again).

Every handler keys off our own rows (found through the metadata and ids we gave Stripe) and is
idempotent, so events may arrive in any order: `payment_intent.succeeded`, `charge.succeeded`
and `checkout.session.completed` each record the same capture once; a dispute event arriving
before the capture records the capture first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from vamarket.models import StripeEvent
from vamarket.payments import funding

Handler = Callable[[Session, dict[str, Any]], None]


def process(session: Session, event: dict[str, Any]) -> bool:
    """Handle one verified event in the caller's transaction; False for a duplicate."""
    event_id, kind = str(event.get("id") or ""), str(event.get("type") or "")
    if not event_id:
        return False
    if session.get(StripeEvent, event_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(StripeEvent(event_id=event_id, event_type=kind[:80]))
            session.flush()
    except sa.exc.IntegrityError:
        return False  # delivered twice at once: the other delivery handles it
    handler = HANDLERS.get(kind)
    if handler is not None:
        handler(session, (event.get("data") or {}).get("object") or {})
    return True


def _meta(obj: dict[str, Any]) -> dict[str, str]:
    return obj.get("metadata") or {}


def _capture(session: Session, metadata: dict[str, str], payment_intent: str | None) -> None:
    payment = funding.payment_by_key(session, metadata.get("payment_key"))
    if payment is None or not payment_intent:
        return
    from vamarket.payments.common import ids
    funding.record_capture(session, payment=payment, payment_intent=payment_intent,
                           milestone_ids=ids(metadata.get("milestones")))


def on_checkout_completed(session: Session, obj: dict[str, Any]) -> None:
    """A Checkout finished: a payment (capture) or a saved card (setup mode)."""
    if obj.get("mode") == "setup":
        contract_id = _meta(obj).get("contract_id", "")
        if contract_id.isdigit() and obj.get("setup_intent"):
            funding.record_card_saved(session, contract_id=int(contract_id),
                                      setup_intent=str(obj["setup_intent"]))
        return
    if obj.get("payment_status") == "paid":
        _capture(session, _meta(obj), obj.get("payment_intent"))


def on_checkout_expired(session: Session, obj: dict[str, Any]) -> None:
    """An unpaid Checkout expired."""
    payment = funding.payment_by_key(session, _meta(obj).get("payment_key"))
    if payment is not None:
        funding.record_failure(session, payment=payment, expired=True)


def on_intent_succeeded(session: Session, obj: dict[str, Any]) -> None:
    """The PaymentIntent (metadata copied from the checkout) succeeded."""
    _capture(session, _meta(obj), obj.get("id"))


def on_charge_succeeded(session: Session, obj: dict[str, Any]) -> None:
    """The charge succeeded (its metadata is the PaymentIntent's)."""
    _capture(session, _meta(obj), obj.get("payment_intent"))


def on_intent_failed(session: Session, obj: dict[str, Any]) -> None:
    """A card was declined: the payment says so, the contract stays as it was."""
    payment = funding.payment_by_key(session, _meta(obj).get("payment_key"))
    if payment is not None:
        funding.record_failure(session, payment=payment, expired=False)


def on_account_updated(session: Session, obj: dict[str, Any]) -> None:
    """A VA's connected account changed: transfers active or not; releases held for them go."""
    from vamarket.payments import payouts
    payouts.record_account(session, obj)


def on_dispute_created(session: Session, obj: dict[str, Any]) -> None:
    """A cardholder disputed a charge: freeze what is still held on that contract."""
    from vamarket.payments import disputes
    disputes.record_opened(session, obj)


def on_dispute_closed(session: Session, obj: dict[str, Any]) -> None:
    """The bank decided a dispute: settle what was frozen."""
    from vamarket.payments import disputes
    disputes.record_closed(session, obj)


HANDLERS: dict[str, Handler] = {
    "checkout.session.completed": on_checkout_completed,
    "checkout.session.expired": on_checkout_expired,
    "payment_intent.succeeded": on_intent_succeeded,
    "charge.succeeded": on_charge_succeeded,
    "payment_intent.payment_failed": on_intent_failed,
    "account.updated": on_account_updated,
    "charge.dispute.created": on_dispute_created,
    "charge.dispute.closed": on_dispute_closed,
    # charge.refunded and transfer.reversed: posted when we asked for them (refunds.py); the
    # events only confirm what the ledger already holds.
}
