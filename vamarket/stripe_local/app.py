"""The Starlette app of the local Stripe and helpers to run it (in a thread for tests)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from vamarket.stripe_local import api, page_routes, test_control
from vamarket.stripe_local.faults import Faults
from vamarket.stripe_local.idempotency import Keys
from vamarket.stripe_local.store import Store
from vamarket.stripe_local.webhooks import Deliverer, Endpoint


class LocalStripe:
    """One local Stripe: its store, idempotency keys, faults and webhook deliverer."""

    def __init__(self, *, webhook_url: str | None = None, webhook_secret: str | None = None,
                 public_url: str | None = None, **deliverer_settings: Any) -> None:
        self.public_url = public_url
        self.store = Store()
        self.keys = Keys()
        self.faults = Faults()
        self.webhooks = Deliverer(self.faults, **deliverer_settings)
        if webhook_url:
            self.webhooks.configure([Endpoint(webhook_url, webhook_secret or "whsec_local")])
        self.store.listeners.append(self.webhooks.enqueue)
        self.app = build_app(self)

    def reset(self) -> None:
        """Forget all state and faults (webhook endpoints stay configured)."""
        self.store.reset()
        self.keys.reset()
        self.faults.clear()
        self.webhooks.reset()

    def close(self) -> None:
        """Stop webhook delivery."""
        self.webhooks.stop()


def build_app(local: LocalStripe) -> Starlette:
    """The ASGI app: /v1 API, hosted pages and /_test controls."""

    def bind(fn: Callable[[Request, LocalStripe], Awaitable[Response]]
             ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await fn(request, local)
        endpoint.__name__ = fn.__name__
        return endpoint

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "server": "vamarket local stripe"})

    tc = test_control
    routes = [
        Route("/", health),
        Route("/v1/{path:path}", bind(api.handle), methods=["GET", "POST", "DELETE"]),
        Route("/c/pay/{id}", bind(page_routes.checkout_get), methods=["GET"]),
        Route("/c/pay/{id}", bind(page_routes.checkout_post), methods=["POST"]),
        Route("/c/pay/{id}/authenticate", bind(page_routes.authenticate_post), methods=["POST"]),
        Route("/connect/onboarding/{token}", bind(page_routes.onboarding_get), methods=["GET"]),
        Route("/connect/onboarding/{token}", bind(page_routes.onboarding_post), methods=["POST"]),
        Route("/_test/webhooks", bind(tc.webhooks), methods=["GET", "POST", "DELETE"]),
        Route("/_test/webhooks/drain", bind(tc.drain), methods=["POST"]),
        Route("/_test/webhooks/deliveries", bind(tc.deliveries), methods=["GET"]),
        Route("/_test/events/{id}/resend", bind(tc.resend), methods=["POST"]),
        Route("/_test/faults", bind(tc.faults), methods=["GET", "POST", "DELETE"]),
        Route("/_test/disputes", bind(tc.dispute_create), methods=["POST"]),
        Route("/_test/disputes/{id}/close", bind(tc.dispute_close), methods=["POST"]),
        Route("/_test/accounts/{id}/onboard", bind(tc.onboard), methods=["POST"]),
        Route("/_test/checkout/{id}/pay", bind(tc.pay), methods=["POST"]),
        Route("/_test/state", bind(tc.state), methods=["GET"]),
        Route("/_test/reset", bind(tc.reset), methods=["POST"]),
    ]
    return Starlette(routes=routes)


@dataclass
class RunningServer:
    """A local Stripe serving HTTP in a background thread."""

    base_url: str
    local: LocalStripe
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        """Shut the server and its webhook delivery down."""
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.local.close()


def start_in_thread(*, host: str = "127.0.0.1", port: int = 0, webhook_url: str | None = None,
                    webhook_secret: str | None = None, **settings: Any) -> RunningServer:
    """Start a local Stripe on `port` (0 picks a free one) in a thread; returns its base URL and handle."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    base_url = f"http://{host}:{sock.getsockname()[1]}"
    local = LocalStripe(webhook_url=webhook_url, webhook_secret=webhook_secret, **settings)
    config = uvicorn.Config(local.app, log_level="warning", timeout_graceful_shutdown=1, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True,
                              name="stripe-local-http")
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("local stripe server did not start")
        time.sleep(0.01)
    return RunningServer(base_url, local, server, thread)


def serve(*, host: str, port: int, webhook_url: str | None, webhook_secret: str | None,
          public_url: str | None = None) -> None:
    """Run a local Stripe in the foreground until interrupted."""
    local = LocalStripe(webhook_url=webhook_url, webhook_secret=webhook_secret, public_url=public_url)
    try:
        uvicorn.run(local.app, host=host, port=port, log_level="info", timeout_graceful_shutdown=1)
    finally:
        local.close()
