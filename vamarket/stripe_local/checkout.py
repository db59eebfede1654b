"""Checkout Sessions (payment and setup modes) and what happens when someone pays on the page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vamarket.stripe_local import forms
from vamarket.stripe_local.cards import DECLINE_MESSAGES, check_entry
from vamarket.stripe_local.errors import StripeError, invalid, missing
from vamarket.stripe_local.payments import fail, new_customer, new_payment_intent, new_payment_method, succeed
from vamarket.stripe_local.store import Ctx, Store, page, public

SESSION_LIFETIME = 24 * 3600


def _line_items(params: dict[str, Any]) -> tuple[list[dict[str, Any]], str, int]:
    items = params.get("line_items")
    if not items:
        raise missing("line_items")
    if not isinstance(items, list):
        raise invalid("line_items", "line_items must be an array.")
    rows, currencies, total = [], set(), 0
    for i, item in enumerate(items):
        price = forms.as_dict(item, "price_data")
        if not price:
            raise missing(f"line_items[{i}][price_data]")
        unit = forms.as_int(price, "unit_amount", required=True, minimum=0) or 0
        quantity = forms.as_int(item, "quantity", minimum=1) or 1
        cur = forms.currency(price) or ""
        name = forms.as_dict(price, "product_data").get("name") or "Item"
        currencies.add(cur)
        total += unit * quantity
        rows.append({"id": Store.new_id("li_"), "object": "item", "description": name, "currency": cur,
                     "quantity": quantity, "amount_subtotal": unit * quantity,
                     "amount_total": unit * quantity,
                     "price": {"object": "price", "unit_amount": unit, "currency": cur,
                               "product": Store.new_id("prod_"), "type": "one_time"}})
    if len(currencies) != 1:
        raise invalid("line_items", "All line items must have the same currency.")
    return rows, currencies.pop(), total


def create_session(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/checkout/sessions."""
    store = ctx.store
    mode = forms.as_str(params, "mode", required=True)
    if mode not in ("payment", "setup"):
        raise invalid("mode", f"Invalid mode: {mode}. This server supports payment and setup.")
    success_url = forms.as_str(params, "success_url", required=True)
    customer = forms.as_str(params, "customer")
    if customer:
        store.get("customer", customer, "customer")
    pi_data = forms.as_dict(params, "payment_intent_data")
    items, currency, total = ([], forms.currency(params, required=False), None)
    if mode == "payment":
        items, currency, total = _line_items(params)
        if pi_data.get("setup_future_usage") not in (None, "off_session", "on_session"):
            raise invalid("payment_intent_data[setup_future_usage]", "Invalid setup_future_usage.")
    expires_at = forms.as_int(params, "expires_at") or store.now() + SESSION_LIFETIME
    session = store.base(
        "cs_test_", "checkout.session", mode=mode, status="open",
        payment_status="unpaid" if mode == "payment" else "no_payment_required",
        amount_subtotal=total, amount_total=total, currency=currency, customer=customer,
        customer_email=forms.as_str(params, "customer_email"),
        customer_creation=forms.as_str(params, "customer_creation"),
        client_reference_id=forms.as_str(params, "client_reference_id"), metadata=forms.metadata(params),
        success_url=success_url, cancel_url=forms.as_str(params, "cancel_url"), expires_at=expires_at,
        payment_intent=None, setup_intent=None, customer_details=None, payment_method_types=["card"],
        locale=forms.as_str(params, "locale"), url=None,
        _line_items=items, _payment_intent_data=pi_data,
        _setup_intent_data=forms.as_dict(params, "setup_intent_data"))
    session["url"] = f"{ctx.base_url}/c/pay/{session['id']}"
    return public(session)


def retrieve_session(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/checkout/sessions/{id}."""
    session = ctx.store.get("checkout.session", id)
    expire_if_due(ctx.store, session)
    return public(session)


def list_line_items(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/checkout/sessions/{id}/line_items."""
    session = ctx.store.get("checkout.session", id)
    return {"object": "list", "data": public(session["_line_items"]), "has_more": False,
            "url": f"/v1/checkout/sessions/{id}/line_items"}


def list_sessions(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/checkout/sessions (filters: payment_intent, customer)."""
    found = ctx.store.all("checkout.session", payment_intent=params.get("payment_intent"),
                          customer=params.get("customer"))
    return page(found, params, "/v1/checkout/sessions")


def expire_session(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """POST /v1/checkout/sessions/{id}/expire."""
    session = ctx.store.get("checkout.session", id)
    if session["status"] != "open":
        raise StripeError(400, f"Only Checkout Sessions with a status in [\"open\"] can be expired. "
                          f"This Checkout Session has a status of \"{session['status']}\".",
                          code="checkout_session_not_open", saved=True)
    _expire(ctx.store, session)
    return public(session)


def expire_if_due(store: Store, session: dict[str, Any]) -> None:
    """Expire an open session whose `expires_at` has passed."""
    if session["status"] == "open" and session["expires_at"] <= store.now():
        _expire(store, session)


def _expire(store: Store, session: dict[str, Any]) -> None:
    session["status"] = "expired"
    session["url"] = None
    store.emit("checkout.session.expired", session)


@dataclass
class Attempt:
    """What the checkout page shows next: a redirect, an error, or the authentication step."""

    redirect: str | None = None
    error: str | None = None
    auth_token: str | None = None


def attempt(store: Store, session_id: str, *, number: str, expiry: str, cvc: str,
            name: str | None = None, email: str | None = None) -> Attempt:
    """Someone pressed Pay (or Save) on the hosted page with these card details."""
    session = store.get("checkout.session", session_id)
    expire_if_due(store, session)
    if session["status"] != "open":
        return Attempt(error=f"This checkout session is {session['status']}.")
    checked = check_entry(number, expiry, cvc)
    if isinstance(checked, str):
        return Attempt(error=checked)
    number, card = checked
    details = {"name": name, "email": email or session["customer_email"]}
    pi = _intent(store, session) if session["mode"] == "payment" else None
    if card.decline:
        pm = new_payment_method(store, number, **details)
        if pi is not None:
            pi["payment_method"] = pm["id"]
            fail(store, pi, card.decline)
        return Attempt(error=DECLINE_MESSAGES[card.decline])
    if card.auth:
        token = store.new_id("auth_")
        store.private[token] = {"session": session_id, "number": number, **details}
        return Attempt(auth_token=token)
    return Attempt(redirect=complete(store, session, number, **details))


def authenticate(store: Store, token: str, approved: bool) -> tuple[str, Attempt]:
    """The 3-D Secure step: approve completes the payment, fail refuses it. Returns the session id."""
    pending = store.private.pop(token, None)
    if pending is None:
        raise StripeError(404, "This authentication has already been used.", code="resource_missing")
    session = store.get("checkout.session", pending["session"])
    if session["status"] != "open":
        return session["id"], Attempt(error=f"This checkout session is {session['status']}.")
    details = {"name": pending["name"], "email": pending["email"]}
    if approved:
        return session["id"], Attempt(redirect=complete(store, session, pending["number"], **details))
    if session["mode"] == "payment":
        pi = _intent(store, session)
        pi["payment_method"] = new_payment_method(store, pending["number"], **details)["id"]
        fail(store, pi, "payment_intent_authentication_failure")
    return session["id"], Attempt(error=DECLINE_MESSAGES["payment_intent_authentication_failure"])


def _intent(store: Store, session: dict[str, Any]) -> dict[str, Any]:
    if session["payment_intent"]:
        return store.get("payment_intent", session["payment_intent"])
    data = session["_payment_intent_data"]
    pi = new_payment_intent(
        store, amount=session["amount_total"], currency=session["currency"], customer=session["customer"],
        metadata=forms.metadata(data), transfer_group=data.get("transfer_group"),
        setup_future_usage=data.get("setup_future_usage"), description=data.get("description"))
    session["payment_intent"] = pi["id"]
    return pi


def complete(store: Store, session: dict[str, Any], number: str, *, name: str | None,
             email: str | None) -> str:
    """The card went through: pay (or save the card), complete the session, return where to go."""
    saving = session["mode"] == "setup" or bool(session["_payment_intent_data"].get("setup_future_usage"))
    if not session["customer"] and (saving or session["customer_creation"] == "always"):
        session["customer"] = new_customer(store, email=email, name=name)["id"]
    pm = new_payment_method(store, number, name=name, email=email)
    if saving:
        pm["customer"] = session["customer"]
    if session["mode"] == "payment":
        pi = _intent(store, session)
        pi["customer"] = session["customer"]
        succeed(store, pi, pm)
        session["payment_status"] = "paid"
    else:
        seti = store.base("seti_", "setup_intent", status="succeeded", usage="off_session",
                          customer=session["customer"], payment_method=pm["id"],
                          payment_method_types=["card"],
                          metadata=forms.metadata(session["_setup_intent_data"]), last_setup_error=None)
        session["setup_intent"] = seti["id"]
        store.emit("setup_intent.succeeded", seti)
    session.update(status="complete", url=None, customer_details={"email": email, "name": name})
    store.emit("checkout.session.completed", session)
    return session["success_url"].replace("{CHECKOUT_SESSION_ID}", session["id"])


def retrieve_setup_intent(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/setup_intents/{id}."""
    return public(ctx.store.get("setup_intent", id))
