"""Money in two browsers, through the local Stripe-compatible server and its signed webhooks:
the client pays the down payment on the hosted test checkout page (a declined card first, then
4242…), the VA submits the first milestone and sets up payouts on the test onboarding page, the
client approves, and the VA's earnings page shows the release net of the platform fee."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import (
    demo_sign_in,
    hire_first_quote,
    new_va,
    pay_on_hosted_checkout,
    post_fixed_job,
    quote_two_milestones,
    shot,
)

pytestmark = pytest.mark.browser

WEBHOOK_WAIT = 40000  # ms: the page polls every 2 s until the webhook has been recorded


def test_down_payment_onboarding_approval_release(page_for, app_url):
    word = f"heron{uuid.uuid4().hex[:5]}"
    client, va = page_for(), page_for()
    demo_sign_in(client, "client-sari")
    new_va(va, f"va-{word}")  # no payout account yet

    # A fixed job with a 30% down payment; the VA quotes $300 + $600; the client hires.
    job_path = post_fixed_job(client, f"Translate product pages {word}", down_payment="30")
    quote_two_milestones(va, job_path, "300", "600")
    contract_path = hire_first_quote(client, job_path)
    expect(client.locator("#contract-status")).to_have_text("Waiting for funding")

    # The down payment (30% of $900, rounded up to the whole first milestone): $300.
    client.click("#contract-pay")
    expect(client.locator("#contract-pay-amount")).to_have_text("$300.00")
    expect(client.locator("#contract-pay-fee")).to_contain_text("$30.00")
    shot(client, "payments-01-pay-confirm")
    client.click("#contract-pay-confirm")
    client.wait_for_url(lambda url: not url.startswith(app_url))
    expect(client.locator("#total")).to_have_text("$300.00")

    # A declined card: a clear message, still on the checkout page, nothing paid.
    pay_on_hosted_checkout(client, "4000 0000 0000 0002")
    expect(client.locator("#error-message")).to_have_text("Your card was declined.")
    assert "/c/pay/" in client.url
    shot(client, "payments-02-declined")

    # The card that works: back to the contract, confirmed once the webhook has arrived.
    pay_on_hosted_checkout(client, "4242 4242 4242 4242")
    client.wait_for_url(lambda url: url.startswith(app_url + contract_path) and "paid=1" in url)
    expect(client.locator("#contract-payment-confirmed")).to_be_visible(timeout=WEBHOOK_WAIT)
    expect(client.locator("#contract-status")).to_have_text("Active")
    expect(client.locator("#contract-held")).to_have_text("$300.00")
    expect(client.locator("#milestone-status-1")).to_have_text("Funded")
    expect(client.locator("#milestone-status-2")).to_have_text("Planned")
    expect(client.locator("#contract-payment-declined")).to_have_count(0)
    shot(client, "payments-03-confirmed")

    # The VA hands in the first milestone and is told to set up payouts.
    va.goto(contract_path)
    expect(va.locator("#contract-status")).to_have_text("Active")
    va.fill("#milestone-note-1", "The first 15 pages are in the shared folder.")
    va.click("#milestone-submit-1")
    expect(va.locator("#contract-notice")).to_contain_text("Work submitted")
    expect(va.locator("#milestone-status-1")).to_have_text("Submitted")
    expect(va.locator("#contract-setup-payouts")).to_have_text("Set up payouts to get paid")
    shot(va, "payments-04-submitted")

    # Payout onboarding on the local server's test page, and back.
    va.click("#contract-setup-payouts")
    va.wait_for_url("**/get-paid")
    shot(va, "payments-05-get-paid")
    va.click("#get-paid-start")
    va.wait_for_selector("#complete-onboarding")
    assert not va.url.startswith(app_url)
    shot(va, "payments-06-onboarding")
    va.click("#complete-onboarding")
    va.wait_for_url(lambda url: url.startswith(app_url))
    expect(va.locator("#get-paid-active")).to_be_visible(timeout=WEBHOOK_WAIT)
    shot(va, "payments-07-payouts-active")

    # The client approves the first milestone: $300 less the 10% fee goes to the VA.
    client.goto(contract_path)
    expect(client.locator("#milestone-status-1")).to_have_text("Submitted")
    client.click("#milestone-approve-1")
    expect(client.locator("#milestone-approve-amount-1")).to_contain_text("$270.00")
    shot(client, "payments-08-approve")
    client.click("#milestone-approve-confirm-1")
    expect(client.locator("#contract-notice")).to_have_text("Approved and released to the VA.")
    expect(client.locator("#milestone-status-1")).to_have_text("Released")
    expect(client.locator("#contract-released")).to_have_text("$300.00")

    # The VA's earnings show the release.
    va.goto("/earnings")
    expect(va.locator("#earnings-released")).to_contain_text("$270.00")
    expect(va.locator("#earnings-rows")).to_contain_text(word)
    expect(va.locator("#earnings-rows")).to_contain_text("Released")
    shot(va, "payments-09-earnings")

    # Switching to Bahasa Indonesia formats the figures the page already shows the Indonesian way.
    with va.expect_navigation():
        va.click("#lang-id")
    expect(va.locator("#earnings-released")).to_contain_text("US$270,00")
    with va.expect_navigation():
        va.click("#lang-en")
    expect(va.locator("#earnings-released")).to_contain_text("$270.00")
