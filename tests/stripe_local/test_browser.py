"""The hosted checkout page in a real Chromium: pay with 4242, and a declined 0002."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.stripe_local.conftest import checkout_params

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "stripe_local"


@pytest.fixture
def chromium_browser(chromium):
    """The run's shared Chromium."""
    return chromium


def _open(chromium_browser, url: str, width: int):
    context = chromium_browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(url)
    return context, page


def _fill(page, card: str) -> None:
    page.fill("#email", "sari@example.com")
    page.fill("#cardNumber", card)
    page.fill("#cardExpiry", "12 / 34")
    page.fill("#cardCvc", "123")
    page.fill("#billingName", "Sari Client")


@pytest.mark.parametrize("width", [1280, 390])
def test_pay_with_4242_in_chromium(local, client, receiver, chromium_browser, width):
    params = checkout_params(success_url=f"{local.base_url}/?session_id={{CHECKOUT_SESSION_ID}}")
    session = client.v1.checkout.sessions.create(params)
    context, page = _open(chromium_browser, session.url, width)
    try:
        assert page.inner_text("#total") == "$50.00"
        _fill(page, "4242 4242 4242 4242")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"checkout-{width}.png"), full_page=True)
        page.click("#submit")
        page.wait_for_url(f"{local.base_url}/?session_id={session.id}")
    finally:
        context.close()
    assert client.v1.checkout.sessions.retrieve(session.id).payment_status == "paid"
    receiver.wait_for("checkout.session.completed")


def test_declined_0002_in_chromium(local, client, chromium_browser):
    session = client.v1.checkout.sessions.create(checkout_params())
    context, page = _open(chromium_browser, session.url, 390)
    try:
        _fill(page, "4000 0000 0000 0002")
        page.click("#submit")
        page.wait_for_selector("#error-message")
        assert page.inner_text("#error-message") == "Your card was declined."
        assert page.input_value("#cardNumber") == "" and page.input_value("#billingName") == "Sari Client"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "checkout-declined-390.png"), full_page=True)
    finally:
        context.close()
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"
