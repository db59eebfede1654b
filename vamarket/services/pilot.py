"""After the pilot of a pilot-first contract is approved, the client decides: continue (the
remaining milestones and the down payment become due) or end here (the contract completes and
both sides can review). The choice is made once (`contracts.pilot_outcome`)."""

from __future__ import annotations

from sqlmodel import Session, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, PermissionDenied
from vamarket.models import Contract, Milestone, User
from vamarket.payments import common
from vamarket.services import audit, milestones, notifications
from vamarket.services.contracts import down_payment_due

CONTINUE, END = "continue", "end"
PILOT_DONE = ("approved", "released")


def pilot_milestone(session: Session, contract_id: int) -> Milestone | None:
    """The contract's pilot milestone, if it has one."""
    return session.exec(select(Milestone).where(Milestone.contract_id == contract_id,
                                                Milestone.is_pilot == True)).first()  # noqa: E712


def awaiting_choice(session: Session, contract: Contract) -> bool:
    """True when the client has to choose: the pilot is approved and nothing chosen yet."""
    if contract.kind != "pilot_first" or contract.status != "active" or contract.pilot_outcome:
        return False
    pilot = pilot_milestone(session, contract.id)
    return pilot is not None and pilot.status in PILOT_DONE


def choose(session: Session, *, actor: User, contract_id: int, outcome: str) -> Contract:
    """The client continues into the full contract or ends it after an approved pilot."""
    if outcome not in (CONTINUE, END):
        raise InvalidInput("error.pilot_outcome", field="outcome")
    contract = common.lock_contract(session, int(contract_id))
    if actor.id != contract.client_id:
        raise PermissionDenied()
    if not awaiting_choice(session, contract):
        raise InvalidTransition("error.pilot_not_decidable")
    if outcome == CONTINUE:
        contract.pilot_outcome = "continued"
        session.add(contract)
        audit.record(session, actor_id=actor.id, action="contract.pilot_continued",
                     object_type="contract", object_id=contract.id, contract_id=contract.id)
        notifications.notify(session, user_id=contract.va_id, kind="pilot_continued",
                             link=f"/contracts/{contract.id}")
        session.flush()
        return contract
    contract.pilot_outcome = "ended"
    for milestone in milestones.proposed_and_planned(session, contract.id):
        locked = common.lock_milestone(session, milestone.id)
        locked.status = lifecycle.MILESTONE.require(locked.status, "cancel", lifecycle.CLIENT)
        session.add(locked)
    audit.record(session, actor_id=actor.id, action="contract.pilot_ended",
                 object_type="contract", object_id=contract.id, contract_id=contract.id)
    notifications.notify(session, user_id=contract.va_id, kind="pilot_ended",
                         link=f"/contracts/{contract.id}")
    milestones.complete(session, contract, role=lifecycle.CLIENT, actor_id=actor.id)
    return contract


def fundable_after_pilot(contract: Contract, planned: list[Milestone]) -> list[Milestone]:
    """The planned milestones of an active pilot-first contract that may be funded now: none
    until the client chose to continue (refused with a reason), then all but the pilot."""
    if contract.pilot_outcome != "continued":
        raise InvalidTransition("error.pilot_outcome_first")
    return [m for m in planned if not m.is_pilot]


def deposit_due(session: Session, contract: Contract) -> bool:
    """After continuing: True while no milestone of the full plan has been funded yet (the
    down payment is what funds the first ones)."""
    rows = session.exec(select(Milestone.status).where(Milestone.contract_id == contract.id,
                                                       Milestone.is_pilot == False)).all()  # noqa: E712
    return contract.pilot_outcome == "continued" and all(
        status in ("proposed", "planned", "cancelled") for status in rows)


def due_after_pilot(session: Session, contract: Contract) -> tuple[str, int] | None:
    """What an active pilot-first contract asks the client to pay now, as (kind, amount):
    nothing before the choice (None), the down payment right after continuing (the first
    milestones that cover it), then the next planned milestone; ("", 0) when nothing is due."""
    if contract.kind != "pilot_first" or contract.status != "active":
        return None
    if contract.pilot_outcome != "continued":
        return "", 0
    planned = _planned_plan(session, contract)
    if not planned:
        return "", 0
    if not deposit_due(session, contract):
        return "milestone", planned[0].amount_minor
    return "deposit", down_payment_after_pilot(session, contract)


def _planned_plan(session: Session, contract: Contract) -> list[Milestone]:
    return list(session.exec(select(Milestone).where(
        Milestone.contract_id == contract.id, Milestone.status == "planned",
        Milestone.is_pilot == False).order_by(Milestone.position)).all())  # noqa: E712


def down_payment_after_pilot(session: Session, contract: Contract) -> int:
    """What continuing will charge: the first planned milestones that cover the down payment
    (it funds whole milestones)."""
    need, total = down_payment_due(contract), 0
    for milestone in _planned_plan(session, contract):
        total += milestone.amount_minor
        if total >= need:
            break
    return total


def require_milestone_funding(session: Session, contract: Contract) -> None:
    """Refuse funding a single milestone of a pilot-first contract before the client chose to
    continue, and before the down payment that comes with continuing."""
    due = due_after_pilot(session, contract)
    if due is not None and due[0] != "milestone":
        raise InvalidTransition("error.pilot_outcome_first" if contract.pilot_outcome != "continued"
                                else "error.deposit_first")
