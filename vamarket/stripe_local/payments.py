"""Customers, payment methods, PaymentIntents, charges, refunds and card disputes."""

from __future__ import annotations

from typing import Any

from vamarket.stripe_local import forms
from vamarket.stripe_local.cards import CARDS, MAGIC_PAYMENT_METHODS, card_error
from vamarket.stripe_local.errors import StripeError, invalid, missing
from vamarket.stripe_local.store import MINIMUM_CHARGE, Ctx, Store, fee_for, page, public


# customers ----------------------------------------------------------------------------------
def create_customer(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/customers."""
    return public(new_customer(ctx.store, email=forms.as_str(params, "email"),
                               name=forms.as_str(params, "name"), metadata=forms.metadata(params)))


def new_customer(store: Store, *, email: str | None, name: str | None = None,
                 metadata: dict[str, str] | None = None) -> dict[str, Any]:
    """Store a new customer."""
    return store.base("cus_", "customer", email=email, name=name, metadata=metadata or {},
                      description=None, balance=0, currency=None, delinquent=False,
                      invoice_settings={"default_payment_method": None})


def retrieve_customer(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/customers/{id}."""
    return public(ctx.store.get("customer", id))


def update_customer(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """POST /v1/customers/{id} (email, name, metadata, default payment method)."""
    customer = ctx.store.get("customer", id)
    for field in ("email", "name"):
        if field in params:
            customer[field] = forms.as_str(params, field)
    customer["metadata"] = forms.metadata(params, customer["metadata"])
    default = forms.as_dict(params, "invoice_settings").get("default_payment_method")
    if default:
        customer["invoice_settings"]["default_payment_method"] = default
    return public(customer)


# payment methods ----------------------------------------------------------------------------
def new_payment_method(store: Store, number: str, *, customer: str | None = None,
                       name: str | None = None, email: str | None = None) -> dict[str, Any]:
    """Store a card PaymentMethod for a test card number."""
    card = CARDS[number]
    return store.base(
        "pm_", "payment_method", type="card", customer=customer, metadata={},
        billing_details={"name": name, "email": email, "address": None, "phone": None},
        card={"brand": card.brand, "last4": number[-4:], "exp_month": 12, "exp_year": 2034,
              "country": "US", "funding": "credit", "fingerprint": "fp" + number[-8:]},
        _number=number)


def resolve_payment_method(store: Store, pm_id: str) -> dict[str, Any]:
    """A stored PaymentMethod, or a fresh one for Stripe's `pm_card_*` test ids."""
    if pm_id in MAGIC_PAYMENT_METHODS:
        return new_payment_method(store, MAGIC_PAYMENT_METHODS[pm_id])
    return store.get("payment_method", pm_id, "payment_method")


def retrieve_payment_method(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/payment_methods/{id}."""
    return public(ctx.store.get("payment_method", id))


def list_customer_payment_methods(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/customers/{id}/payment_methods."""
    ctx.store.get("customer", id)
    return page(ctx.store.all("payment_method", customer=id), params, f"/v1/customers/{id}/payment_methods")


# payment intents ----------------------------------------------------------------------------
def new_payment_intent(store: Store, *, amount: int, currency: str, customer: str | None,
                       metadata: dict[str, str], transfer_group: str | None = None,
                       setup_future_usage: str | None = None, description: str | None = None,
                       payment_method: str | None = None) -> dict[str, Any]:
    """Store a PaymentIntent waiting for a payment method (or for confirmation)."""
    if amount < MINIMUM_CHARGE.get(currency, 1):
        raise StripeError(400, "Amount must be at least the minimum charge amount for "
                          f"{currency.upper()}.", code="amount_too_small", param="amount")
    pi = store.base("pi_", "payment_intent", amount=amount, amount_received=0, amount_capturable=0,
                    currency=currency, customer=customer, metadata=metadata, description=description,
                    transfer_group=transfer_group, setup_future_usage=setup_future_usage,
                    payment_method=payment_method, latest_charge=None, last_payment_error=None,
                    capture_method="automatic", confirmation_method="automatic", next_action=None,
                    payment_method_types=["card"], canceled_at=None, cancellation_reason=None,
                    status="requires_confirmation" if payment_method else "requires_payment_method")
    pi["client_secret"] = f"{pi['id']}_secret_{store.new_id('', 16)}"
    return pi


def create_payment_intent(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/payment_intents (with `confirm=true` it charges at once)."""
    store = ctx.store
    customer = forms.as_str(params, "customer")
    if customer:
        store.get("customer", customer, "customer")
    pm_id = forms.as_str(params, "payment_method")
    pm = resolve_payment_method(store, pm_id) if pm_id else None
    pi = new_payment_intent(
        store, amount=forms.as_int(params, "amount", required=True, minimum=1) or 0,
        currency=forms.currency(params) or "", customer=customer, metadata=forms.metadata(params),
        transfer_group=forms.as_str(params, "transfer_group"),
        setup_future_usage=forms.as_str(params, "setup_future_usage"),
        description=forms.as_str(params, "description"), payment_method=pm["id"] if pm else None)
    if forms.as_bool(params, "confirm"):
        confirm(store, pi, off_session=_off_session(params))
    return public(pi)


def _off_session(params: dict[str, Any]) -> bool:
    raw = str(params.get("off_session", "false")).lower()
    return raw in ("true", "one_off", "recurring")


def confirm_payment_intent(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """POST /v1/payment_intents/{id}/confirm."""
    pi = ctx.store.get("payment_intent", id)
    pm_id = forms.as_str(params, "payment_method")
    if pm_id:
        pi["payment_method"] = resolve_payment_method(ctx.store, pm_id)["id"]
    if pi["status"] not in ("requires_payment_method", "requires_confirmation"):
        raise StripeError(400, f"This PaymentIntent's status is {pi['status']} and cannot be confirmed.",
                          code="payment_intent_unexpected_state", saved=True)
    confirm(ctx.store, pi, off_session=_off_session(params))
    return public(pi)


def confirm(store: Store, pi: dict[str, Any], *, off_session: bool) -> None:
    """Charge the PaymentIntent's card; raise the card's 402 when it is refused."""
    if not pi["payment_method"]:
        raise missing("payment_method")
    pm = store.get("payment_method", pi["payment_method"], "payment_method")
    if off_session and pm["customer"] and pm["customer"] != pi["customer"]:
        raise invalid("payment_method", "The provided PaymentMethod belongs to a different customer.",
                      "payment_method_invalid_parameter")
    card = CARDS[pm["_number"]]
    failure = card.decline or card.charge_decline
    if not failure and card.auth == "always" and off_session:
        failure = "authentication_required"
    if failure:
        fail(store, pi, failure)
        raise card_error(failure, payment_intent=public(pi), payment_method=public(pm))
    if card.auth and not off_session:
        pi["status"] = "requires_action"
        pi["next_action"] = {"type": "use_stripe_sdk", "use_stripe_sdk": {"type": "three_d_secure_redirect"}}
        return
    succeed(store, pi, pm)


def fail(store: Store, pi: dict[str, Any], code: str) -> None:
    """Mark a payment attempt as refused and send `payment_intent.payment_failed`."""
    err = card_error(code)
    pi["status"] = "requires_payment_method"
    pi["last_payment_error"] = {"type": "card_error", "code": err.code, "message": err.message,
                                "decline_code": err.extra.get("decline_code"),
                                "payment_method": public(store.find(pi["payment_method"] or "") or {})}
    store.emit("payment_intent.payment_failed", pi)


def succeed(store: Store, pi: dict[str, Any], pm: dict[str, Any]) -> dict[str, Any]:
    """Charge the card: Charge + balance transaction (with Stripe's fee), PaymentIntent succeeded."""
    amount, currency = pi["amount"], pi["currency"]
    charge = store.base(
        "ch_", "charge", amount=amount, amount_captured=amount, amount_refunded=0, currency=currency,
        captured=True, paid=True, refunded=False, disputed=False, status="succeeded",
        payment_intent=pi["id"], payment_method=pm["id"], customer=pi["customer"],
        transfer_group=pi["transfer_group"], metadata=dict(pi["metadata"]), description=pi["description"],
        balance_transaction=None, failure_code=None, failure_message=None, receipt_url=None,
        billing_details=pm["billing_details"], outcome={"type": "authorized", "network_status":
                                                        "approved_by_network", "risk_level": "normal"},
        payment_method_details={"type": "card", "card": {k: pm["card"][k] for k in ("brand", "last4")}})
    txn = store.balance_txn(amount=amount, currency=currency, type="charge", source=charge["id"],
                            fee=fee_for(amount, currency), description=pi["description"])
    charge["balance_transaction"] = txn["id"]
    charge["receipt_url"] = f"https://pay.stripe.test/receipts/{charge['id']}"
    pi.update(status="succeeded", amount_received=amount, latest_charge=charge["id"],
              payment_method=pm["id"], last_payment_error=None, next_action=None)
    if pi["setup_future_usage"] and pi["customer"]:
        pm["customer"] = pi["customer"]
    store.emit("charge.succeeded", charge)
    store.emit("payment_intent.succeeded", pi)
    return charge


def retrieve_payment_intent(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/payment_intents/{id}."""
    return public(ctx.store.get("payment_intent", id))


def list_payment_intents(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/payment_intents (filter: customer)."""
    return page(ctx.store.all("payment_intent", customer=params.get("customer")), params,
                "/v1/payment_intents")


def cancel_payment_intent(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """POST /v1/payment_intents/{id}/cancel."""
    pi = ctx.store.get("payment_intent", id)
    if pi["status"] in ("succeeded", "canceled"):
        raise StripeError(400, f"You cannot cancel this PaymentIntent because it has a status of "
                          f"{pi['status']}.", code="payment_intent_unexpected_state", saved=True)
    pi.update(status="canceled", canceled_at=ctx.store.now(),
              cancellation_reason=forms.as_str(params, "cancellation_reason"))
    ctx.store.emit("payment_intent.canceled", pi)
    return public(pi)


# charges ------------------------------------------------------------------------------------
def retrieve_charge(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/charges/{id}."""
    return public(ctx.store.get("charge", id))


def list_charges(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/charges (filters: payment_intent, customer, transfer_group)."""
    found = ctx.store.all("charge", payment_intent=params.get("payment_intent"),
                          customer=params.get("customer"), transfer_group=params.get("transfer_group"))
    return page([c for c in found if c.get("_account") == ctx.account], params, "/v1/charges")
