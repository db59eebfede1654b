"""A disputed milestone split by an admin, in three browsers: the client disputes the funded
first milestone, the VA adds a statement, the admin releases $180 of the $300 (the rest is
refunded), both parties see the outcome and the VA's earnings show $162 (180 less the 10% fee).

The admin is the demo person Tom: ADMIN_EMAILS names him for the app these tests start."""

import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import (
    demo_sign_in,
    hire_first_quote,
    pay_on_hosted_checkout,
    post_fixed_job,
    quote_two_milestones,
    shot,
)

ADMIN_SUBJECT = "client-tom"  # conftest.ADMIN_EMAIL: the app the browser tests start names him admin

pytestmark = pytest.mark.browser

WEBHOOK_WAIT = 40000


def _both_widths(page: Page, name: str) -> None:
    """Keep the page as seen on a desktop and on a 390 px phone."""
    shot(page, f"{name}-desktop")
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(400)  # let the layout settle at the new width
    shot(page, f"{name}-phone")
    page.set_viewport_size(size)
    page.wait_for_timeout(200)


def _funded_contract(client: Page, va: Page, app_url: str, word: str) -> str:
    job_path = post_fixed_job(client, f"Catalogue photos {word}", down_payment="30")
    quote_two_milestones(va, job_path, "300", "600")
    contract_path = hire_first_quote(client, job_path)
    client.click("#contract-pay")
    client.click("#contract-pay-confirm")
    client.wait_for_url(lambda url: not url.startswith(app_url))
    pay_on_hosted_checkout(client, "4242 4242 4242 4242")
    client.wait_for_url(lambda url: url.startswith(app_url + contract_path))
    expect(client.locator("#contract-payment-confirmed")).to_be_visible(timeout=WEBHOOK_WAIT)
    return contract_path


def _payouts_ready(va: Page, app_url: str) -> None:
    va.goto("/get-paid")
    if va.locator("#get-paid-active").count():
        return
    va.click("#get-paid-start")
    va.wait_for_selector("#complete-onboarding")
    va.click("#complete-onboarding")
    va.wait_for_url(lambda url: url.startswith(app_url))
    expect(va.locator("#get-paid-active")).to_be_visible(timeout=WEBHOOK_WAIT)


def test_dispute_split_by_an_admin(page_for, app_url):
    word = f"kestrel{uuid.uuid4().hex[:5]}"
    client, va, admin = page_for(), page_for(), page_for()
    demo_sign_in(client, "client-sari")
    demo_sign_in(va, "va-dewi")
    demo_sign_in(admin, ADMIN_SUBJECT)
    contract_path = _funded_contract(client, va, app_url, word)
    _payouts_ready(va, app_url)

    # The client disputes the funded first milestone, after a confirmation.
    client.goto(contract_path)
    client.locator(".dispute-open").first.click()
    expect(client.locator("#dispute-confirm")).to_be_visible()
    client.fill("#dispute-reason", "The first photos were never delivered.")
    shot(client, "dispute-01-confirm")
    client.click("#dispute-confirm")
    expect(client.locator("#dispute-notice")).to_contain_text("Dispute opened")
    expect(client.locator("#milestone-status-1")).to_have_text("In dispute")
    expect(client.locator(".dispute-card")).to_contain_text("$300.00")

    # The VA adds a statement.
    va.goto(contract_path)
    expect(va.locator(".dispute-card")).to_contain_text("never delivered")
    va.fill("#dispute-statement-input", "Half of the photos are in the shared folder.")
    va.click("#dispute-statement-send")
    expect(va.locator("#dispute-notice")).to_contain_text("statement was added")
    expect(va.locator(".dispute-statement")).to_contain_text("shared folder")
    _both_widths(va, "dispute-02-contract-room")

    # The admin reads both sides and splits: $180 to the VA, $120 back to the client.
    admin.goto("/admin/disputes")
    expect(admin.locator(".admin-dispute").filter(has_text=word)).to_have_count(1)
    _both_widths(admin, "dispute-03-admin-list")
    admin.locator(".admin-dispute").filter(has_text=word).locator(".admin-review").click()
    expect(admin.locator(".admin-statement")).to_contain_text("shared folder")
    admin.fill("#admin-released", "180")
    expect(admin.locator("#admin-split-figures")).to_contain_text("$120.00")
    expect(admin.locator("#admin-split-figures")).to_contain_text("$162.00")
    _both_widths(admin, "dispute-04-admin-split")
    admin.click("#admin-resolve")
    expect(admin.locator("#admin-split-confirm")).to_be_visible()
    shot(admin, "dispute-05-admin-confirm")
    admin.click("#admin-split-confirm")
    expect(admin.locator("#admin-notice")).to_contain_text("resolved")
    expect(admin.locator(".admin-dispute").filter(has_text=word)).to_have_count(0)

    # Both parties see the outcome; the VA's earnings show the released part net of the fee.
    for party in (client, va):
        party.goto(contract_path)
        expect(party.locator(".dispute-outcome")).to_contain_text("$180.00")
        expect(party.locator(".dispute-outcome")).to_contain_text("$120.00")
    _both_widths(client, "dispute-06-outcome")
    va.goto("/earnings")
    expect(va.locator("#earnings-released")).to_contain_text("$162.00")
    shot(va, "dispute-07-earnings")

    # The other admin pages, for the record.
    for path, name, rows in (("/admin/users", "dispute-08-admin-users", ".admin-user"),
                             ("/admin/jobs", "dispute-09-admin-jobs", ".admin-job")):
        admin.goto(path)
        expect(admin.locator(rows).first).to_be_visible()
        _both_widths(admin, name)
