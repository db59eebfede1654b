"""Pilot first, then the choice: once the pilot is approved the client continues (the down
payment and the remaining milestones become due) or ends the contract (it completes, nothing
more is charged, both may review). Only the client chooses, once, after an approved pilot."""

from __future__ import annotations

import pytest
from sqlmodel import select

from tests.payments.conftest import contract_status, make_contract, pay
from tests.payments.helpers import BASE, fund, milestone_ids, onboard, status, submit
from vamarket.db import session_scope
from vamarket.errors import InvalidInput, InvalidTransition, PermissionDenied
from vamarket.models import Contract, Payment, User
from vamarket.payments import funding, release
from vamarket.services import milestones, next_actions, pilot


def _approved_pilot(stripe):
    deal = make_contract("pilot_first")
    fund(stripe, deal)  # the pilot (4,000)
    onboard(stripe, deal)
    pilot_id = milestone_ids(deal)[0]
    submit(deal, pilot_id)
    return deal, pilot_id


def _choose(deal, who: User, outcome: str) -> Contract:
    with session_scope() as session:
        return pilot.choose(session, actor=session.get(User, who.id),
                            contract_id=deal.contract_id, outcome=outcome)


def _keys(deal, who: User) -> list[str]:
    with session_scope() as session:
        contract = session.get(Contract, deal.contract_id)
        return [a.key for a in next_actions.next_actions(
            session, actor=session.get(User, who.id), contract=contract)]


def _start(deal) -> str:
    with session_scope() as session:
        return funding.start_funding(session, actor=session.get(User, deal.client.id),
                                     contract_id=deal.contract_id, return_base=BASE)


def test_continue_makes_the_down_payment_and_the_plan_due(stripe):
    deal, pilot_id = _approved_pilot(stripe)
    with pytest.raises(InvalidTransition):  # not approved yet: nothing to choose
        _choose(deal, deal.client, pilot.CONTINUE)
    with session_scope() as session:
        release.approve_milestone(session, actor=session.get(User, deal.client.id),
                                  milestone_id=pilot_id)
    assert status(pilot_id) == "released" and contract_status(deal.contract_id) == "active"
    assert _keys(deal, deal.client) == ["choose_pilot_outcome"]
    with session_scope() as session, pytest.raises(InvalidTransition):  # the plan waits too
        milestones.propose(session, actor=session.get(User, deal.client.id),
                           contract_id=deal.contract_id, title="Extra", amount_minor=1_000)
    last = milestone_ids(deal)[2]
    with session_scope() as session, pytest.raises(InvalidTransition):
        milestones.cancel(session, actor=session.get(User, deal.client.id), milestone_id=last)
    with session_scope() as session, pytest.raises(InvalidTransition):
        funding.start_funding(session, actor=session.get(User, deal.client.id),
                              contract_id=deal.contract_id, return_base=BASE)
    with pytest.raises(PermissionDenied):
        _choose(deal, deal.va, pilot.CONTINUE)
    with pytest.raises(InvalidInput):
        _choose(deal, deal.client, "maybe")
    with session_scope() as session:  # what the confirmation shows: whole milestones
        contract = session.get(Contract, deal.contract_id)
        assert pilot.down_payment_after_pilot(session, contract) == 30_000
    assert _choose(deal, deal.client, pilot.CONTINUE).pilot_outcome == "continued"
    with pytest.raises(InvalidTransition):  # chosen once
        _choose(deal, deal.client, pilot.END)
    assert _keys(deal, deal.client) == ["pay_down_payment"]
    pay(stripe, _start(deal))
    with session_scope() as session:
        deposit = session.exec(select(Payment).where(Payment.contract_id == deal.contract_id,
                                                     Payment.purpose == "deposit")).one()
    assert (deposit.amount_minor, deposit.status) == (30_000, "paid")  # covers 30% of 90,000
    _, first, second = milestone_ids(deal)
    assert (status(first), status(second)) == ("funded", "planned")
    assert _keys(deal, deal.va) == ["submit_work"]
    assert contract_status(deal.contract_id) == "active"


def test_end_here_completes_the_contract_and_charges_nothing_more(stripe):
    deal, pilot_id = _approved_pilot(stripe)
    with session_scope() as session:
        release.approve_milestone(session, actor=session.get(User, deal.client.id),
                                  milestone_id=pilot_id)
    ended = _choose(deal, deal.client, pilot.END)
    assert (ended.status, ended.pilot_outcome) == ("completed", "ended")
    _, first, second = milestone_ids(deal)
    assert (status(first), status(second)) == ("cancelled", "cancelled")
    with session_scope() as session, pytest.raises(InvalidTransition):
        funding.start_funding(session, actor=session.get(User, deal.client.id),
                              contract_id=deal.contract_id, return_base=BASE)
    assert _keys(deal, deal.client) == ["review_other"]
    assert _keys(deal, deal.va) == ["review_other"]
    with session_scope() as session:
        assert session.exec(select(Payment).where(Payment.contract_id == deal.contract_id,
                                                  Payment.purpose == "deposit")).first() is None


def test_a_held_pilot_counts_as_approved(stripe):
    deal = make_contract("pilot_first")
    fund(stripe, deal)
    pilot_id, second = milestone_ids(deal)[:2]
    submit(deal, pilot_id)
    with session_scope() as session:
        release.approve_milestone(session, actor=session.get(User, deal.client.id),
                                  milestone_id=pilot_id)
    assert status(pilot_id) == "approved"  # the VA has no payout account yet
    with session_scope() as session:
        assert pilot.awaiting_choice(session, session.get(Contract, deal.contract_id))
        with pytest.raises(InvalidTransition):  # single milestones wait for the choice
            funding.start_milestone_funding(session, actor=session.get(User, deal.client.id),
                                            milestone_id=second, return_base=BASE)
    assert _choose(deal, deal.client, pilot.CONTINUE).status == "active"
