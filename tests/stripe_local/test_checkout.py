"""Checkout through the hosted page, PaymentIntents off session, and the webhooks they send."""

from __future__ import annotations

import re

import httpx
import pytest
import stripe

from tests.stripe_local.conftest import checkout_params, pay_on_page


def test_paying_4242_on_the_hosted_page_charges_and_sends_signed_webhooks(local, client, receiver):
    session = client.v1.checkout.sessions.create(checkout_params(), {"idempotency_key": "deposit:7"})
    assert session.id.startswith("cs_test_") and session.status == "open" and session.livemode is False
    assert session.url.startswith(local.base_url + "/c/pay/")
    page = httpx.get(session.url)
    assert page.status_code == 200 and "$50.00" in page.text and 'id="cardNumber"' in page.text

    response = pay_on_page(session.url, "4242 4242 4242 4242")
    assert response.status_code == 303
    assert response.headers["location"] == f"http://app.test/pay/done?session_id={session.id}"

    done = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["payment_intent.latest_charge"]})
    assert (done.status, done.payment_status) == ("complete", "paid")
    intent = done.payment_intent
    assert intent.status == "succeeded" and intent.amount_received == 5000
    assert intent.transfer_group == "contract_7" and intent.metadata.to_dict() == {"contract": "7"}
    charge = intent.latest_charge
    assert charge.id.startswith("ch_") and charge.amount == 5000 and charge.transfer_group == "contract_7"
    txn = client.v1.balance_transactions.retrieve(charge.balance_transaction)
    assert (txn.type, txn.amount, txn.fee, txn.net) == ("charge", 5000, 175, 4825)  # 2.9% + 30
    balance = client.v1.balance.retrieve()
    assert balance.available[0].amount == 4825 and balance.available[0].currency == "usd"

    completed = receiver.wait_for("checkout.session.completed")[0]
    assert completed["data"]["object"]["id"] == session.id
    assert completed["data"]["object"]["metadata"] == {"contract": "7"}
    succeeded = receiver.wait_for("payment_intent.succeeded")[0]
    assert succeeded["data"]["object"]["id"] == intent.id
    assert receiver.forged == 0
    event = client.v1.events.retrieve(completed["id"])
    assert event.type == "checkout.session.completed"
    assert [e.type for e in client.v1.events.list({"limit": 3}).data][0] == "checkout.session.completed"


def test_declined_card_keeps_the_page_open_for_another_try(local, client, receiver):
    session = client.v1.checkout.sessions.create(checkout_params())
    declined = pay_on_page(session.url, "4000 0000 0000 0002")
    assert declined.status_code == 200
    assert re.search(r'id="error-message"[^>]*>Your card was declined\.', declined.text)
    failed = receiver.wait_for("payment_intent.payment_failed")[0]["data"]["object"]
    assert failed["last_payment_error"]["decline_code"] == "generic_decline"
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"

    assert pay_on_page(session.url, "4242424242424242").status_code == 303
    intent = client.v1.payment_intents.retrieve(failed["id"])
    assert intent.status == "succeeded"
    assert pay_on_page(session.url, "4242424242424242").status_code == 200  # closed: a note, no second charge
    assert len(client.v1.charges.list({"payment_intent": intent.id}).data) == 1


def test_bad_card_entries_are_explained(local, client):
    session = client.v1.checkout.sessions.create(checkout_params())
    assert "Your card number is invalid." in pay_on_page(session.url, "4242 4242 4242 4241").text
    assert "non test card" in pay_on_page(session.url, "4111 1111 1111 1111").text
    assert "expiration date" in pay_on_page(session.url, "4242424242424242", cardExpiry="1").text


@pytest.mark.parametrize("approve", [True, False])
def test_3155_asks_for_authentication(local, client, receiver, approve):
    session = client.v1.checkout.sessions.create(checkout_params())
    step = pay_on_page(session.url, "4000 0025 0000 3155")
    assert step.status_code == 200 and "test-source-authorize-3ds" in step.text
    token = re.search(r'name="token" value="([^"]+)"', step.text).group(1)
    answer = httpx.post(f"{session.url}/authenticate",
                        data={"token": token, "outcome": "approve" if approve else "fail"})
    after = client.v1.checkout.sessions.retrieve(session.id)
    if approve:
        assert answer.status_code == 303 and after.status == "complete"
        assert client.v1.payment_intents.retrieve(after.payment_intent).status == "succeeded"
    else:
        assert answer.status_code == 200 and "unable to authenticate" in answer.text
        assert after.status == "open"
        receiver.wait_for("payment_intent.payment_failed")


def test_setup_mode_saves_a_card_for_off_session_charges(local, client, receiver):
    customer = client.v1.customers.create({"email": "client@example.com", "metadata": {"user_id": "3"}})
    session = client.v1.checkout.sessions.create({
        "mode": "setup", "customer": customer.id, "currency": "usd", "metadata": {"contract": "9"},
        "success_url": "http://app.test/ok", "cancel_url": "http://app.test/no"},
        {"idempotency_key": "setup:9"})
    assert session.payment_status == "no_payment_required"
    assert pay_on_page(session.url, "4000 0025 0000 3155").status_code == 200  # authenticate once
    done = client.v1.checkout.sessions.retrieve(session.id)
    assert done.status == "open"
    step = pay_on_page(session.url, "4242 4242 4242 4242")
    assert step.status_code == 303
    done = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["setup_intent"]})
    pm = done.setup_intent.payment_method
    assert done.setup_intent.status == "succeeded" and pm.startswith("pm_")
    assert client.v1.payment_methods.retrieve(pm).customer == customer.id
    receiver.wait_for("checkout.session.completed")

    intent = client.v1.payment_intents.create({
        "amount": 12000, "currency": "usd", "customer": customer.id, "payment_method": pm,
        "off_session": True, "confirm": True, "transfer_group": "contract_9",
        "metadata": {"week": "2026-W49"}}, {"idempotency_key": "hourly:9:2026-W49"})
    assert intent.status == "succeeded" and intent.latest_charge.startswith("ch_")
    assert receiver.wait_for("payment_intent.succeeded")[0]["data"]["object"]["id"] == intent.id


def test_off_session_decline_is_a_card_error_and_an_event(local, client, receiver):
    customer = client.v1.customers.create({"email": "c@example.com"})
    session = client.v1.checkout.sessions.create({
        "mode": "setup", "customer": customer.id, "success_url": "http://app.test/ok"})
    pay_on_page(session.url, "4000 0000 0000 0341")  # saving works, charging later does not
    done = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["setup_intent"]})
    pm = done.setup_intent.payment_method
    with pytest.raises(stripe.CardError) as caught:
        client.v1.payment_intents.create({"amount": 900, "currency": "usd", "customer": customer.id,
                                          "payment_method": pm, "off_session": True, "confirm": True})
    assert caught.value.http_status == 402 and caught.value.code == "card_declined"
    intent_id = caught.value.json_body["error"]["payment_intent"]["id"]
    assert client.v1.payment_intents.retrieve(intent_id).status == "requires_payment_method"
    receiver.wait_for("payment_intent.payment_failed")


def test_payment_mode_with_setup_future_usage_saves_the_card(local, client):
    session = client.v1.checkout.sessions.create(checkout_params(
        payment_intent_data={"setup_future_usage": "off_session", "transfer_group": "contract_2"}))
    pay_on_page(session.url, "4242424242424242")
    done = client.v1.checkout.sessions.retrieve(session.id, {"expand": ["payment_intent"]})
    assert done.customer.startswith("cus_")
    assert client.v1.payment_methods.retrieve(done.payment_intent.payment_method).customer == done.customer
    again = client.v1.payment_intents.create({"amount": 700, "currency": "usd", "customer": done.customer,
                                              "payment_method": done.payment_intent.payment_method,
                                              "off_session": True, "confirm": True})
    assert again.status == "succeeded"


def test_expire_and_validation_errors(local, client, receiver):
    session = client.v1.checkout.sessions.create(checkout_params())
    expired = client.v1.checkout.sessions.expire(session.id)
    assert expired.status == "expired"
    receiver.wait_for("checkout.session.expired")
    assert "expired" in httpx.get(session.url).text
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.expire(session.id)
    assert caught.value.http_status == 400
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.create({"mode": "payment", "success_url": "http://x"})
    assert caught.value.param == "line_items" and caught.value.code == "parameter_missing"
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.checkout.sessions.retrieve("cs_test_nope")
    assert caught.value.http_status == 404 and caught.value.code == "resource_missing"


def test_idr_amounts_use_stripes_hundredths_and_fee(local, client):
    session = client.v1.checkout.sessions.create(checkout_params(amount=150_000_000, currency="idr"))
    assert "Rp 1.500.000" in httpx.get(session.url).text
    pay_on_page(session.url, "4242424242424242")
    txn = client.v1.balance_transactions.list({"limit": 1}).data[0]
    assert (txn.currency, txn.amount, txn.fee) == ("idr", 150_000_000, 4_350_000 + 200_000)


def test_api_key_is_required(local):
    assert httpx.get(f"{local.base_url}/v1/balance").status_code == 401
    bad = stripe.StripeClient("sk_live_nope", base_addresses={"api": local.base_url})
    with pytest.raises(stripe.AuthenticationError):
        bad.v1.balance.retrieve()
