"""Connect: Express accounts, account links and onboarding, transfers and transfer reversals."""

from __future__ import annotations

from typing import Any

from vamarket.stripe_local import forms
from vamarket.stripe_local.errors import StripeError, invalid
from vamarket.stripe_local.store import Ctx, Store, page, public

DUE = ["business_profile.url", "external_account", "individual.dob.day", "individual.first_name",
       "individual.last_name", "tos_acceptance.date"]
LINK_LIFETIME = 300


def create_account(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/accounts (type=express)."""
    kind = forms.as_str(params, "type") or "express"
    if kind not in ("express", "standard", "custom"):
        raise invalid("type", f"Invalid type: {kind}.")
    requested = [name for name, spec in forms.as_dict(params, "capabilities").items()
                 if isinstance(spec, dict) and str(spec.get("requested")).lower() == "true"]
    account = ctx.store.base(
        "acct_", "account", type=kind, country=(forms.as_str(params, "country") or "US").upper(),
        email=forms.as_str(params, "email"), business_type=forms.as_str(params, "business_type"),
        default_currency=forms.currency(params, "default_currency", required=False) or "usd",
        metadata=forms.metadata(params), charges_enabled=False, payouts_enabled=False,
        details_submitted=False, capabilities={name: "inactive" for name in requested or ["transfers"]},
        requirements={"currently_due": list(DUE), "eventually_due": list(DUE), "past_due": list(DUE),
                      "disabled_reason": "requirements.past_due", "current_deadline": None},
        business_profile={"name": None, "url": None}, controller={"type": "application"})
    return public(account)


def retrieve_account(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/accounts/{id}."""
    return public(ctx.store.get("account", id))


def update_account(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """POST /v1/accounts/{id} (email, metadata)."""
    account = ctx.store.get("account", id)
    if "email" in params:
        account["email"] = forms.as_str(params, "email")
    account["metadata"] = forms.metadata(params, account["metadata"])
    return public(account)


def list_accounts(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/accounts."""
    return page(ctx.store.all("account"), params, "/v1/accounts")


def create_account_link(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/account_links: a one-time link to the onboarding page."""
    account = ctx.store.get("account", forms.as_str(params, "account", required=True), "account")
    kind = forms.as_str(params, "type", required=True)
    if kind not in ("account_onboarding", "account_update"):
        raise invalid("type", f"Invalid type: {kind}.")
    refresh = forms.as_str(params, "refresh_url", required=True)
    back = forms.as_str(params, "return_url", required=True)
    token = ctx.store.new_id("", 32)
    now = ctx.store.now()
    ctx.store.private[f"link:{token}"] = {"account": account["id"], "refresh_url": refresh,
                                          "return_url": back, "expires_at": now + LINK_LIFETIME,
                                          "used": False}
    return {"object": "account_link", "created": now, "expires_at": now + LINK_LIFETIME,
            "url": f"{ctx.base_url}/connect/onboarding/{token}"}


def complete_onboarding(store: Store, account_id: str, *, name: str | None = None) -> dict[str, Any]:
    """The account holder finished onboarding: charges, payouts and transfers become active."""
    account = store.get("account", account_id)
    previous = {k: public(account[k]) for k in ("charges_enabled", "payouts_enabled", "details_submitted",
                                                 "capabilities", "requirements")}
    account.update(charges_enabled=True, payouts_enabled=True, details_submitted=True,
                   capabilities={name: "active" for name in account["capabilities"]},
                   requirements={"currently_due": [], "eventually_due": [], "past_due": [],
                                 "disabled_reason": None, "current_deadline": None})
    if name:
        account["business_profile"]["name"] = name
    store.emit("account.updated", account, previous=previous, account=account_id)
    return account


def create_transfer(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """POST /v1/transfers: move money from the platform balance to a connected account."""
    store = ctx.store
    amount = forms.as_int(params, "amount", required=True, minimum=1) or 0
    currency = forms.currency(params) or ""
    dest_id = forms.as_str(params, "destination", required=True)
    dest = store.objects.get(dest_id or "")
    if dest is None or dest["object"] != "account":
        raise StripeError(400, f"No such destination: '{dest_id}'", code="resource_missing",
                          param="destination")
    if dest["capabilities"].get("transfers") != "active":
        raise StripeError(400, "Your destination account needs to have at least one of the following "
                          "capabilities enabled: transfers, crypto_transfers, legacy_payments",
                          code="insufficient_capabilities_for_transfer", param="destination")
    source = forms.as_str(params, "source_transaction")
    if source:
        _check_source(store, source, amount, currency)
    elif store.balance().get(currency, 0) < amount:
        raise StripeError(400, "You have insufficient available funds in your Stripe account. Try adding "
                          "funds directly to your available balance by creating Charges using the "
                          "4000000000000077 test card.", code="balance_insufficient")
    transfer = store.base(
        "tr_", "transfer", amount=amount, amount_reversed=0, currency=currency, destination=dest_id,
        transfer_group=forms.as_str(params, "transfer_group"), source_transaction=source,
        description=forms.as_str(params, "description"), metadata=forms.metadata(params), reversed=False,
        source_type="card", destination_payment=None, balance_transaction=None,
        reversals={"object": "list", "data": [], "has_more": False, "total_count": 0, "url": ""})
    transfer["reversals"]["url"] = f"/v1/transfers/{transfer['id']}/reversals"
    txn = store.balance_txn(amount=-amount, currency=currency, type="transfer", source=transfer["id"],
                            description=transfer["description"])
    transfer["balance_transaction"] = txn["id"]
    payment = store.base("py_", "charge", amount=amount, amount_refunded=0, currency=currency,
                         status="succeeded", paid=True, source_transfer=transfer["id"], _account=dest_id)
    store.balance_txn(amount=amount, currency=currency, type="payment", source=payment["id"], account=dest_id)
    transfer["destination_payment"] = payment["id"]
    store.emit("transfer.created", transfer)
    return public(transfer)


def _check_source(store: Store, source: str, amount: int, currency: str) -> None:
    charge = store.get("charge", source, "source_transaction")
    if charge["currency"] != currency:
        raise invalid("currency", "The currency of source_transaction's balance transaction "
                      f"({charge['currency']}) must be the same as the transfer currency ({currency}).")
    used = sum(t["amount"] - t["amount_reversed"] for t in store.all("transfer", source_transaction=source))
    if amount > charge["amount"] - charge["amount_refunded"] - used:
        raise StripeError(400, "Insufficient funds in the source transaction to create this transfer.",
                          code="balance_insufficient", param="source_transaction")


def retrieve_transfer(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/transfers/{id}."""
    return public(ctx.store.get("transfer", id))


def list_transfers(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/transfers (filters: destination, transfer_group)."""
    found = ctx.store.all("transfer", destination=params.get("destination"),
                          transfer_group=params.get("transfer_group"))
    return page(found, params, "/v1/transfers")


def create_reversal(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """POST /v1/transfers/{id}/reversals: take back all or `amount` of a transfer."""
    store = ctx.store
    transfer = store.get("transfer", id)
    remaining = transfer["amount"] - transfer["amount_reversed"]
    if remaining <= 0:
        raise StripeError(400, f"Transfer {id} has already been fully reversed.",
                          code="transfer_already_reversed")
    amount = forms.as_int(params, "amount", minimum=1) or remaining
    if amount > remaining:
        raise invalid("amount", f"Reversal amount ({amount}) is greater than the amount left on the "
                      f"transfer ({remaining}).", "amount_too_large")
    reversal = store.base("trr_", "transfer_reversal", amount=amount, currency=transfer["currency"],
                          transfer=id, metadata=forms.metadata(params), balance_transaction=None,
                          destination_payment_refund=None, source_refund=None)
    txn = store.balance_txn(amount=amount, currency=transfer["currency"], type="transfer_refund",
                            source=reversal["id"])
    store.balance_txn(amount=-amount, currency=transfer["currency"], type="payment_refund",
                      source=reversal["id"], account=transfer["destination"])
    reversal["balance_transaction"] = txn["id"]
    previous = {"amount_reversed": transfer["amount_reversed"], "reversed": transfer["reversed"]}
    transfer["amount_reversed"] += amount
    transfer["reversed"] = transfer["amount_reversed"] >= transfer["amount"]
    transfer["reversals"]["data"].insert(0, public(reversal))
    transfer["reversals"]["total_count"] += 1
    store.emit("transfer.reversed", transfer, previous=previous)
    return public(reversal)


def list_reversals(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/transfers/{id}/reversals."""
    ctx.store.get("transfer", id)
    return page(ctx.store.all("transfer_reversal", transfer=id), params, f"/v1/transfers/{id}/reversals")


