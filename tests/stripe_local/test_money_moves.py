"""Refunds, disputes, Express accounts with onboarding, transfers and reversals."""

from __future__ import annotations

import re

import httpx
import pytest
import stripe

from tests.stripe_local.conftest import checkout_params, pay_on_page


def _paid(client, amount=10_000, currency="usd"):
    session = client.v1.checkout.sessions.create(checkout_params(amount=amount, currency=currency))
    assert pay_on_page(session.url, "4242424242424242").status_code == 303
    return client.v1.payment_intents.retrieve(client.v1.checkout.sessions.retrieve(session.id).payment_intent)


def _onboarded(local, client, email="dewi@example.com"):
    account = client.v1.accounts.create({"type": "express", "email": email,
                                         "capabilities": {"transfers": {"requested": True}}})
    httpx.post(f"{local.base_url}/_test/accounts/{account.id}/onboard")
    return account


def test_partial_then_full_refund_and_no_more(local, client, receiver):
    intent = _paid(client)
    first = client.v1.refunds.create({"payment_intent": intent.id, "amount": 3000},
                                     {"idempotency_key": "refund:1:1"})
    assert first.id.startswith("re_") and first.status == "succeeded" and first.amount == 3000
    charge = client.v1.charges.retrieve(intent.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (3000, False)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create({"payment_intent": intent.id, "amount": 7001})
    assert caught.value.param == "amount" and caught.value.code == "amount_too_large"
    rest = client.v1.refunds.create({"payment_intent": intent.id}, {"idempotency_key": "refund:1:2"})
    assert rest.amount == 7000
    charge = client.v1.charges.retrieve(intent.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (10_000, True)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create({"payment_intent": intent.id, "amount": 1})
    assert caught.value.code == "charge_already_refunded"
    events = receiver.wait_for("charge.refunded", 2)
    assert [e["data"]["object"]["amount_refunded"] for e in events] == [3000, 10_000]
    refunds = client.v1.balance_transactions.list({"type": "refund"}).data
    assert sorted(t.amount for t in refunds) == [-7000, -3000]
    assert client.v1.balance.retrieve().available[0].amount == 10_000 - 320 - 10_000


def test_dispute_created_and_closed(local, client, receiver):
    intent = _paid(client)
    opened = httpx.post(f"{local.base_url}/_test/disputes", json={"payment_intent": intent.id}).json()
    assert opened["id"].startswith("dp_") and opened["status"] == "needs_response"
    created = receiver.wait_for("charge.dispute.created")[0]["data"]["object"]
    assert created["charge"] == intent.latest_charge and created["amount"] == 10_000
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.refunds.create({"payment_intent": intent.id})
    assert caught.value.code == "charge_disputed"
    closed = httpx.post(f"{local.base_url}/_test/disputes/{opened['id']}/close",
                        json={"outcome": "won"}).json()
    assert closed["status"] == "won"
    assert receiver.wait_for("charge.dispute.closed")[0]["data"]["object"]["status"] == "won"
    # the amount came back, the $15 dispute fee did not
    assert client.v1.balance.retrieve().available[0].amount == 10_000 - 320 - 1500


def test_express_account_onboarding_page_and_account_updated(local, client, receiver):
    account = client.v1.accounts.create({"type": "express", "email": "dewi@example.com",
                                         "metadata": {"user_id": "5"},
                                         "capabilities": {"transfers": {"requested": True}}},
                                        {"idempotency_key": "account:5"})
    assert account.id.startswith("acct_") and account.capabilities.transfers == "inactive"
    assert account.charges_enabled is False and account.payouts_enabled is False
    link = client.v1.account_links.create({"account": account.id, "type": "account_onboarding",
                                           "refresh_url": "http://app.test/get-paid?refresh=1",
                                           "return_url": "http://app.test/get-paid?done=1"})
    assert link.object == "account_link" and link.url.startswith(local.base_url)
    form = httpx.get(link.url)
    assert form.status_code == 200 and 'id="complete-onboarding"' in form.text
    action = re.search(r'action="([^"]+)"', form.text).group(1)
    done = httpx.post(local.base_url + action, data={"legal_name": "Dewi VA", "email": "dewi@example.com"})
    assert done.status_code == 303 and done.headers["location"] == "http://app.test/get-paid?done=1"
    after = client.v1.accounts.retrieve(account.id)
    assert after.charges_enabled and after.payouts_enabled and after.capabilities.transfers == "active"
    event = receiver.wait_for("account.updated")[0]
    assert event["account"] == account.id
    assert event["data"]["object"]["capabilities"]["transfers"] == "active"
    assert event["data"]["previous_attributes"]["capabilities"]["transfers"] == "inactive"
    used = httpx.get(link.url)  # a link works once
    assert used.status_code == 303 and used.headers["location"].endswith("refresh=1")


def test_transfer_refused_before_onboarding_accepted_after_and_reversed(local, client, receiver):
    intent = _paid(client, amount=20_000)
    account = client.v1.accounts.create({"type": "express", "email": "va@example.com"})
    params = {"amount": 8000, "currency": "usd", "destination": account.id, "transfer_group": "contract_7",
              "source_transaction": intent.latest_charge, "metadata": {"milestone": "1"}}
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.transfers.create(params, {"idempotency_key": "release:1"})
    assert caught.value.code == "insufficient_capabilities_for_transfer"
    httpx.post(f"{local.base_url}/_test/accounts/{account.id}/onboard")
    transfer = client.v1.transfers.create(params, {"idempotency_key": "release:1"})  # refusal was not kept
    assert transfer.id.startswith("tr_") and transfer.destination == account.id
    assert transfer.transfer_group == "contract_7" and transfer.source_transaction == intent.latest_charge
    assert receiver.wait_for("transfer.created")[0]["data"]["object"]["id"] == transfer.id
    assert client.v1.balance.retrieve().available[0].amount == 20_000 - 610 - 8000

    reversal = client.v1.transfers.reversals.create(transfer.id, {"amount": 3000},
                                                    {"idempotency_key": "reverse:1:1"})
    assert reversal.id.startswith("trr_") and reversal.amount == 3000 and reversal.transfer == transfer.id
    after = client.v1.transfers.retrieve(transfer.id)
    assert (after.amount_reversed, after.reversed) == (3000, False)
    event = receiver.wait_for("transfer.reversed")[0]["data"]["object"]
    assert event["amount_reversed"] == 3000
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.transfers.reversals.create(transfer.id, {"amount": 5001})
    client.v1.transfers.reversals.create(transfer.id)
    assert client.v1.transfers.retrieve(transfer.id).reversed is True
    state = httpx.get(f"{local.base_url}/_test/state").json()
    assert state["connected_balances"][account.id] == {"usd": 0}


def test_transfer_needs_platform_balance_without_source_transaction(local, client):
    account = _onboarded(local, client)
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.transfers.create({"amount": 100, "currency": "usd", "destination": account.id})
    assert caught.value.code == "balance_insufficient"
    _paid(client, amount=1000)
    paid_out = client.v1.transfers.create({"amount": 900, "currency": "usd", "destination": account.id})
    assert paid_out.amount == 900
    with pytest.raises(stripe.InvalidRequestError):
        client.v1.transfers.create({"amount": 1000, "currency": "idr", "destination": account.id})


def test_source_transaction_cannot_be_overdrawn(local, client):
    intent = _paid(client, amount=5000)
    account = _onboarded(local, client)
    params = {"currency": "usd", "destination": account.id, "source_transaction": intent.latest_charge}
    client.v1.transfers.create({**params, "amount": 4000})
    with pytest.raises(stripe.InvalidRequestError) as caught:
        client.v1.transfers.create({**params, "amount": 1001})
    assert caught.value.param == "source_transaction"


def test_balance_transactions_page_with_limit_and_starting_after(local, client):
    for _ in range(3):
        _paid(client, amount=1000)
    first = client.v1.balance_transactions.list({"limit": 2})
    assert len(first.data) == 2 and first.has_more is True
    rest = client.v1.balance_transactions.list({"limit": 2, "starting_after": first.data[-1].id})
    assert len(rest.data) == 1 and rest.has_more is False
    every = [t.id for t in first.data] + [t.id for t in rest.data]
    assert len(set(every)) == 3 and all(i.startswith("txn_") for i in every)
    assert [t.id for t in client.v1.balance_transactions.list({"limit": 100}).auto_paging_iter()] == every
