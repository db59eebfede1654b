"""A new person signs in with the demo provider, becomes a VA, fills the profile and reads
the page in Bahasa Indonesia."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import demo_sign_in, shot

pytestmark = pytest.mark.browser


def test_new_va_signs_in_fills_profile_and_switches_language(page_for):
    page = page_for()
    page.goto("/")
    expect(page.locator("#landing-title")).to_have_text("Hire a virtual assistant you can trust")
    demo_sign_in(page, f"new-va-{uuid.uuid4().hex[:6]}")
    page.wait_for_url("**/onboarding**")
    shot(page, "onboarding")
    page.click("#role-va")
    page.click("#roles-continue")
    page.wait_for_url("**/profile**")
    page.fill("#va-headline", "Bookkeeper for online shops")
    page.fill("#va-bio", "Five years of bookkeeping for Tokopedia and Shopee sellers.")
    page.fill("#va-rate", "12.50")
    page.click("#profile-save")
    expect(page.locator("#profile-saved")).to_have_text("Saved.")
    shot(page, "profile-saved")

    with page.expect_navigation():  # the switch reloads the page in the new language
        page.click("#lang-id")
    expect(page.locator("#profile-save")).to_have_text("Simpan")
    expect(page.locator("#nav-find-work")).to_have_text("Cari pekerjaan")
    page.reload()
    expect(page.locator("#profile-save")).to_have_text("Simpan")  # the choice persists
    expect(page.locator("#va-headline")).to_have_value("Bookkeeper for online shops")
    shot(page, "profile-indonesian")


def test_sign_out_ends_the_session(page_for):
    page = page_for()
    demo_sign_in(page, "va-dewi")
    page.goto("/profile")
    expect(page.locator("#va-headline")).to_be_visible()
    page.click("#user-menu")
    page.click("#sign-out")
    expect(page.locator("#sign-in-link")).to_be_visible()
    page.goto("/profile")
    page.wait_for_url("**/signin**")
