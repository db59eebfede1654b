"""Refunds (full and partial) and card disputes on charges."""

from __future__ import annotations

from typing import Any

from vamarket.stripe_local import forms
from vamarket.stripe_local.errors import StripeError, invalid, missing
from vamarket.stripe_local.store import DISPUTE_FEES, Ctx, Store, page, public


def _charge_for(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    charge_id = forms.as_str(params, "charge")
    pi_id = forms.as_str(params, "payment_intent")
    if charge_id:
        return store.get("charge", charge_id, "charge")
    if not pi_id:
        raise missing("charge")
    pi = store.get("payment_intent", pi_id, "payment_intent")
    if not pi["latest_charge"]:
        raise StripeError(400, f"This PaymentIntent ({pi_id}) does not have a successful charge to refund.",
                          code="charge_not_refundable", param="payment_intent")
    return store.get("charge", pi["latest_charge"])


def create_refund(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/refunds: refund all that is left on the charge, or `amount` of it."""
    store = ctx.store
    charge = _charge_for(store, params)
    remaining = charge["amount"] - charge["amount_refunded"]
    if charge["disputed"] and _open_dispute(store, charge["id"]):
        raise StripeError(400, f"Charge {charge['id']} has been charged back; cannot issue a refund.",
                          code="charge_disputed")
    if remaining <= 0:
        raise StripeError(400, f"Charge {charge['id']} has already been refunded.",
                          code="charge_already_refunded")
    amount = forms.as_int(params, "amount", minimum=1) or remaining
    if amount > remaining:
        raise invalid("amount", f"Refund amount ({amount}) is greater than unrefunded amount on charge "
                      f"({remaining})", "amount_too_large")
    refund = store.base("re_", "refund", amount=amount, currency=charge["currency"], charge=charge["id"],
                        payment_intent=charge["payment_intent"], status="succeeded",
                        reason=forms.as_str(params, "reason"), metadata=forms.metadata(params),
                        balance_transaction=None, destination_details={"type": "card"})
    txn = store.balance_txn(amount=-amount, currency=charge["currency"], type="refund", source=refund["id"],
                            description="REFUND FOR CHARGE")
    refund["balance_transaction"] = txn["id"]
    previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
    store.emit("charge.refunded", charge, previous=previous)
    return public(refund)


def retrieve_refund(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/refunds/{id}."""
    return public(ctx.store.get("refund", id))


def list_refunds(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/refunds (filters: charge, payment_intent)."""
    found = ctx.store.all("refund", charge=params.get("charge"), payment_intent=params.get("payment_intent"))
    return page(found, params, "/v1/refunds")


def _open_dispute(store: Store, charge_id: str) -> dict[str, Any] | None:
    for dispute in store.all("dispute", charge=charge_id):
        if dispute["status"] not in ("won", "lost"):
            return dispute
    return None


def open_dispute(store: Store, *, charge_id: str, amount: int | None = None,
                 reason: str = "fraudulent") -> dict[str, Any]:
    """A cardholder disputes a charge: the amount and Stripe's dispute fee leave the balance."""
    charge = store.get("charge", charge_id, "charge")
    if _open_dispute(store, charge_id):
        raise StripeError(400, f"Charge {charge_id} already has an open dispute.", code="charge_disputed")
    amount = amount or charge["amount"] - charge["amount_refunded"]
    if amount <= 0 or amount > charge["amount"]:
        raise invalid("amount", "Dispute amount must be between 1 and the charge amount.")
    currency = charge["currency"]
    dispute = store.base("dp_", "dispute", amount=amount, currency=currency, charge=charge_id,
                         payment_intent=charge["payment_intent"], reason=reason, status="needs_response",
                         is_charge_refundable=False, metadata={}, balance_transactions=[],
                         evidence_details={"due_by": store.now() + 7 * 86400, "has_evidence": False})
    txn = store.balance_txn(amount=-amount, currency=currency, type="adjustment", source=dispute["id"],
                            fee=DISPUTE_FEES.get(currency, 1500), category="dispute",
                            description=f"Chargeback withdrawal for {charge_id}")
    dispute["balance_transactions"].append(public(txn))
    charge["disputed"] = True
    store.emit("charge.dispute.created", dispute)
    return dispute


def close_dispute(store: Store, dispute_id: str, outcome: str) -> dict[str, Any]:
    """The bank decides: `won` gives the amount back (not the fee), `lost` keeps it gone."""
    dispute = store.get("dispute", dispute_id)
    if outcome not in ("won", "lost"):
        raise invalid("outcome", "outcome must be won or lost.")
    if dispute["status"] in ("won", "lost"):
        raise StripeError(400, f"Dispute {dispute_id} is already closed.", code="dispute_already_closed")
    previous = {"status": dispute["status"]}
    dispute["status"] = outcome
    if outcome == "won":
        txn = store.balance_txn(amount=dispute["amount"], currency=dispute["currency"], type="adjustment",
                                source=dispute_id, category="dispute_reversal",
                                description=f"Chargeback reversal for {dispute['charge']}")
        dispute["balance_transactions"].append(public(txn))
    store.emit("charge.dispute.closed", dispute, previous=previous)
    return dispute


def retrieve_dispute(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/disputes/{id}."""
    return public(ctx.store.get("dispute", id))
