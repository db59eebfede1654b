"""Steps a person takes in the browser, shared by the browser tests."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


def demo_sign_in(page: Page, subject: str, *, next_path: str = "") -> None:
    """Sign in through the demo OpenID provider as `subject` (a seeded person or a new one)."""
    page.goto("/signin" + (f"?next={next_path}" if next_path else ""))
    page.click("#signin-demo")
    page.wait_for_selector("#subject-input")
    predefined = page.locator(f"button[aria-label='Authorize as {subject}']")
    if predefined.count():
        predefined.first.click()
    else:
        page.fill("#subject-input", subject)
        page.locator("#subject-input").press("Enter")
    page.wait_for_url(lambda url: ":9" not in url.split("//", 1)[1].split("/", 1)[0]
                      and "/auth/" not in url)
    expect(page.locator("#user-menu")).to_be_visible()


def new_va(page: Page, name: str) -> None:
    """Sign in as a person never seen before, choose the VA role and save a short profile (a VA
    with no payout account yet, whatever the other tests did)."""
    demo_sign_in(page, name)
    page.wait_for_url("**/onboarding**")
    page.click("#role-va")
    page.click("#roles-continue")
    page.wait_for_url("**/profile**")
    page.fill("#va-headline", "Translator for online shops")
    page.fill("#va-bio", "Six years of product page translation between English and Indonesian.")
    page.fill("#va-rate", "15")
    page.click("#profile-save")
    expect(page.locator("#profile-saved")).to_have_text("Saved.")


def shot(page: Page, name: str) -> None:
    """Keep a screenshot of this step in test-artifacts/ (not committed)."""
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def post_fixed_job(page: Page, title: str, *, amount: str = "1000", down_payment: str = "30") -> str:
    """The client publishes a fixed-price job; returns its path (/jobs/<id>)."""
    page.click("#nav-post-job")
    page.fill("#job-title", title)
    page.fill("#job-description", "Translate **40 product pages** from English to Indonesian.")
    page.fill("#job-amount", amount)
    page.fill("#job-down-payment", down_payment)
    page.click("#job-publish-now")
    page.wait_for_url(re.compile(r"/jobs/\d+/?$"))
    return "/" + page.url.split("/", 3)[3].rstrip("/")


def quote_two_milestones(page: Page, job_path: str, first: str = "300", second: str = "600") -> None:
    """The VA quotes on the job at `job_path` with two milestones."""
    page.goto(job_path)
    page.fill("#quote-cover", "I translate e-commerce pages every week; native Indonesian speaker.")
    page.fill("#quote-price", str(int(first) + int(second)))
    page.fill("#quote-duration", "3")
    page.fill("#milestone-title-0", "First 15 pages")
    page.fill("#milestone-amount-0", first)
    page.click("#milestone-add")
    page.fill("#milestone-title-1", "Remaining pages")
    page.fill("#milestone-amount-1", second)
    page.click("#quote-send")
    expect(page.locator("#quote-status")).to_contain_text("Sent")


def hire_first_quote(page: Page, job_path: str) -> str:
    """The client hires the first quote on the job; returns the contract's path."""
    page.goto(job_path + "/quotes")
    page.locator("[id^=quote-card-] [id^=hire-]").first.click()
    page.locator("[id^=hire-confirm-]").click()
    page.wait_for_url("**/contracts/**")
    return "/" + page.url.split("/", 3)[3].split("?")[0].rstrip("/")


def pay_on_hosted_checkout(page: Page, card: str, *, email: str = "sari@demo.vamarket.test") -> None:
    """Fill the local Stripe server's hosted checkout form with a test card and press Pay."""
    page.wait_for_selector("#payment-form")
    if not page.input_value("#email"):
        page.fill("#email", email)
    page.fill("#cardNumber", card)
    page.fill("#cardExpiry", "12 / 34")
    page.fill("#cardCvc", "123")
    page.fill("#billingName", "Sari Wulandari")
    page.click("#submit")
