"""Changing a contract's plan: the client proposes a milestone, the VA accepts or declines it,
the client cancels a proposed or unfunded one; and a contract whose work is all approved
completes.

A proposed milestone is not part of the plan until the VA accepts it; accepted, it is
`planned` and funded like the others, and the contract's total grows by its amount.
Cancelling a planned milestone first closes any unpaid Checkout that would fund it.
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, func, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Contract, Milestone, User
from vamarket.models.base import utcnow
from vamarket.payments import common, expiry
from vamarket.services import audit, notifications

TITLE_MAX = 200
AMOUNT_MAX = 2_000_000_000  # the column is a 32-bit integer on PostgreSQL
CHANGEABLE_KINDS = ("fixed", "pilot_first")
WORK_DONE = ("approved", "released", "refunded", "cancelled")


def _as_id(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise NotFound()
    return value


def _locked(session: Session, milestone_id: object) -> tuple[Contract, Milestone]:
    found = session.get(Milestone, _as_id(milestone_id))
    if found is None:
        raise NotFound()
    contract = common.lock_contract(session, found.contract_id)
    return contract, common.lock_milestone(session, found.id)


def plan_open(contract: Contract) -> bool:
    """May the plan change: a fixed contract, or a pilot-first one the client continued
    (before that, the plan waits for the decision after the pilot)."""
    return contract.kind == "fixed" or (contract.kind == "pilot_first"
                                        and contract.pilot_outcome == "continued")


def _link(contract: Contract) -> str:
    return f"/contracts/{contract.id}"


def propose(session: Session, *, actor: User, contract_id: int, title: str, amount_minor: int,
            due_date: date | None = None) -> Milestone:
    """The client adds a milestone to an active fixed or pilot-first contract; it waits for the
    VA's answer as `proposed`."""
    contract = common.lock_contract(session, _as_id(contract_id))
    if actor.id != contract.client_id:
        raise PermissionDenied()
    if contract.status != "active" or not plan_open(contract):
        raise InvalidTransition("error.milestone_add_closed")
    title = " ".join(str(title or "").split())
    if not 1 <= len(title) <= TITLE_MAX:
        raise InvalidInput("error.milestone_title", field="title", high=TITLE_MAX)
    if isinstance(amount_minor, bool) or not isinstance(amount_minor, int) \
            or not 0 < amount_minor <= AMOUNT_MAX:
        raise InvalidInput("error.amount_invalid", field="amount")
    if due_date is not None and due_date < utcnow().date():
        raise InvalidInput("error.due_date_past", field="due_date")
    last = session.exec(select(func.max(Milestone.position))
                        .where(Milestone.contract_id == contract.id)).one()
    milestone = Milestone(contract_id=contract.id, position=int(last or 0) + 1, title=title,
                          amount_minor=amount_minor, due_date=due_date, status="proposed")
    session.add(milestone)
    session.flush()
    audit.record(session, actor_id=actor.id, action="milestone.proposed", object_type="milestone",
                 object_id=milestone.id, contract_id=contract.id, title=title,
                 amount=amount_minor, currency=contract.currency)
    notifications.notify(session, user_id=contract.va_id, kind="milestone_proposed",
                         link=_link(contract), title=title)
    session.flush()
    return milestone


def accept(session: Session, *, actor: User, milestone_id: int) -> Milestone:
    """The VA accepts a proposed milestone: it becomes planned and the total grows."""
    contract, milestone = _locked(session, milestone_id)
    if actor.id != contract.va_id:
        raise PermissionDenied()
    if contract.status != "active":
        raise InvalidTransition("error.milestone_add_closed")
    milestone.status = lifecycle.MILESTONE.require(milestone.status, "accept", lifecycle.VA)
    contract.total_minor += milestone.amount_minor
    session.add_all([milestone, contract])
    audit.record(session, actor_id=actor.id, action="milestone.accepted", object_type="milestone",
                 object_id=milestone.id, contract_id=contract.id, title=milestone.title,
                 amount=milestone.amount_minor, currency=contract.currency)
    notifications.notify(session, user_id=contract.client_id, kind="milestone_accepted",
                         link=_link(contract), title=milestone.title)
    session.flush()
    return milestone


def decline(session: Session, *, actor: User, milestone_id: int) -> Milestone:
    """The VA declines a proposed milestone."""
    contract, milestone = _locked(session, milestone_id)
    if actor.id != contract.va_id:
        raise PermissionDenied()
    milestone.status = lifecycle.MILESTONE.require(milestone.status, "decline", lifecycle.VA)
    session.add(milestone)
    audit.record(session, actor_id=actor.id, action="milestone.declined", object_type="milestone",
                 object_id=milestone.id, contract_id=contract.id, title=milestone.title)
    notifications.notify(session, user_id=contract.client_id, kind="milestone_declined",
                         link=_link(contract), title=milestone.title)
    session.flush()
    return milestone


def cancel(session: Session, *, actor: User, milestone_id: int) -> Milestone:
    """The client withdraws a proposed milestone or cancels a planned (unfunded) one of an
    active contract. An unpaid Checkout for it is closed first; one Stripe no longer holds open
    (it may have been paid) stops the cancellation."""
    contract, milestone = _locked(session, milestone_id)
    if actor.id != contract.client_id:
        raise PermissionDenied()
    was = milestone.status
    target = lifecycle.MILESTONE.require(was, "cancel", lifecycle.CLIENT)
    if contract.status != "active" or milestone.is_pilot or not plan_open(contract):
        raise InvalidTransition("error.milestone_not_cancellable")
    if was == "planned":
        for found in expiry.open_payments_for(session, milestone):
            payment = common.lock_payment(session, found.id)
            if payment.status in expiry.OPEN and not expiry.expire_payment(session, payment):
                raise InvalidTransition("error.milestone_payment_open")
        contract.total_minor = max(0, contract.total_minor - milestone.amount_minor)
        session.add(contract)
    milestone.status = target
    session.add(milestone)
    audit.record(session, actor_id=actor.id, action="milestone.cancelled", object_type="milestone",
                 object_id=milestone.id, contract_id=contract.id, title=milestone.title,
                 was=was)
    notifications.notify(session, user_id=contract.va_id, kind="milestone_cancelled",
                         link=_link(contract), title=milestone.title)
    complete_if_done(session, contract)
    session.flush()
    return milestone


def complete_if_done(session: Session, contract: Contract) -> bool:
    """Complete an active fixed or pilot-first contract (row locked by the caller) once every
    milestone is approved, released, refunded or cancelled and some work was approved. A
    pilot-first contract completes this way only after the client chose to continue."""
    if contract.status != "active" or contract.kind not in CHANGEABLE_KINDS:
        return False
    if contract.kind == "pilot_first" and contract.pilot_outcome != "continued":
        return False
    statuses = list(session.exec(select(Milestone.status)
                                 .where(Milestone.contract_id == contract.id)).all())
    if not statuses or any(s not in WORK_DONE for s in statuses) \
            or not any(s in ("approved", "released") for s in statuses):
        return False
    complete(session, contract, role=lifecycle.SYSTEM, actor_id=None)
    return True


def complete(session: Session, contract: Contract, *, role: str, actor_id: int | None) -> None:
    """Mark the (locked) contract completed and tell both sides they can review each other."""
    contract.status = lifecycle.CONTRACT.require(contract.status, "complete", role)
    contract.ended_at = utcnow()
    session.add(contract)
    audit.record(session, actor_id=actor_id, action="contract.completed", object_type="contract",
                 object_id=contract.id, contract_id=contract.id)
    for user_id in (contract.client_id, contract.va_id):
        notifications.notify(session, user_id=user_id, kind="contract_completed",
                             link=_link(contract))
    session.flush()


def proposed_and_planned(session: Session, contract_id: int) -> list[Milestone]:
    """The contract's milestones not started yet (proposed or planned), in order."""
    return list(session.exec(select(Milestone).where(
        Milestone.contract_id == contract_id,
        col(Milestone.status).in_(("proposed", "planned"))).order_by(col(Milestone.position))).all())
