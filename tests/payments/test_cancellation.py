"""Cancelling with a refund when both sides agree: one asks, the other accepts or declines."""

from __future__ import annotations

import pytest

from tests.payments.conftest import contract_status, make_contract, make_user
from tests.payments.helpers import fund, milestone_ids, status
from vamarket.db import session_scope
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Notification, User
from vamarket.payments import cancellation
from vamarket.services import disputes, ledger
from vamarket.services import ledger_accounts as acc


def _ask(deal, who: User, milestone_id=None, reason="Plans changed"):
    with session_scope() as session:
        return cancellation.request_cancellation(
            session, actor=session.get(User, who.id), contract_id=deal.contract_id,
            milestone_id=milestone_id, reason=reason)


def _answer(who: User, request_id: int, accept: bool):
    with session_scope() as session:
        return cancellation.answer_cancellation(session, actor=session.get(User, who.id),
                                                request_id=request_id, accept=accept)


def _refunded_on_stripe(stripe) -> int:
    with stripe.local.store.lock:
        return sum(r["amount"] for r in stripe.local.store.all("refund"))


def test_accepted_milestone_cancellation_refunds_the_client(stripe):
    deal = make_contract("fixed")
    first = milestone_ids(deal)[0]
    with pytest.raises(InvalidTransition):  # nothing funded, contract not active
        _ask(deal, deal.client, first)
    fund(stripe, deal)
    with pytest.raises(PermissionDenied):
        _ask(deal, make_user(is_client=True), first)
    with pytest.raises(InvalidInput):
        _ask(deal, deal.client, first, reason=" ")
    asked = _ask(deal, deal.client, first)
    assert _ask(deal, deal.va, first).id == asked.id  # one pending request per milestone
    with pytest.raises(PermissionDenied):  # the one who asked cannot accept
        _answer(deal.client, asked.id, True)
    before = _refunded_on_stripe(stripe)
    done = _answer(deal.va, asked.id, True)
    assert done.status == "accepted"
    assert status(first) == "refunded"
    assert _refunded_on_stripe(stripe) - before == 30_000
    with pytest.raises(InvalidTransition):
        _answer(deal.va, asked.id, True)
    with session_scope() as session:
        assert ledger.held(session, acc.escrow(deal.contract_id), "USD") == 0
        assert ledger.trial_balance_ok(session)
        told = session.exec(Notification.__table__.select().where(
            Notification.user_id == deal.client.id,
            Notification.kind == "cancellation_accepted")).first()
        assert told is not None


def test_declined_and_withdrawn_requests_move_no_money(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    first = milestone_ids(deal)[0]
    asked = _ask(deal, deal.va, first)
    before = _refunded_on_stripe(stripe)
    assert _answer(deal.client, asked.id, False).status == "declined"
    again = _ask(deal, deal.va, first)
    with pytest.raises(PermissionDenied), session_scope() as session:
        cancellation.withdraw_cancellation(session, actor=session.get(User, deal.client.id),
                                           request_id=again.id)
    with session_scope() as session:
        cancellation.withdraw_cancellation(session, actor=session.get(User, deal.va.id),
                                           request_id=again.id)
    assert _refunded_on_stripe(stripe) == before
    assert status(first) == "funded"
    with pytest.raises(NotFound):
        _answer(deal.client, 10**9, True)


def test_whole_contract_cancelled_by_agreement(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    first, second = milestone_ids(deal)
    asked = _ask(deal, deal.client)
    before = _refunded_on_stripe(stripe)
    _answer(deal.va, asked.id, True)
    assert contract_status(deal.contract_id) == "cancelled"
    assert (status(first), status(second)) == ("refunded", "cancelled")
    assert _refunded_on_stripe(stripe) - before == 30_000


def test_a_disputed_milestone_cannot_be_cancelled(stripe):
    deal = make_contract("fixed")
    fund(stripe, deal)
    first = milestone_ids(deal)[0]
    asked = _ask(deal, deal.client)
    with session_scope() as session:
        disputes.open_dispute(session, actor=session.get(User, deal.va.id),
                              contract_id=deal.contract_id, milestone_id=first, reason="paid?")
    with pytest.raises(InvalidTransition):
        _ask(deal, deal.client, first)
    with pytest.raises(InvalidTransition):
        _answer(deal.va, asked.id, True)
    assert contract_status(deal.contract_id) == "active"
