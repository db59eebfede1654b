"""Cancelling with a refund when both sides agree.

Either party of an active contract asks to cancel one funded, unreleased milestone (or the whole
contract) with a reason; the other party accepts or declines; the one who asked may withdraw it
while it waits. On acceptance the unreleased money goes back to the client through
payments/refunds.py (`refund:<payment>:<n>`): the milestone becomes `refunded`; for the whole
contract every unreleased milestone is refunded, unfunded ones are cancelled and the contract
is `cancelled`. A disputed milestone (or week) is frozen: nothing is cancelled around it.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.errors import InvalidTransition, NotFound, PermissionDenied
from vamarket.models import CancellationRequest, Contract, Milestone, Timesheet, User
from vamarket.models.base import utcnow
from vamarket.payments import common, refunds
from vamarket.services import audit, notifications
from vamarket.services.contracts import contract_milestones
from vamarket.services.disputes import MAX_REASON, clean_text, is_id, other_party, role_of

UNFUNDED = ("proposed", "planned")
WEEKS_IN_PROGRESS = ("submitted", "approved", "charged", "disputed")


def _pending(session: Session, contract_id: int, milestone_id: int | None) -> CancellationRequest | None:
    query = select(CancellationRequest).where(CancellationRequest.contract_id == contract_id,
                                              CancellationRequest.status == "pending")
    column = col(CancellationRequest.milestone_id)
    query = query.where(column.is_(None) if milestone_id is None else column == milestone_id)
    return session.exec(query).first()


def _check_target(session: Session, contract: Contract, milestone_id: int | None) -> str:
    """The title the notification shows; refuses what cannot be cancelled with a refund."""
    if contract.status != "active":
        raise InvalidTransition("error.contract_not_active")
    if milestone_id is None:
        return ""
    milestone = session.get(Milestone, milestone_id)
    if milestone is None or milestone.contract_id != contract.id:
        raise NotFound()
    if milestone.status == "disputed":
        raise InvalidTransition("error.milestone_frozen")
    if milestone.status not in refunds.UNRELEASED:
        raise InvalidTransition("error.cancel_not_refundable")
    return milestone.title


def request_cancellation(session: Session, *, actor: User, contract_id: int,
                         milestone_id: int | None = None, reason: str) -> CancellationRequest:
    """A party asks to cancel a funded, unreleased milestone (or, with no milestone, the whole
    contract) with a refund; the other party is told. Asking again returns the pending request."""
    if (milestone_id is not None and not is_id(milestone_id)) or not is_id(contract_id):
        raise NotFound()
    if session.get(Contract, contract_id) is None:
        raise NotFound()
    contract = common.lock_contract(session, contract_id)
    role_of(contract, actor)
    existing = _pending(session, contract.id, milestone_id)
    if existing is not None:
        return existing
    title = _check_target(session, contract, milestone_id)
    text = clean_text(reason, limit=MAX_REASON, field="reason")
    row = CancellationRequest(contract_id=contract.id, milestone_id=milestone_id,
                              requested_by_id=actor.id, reason=text)
    session.add(row)
    session.flush()
    audit.record(session, actor_id=actor.id, action="cancellation.requested",
                 object_type="cancellation", object_id=row.id, contract_id=contract.id,
                 milestone_id=milestone_id)
    notifications.notify(session, user_id=other_party(contract, actor.id),
                         kind="cancellation_requested", link=f"/contracts/{contract.id}",
                         title=title)
    session.flush()
    return row


def _locked_request(session: Session, request_id: object) -> tuple[Contract, CancellationRequest]:
    if not is_id(request_id):
        raise NotFound()
    found = session.get(CancellationRequest, request_id)
    if found is None:
        raise NotFound()
    contract = common.lock_contract(session, found.contract_id)
    return contract, common.lock(session, CancellationRequest, request_id)  # type: ignore[return-value]


def answer_cancellation(session: Session, *, actor: User, request_id: int,
                        accept: bool) -> CancellationRequest:
    """The party who did not ask accepts (the money is refunded) or declines; both are told."""
    contract, row = _locked_request(session, request_id)
    role_of(contract, actor)
    if actor.id == row.requested_by_id:
        raise PermissionDenied()
    if row.status != "pending":
        raise InvalidTransition("error.cancellation_answered")
    if accept:
        _check_target(session, contract, row.milestone_id)
        if row.milestone_id is None:
            _cancel_contract(session, contract, actor)
        else:
            _refund_one(session, contract, row.milestone_id, actor)
    row.status = "accepted" if accept else "declined"
    row.answered_by_id, row.answered_at = actor.id, utcnow()
    session.add(row)
    audit.record(session, actor_id=actor.id, action=f"cancellation.{row.status}",
                 object_type="cancellation", object_id=row.id, contract_id=contract.id,
                 milestone_id=row.milestone_id)
    notifications.notify(session, user_id=row.requested_by_id,
                         kind=f"cancellation_{row.status}", link=f"/contracts/{contract.id}",
                         title=_title(session, row))
    session.flush()
    return row


def withdraw_cancellation(session: Session, *, actor: User, request_id: int) -> CancellationRequest:
    """The party who asked takes a pending request back."""
    contract, row = _locked_request(session, request_id)
    role_of(contract, actor)
    if actor.id != row.requested_by_id:
        raise PermissionDenied()
    if row.status != "pending":
        raise InvalidTransition("error.cancellation_answered")
    row.status, row.answered_at = "withdrawn", utcnow()
    session.add(row)
    audit.record(session, actor_id=actor.id, action="cancellation.withdrawn",
                 object_type="cancellation", object_id=row.id, contract_id=contract.id)
    session.flush()
    return row


def _title(session: Session, row: CancellationRequest) -> str:
    milestone = session.get(Milestone, row.milestone_id) if row.milestone_id else None
    return milestone.title if milestone else ""


def _refund_one(session: Session, contract: Contract, milestone_id: int, actor: User) -> None:
    milestone = common.lock_milestone(session, milestone_id)
    refunds.refund(session, contract=contract, milestone=milestone, role=lifecycle.SYSTEM,
                   actor_id=actor.id, reason="cancelled by agreement")


def _cancel_contract(session: Session, contract: Contract, actor: User) -> None:
    items = contract_milestones(session, contract.id)
    if any(m.status == "disputed" for m in items):
        raise InvalidTransition("error.milestone_frozen")
    weeks = session.exec(select(Timesheet.id).where(
        Timesheet.contract_id == contract.id,
        col(Timesheet.status).in_(WEEKS_IN_PROGRESS))).first()
    if weeks is not None:
        raise InvalidTransition("error.cancel_weeks_pending")
    for item in items:
        milestone = common.lock_milestone(session, item.id)
        if milestone.status in refunds.UNRELEASED:
            _refund_one(session, contract, milestone.id, actor)
        elif milestone.status in UNFUNDED:
            milestone.status = lifecycle.MILESTONE.require(milestone.status, "cancel",
                                                           lifecycle.SYSTEM)
            session.add(milestone)
    contract.status = lifecycle.CONTRACT.require(contract.status, "cancel", lifecycle.SYSTEM)
    contract.ended_at = utcnow()
    session.add(contract)
    audit.record(session, actor_id=actor.id, action="contract.cancelled", object_type="contract",
                 object_id=contract.id, contract_id=contract.id, agreed=True)


def requests_for(session: Session, *, actor: User, contract_id: int) -> list[CancellationRequest]:
    """The cancellation requests of a contract the actor is a party of, newest first."""
    contract = session.get(Contract, contract_id) if is_id(contract_id) else None
    if contract is None:
        raise NotFound()
    role_of(contract, actor)
    return list(session.exec(select(CancellationRequest).where(
        CancellationRequest.contract_id == contract_id)
        .order_by(col(CancellationRequest.id).desc())).all())
