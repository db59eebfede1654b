"""POST /stripe/webhook: verify the signature on the raw body, then process the event.

400 (and nothing recorded) for a missing, forged or stale signature; 200 for a processed or
duplicate event; 500 when processing failed (the transaction is rolled back, Stripe retries).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from vamarket.db import get_engine, session_scope
from vamarket.payments import webhooks
from vamarket.payments.gateway import PaymentRejected, verify_webhook
from vamarket.payments.runtime import get_gateway, webhook_secret

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
    return await run_in_threadpool(handle_delivery, payload, signature)


def warm_up() -> None:
    """Build at start-up what the first deliveries would otherwise build while Stripe waits:
    the engine (which imports the database driver) and the Stripe client. No I/O: the first
    delivery still opens the first connection."""
    get_engine()
    get_gateway()


@asynccontextmanager
async def _lifespan(_app: Starlette) -> AsyncIterator[None]:
    await run_in_threadpool(warm_up)
    yield


def build_webhook_app() -> Starlette:
    """A Starlette app serving POST /stripe/webhook; served on its own (its lifespan warms it
    up at start-up) or mounted into the Reflex backend."""
    return Starlette(routes=[Route("/stripe/webhook", stripe_webhook, methods=["POST"])],
                     lifespan=_lifespan)
