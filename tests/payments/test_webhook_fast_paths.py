"""The webhook's short paths stay correct: a signed body that is not an event is refused with
nothing recorded; copies of one event delivered at the same moment are stored once, one answer
fresh and the others duplicates; the capture's later events change nothing and leave one
charge posting."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import func, select

from tests.payments.conftest import HTTP, SECRET, contract_status, make_contract
from tests.payments.helpers import BASE
from vamarket.db import session_scope
from vamarket.models import LedgerTransaction, Payment, StripeEvent, User
from vamarket.payments import funding
from vamarket.payments.records import PaymentCharge
from vamarket.payments.webhook_route import handle_delivery
from vamarket.stripe_local.store import public
from vamarket.stripe_local.webhooks import sign


def _stored(event_id: str) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(StripeEvent)
                            .where(StripeEvent.event_id == event_id)).one()


def test_a_signed_body_that_is_not_an_event_is_refused(stripe):
    for body in (b'["evt_list_1"]', b'"evt_text_1"', b"{not json"):
        assert handle_delivery(body, sign(body, SECRET)) == (400, {"error": "invalid signature"})
    assert _stored("evt_list_1") == 0


def test_copies_delivered_at_once_are_stored_once(stripe):
    event = {"id": "evt_same_moment_1", "type": "account.updated",
             "data": {"object": {"id": "acct_nobody"}}}
    payload = json.dumps(event).encode()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: handle_delivery(payload, sign(payload, SECRET)),
                                range(8)))
    assert all(status == 200 for status, _ in answers)
    assert sorted(body["duplicate"] for _, body in answers) == [False] + [True] * 7
    assert _stored("evt_same_moment_1") == 1


def _capture_events(stripe) -> tuple[int, list[dict]]:
    deal = make_contract("fixed")
    with session_scope() as session:
        url = funding.start_funding(session, actor=session.get(User, deal.client.id),
                                    contract_id=deal.contract_id, return_base=BASE)
    local = stripe.local
    endpoints = local.webhooks.endpoints
    local.webhooks.configure([])  # held back: the test delivers them
    try:
        before = len(local.store.events)
        HTTP.post(f"{stripe.base_url}/_test/checkout/{url.rsplit('/', 1)[-1]}/pay", json={})
        with local.store.lock:
            events = [public(local.store.get("event", e)) for e in local.store.events[before:]]
    finally:
        local.webhooks.configure(endpoints)
    return deal.contract_id, events


def test_each_capture_event_alone_records_the_capture_and_the_others_change_nothing(stripe):
    kinds = ("charge.succeeded", "payment_intent.succeeded", "checkout.session.completed")
    for first in kinds:
        contract_id, events = _capture_events(stripe)
        ordered = sorted(events, key=lambda e: e["type"] != first)
        assert ordered[0]["type"] == first
        payload = json.dumps(ordered[0]).encode()
        assert handle_delivery(payload, sign(payload, SECRET))[1]["duplicate"] is False
        assert contract_status(contract_id) == "active"
        for event in ordered[1:]:
            payload = json.dumps(event).encode()
            assert handle_delivery(payload, sign(payload, SECRET)) == (
                200, {"received": True, "duplicate": False})
        with session_scope() as session:
            kinds_posted = session.exec(select(LedgerTransaction.kind).where(
                LedgerTransaction.contract_id == contract_id)).all()
            payment = session.exec(select(Payment).where(
                Payment.contract_id == contract_id)).one()
            charge = session.get(PaymentCharge, payment.id)
        assert kinds_posted == ["charge"]
        assert payment.status == "paid" and charge is not None and charge.fee_minor > 0
