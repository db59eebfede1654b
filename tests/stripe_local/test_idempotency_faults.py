"""Idempotency-Key replay and mismatch, injected API faults, and misbehaving webhook deliveries."""

from __future__ import annotations

import time

import httpx
import pytest
import stripe

from tests.stripe_local.conftest import checkout_params, make_client, pay_on_page


def _faults(local, **settings):
    response = httpx.post(f"{local.base_url}/_test/faults", json=settings)
    assert response.status_code == 200, response.text
    return response.json()


def _count(local, kind):
    return httpx.get(f"{local.base_url}/_test/state").json()["objects"].get(kind, 0)


def test_same_key_same_params_replays_the_stored_response(local, client):
    first = client.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "customer:1"})
    again = client.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "customer:1"})
    assert again.id == first.id
    assert again.last_response.headers.get("Idempotent-Replayed") == "true"
    assert first.last_response.headers.get("Idempotent-Replayed") is None
    assert _count(local, "customer") == 1


def test_same_key_other_params_is_an_idempotency_error(local, client):
    client.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "customer:2"})
    with pytest.raises(stripe.IdempotencyError) as caught:
        client.v1.customers.create({"email": "b@example.com"}, {"idempotency_key": "customer:2"})
    assert caught.value.http_status == 400
    assert caught.value.json_body["error"]["type"] == "idempotency_error"
    with pytest.raises(stripe.IdempotencyError):  # same key on another endpoint
        client.v1.accounts.create({"email": "a@example.com"}, {"idempotency_key": "customer:2"})


def test_a_card_decline_is_replayed_not_retried(local, client):
    params = {"amount": 1000, "currency": "usd", "payment_method": "pm_card_chargeDeclined", "confirm": True}
    errors = []
    for _ in range(2):
        with pytest.raises(stripe.CardError) as caught:
            client.v1.payment_intents.create(params, {"idempotency_key": "hourly:1:2026-W01"})
        errors.append(caught.value)
    assert errors[1].headers.get("Idempotent-Replayed") == "true"
    assert errors[0].json_body == errors[1].json_body
    assert _count(local, "payment_intent") == 1


def test_injected_5xx_raises_api_error_without_retries_and_is_retried_with_them(local, client):
    _faults(local, next_5xx=1)
    with pytest.raises(stripe.APIError) as caught:
        client.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "customer:3"})
    assert caught.value.http_status == 500
    assert _count(local, "customer") == 0  # failed before doing anything
    _faults(local, next_5xx=2)
    retrying = make_client(local.base_url, retries=3)
    customer = retrying.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "customer:3"})
    assert customer.id.startswith("cus_") and _count(local, "customer") == 1


def test_5xx_after_the_work_is_replayed_on_retry(local, client):
    _faults(local, next_5xx_after=1)
    retrying = make_client(local.base_url, retries=2)
    customer = retrying.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "customer:4"})
    assert customer.last_response.headers.get("Idempotent-Replayed") == "true"
    assert _count(local, "customer") == 1


def test_timeouts_raise_connection_errors_and_retries_get_the_replay(local):
    _faults(local, next_timeout=1, timeout_seconds=2)
    impatient = make_client(local.base_url, timeout=0.5)
    with pytest.raises(stripe.APIConnectionError):
        impatient.v1.customers.create({"email": "a@example.com"}, {"idempotency_key": "customer:5"})
    assert _count(local, "customer") == 1  # the work was done; only the answer was lost

    _faults(local, next_timeout=1, timeout_seconds=2)
    retrying = make_client(local.base_url, retries=2, timeout=0.5)
    customer = retrying.v1.customers.create({"email": "b@example.com"}, {"idempotency_key": "customer:6"})
    assert customer.last_response.headers.get("Idempotent-Replayed") == "true"
    assert _count(local, "customer") == 2


def test_random_faults_with_retries_lose_and_duplicate_nothing(local):
    settings = _faults(local, rate_5xx=0.2, rate_5xx_after=0.1, rate_timeout=0.1, timeout_seconds=1, seed=7,
                       paths=["/v1/payment_intents"])
    assert settings["paths"] == ["/v1/payment_intents"]
    retrying = make_client(local.base_url, retries=8, timeout=0.4)
    ids = set()
    for week in range(12):
        intent = retrying.v1.payment_intents.create(
            {"amount": 1000 + week, "currency": "usd", "payment_method": "pm_card_visa", "confirm": True},
            {"idempotency_key": f"hourly:1:2026-W{week:02d}"})
        ids.add(intent.id)
    injected = httpx.get(f"{local.base_url}/_test/faults").json()["injected"]
    assert sum(injected.values()) > 0
    assert len(ids) == 12 and _count(local, "payment_intent") == 12
    charges = make_client(local.base_url).v1.charges.list({"limit": 100}).data
    assert len(charges) == 12


def test_duplicate_deliveries_carry_the_same_event_id(local, client, receiver):
    _faults(local, webhook_duplicate_rate=1.0)
    client.v1.customers.create({"email": "a@example.com"})
    session = client.v1.checkout.sessions.create(checkout_params())
    pay_on_page(session.url, "4242424242424242")
    completed = receiver.wait_for("checkout.session.completed", 2)
    assert completed[0]["id"] == completed[1]["id"]


def test_shuffled_deliveries_arrive_out_of_order_but_all_arrive(local, client, receiver):
    _faults(local, webhook_shuffle_window=0.6, seed=3)
    account = client.v1.accounts.create({"type": "express"})
    for _ in range(12):
        httpx.post(f"{local.base_url}/_test/accounts/{account.id}/onboard")
    assert httpx.post(f"{local.base_url}/_test/webhooks/drain").json()["drained"]
    created = [e.id for e in reversed(client.v1.events.list({"limit": 100}).data)]
    arrived = [e["id"] for e in receiver.events]
    assert sorted(arrived) == sorted(created) and arrived != created


def test_delayed_delivery(local, client, receiver):
    _faults(local, webhook_delay_rate=1.0, webhook_delay_seconds=0.5)
    account = client.v1.accounts.create({"type": "express"})
    httpx.post(f"{local.base_url}/_test/accounts/{account.id}/onboard")
    time.sleep(0.2)
    assert receiver.types() == []
    receiver.wait_for("account.updated", timeout=3)


def test_failed_deliveries_are_retried_with_backoff(local, client, receiver):
    receiver.fail_next = 2
    account = client.v1.accounts.create({"type": "express"})
    httpx.post(f"{local.base_url}/_test/accounts/{account.id}/onboard")
    receiver.wait_for("account.updated", timeout=5)
    log = httpx.get(f"{local.base_url}/_test/webhooks/deliveries").json()["data"]
    attempts = [(d["attempt"], d["status"], d["ok"]) for d in log]
    assert attempts == [(1, 500, False), (2, 500, False), (3, 200, True)]


def test_unreachable_endpoint_is_given_up_after_bounded_attempts(local, client, receiver):
    original = httpx.get(f"{local.base_url}/_test/webhooks").json()
    try:
        httpx.post(f"{local.base_url}/_test/webhooks",
                   json={"url": "http://127.0.0.1:9/nowhere", "secret": "whsec_x", "max_attempts": 3})
        account = client.v1.accounts.create({"type": "express"})
        httpx.post(f"{local.base_url}/_test/accounts/{account.id}/onboard")
        httpx.post(f"{local.base_url}/_test/webhooks/drain")
        state = httpx.get(f"{local.base_url}/_test/state").json()["webhooks"]
        assert state["gave_up"] == 1 and state["failed_attempts"] == 3 and state["delivered"] == 0
    finally:
        httpx.post(f"{local.base_url}/_test/webhooks", json={
            "url": original["endpoints"][0]["url"], "secret": receiver.secret, "max_attempts": 6})
