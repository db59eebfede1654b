"""An hourly contract in two browsers, through the local Stripe-compatible server: the client
posts an hourly job, the VA quotes a rate, the client hires and saves a card on the hosted test
checkout page; the VA logs time (one entry deleted again) and submits the week; the client
approves the amount shown (time × rate) and both see the week charged."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import demo_sign_in, hire_first_quote, pay_on_hosted_checkout, shot

pytestmark = pytest.mark.browser

WEBHOOK_WAIT = 40000  # ms: the page polls every 2 s until the webhook has been recorded


def _post_hourly_job(page: Page, title: str) -> str:
    page.click("#nav-post-job")
    page.fill("#job-title", title)
    page.fill("#job-description", "Keep my calendar, book travel and answer supplier emails.")
    page.click("#job-type-hourly")
    # the switch to hourly clears the amount on the server: fill only once it has come back
    expect(page.locator("#job-hours-per-week")).to_be_visible()
    page.fill("#job-amount", "10")
    page.fill("#job-rate-max", "20")
    page.fill("#job-hours-per-week", "10")
    expect(page.locator("#job-amount")).to_have_value("10")
    page.click("#job-publish-now")
    page.wait_for_url(re.compile(r"/jobs/\d+/?$"))
    return "/" + page.url.split("/", 3)[3].rstrip("/")


def _quote_rate(page: Page, job_path: str) -> None:
    page.goto(job_path)
    page.fill("#quote-cover", "Admin assistant for five years, mornings in your timezone.")
    page.fill("#quote-price", "15")
    page.fill("#quote-duration", "4")
    page.fill("#quote-hour-cap", "10")
    page.click("#quote-send")
    expect(page.locator("#quote-status")).to_contain_text("Sent")


def _log(page: Page, duration: str, what: str) -> None:
    page.fill("#hourly-duration", duration)
    page.fill("#hourly-description", what)
    page.click("#hourly-log")
    expect(page.locator("#hourly-notice")).to_have_text("Time logged.")


def test_time_logged_week_submitted_approved_and_charged(page_for, app_url):
    word = f"kestrel{uuid.uuid4().hex[:5]}"
    client, va = page_for(), page_for(390)
    demo_sign_in(client, "client-sari")
    demo_sign_in(va, "va-dewi")

    job_path = _post_hourly_job(client, f"Calendar and travel assistant {word}")
    _quote_rate(va, job_path)
    contract_path = hire_first_quote(client, job_path)
    expect(client.locator("#hourly-section")).to_be_visible()

    # The client saves a card for the weekly charges on the hosted test checkout page.
    client.click("#contract-pay")
    client.click("#contract-pay-confirm")
    client.wait_for_url(lambda url: not url.startswith(app_url))
    pay_on_hosted_checkout(client, "4242 4242 4242 4242")
    client.wait_for_url(lambda url: url.startswith(app_url + contract_path))
    expect(client.locator("#contract-status")).to_have_text("Active", timeout=WEBHOOK_WAIT)

    # The VA logs time today (1:30, then 45 minutes deleted again) and submits the week.
    va.goto(contract_path)
    expect(va.locator("#hourly-log")).to_be_visible()
    _log(va, "1:30", "Booked flights and the hotel for the Surabaya trip")
    _log(va, "45", "Logged by mistake")
    week = va.locator("[id^=hourly-week-]").first
    iso = (week.get_attribute("id") or "").removeprefix("hourly-week-")
    expect(va.locator(f"#week-logged-{iso}")).to_contain_text("2:15")
    va.locator("[id^=entry-delete-]").last.click()
    expect(va.locator("#hourly-notice")).to_have_text("Entry deleted.")
    expect(va.locator(f"#week-logged-{iso}")).to_contain_text("1:30 / 10:00 h")
    expect(va.locator(f"#week-amount-{iso}")).to_have_text("Amount: $22.50")
    shot(va, "hourly-01-va-logged")
    va.click(f"#week-submit-{iso}")
    expect(va.locator("#hourly-notice")).to_have_text("Week submitted to the client.")
    expect(va.locator(f"#week-status-{iso}")).to_have_text("Submitted")

    # The client sees the week and its entry and approves what the card will be charged.
    client.goto(contract_path)
    expect(client.locator(f"#week-status-{iso}")).to_have_text("Submitted")
    expect(client.locator(f"#hourly-week-{iso}")).to_contain_text("Surabaya")
    client.click(f"#week-approve-{iso}")
    expect(client.locator(f"#week-approve-amount-{iso}")).to_contain_text("$22.50")
    shot(client, "hourly-02-client-approve")
    client.click(f"#week-approve-confirm-{iso}")
    expect(client.locator("#hourly-notice")).to_have_text("Week approved and charged.")
    expect(client.locator(f"#week-status-{iso}")).to_have_text("Charged")
    expect(client.locator("#contract-held")).to_have_text("$22.50")
    shot(client, "hourly-03-client-charged")

    va.goto(contract_path)
    expect(va.locator(f"#week-status-{iso}")).to_have_text("Charged")
    expect(va.locator("[id^=entry-delete-]")).to_have_count(0)
    shot(va, "hourly-04-va-charged")
