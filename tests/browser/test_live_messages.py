"""Two people in two browsers on the same contract: a message appears for the other side without
a reload, the header's unread count rises and falls, files travel with a reply, and the
messages pages and email choices look right on a desktop and on a phone."""

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import (
    demo_sign_in,
    hire_first_quote,
    new_va,
    post_fixed_job,
    quote_two_milestones,
    shot,
)

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _phone_shot(page, name: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, name + "-390")
    page.set_viewport_size({"width": 1280, "height": 900})


def test_messages_arrive_live_in_the_contract_room(page_for):
    word = f"heron{uuid.uuid4().hex[:5]}"
    client, va = page_for(), page_for()
    demo_sign_in(client, "client-sari")
    new_va(va, f"va-{word}")  # an inbox with nothing unread from the other tests
    job_path = post_fixed_job(client, f"Translate product pages {word}")
    quote_two_milestones(va, job_path)
    room = hire_first_quote(client, job_path)

    va.goto("/messages")
    conversation = va.locator("[id^=conversation-]").filter(has_text=word)
    expect(conversation).to_be_visible()
    expect(va.locator("#nav-messages-count")).to_be_hidden()

    client.click("#tab-messages")
    client.fill("#message-input", f"Welcome {word}! The glossary is at https://example.com/glossary")
    client.click("#message-send")
    sent = client.locator("#room-messages [data-mine=true]").last
    expect(sent).to_contain_text("Welcome")
    expect(sent.locator("a[href='https://example.com/glossary']")).to_have_attribute("target", "_blank")

    # the VA, on another page, sees the count change without reloading
    expect(va.locator("#nav-messages-count")).to_have_text("1", timeout=10000)
    expect(conversation).to_contain_text(f"Welcome {word}!")  # the inbox row, also live
    shot(va, "messages-01-inbox-unread")
    va.goto(room)
    va.click("#tab-messages")
    received = va.locator("#room-messages [data-mine=false]").last
    expect(received).to_contain_text(f"Welcome {word}!")
    expect(va.locator("#nav-messages-count")).to_be_hidden(timeout=10000)

    # the VA replies with a file; the client, still in the room, sees it appear
    va.fill("#message-input", "Thanks, here is my plan.")
    va.locator("#room-message-files input[type=file]").set_input_files(
        files=[{"name": "plan.png", "mimeType": "image/png", "buffer": PNG}])
    va.click("#message-send")
    expect(va.locator("#room-messages [data-mine=true]").last).to_contain_text("plan.png")
    reply = client.locator("#room-messages [data-mine=false]").last
    expect(reply).to_contain_text("Thanks, here is my plan.", timeout=10000)
    expect(reply.locator("[id^=message-file-]")).to_contain_text("plan.png")
    download = client.request.get(reply.locator("[id^=message-file-]").get_attribute("href"))
    assert download.status == 200 and download.body() == PNG  # the party's own cookie lets it through
    shot(client, "messages-02-room")
    _phone_shot(client, "messages-02-room")

    va.goto("/messages")
    expect(va.locator("[id^=conversation-]").filter(has_text=word)).to_be_visible()
    shot(va, "messages-03-inbox")
    _phone_shot(va, "messages-03-inbox")
    thread_id = va.locator("[id^=conversation-]").filter(has_text=word).get_attribute("id").split("-")[1]
    va.goto(f"/messages/{thread_id}")  # the same conversation on its own page
    expect(va.locator("#thread-messages")).to_contain_text("Thanks, here is my plan.")
    expect(va.locator("#thread-contract")).to_have_attribute("href", room)
    shot(va, "messages-05-thread")
    _phone_shot(va, "messages-05-thread")

    client.goto("/account")
    expect(client.locator("#account-emails")).to_be_visible()
    client.locator("#account-email-messages").click()
    expect(client.locator("#account-message")).to_be_visible()
    expect(client.locator("#account-email-messages")).to_have_attribute("data-state", "unchecked")
    shot(client, "messages-04-account")
    _phone_shot(client, "messages-04-account")
