"""A webhook storm: about 1,000 real events (payments, declines, disputes) each delivered 1–3
times, shuffled, with 5% forged extra copies (those through the HTTP route in-process, the
genuine ones through the route's handler function, eight senders at once) → every forged copy
refused and the same final ledger and states as one in-order delivery."""

from __future__ import annotations

import json
import random
from concurrent.futures import ThreadPoolExecutor

from sqlmodel import Session, select
from starlette.testclient import TestClient

from tests.payments.conftest import HTTP, SECRET, make_contract
from tests.payments.helpers import BASE
from vamarket.db import get_engine, session_scope
from vamarket.models import Contract, LedgerEntry, LedgerTransaction, Milestone, Payment, User
from vamarket.payments import funding, webhooks
from vamarket.payments.webhook_route import build_webhook_app, handle_delivery
from vamarket.services import ledger
from vamarket.stripe_local.store import public
from vamarket.stripe_local.webhooks import sign

TARGET_EVENTS = 1_000


def _make_events(stripe) -> tuple[list[dict], list[int]]:
    """Pay (and sometimes decline, sometimes dispute) deposits until about 1,000 events exist."""
    local = stripe.local
    endpoints = local.webhooks.endpoints
    local.webhooks.configure([])  # nothing delivered by the server: the test is the deliverer
    start, contracts, n = len(local.store.events), [], 0
    try:
        while len(local.store.events) - start < TARGET_EVENTS:
            deal = make_contract("fixed")
            contracts.append(deal.contract_id)
            with session_scope() as session:
                url = funding.start_funding(session, actor=session.get(User, deal.client.id),
                                            contract_id=deal.contract_id, return_base=BASE)
            cs = url.rsplit("/", 1)[-1]
            for _ in range(1 + n % 2):
                HTTP.post(f"{stripe.base_url}/_test/checkout/{cs}/pay",
                           json={"card": "4000000000000002"})
            HTTP.post(f"{stripe.base_url}/_test/checkout/{cs}/pay", json={})
            if n % 4 == 3:
                with local.store.lock:
                    session_obj = local.store.get("checkout.session", cs)
                    pi = local.store.get("payment_intent", session_obj["payment_intent"])
                dispute = HTTP.post(f"{stripe.base_url}/_test/disputes",
                                     json={"charge": pi["latest_charge"]}).json()
                HTTP.post(f"{stripe.base_url}/_test/disputes/{dispute['id']}/close",
                           json={"outcome": "won" if n % 8 == 3 else "lost"})
            n += 1
        with local.store.lock:
            events = [public(local.store.get("event", e)) for e in local.store.events[start:]]
    finally:
        local.webhooks.configure(endpoints)
    return events, contracts


def _snapshot(session: Session, contracts: list[int]) -> dict:
    txns = session.exec(select(LedgerTransaction).where(
        LedgerTransaction.contract_id.in_(contracts))).all()
    legs = {t.reference: sorted((e.account, e.amount_minor, e.currency) for e in session.exec(
        select(LedgerEntry).where(LedgerEntry.transaction_id == t.id)).all()) for t in txns}
    states = session.exec(select(Contract.id, Contract.status).where(
        Contract.id.in_(contracts))).all()
    milestones = session.exec(select(Milestone.id, Milestone.status).where(
        Milestone.contract_id.in_(contracts))).all()
    payments = session.exec(select(Payment.idempotency_key, Payment.status).where(
        Payment.contract_id.in_(contracts))).all()
    return {"legs": legs, "contracts": sorted(states), "milestones": sorted(milestones),
            "payments": sorted(payments)}


def _send(chunk: list[tuple[dict, bool]]) -> tuple[int, list[tuple[dict, bool]]]:
    """Deliver each item: forged copies through the HTTP route (TestClient), genuine ones
    through the route's handler function; (forged refused, deliveries to send again)."""
    refused, again = 0, []
    with TestClient(build_webhook_app()) as client:
        for event, genuine in chunk:
            payload = json.dumps(event).encode()
            if not genuine:
                status = client.post("/stripe/webhook", content=payload, headers={
                    "Stripe-Signature": sign(payload, "whsec_forged")}).status_code
                assert status == 400
                refused += 1
                continue
            status, _ = handle_delivery(payload, sign(payload, SECRET))
            if status == 500:  # not ready yet (a dispute before its payment): sent again
                again.append((event, True))
            else:
                assert status == 200
    return refused, again


def test_webhook_storm_gives_the_same_ledger_as_in_order_delivery(stripe):
    events, contracts = _make_events(stripe)
    assert len(events) >= TARGET_EVENTS
    # one in-order delivery, in a transaction rolled back afterwards
    with Session(get_engine(), expire_on_commit=False) as session:
        for event in events:
            webhooks.process(session, event)
        session.flush()
        expected = _snapshot(session, contracts)
        session.rollback()
    assert expected["legs"] and any(r.startswith("dispute_freeze:") for r in expected["legs"])
    rng = random.Random(4242)
    deliveries = [(event, True) for event in events for _ in range(rng.randint(1, 3))]
    forged = rng.sample(deliveries, len(deliveries) // 20)
    deliveries += [(event, False) for event, _ in forged]
    rng.shuffle(deliveries)
    refused = 0
    while deliveries:  # 8 senders at once, as Stripe delivers concurrently
        chunks = [deliveries[i::8] for i in range(8)]
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(_send, chunks))
        refused += sum(r[0] for r in results)
        deliveries = [item for r in results for item in r[1]]
    assert refused == len(forged)
    with session_scope() as session:
        assert _snapshot(session, contracts) == expected
        assert ledger.trial_balance_ok(session) and ledger.escrow_never_negative(session)
