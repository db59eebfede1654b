"""Fixtures: one local Stripe server and one webhook receiver per module, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
import stripe

from tests.stripe_local.receiver import Receiver
from vamarket.stripe_local import RunningServer, start_in_thread

SECRET = "whsec_test_local_secret"


@pytest.fixture(scope="module")
def receiver() -> Iterator[Receiver]:
    """A webhook receiver verifying signatures with stripe.Webhook.construct_event."""
    rec = Receiver(SECRET)
    yield rec
    rec.stop()


@pytest.fixture(scope="module")
def server(receiver: Receiver) -> Iterator[RunningServer]:
    """A local Stripe on a free port, delivering webhooks to `receiver` (fast retries)."""
    running = start_in_thread(webhook_url=receiver.url, webhook_secret=SECRET, retry_base_seconds=0.05)
    yield running
    running.stop()


@pytest.fixture
def local(server: RunningServer, receiver: Receiver) -> Iterator[RunningServer]:
    """The server, emptied (state, keys, faults, deliveries) for this test."""
    server.local.reset()
    receiver.clear()
    yield server
    server.local.webhooks.drain(5)
    server.local.faults.clear()


def make_client(base_url: str, *, retries: int = 0, timeout: float = 10.0) -> stripe.StripeClient:
    """The real stripe-python client pointed at the local server."""
    http = stripe.HTTPXClient(timeout=timeout, allow_sync_methods=True)
    addresses: stripe.BaseAddresses = {"api": base_url, "connect": base_url, "files": base_url}
    return stripe.StripeClient("sk_test_local", base_addresses=addresses, max_network_retries=retries,
                               http_client=http)


@pytest.fixture
def client(local: RunningServer) -> stripe.StripeClient:
    """A stripe-python client without retries."""
    return make_client(local.base_url)


def checkout_params(amount: int = 5000, currency: str = "usd", **extra) -> dict:
    """Params of a payment-mode Checkout Session like vamarket's down payment."""
    params = {
        "mode": "payment",
        "line_items": [{"quantity": 1, "price_data": {"currency": currency, "unit_amount": amount,
                                                      "product_data": {"name": "Down payment"}}}],
        "payment_intent_data": {"transfer_group": "contract_7", "metadata": {"contract": "7"}},
        "metadata": {"contract": "7"},
        "success_url": "http://app.test/pay/done?session_id={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://app.test/pay/cancelled",
    }
    params.update(extra)
    return params


def pay_on_page(url: str, card: str, **fields: str) -> httpx.Response:
    """Submit the hosted checkout page at `url` the way a browser form would."""
    data = {"email": "client@example.com", "cardNumber": card, "cardExpiry": "12 / 34", "cardCvc": "123",
            "billingName": "Sari Client", **fields}
    return httpx.post(url, data=data)
