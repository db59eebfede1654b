"""POST /stripe/webhook: verify the signature on the raw body, then process the event.

400 (and nothing recorded) for a missing, forged or stale signature; 200 for a processed or
duplicate event; 500 when processing failed (the transaction is rolled back, Stripe retries).
"""

from __future__ import annotations

import logging

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vamarket.db import session_scope
from vamarket.payments import webhooks
from vamarket.payments.gateway import PaymentRejected, verify_webhook
from vamarket.payments.runtime import webhook_secret

log = logging.getLogger(__name__)


def handle_delivery(payload: bytes, signature: str) -> tuple[int, dict]:
    """One delivery: (HTTP status, body). Usable without HTTP (tests, benchmarks)."""
    if not signature:
        return 400, {"error": "missing signature"}
    try:
        event = verify_webhook(payload, signature, webhook_secret())
    except PaymentRejected:
        return 400, {"error": "invalid signature"}
    try:
        with session_scope() as session:
            fresh = webhooks.process(session, event)
    except Exception:  # noqa: BLE001 - any failure is answered 500 so Stripe retries
        log.exception("stripe webhook %s failed", event.get("id"))
        return 500, {"error": "processing failed"}
    return 200, {"received": True, "duplicate": not fresh}


async def stripe_webhook(request: Request) -> JSONResponse:
    """The endpoint Stripe (or the local server) posts events to."""
    payload = await request.body()
    status, body = await _run(payload, request.headers.get("stripe-signature", ""))
    return JSONResponse(body, status_code=status)


async def _run(payload: bytes, signature: str) -> tuple[int, dict]:
    from starlette.concurrency import run_in_threadpool
    return await run_in_threadpool(handle_delivery, payload, signature)


def build_webhook_app() -> Starlette:
    """A Starlette app serving POST /stripe/webhook."""
    return Starlette(routes=[Route("/stripe/webhook", stripe_webhook, methods=["POST"])])
