"""What each side of a contract has to do next, as keys the contract room turns into text:
pay the down payment, fund a milestone, review a submission, submit work, answer a proposed
milestone, choose how to go on after the pilot, review the other party."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from vamarket.models import Contract, Milestone, Review, StripeAccount, User
from vamarket.services import pilot
from vamarket.services.contracts import contract_milestones

IN_WORK = ("funded", "submitted", "revision_requested")
FIRST_PAYMENT = {"fixed": "pay_down_payment", "pilot_first": "pay_pilot", "hourly": "save_card"}


@dataclass(frozen=True)
class NextAction:
    """One thing the reader should do: `key` names it; a milestone's position and title when
    it is about one."""

    key: str
    position: int | None = None
    title: str = ""


def _about(key: str, milestone: Milestone) -> NextAction:
    return NextAction(key, milestone.position, milestone.title)


def next_actions(session: Session, *, actor: User, contract: Contract) -> list[NextAction]:
    """The actions waiting for `actor` on `contract` (nothing for someone not a party)."""
    if actor.id == contract.client_id:
        return _client(session, actor, contract)
    if actor.id == contract.va_id:
        return _va(session, actor, contract)
    return []


def _review_due(session: Session, actor: User, contract: Contract) -> list[NextAction]:
    if contract.status != "completed":
        return []
    done = session.exec(select(Review.id).where(Review.contract_id == contract.id,
                                                Review.author_id == actor.id)).first()
    return [] if done is not None else [NextAction("review_other")]


def _client(session: Session, actor: User, contract: Contract) -> list[NextAction]:
    if contract.status == "pending_funding":
        return [NextAction(FIRST_PAYMENT[contract.kind])]
    if contract.status != "active":
        return _review_due(session, actor, contract)
    steps = contract_milestones(session, contract.id)
    found = [_about("review_submission", m) for m in steps if m.status == "submitted"]
    if pilot.awaiting_choice(session, contract):
        return [*found, NextAction("choose_pilot_outcome")]
    if contract.kind == "pilot_first" and contract.pilot_outcome != "continued":
        return found
    if contract.kind == "pilot_first" and pilot.deposit_due(session, contract):
        return [*found, NextAction("pay_down_payment")]
    planned = [m for m in steps if m.status == "planned" and not m.is_pilot]
    if contract.kind != "hourly" and planned and not any(m.status in IN_WORK for m in steps):
        found.append(_about("fund_milestone", planned[0]))
    return found


def _va(session: Session, actor: User, contract: Contract) -> list[NextAction]:
    if contract.status != "active":
        return _review_due(session, actor, contract)
    found: list[NextAction] = []
    held = False
    for m in contract_milestones(session, contract.id):
        if m.status == "funded":
            found.append(_about("submit_work", m))
        elif m.status == "revision_requested":
            found.append(_about("resubmit_work", m))
        elif m.status == "proposed":
            found.append(_about("answer_proposal", m))
        held = held or m.status == "approved"
    account = session.get(StripeAccount, contract.va_id)
    if held and (account is None or not account.transfers_active):
        found.append(NextAction("set_up_payouts"))
    return found
