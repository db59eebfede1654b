"""Reviews and the dashboard in two browsers: a fixed contract is paid, delivered and approved
milestone by milestone until it completes; both sides review each other (the client's review
stays hidden from the VA until the VA has reviewed too); the rating then shows on the VA's
public profile and on the VA's next quote; both dashboards chart the money."""

import re
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

pytestmark = pytest.mark.browser

WEBHOOK_WAIT = 40000  # ms: the contract page polls until the webhook has been recorded
CLIENT, VA = "client-tom", "va-rina"


def _pay_and_return(client: Page, app_url: str, contract_path: str) -> None:
    client.wait_for_url(lambda url: not url.startswith(app_url))
    pay_on_hosted_checkout(client, "4242 4242 4242 4242", email="tom@demo.vamarket.test")
    client.wait_for_url(lambda url: url.startswith(app_url + contract_path) and "paid=1" in url)
    expect(client.locator("#contract-payment-confirmed")).to_be_visible(timeout=WEBHOOK_WAIT)


def _deliver_and_approve(client: Page, va: Page, contract_path: str, position: int) -> None:
    va.goto(contract_path)
    va.fill(f"#milestone-note-{position}", "Done, files in the shared folder.")
    va.click(f"#milestone-submit-{position}")
    expect(va.locator(f"#milestone-status-{position}")).to_have_text("Submitted")
    client.goto(contract_path)
    client.click(f"#milestone-approve-{position}")
    client.click(f"#milestone-approve-confirm-{position}")
    expect(client.locator(f"#milestone-status-{position}")).to_have_text("Released")


def _complete_a_contract(client: Page, va: Page, app_url: str, word: str) -> str:
    va.goto("/get-paid")  # payouts first, so each approval is released at once
    va.click("#get-paid-start")
    va.click("#complete-onboarding")
    va.wait_for_url(lambda url: url.startswith(app_url))
    expect(va.locator("#get-paid-active")).to_be_visible(timeout=WEBHOOK_WAIT)
    job_path = post_fixed_job(client, f"Catalogue translation {word}", down_payment="30")
    quote_two_milestones(va, job_path, "300", "600")
    contract_path = hire_first_quote(client, job_path)
    client.click("#contract-pay")
    client.click("#contract-pay-confirm")
    _pay_and_return(client, app_url, contract_path)
    _deliver_and_approve(client, va, contract_path, 1)
    client.click("#milestone-fund-2")
    client.click("#milestone-fund-confirm-2")
    _pay_and_return(client, app_url, contract_path)
    _deliver_and_approve(client, va, contract_path, 2)
    expect(client.locator("#contract-status")).to_have_text("Completed")
    return contract_path


def _review(page: Page, stars: int, text: str) -> None:
    page.click(f"#review-star-{stars}")
    expect(page.locator("#review-rating-text")).to_have_text(f"{stars}/5")
    page.fill("#review-body", text)
    page.click("#review-submit")
    expect(page.locator("#review-notice")).to_be_visible()


def test_both_review_then_ratings_and_charts_show(page_for, app_url):
    word = f"ibis{uuid.uuid4().hex[:5]}"
    client, va = page_for(), page_for(width=390)
    demo_sign_in(client, CLIENT)
    demo_sign_in(va, VA)
    contract_path = _complete_a_contract(client, va, app_url, word)

    # Reviews: nothing of the other's shows until both have reviewed.
    client.goto(contract_path)
    expect(client.locator("#review-card")).to_be_visible()
    _review(client, 5, f"Careful and early, every product name checked {word}.")
    expect(client.locator("#review-mine")).to_contain_text(word)
    expect(client.locator("#review-hidden-note")).to_be_visible()
    shot(client, "reviews-01-client-reviewed")
    va.goto(contract_path)
    expect(va.locator("#review-waiting")).to_contain_text("left a review")
    expect(va.locator("#review-theirs")).to_have_count(0)
    shot(va, "reviews-02-va-waiting-390")
    _review(va, 4, "Clear brief, quick answers, paid on time.")
    expect(va.locator("#review-theirs")).to_contain_text(word)
    shot(va, "reviews-03-va-both-390")

    # A later job by the same client: the VA's quote card carries the rating.
    second = post_fixed_job(client, f"Second catalogue {word}", down_payment="30")
    quote_two_milestones(va, second, "300", "600")
    client.goto(second + "/quotes")
    card = client.locator("[id^=quote-card-]").first
    expect(card.locator("[id^=quote-rating-]")).to_have_text("★ 5.0 (1)")
    expect(card.locator("[id^=quote-jobs-done-]")).to_have_text("1")
    shot(client, "reviews-04-quote-card")

    # The VA's public profile: the figures and the review.
    card.locator("a[href^='/u/']").first.click()
    client.wait_for_url(re.compile(r"/u/\d+$"))
    expect(client.locator("#rep-rating")).to_have_text("★ 5.0 (1)")
    expect(client.locator("#rep-jobs-done")).to_have_text("1")
    expect(client.locator("#profile-reviews")).to_contain_text(word)
    shot(client, "reviews-05-profile")

    # Dashboards: the chart is drawn and the month's figures are there in text.
    client.goto("/dashboard")
    expect(client.locator("#client-chart .recharts-wrapper > svg.recharts-surface")).to_be_visible()
    expect(client.locator("#client-chart .recharts-bar-rectangle").first).to_be_attached()
    expect(client.locator("#client-spent")).to_have_text("$900.00")
    expect(client.locator("#client-money-table")).to_contain_text("$900.00")
    shot(client, "reviews-06-client-dashboard")
    va.goto("/dashboard")
    expect(va.locator("#va-chart .recharts-wrapper > svg.recharts-surface")).to_be_visible()
    expect(va.locator("#va-released")).to_have_text("$810.00")
    expect(va.locator("#va-money-table")).to_contain_text("$810.00")
    shot(va, "reviews-07-va-dashboard-390")
