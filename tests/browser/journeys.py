"""Steps a person takes in the browser, shared by the browser tests."""

from __future__ import annotations

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


def shot(page: Page, name: str) -> None:
    """Keep a screenshot of this step in test-artifacts/ (not committed)."""
    from tests.browser.conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
