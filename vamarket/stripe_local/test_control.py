"""/_test/: controls that are not part of Stripe (webhook endpoints, faults, disputes, state, reset)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from vamarket.stripe_local import checkout, connect, refunds
from vamarket.stripe_local.errors import StripeError
from vamarket.stripe_local.store import public
from vamarket.stripe_local.webhooks import Endpoint

if TYPE_CHECKING:
    from vamarket.stripe_local.app import LocalStripe


async def _json(request: Request) -> dict[str, Any]:
    body = await request.body()
    if not body:
        return {}
    if request.headers.get("content-type", "").startswith("application/json"):
        return await request.json()
    return dict((await request.form()).items())


def _error(exc: Exception, status: int = 400) -> JSONResponse:
    if isinstance(exc, StripeError):
        return JSONResponse(exc.body(), status_code=exc.status)
    return JSONResponse({"error": {"type": "invalid_request_error", "message": str(exc)}}, status_code=status)


async def webhooks(request: Request, local: LocalStripe) -> JSONResponse:
    """GET lists endpoints; POST {url, secret} or {endpoints: [...]} replaces them (plus retry
    settings max_attempts, retry_base_seconds, retry_max_seconds); DELETE removes them all."""
    deliverer = local.webhooks
    if request.method == "POST":
        data = await _json(request)
        rows = data.get("endpoints") or ([{"url": data["url"], "secret": data["secret"]}]
                                         if data.get("url") else [])
        names = ("max_attempts", "retry_base_seconds", "retry_max_seconds")
        try:
            deliverer.configure([Endpoint(r["url"], r["secret"]) for r in rows],
                                **{k: data.get(k) for k in names})
        except (KeyError, TypeError, ValueError) as exc:
            return _error(exc)
    elif request.method == "DELETE":
        deliverer.configure([])
    return JSONResponse({"endpoints": [{"url": e.url} for e in deliverer.endpoints],
                         "max_attempts": deliverer.max_attempts,
                         "retry_base_seconds": deliverer.retry_base_seconds})


async def drain(request: Request, local: LocalStripe) -> JSONResponse:
    """POST /_test/webhooks/drain?timeout=10: wait until every delivery is done or given up."""
    timeout = float(request.query_params.get("timeout", "10"))
    done = await asyncio.to_thread(local.webhooks.drain, timeout)
    return JSONResponse({"drained": done, "pending": local.webhooks.pending(), **local.webhooks.stats},
                        status_code=200 if done else 408)


async def deliveries(request: Request, local: LocalStripe) -> JSONResponse:
    """GET /_test/webhooks/deliveries: every delivery attempt (event, attempt, status, ok)."""
    return JSONResponse({"data": list(local.webhooks.log)})


async def resend(request: Request, local: LocalStripe) -> JSONResponse:
    """POST /_test/events/{id}/resend: deliver a stored event again."""
    with local.store.lock:
        try:
            event = public(local.store.get("event", request.path_params["id"]))
        except StripeError as exc:
            return _error(exc)
    local.webhooks.enqueue(event)
    return JSONResponse({"resent": event["id"]})


async def faults(request: Request, local: LocalStripe) -> JSONResponse:
    """GET shows the fault settings; POST changes some of them; DELETE clears them."""
    if request.method == "POST":
        try:
            local.faults.update(await _json(request))
        except (TypeError, ValueError) as exc:
            return _error(exc)
    elif request.method == "DELETE":
        local.faults.clear()
    return JSONResponse(local.faults.settings())


async def dispute_create(request: Request, local: LocalStripe) -> JSONResponse:
    """POST /_test/disputes {charge | payment_intent, amount?, reason?}: the cardholder disputes."""
    data = await _json(request)
    with local.store.lock:
        try:
            charge = data.get("charge")
            if not charge and data.get("payment_intent"):
                charge = local.store.get("payment_intent", data["payment_intent"])["latest_charge"]
            dispute = refunds.open_dispute(local.store, charge_id=charge or "",
                                           amount=int(data["amount"]) if data.get("amount") else None,
                                           reason=data.get("reason") or "fraudulent")
        except StripeError as exc:
            return _error(exc)
        return JSONResponse(public(dispute))


async def dispute_close(request: Request, local: LocalStripe) -> JSONResponse:
    """POST /_test/disputes/{id}/close {outcome: won | lost}."""
    data = await _json(request)
    with local.store.lock:
        try:
            dispute = refunds.close_dispute(local.store, request.path_params["id"], str(data.get("outcome")))
        except StripeError as exc:
            return _error(exc)
        return JSONResponse(public(dispute))


async def onboard(request: Request, local: LocalStripe) -> JSONResponse:
    """POST /_test/accounts/{id}/onboard: complete onboarding without the page."""
    with local.store.lock:
        try:
            account = connect.complete_onboarding(local.store, request.path_params["id"])
        except StripeError as exc:
            return _error(exc)
        return JSONResponse(public(account))


async def pay(request: Request, local: LocalStripe) -> JSONResponse:
    """POST /_test/checkout/{id}/pay {card?, approve?}: pay a session without the page (4242 by default)."""
    data = await _json(request)
    with local.store.lock:
        try:
            result = checkout.attempt(local.store, request.path_params["id"],
                                      number=str(data.get("card") or "4242424242424242"),
                                      expiry="12/34", cvc="123", name=data.get("name"),
                                      email=data.get("email"))
            if result.auth_token:
                approve = bool(data.get("approve", True))
                _, result = checkout.authenticate(local.store, result.auth_token, approve)
            session = public(local.store.get("checkout.session", request.path_params["id"]))
        except StripeError as exc:
            return _error(exc)
    return JSONResponse({"redirect": result.redirect, "error": result.error, "session": session},
                        status_code=200 if result.redirect else 402)


async def state(request: Request, local: LocalStripe) -> JSONResponse:
    """GET /_test/state: counts, balances, events, deliveries, faults."""
    with local.store.lock:
        accounts = {a["id"]: local.store.balance(a["id"]) for a in local.store.all("account")}
        summary = {"objects": local.store.counts(), "balance": local.store.balance(),
                   "connected_balances": accounts, "events": len(local.store.events),
                   "idempotency_keys": local.keys.count()}
    summary["webhooks"] = {"endpoints": [e.url for e in local.webhooks.endpoints],
                           "pending": local.webhooks.pending(), **local.webhooks.stats}
    summary["faults"] = local.faults.settings()
    return JSONResponse(summary)


async def reset(request: Request, local: LocalStripe) -> JSONResponse:
    """POST /_test/reset: forget every object, event, key, queued delivery and fault."""
    local.reset()
    return JSONResponse({"reset": True})
