"""The balance, balance transactions and events."""

from __future__ import annotations

from typing import Any

from vamarket.stripe_local.store import Ctx, page, public


def retrieve_balance(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/balance (of the connected account named by the Stripe-Account header, if any)."""
    totals = ctx.store.balance(ctx.account)
    return {"object": "balance", "livemode": False,
            "available": [{"amount": v, "currency": c, "source_types": {"card": v}}
                          for c, v in totals.items()],
            "pending": [{"amount": 0, "currency": c, "source_types": {"card": 0}} for c in totals]}


def list_balance_transactions(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/balance_transactions (filters: type, currency, source)."""
    found = [t for t in ctx.store.all("balance_transaction", type=params.get("type"),
                                      currency=params.get("currency"), source=params.get("source"))
             if t.get("_account") == ctx.account]
    return page(found, params, "/v1/balance_transactions")


def retrieve_balance_transaction(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/balance_transactions/{id}."""
    return public(ctx.store.get("balance_transaction", id))


def list_events(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """GET /v1/events (filters: type, `types[]`)."""
    found = ctx.store.all("event", type=params.get("type"))
    types = params.get("types")
    if isinstance(types, list):
        found = [e for e in found if e["type"] in types]
    return page(found, params, "/v1/events")


def retrieve_event(ctx: Ctx, params: dict[str, Any], id: str) -> dict[str, Any]:
    """GET /v1/events/{id}."""
    return public(ctx.store.get("event", id))
