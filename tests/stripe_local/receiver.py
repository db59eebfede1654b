"""A tiny webhook receiver that verifies Stripe-Signature with stripe-python, as an app would."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import stripe


class Receiver:
    """Collects verified events; can be told to answer 500 to the next n deliveries."""

    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.events: list[dict[str, Any]] = []
        self.forged = 0
        self.fail_next = 0
        self.refused = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                payload = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                status = receiver.receive(payload, self.headers.get("Stripe-Signature", ""))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/stripe/webhook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def receive(self, payload: bytes, signature: str) -> int:
        """Verify and keep one delivery; the HTTP status to answer."""
        try:
            event = stripe.Webhook.construct_event(payload, signature, self.secret, tolerance=300)
        except (ValueError, stripe.SignatureVerificationError):
            with self._lock:
                self.forged += 1
            return 400
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                self.refused += 1
                return 500
            self.events.append(event.to_dict())
        return 200

    def clear(self) -> None:
        """Forget what was received."""
        with self._lock:
            self.events.clear()
            self.forged = self.fail_next = self.refused = 0

    def types(self) -> list[str]:
        """The types of the events received, in arrival order."""
        with self._lock:
            return [e["type"] for e in self.events]

    def wait_for(self, event_type: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Block until `count` events of `event_type` arrived; returns them."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                found = [e for e in self.events if e["type"] == event_type]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"waited for {count} {event_type}, got {len(found)}: {self.types()}")
            time.sleep(0.02)

    def stop(self) -> None:
        """Shut the receiver down."""
        self.server.shutdown()
        self.server.server_close()
