"""Two people in two browsers: a client posts a fixed job with a 30% down payment and a pilot
option, a VA finds it by searching and quotes with two milestones, the client compares,
messages and hires; both dashboards show the contract waiting for funding."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import demo_sign_in, shot

pytestmark = pytest.mark.browser


def test_post_find_quote_message_hire(page_for):
    word = f"kingfisher{uuid.uuid4().hex[:5]}"
    client, va = page_for(), page_for()
    demo_sign_in(client, "client-sari")
    demo_sign_in(va, "va-dewi")

    client.click("#nav-post-job")
    client.fill("#job-title", f"Translate product pages {word}")
    client.fill("#job-description", "Translate **40 product pages** from English to Indonesian.")
    client.fill("#job-amount", "1000")
    client.fill("#job-down-payment", "30")
    client.click("#job-pilot")
    client.fill("#job-pilot-scope", "Translate two pages first")
    client.fill("#job-pilot-budget", "50")
    shot(client, "hiring-01-post-job")
    client.click("#job-publish-now")
    client.wait_for_url(re.compile(r"/jobs/\d+/?$"))
    expect(client.locator("#job-title")).to_contain_text(word)
    job_path = "/" + client.url.split("/", 3)[3].rstrip("/")

    va.click("#nav-find-work")
    va.fill("#search-input", word)
    va.click("#search-submit")
    result = va.locator("[id^=result-]").first
    expect(result).to_contain_text(word)
    shot(va, "hiring-02-search")
    result.locator("a").first.click()
    va.wait_for_url(re.compile(r"/jobs/\d+/?$"))
    va.fill("#quote-cover", "I translate e-commerce pages every week; native Indonesian speaker.")
    va.fill("#quote-price", "900")
    va.fill("#quote-duration", "3")
    va.fill("#milestone-title-0", "First 15 pages")
    va.fill("#milestone-amount-0", "300")
    va.click("#milestone-add")
    va.fill("#milestone-title-1", "Remaining pages")
    va.fill("#milestone-amount-1", "600")
    expect(va.locator("#fee-client-pays")).to_have_text("$900.00")
    expect(va.locator("#fee-you-receive")).to_have_text("$810.00")
    shot(va, "hiring-03-quote-form")
    va.click("#quote-send")
    expect(va.locator("#quote-status")).to_contain_text("Sent")

    client.goto(job_path + "/quotes")
    card = client.locator("[id^=quote-card-]").first
    expect(card).to_contain_text("Dewi Lestari")
    expect(card).to_contain_text("$900.00")
    shot(client, "hiring-04-compare")
    card.locator("[id^=message-]").click()
    client.wait_for_url("**/messages/**")
    client.fill("#message-input", "Can you start on Monday?")
    client.click("#message-send")
    expect(client.locator("#thread-messages")).to_contain_text("Can you start on Monday?")

    client.goto(job_path + "/quotes")
    client.locator("[id^=quote-card-] [id^=hire-]").first.click()
    client.locator("[id^=hire-confirm-]").click()
    client.wait_for_url("**/contracts/**")
    expect(client.locator("#contract-status")).to_have_text("Waiting for funding")
    shot(client, "hiring-05-contract")

    client.click("#nav-my-jobs")
    expect(client.locator("[id^=contract-status-]").first).to_have_text("Waiting for funding")
    va.click("#nav-my-quotes")
    expect(va.locator("[id^=contract-status-]").first).to_have_text("Waiting for funding")
    expect(va.locator("[id^=my-quote-status-]").first).to_have_text("Hired")
    shot(va, "hiring-06-va-dashboard")
