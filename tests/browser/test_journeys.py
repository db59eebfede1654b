"""The whole journey in two browsers, as people live it: a fixed-price job from posting to both
reviews, and a pilot project converted into the full contract. Every payment goes through the
local Stripe-compatible server's hosted checkout page and its signed webhooks; each step keeps a
screenshot in test-artifacts/, and any browser console error fails the test."""

import re
import uuid

import pytest
from playwright.sync_api import Page, expect

from tests.browser.journeys import demo_sign_in, pay_on_hosted_checkout, shot

pytestmark = pytest.mark.browser

WEBHOOK_WAIT = 40000  # ms: the contract page polls until the webhook has been recorded


def _post_job(client: Page, title: str, *, pilot: bool = False) -> str:
    client.click("#nav-post-job")
    client.fill("#job-title", title)
    client.fill("#job-description", "Answer customer emails and tidy the **shared inbox**.")
    client.fill("#job-amount", "900")
    client.fill("#job-down-payment", "30")
    if pilot:
        client.click("#job-pilot")
        client.fill("#job-pilot-scope", "One day of inbox replies first")
        client.fill("#job-pilot-budget", "50")
    client.click("#job-publish-now")
    client.wait_for_url(re.compile(r"/jobs/\d+/?$"))
    return "/" + client.url.split("/", 3)[3].rstrip("/")


def _find_and_quote(va: Page, word: str, *, pilot: bool = False) -> None:
    """The VA finds the job by searching and quotes $300 + $600 (and a $50 pilot)."""
    va.click("#nav-find-work")
    va.fill("#search-input", word)
    va.click("#search-submit")
    result = va.locator("[id^=result-]").first
    expect(result).to_contain_text(word)
    result.locator("a").first.click()
    va.wait_for_url(re.compile(r"/jobs/\d+/?$"))
    va.fill("#quote-cover", "Five years of inbox support for online shops; replies within hours.")
    va.fill("#quote-price", "900")
    va.fill("#quote-duration", "3")
    va.fill("#milestone-title-0", "First week of replies")
    va.fill("#milestone-amount-0", "300")
    va.click("#milestone-add")
    va.fill("#milestone-title-1", "Inbox rules and hand-over")
    va.fill("#milestone-amount-1", "600")
    if pilot:
        va.fill("#pilot-scope", "One day of replies so you can judge my tone")
        va.fill("#pilot-price", "50")
        va.fill("#pilot-days", "2")
    va.click("#quote-send")
    expect(va.locator("#quote-status")).to_contain_text("Sent")


def _hire(client: Page, job_path: str, *, pilot: bool = False) -> str:
    client.goto(job_path + "/quotes")
    client.locator("[id^=quote-card-] [id^=hire-]").first.click()
    client.locator("[id^=hire-pilot-confirm-]" if pilot else "[id^=hire-confirm-]").click()
    client.wait_for_url("**/contracts/**")
    return "/" + client.url.split("/", 3)[3].split("?")[0].rstrip("/")


def _pay_what_is_due(client: Page, app_url: str, contract_path: str, amount: str) -> None:
    client.click("#contract-pay")
    expect(client.locator("#contract-pay-amount")).to_have_text(amount)
    client.click("#contract-pay-confirm")
    client.wait_for_url(lambda url: not url.startswith(app_url))
    pay_on_hosted_checkout(client, "4242 4242 4242 4242")
    client.wait_for_url(lambda url: url.startswith(app_url + contract_path))
    expect(client.locator("#contract-payment-confirmed")).to_be_visible(timeout=WEBHOOK_WAIT)


def _fund_milestone(client: Page, app_url: str, contract_path: str, position: int) -> None:
    client.click(f"#milestone-fund-{position}")
    client.click(f"#milestone-fund-confirm-{position}")
    client.wait_for_url(lambda url: not url.startswith(app_url))
    pay_on_hosted_checkout(client, "4242 4242 4242 4242")
    client.wait_for_url(lambda url: url.startswith(app_url + contract_path))
    expect(client.locator(f"#milestone-status-{position}")).to_have_text("Funded",
                                                                         timeout=WEBHOOK_WAIT)


def _payouts_ready(va: Page, app_url: str) -> None:
    """The VA's payout account is active (set up on the test onboarding page if needed)."""
    va.goto("/get-paid")
    expect(va.locator("#get-paid-start").or_(va.locator("#get-paid-active"))).to_be_visible()
    if va.locator("#get-paid-active").count():
        return
    va.click("#get-paid-start")
    va.wait_for_selector("#complete-onboarding")
    va.click("#complete-onboarding")
    va.wait_for_url(lambda url: url.startswith(app_url))
    expect(va.locator("#get-paid-active")).to_be_visible(timeout=WEBHOOK_WAIT)


def _submit(va: Page, contract_path: str, position: int, note: str) -> None:
    va.goto(contract_path)
    va.fill(f"#milestone-note-{position}", note)
    va.click(f"#milestone-submit-{position}")
    expect(va.locator(f"#milestone-status-{position}")).to_have_text("Submitted")


def _approve(client: Page, contract_path: str, position: int) -> None:
    client.goto(contract_path)
    expect(client.locator(f"#milestone-status-{position}")).to_have_text("Submitted")
    client.click(f"#milestone-approve-{position}")
    client.click(f"#milestone-approve-confirm-{position}")
    expect(client.locator(f"#milestone-status-{position}")).to_have_text("Released")


def _review(page: Page, contract_path: str, stars: int, text: str) -> None:
    page.goto(contract_path)
    page.click(f"#review-star-{stars}")
    page.fill("#review-body", text)
    page.click("#review-submit")
    expect(page.locator("#review-notice")).to_be_visible()


def test_fixed_job_from_posting_to_both_reviews(page_for, app_url):
    word = f"plover{uuid.uuid4().hex[:5]}"
    client, va = page_for(), page_for()
    demo_sign_in(client, "client-sari")
    demo_sign_in(va, "va-dewi")
    _payouts_ready(va, app_url)

    job_path = _post_job(client, f"Shop inbox support {word}")
    shot(client, "journey-fixed-01-posted")
    _find_and_quote(va, word)
    shot(va, "journey-fixed-02-quoted")
    contract_path = _hire(client, job_path)
    expect(client.locator("#contract-status")).to_have_text("Waiting for funding")

    # The 30% down payment funds the first milestone ($300 of $900).
    _pay_what_is_due(client, app_url, contract_path, "$300.00")
    expect(client.locator("#contract-status")).to_have_text("Active")
    expect(client.locator("#milestone-status-1")).to_have_text("Funded")
    shot(client, "journey-fixed-03-funded")

    # Submitted, sent back with a reason, submitted again, approved and released.
    _submit(va, contract_path, 1, "Replied to all 140 emails; templates in the shared folder.")
    client.goto(contract_path)
    client.click("#milestone-revise-1")
    client.fill("#milestone-reason-1", "Please also label the refund requests.")
    client.click("#milestone-revise-confirm-1")
    expect(client.locator("#milestone-status-1")).to_have_text("Revision asked")
    shot(client, "journey-fixed-04-revision")
    va.goto(contract_path)
    expect(va.locator("#milestone-reason-text-1")).to_contain_text("label the refund requests")
    _submit(va, contract_path, 1, "Refund requests are labelled now.")
    shot(va, "journey-fixed-05-resubmitted")
    _approve(client, contract_path, 1)
    shot(client, "journey-fixed-06-released")
    va.goto("/earnings")
    expect(va.locator("#earnings-rows")).to_contain_text(word)
    expect(va.locator("#earnings-rows")).to_contain_text("$270.00")
    shot(va, "journey-fixed-07-earnings")

    # The second milestone: funded, submitted, approved; the contract completes.
    client.goto(contract_path)
    _fund_milestone(client, app_url, contract_path, 2)
    _submit(va, contract_path, 2, "Inbox rules set up; hand-over notes attached.")
    _approve(client, contract_path, 2)
    expect(client.locator("#contract-status")).to_have_text("Completed")
    shot(client, "journey-fixed-08-completed")

    # The timeline tells the story.
    client.click("#tab-timeline")
    timeline = client.locator("#contract-timeline")
    expect(timeline).to_contain_text("label the refund requests")
    shot(client, "journey-fixed-09-timeline")

    # Both review; each review shows once both have written theirs.
    _review(client, contract_path, 5, f"Fast, careful and kind to my customers {word}.")
    _review(va, contract_path, 4, f"Clear instructions and quick approvals {word}.")
    va.goto(contract_path)
    expect(va.locator("#review-card")).to_contain_text(f"kind to my customers {word}")
    shot(va, "journey-fixed-10-reviews")

    # The ratings show on the profiles.
    client.goto(contract_path)
    client.click("#tab-terms")
    va_profile = client.locator("#contract-other-profile")
    va_profile.click()
    client.wait_for_url("**/u/**")
    expect(client.locator("#profile-reviews")).to_contain_text(f"kind to my customers {word}")
    expect(client.locator("#rep-rating")).not_to_have_text("No reviews yet")
    shot(client, "journey-fixed-11-va-profile")


def test_pilot_project_converted_to_the_full_contract(page_for, app_url):
    word = f"bittern{uuid.uuid4().hex[:5]}"
    client, va = page_for(), page_for()
    demo_sign_in(client, "client-sari")
    demo_sign_in(va, "va-dewi")
    _payouts_ready(va, app_url)

    job_path = _post_job(client, f"Inbox trial {word}", pilot=True)
    _find_and_quote(va, word, pilot=True)
    contract_path = _hire(client, job_path, pilot=True)
    shot(client, "journey-pilot-01-hired")

    # The pilot is paid in full up front.
    _pay_what_is_due(client, app_url, contract_path, "$50.00")
    expect(client.locator("#contract-status")).to_have_text("Active")
    shot(client, "journey-pilot-02-pilot-paid")

    # Delivered and approved: released to the VA (the pilot is milestone 0, before the plan).
    _submit(va, contract_path, 0, "A day of replies done; see the sent folder.")
    _approve(client, contract_path, 0)
    shot(client, "journey-pilot-03-pilot-approved")

    # The client continues: the down payment of the full contract becomes due and is paid.
    client.click("#pilot-continue")
    client.click("#pilot-continue-confirm")
    expect(client.locator("#pilot-choice")).to_have_count(0)
    _pay_what_is_due(client, app_url, contract_path, "$300.00")
    expect(client.locator("#milestone-status-1")).to_have_text("Funded")
    expect(client.locator("#milestone-status-2")).to_have_text("Planned")
    expect(client.locator("#contract-status")).to_have_text("Active")
    shot(client, "journey-pilot-04-continued")
    va.goto(contract_path)
    expect(va.locator("#milestone-status-1")).to_have_text("Funded")
    shot(va, "journey-pilot-05-va-view")
