"""Funding through Checkout and the webhook: the contract becomes active only when the signed
webhook arrives; a declined card leaves it as it was; forged, stale or unsigned deliveries are
refused with nothing recorded; duplicates and any arrival order post once."""

from __future__ import annotations

import json
import time

from sqlmodel import select

from tests.payments.conftest import HTTP, SECRET, contract_status, make_contract, pay
from vamarket.db import session_scope
from vamarket.models import LedgerTransaction, Milestone, Payment, StripeEvent, User
from vamarket.payments import funding, webhooks
from vamarket.payments.webhook_route import handle_delivery
from vamarket.services import ledger
from vamarket.services import ledger_accounts as acc
from vamarket.stripe_local.store import public
from vamarket.stripe_local.webhooks import sign

BASE = "http://app.test"


def _start(deal, **kw) -> str:
    with session_scope() as session:
        return funding.start_funding(session, actor=session.get(User, deal.client.id),
                                     contract_id=deal.contract_id, return_base=BASE, **kw)


def _milestones(contract_id: int) -> list[tuple[int, str]]:
    with session_scope() as session:
        rows = session.exec(select(Milestone).where(Milestone.contract_id == contract_id)
                            .order_by(Milestone.position)).all()
        return [(m.amount_minor, m.status) for m in rows]


def test_down_payment_activates_the_contract_only_through_the_webhook(stripe):
    deal = make_contract("fixed")
    url = _start(deal)
    assert url == _start(deal), "a second call while the checkout is open gives the same page"
    assert contract_status(deal.contract_id) == "pending_funding"
    assert pay(stripe, url).status_code == 200
    assert contract_status(deal.contract_id) == "active"
    assert _milestones(deal.contract_id) == [(30_000, "funded"), (60_000, "planned")]
    with session_scope() as session:
        payment = session.exec(select(Payment).where(
            Payment.contract_id == deal.contract_id)).one()
        assert (payment.status, payment.purpose, payment.amount_minor) == ("paid", "deposit", 30_000)
        assert payment.idempotency_key == f"deposit:{deal.contract_id}"
        assert ledger.held(session, acc.escrow(deal.contract_id), "USD") == 30_000
        assert ledger.trial_balance_ok(session)
    # the next milestone is funded the same way, with its own key
    url2 = _start(deal)
    pay(stripe, url2)
    assert _milestones(deal.contract_id) == [(30_000, "funded"), (60_000, "funded")]


def test_pilot_first_pays_the_pilot(stripe):
    deal = make_contract("pilot_first")
    pay(stripe, _start(deal))
    assert contract_status(deal.contract_id) == "active"
    assert _milestones(deal.contract_id)[0] == (4_000, "funded")


def test_declined_card_leaves_the_contract_as_it_was(stripe):
    deal = make_contract("fixed")
    url = _start(deal)
    assert pay(stripe, url, card="4000000000000002").status_code == 402
    assert contract_status(deal.contract_id) == "pending_funding"
    with session_scope() as session:
        payment = session.exec(select(Payment).where(
            Payment.contract_id == deal.contract_id)).one()
        assert payment.status == "failed"
        assert ledger.held(session, acc.escrow(deal.contract_id), "USD") == 0
    # the same checkout page can be paid with another card
    assert _start(deal) == url
    pay(stripe, url)
    assert contract_status(deal.contract_id) == "active"


def test_hourly_contract_saves_a_card_then_starts(stripe):
    deal = make_contract("hourly")
    url = _start(deal)
    pay(stripe, url)
    assert contract_status(deal.contract_id) == "active"
    from vamarket.payments.records import StripeCustomer
    with session_scope() as session:
        saved = session.get(StripeCustomer, deal.client.id)
        assert saved.payment_method_id.startswith("pm_")


def _events_since(stripe, count_before: int) -> list[dict]:
    store = stripe.local.store
    with store.lock:
        return [public(store.get("event", eid)) for eid in store.events[count_before:]]


def test_forged_stale_and_missing_signatures_are_refused_and_nothing_is_recorded(stripe):
    event = {"id": "evt_forged_1", "type": "account.updated", "data": {"object": {"id": "acct_x"}}}
    payload = json.dumps(event).encode()
    assert handle_delivery(payload, "")[0] == 400
    assert handle_delivery(payload, sign(payload, "whsec_wrong"))[0] == 400
    assert handle_delivery(payload, sign(payload, SECRET, int(time.time()) - 600))[0] == 400
    assert handle_delivery(payload + b" ", sign(payload, SECRET))[0] == 400
    response = HTTP.post(stripe.local.webhooks.endpoints[0].url, content=payload,
                          headers={"Stripe-Signature": "t=1,v1=00"})
    assert response.status_code == 400
    with session_scope() as session:
        assert session.get(StripeEvent, "evt_forged_1") is None
    assert handle_delivery(payload, sign(payload, SECRET)) == (
        200, {"received": True, "duplicate": False})
    assert handle_delivery(payload, sign(payload, SECRET))[1]["duplicate"] is True


def test_duplicate_and_out_of_order_delivery_post_once(stripe):
    deal = make_contract("fixed")
    url = _start(deal)
    endpoints = stripe.local.webhooks.endpoints
    stripe.local.webhooks.configure([])  # hold deliveries back: this test delivers them itself
    try:
        before = len(stripe.local.store.events)
        HTTP.post(f"{stripe.base_url}/_test/checkout/{url.rsplit('/', 1)[-1]}/pay", json={})
        events = _events_since(stripe, before)
    finally:
        stripe.local.webhooks.configure(endpoints)
    types = [e["type"] for e in events]
    assert "checkout.session.completed" in types and "payment_intent.succeeded" in types
    for event in reversed(events + events):  # completed first, each twice
        payload = json.dumps(event).encode()
        assert handle_delivery(payload, sign(payload, SECRET))[0] == 200
    assert contract_status(deal.contract_id) == "active"
    with session_scope() as session:
        charges = session.exec(select(LedgerTransaction).where(
            LedgerTransaction.contract_id == deal.contract_id)).all()
        assert [t.kind for t in charges] == ["charge"]
        # processing an event object directly twice changes nothing either
        assert webhooks.process(session, events[0]) is False
