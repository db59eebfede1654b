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
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col

from vamarket.models import Payment, StripeEvent
from vamarket.models.base import utcnow
from vamarket.payments import funding
from vamarket.payments.common import ids
from vamarket.payments.records import PaymentCharge

Handler = Callable[[Session, dict[str, Any]], None]


def process(session: Session, event: dict[str, Any]) -> bool:
    """Handle one verified event in the caller's transaction; False for a duplicate."""
    event_id, kind = str(event.get("id") or ""), str(event.get("type") or "")
    if not event_id or not _claim(session, event_id, kind):
        return False
    handler = HANDLERS.get(kind)
    if handler is not None:
        handler(session, (event.get("data") or {}).get("object") or {})
    return True


_CLAIMS = {name: insert(StripeEvent).on_conflict_do_nothing(index_elements=["event_id"])
           .returning(col(StripeEvent.event_id))
           for name, insert in (("postgresql", postgresql_insert), ("sqlite", sqlite_insert))}


def _claim(session: Session, event_id: str, kind: str) -> bool:
    """Store the event id in the caller's transaction; False when it is stored already.

    One `INSERT … ON CONFLICT DO NOTHING`: a duplicate costs one statement, and a copy
    delivered at the same moment waits for the first one's transaction, then finds the id
    taken (or takes it, when the first one rolled back).
    """
    connection = session.connection()
    claim = _CLAIMS.get(connection.dialect.name)
    if claim is None:
        return _claim_portably(session, event_id, kind)
    claimed = connection.execute(claim, {"event_id": event_id, "event_type": kind[:80],
                                         "processed_at": utcnow()})
    return claimed.first() is not None


def _claim_portably(session: Session, event_id: str, kind: str) -> bool:
    if session.get(StripeEvent, event_id) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(StripeEvent(event_id=event_id, event_type=kind[:80]))
            session.flush()
    except sa.exc.IntegrityError:
        return False  # delivered twice at once: the other delivery handles it
    return True


def _meta(obj: dict[str, Any]) -> dict[str, str]:
    return obj.get("metadata") or {}


CAPTURED = ("paid", "partially_refunded", "refunded")


_PAYMENTS = Payment.__table__
_CHARGES = PaymentCharge.__table__
_CAPTURE_STATE = (
    sa.select(_PAYMENTS.c.id, _PAYMENTS.c.contract_id, _PAYMENTS.c.status,
              _CHARGES.c.payment_id.label("charged"))
    .select_from(_PAYMENTS.outerjoin(_CHARGES, _CHARGES.c.payment_id == _PAYMENTS.c.id))
    .where(_PAYMENTS.c.idempotency_key == sa.bindparam("key")))


def _capture(session: Session, metadata: dict[str, str], payment_intent: str | None,
             charge: dict[str, Any] | None = None) -> None:
    """Record a capture once. Three events announce each one, so the payment and its charge
    row are read in one query and a capture already recorded returns before any lock.
    `charge` is the charge object of a `charge.succeeded` event (spares a Stripe read)."""
    key = metadata.get("payment_key")
    if not key or not payment_intent:
        return
    found = session.connection().execute(_CAPTURE_STATE, {"key": key}).first()
    if found is None:
        return
    charged = found.charged is not None
    if charged and found.status in CAPTURED:
        return
    funding.record_capture(session, payment_id=found.id, contract_id=found.contract_id,
                           charged=charged, payment_intent=str(payment_intent),
                           milestone_ids=ids(metadata.get("milestones")), charge_event=charge)


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
    _capture(session, _meta(obj), obj.get("payment_intent"), obj)


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
