"""Milestones from submission to release: the VA submits, the client asks for a revision or
approves, and approval releases the milestone by a Transfer of gross − platform fee to the VA's
connected account (`release:<milestone>`, in the contract's transfer group, sourced from the
charge that funded it). Until the VA's transfers are active the milestone stays approved and
held; `release_pending` releases it when `account.updated` turns them on.

Every step locks the contract row, then the milestone row (SELECT … FOR UPDATE), so concurrent
approvals of one milestone make one transfer and one posting.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, NotFound, PermissionDenied
from vamarket.models import Contract, Milestone, StripeAccount, User
from vamarket.models.base import utcnow
from vamarket.payments import common
from vamarket.payments.records import PaymentCharge
from vamarket.payments.runtime import get_gateway
from vamarket.services import audit, ledger, ledger_scheme, milestones, notifications, submission_files
from vamarket.services.fees import percent_of
from vamarket.settings import get_settings

HELD_FOR_PAYOUT = "payout_details_missing"


def _locked(session: Session, milestone_id: int) -> tuple[Contract, Milestone]:
    found = session.get(Milestone, milestone_id)
    if found is None:
        raise NotFound()
    contract = common.lock_contract(session, found.contract_id)
    return contract, common.lock_milestone(session, milestone_id)


def submit_milestone(session: Session, *, actor: User, milestone_id: int,
                     note: str = "") -> Milestone:
    """The VA hands in the work of a funded (or sent back) milestone."""
    contract, milestone = _locked(session, milestone_id)
    if actor.id != contract.va_id:
        raise PermissionDenied()
    milestone.status = lifecycle.MILESTONE.require(milestone.status, "submit", lifecycle.VA)
    files = [f.filename for f in submission_files.pending(session, milestone)]
    milestone.submitted_at = utcnow()
    session.add(milestone)
    audit.record(session, actor_id=actor.id, action="milestone.submitted",
                 object_type="milestone", object_id=milestone.id, contract_id=contract.id,
                 note=note[:1000], files=files)
    notifications.notify(session, user_id=contract.client_id, kind="milestone_submitted",
                         link=f"/contracts/{contract.id}", title=milestone.title)
    session.flush()
    return milestone


def request_revision(session: Session, *, actor: User, milestone_id: int,
                     reason: str) -> Milestone:
    """The client sends submitted work back with a reason."""
    contract, milestone = _locked(session, milestone_id)
    if actor.id != contract.client_id:
        raise PermissionDenied()
    if not reason.strip():
        raise InvalidInput("error.reason_required", field="reason")
    milestone.status = lifecycle.MILESTONE.require(milestone.status, "revise", lifecycle.CLIENT)
    session.add(milestone)
    audit.record(session, actor_id=actor.id, action="milestone.revision_requested",
                 object_type="milestone", object_id=milestone.id, contract_id=contract.id,
                 reason=reason[:1000])
    notifications.notify(session, user_id=contract.va_id, kind="milestone_revision",
                         link=f"/contracts/{contract.id}", title=milestone.title)
    session.flush()
    return milestone


def approve_milestone(session: Session, *, actor: User, milestone_id: int) -> Milestone:
    """The client approves submitted work; it is released at once when the VA can be paid,
    otherwise held until then. Approving again changes nothing."""
    contract, milestone = _locked(session, milestone_id)
    if actor.id != contract.client_id:
        raise PermissionDenied()
    if milestone.status in ("approved", "released"):
        return milestone
    milestone.status = lifecycle.MILESTONE.require(milestone.status, "approve", lifecycle.CLIENT)
    milestone.approved_at = utcnow()
    session.add(milestone)
    audit.record(session, actor_id=actor.id, action="milestone.approved",
                 object_type="milestone", object_id=milestone.id, contract_id=contract.id)
    if not release(session, contract=contract, milestone=milestone):
        notifications.notify(session, user_id=contract.va_id, kind="payout_details_missing",
                             link="/get-paid", title=milestone.title)
    milestones.complete_if_done(session, contract)
    session.flush()
    return milestone


def auto_approve(session: Session, *, milestone_id: int, now: datetime) -> Milestone | None:
    """The sweep approves a milestone its client left unanswered for the review window
    (MILESTONE_REVIEW_DAYS) and releases it like a client's approval. None (nothing done) when
    it is no longer submitted or not yet due: running it again changes nothing."""
    contract, milestone = _locked(session, milestone_id)
    cutoff = now - timedelta(days=get_settings().milestone_review_days)
    submitted_at = milestone.submitted_at
    if submitted_at is not None and submitted_at.tzinfo is None:
        submitted_at = submitted_at.replace(tzinfo=UTC)
    if milestone.status != "submitted" or submitted_at is None or submitted_at > cutoff:
        return None
    milestone.status = lifecycle.MILESTONE.require("submitted", "approve", lifecycle.SWEEPER)
    milestone.approved_at = now
    session.add(milestone)
    audit.record(session, actor_id=None, action="milestone.auto_approved",
                 object_type="milestone", object_id=milestone.id, contract_id=contract.id,
                 days=get_settings().milestone_review_days)
    for user_id in (contract.client_id, contract.va_id):
        notifications.notify(session, user_id=user_id, kind="milestone_auto_approved",
                             link=f"/contracts/{contract.id}", title=milestone.title)
    if not release(session, contract=contract, milestone=milestone):
        notifications.notify(session, user_id=contract.va_id, kind="payout_details_missing",
                             link="/get-paid", title=milestone.title)
    milestones.complete_if_done(session, contract)
    session.flush()
    return milestone


def release(session: Session, *, contract: Contract, milestone: Milestone) -> bool:
    """Release an approved milestone (both rows locked by the caller): post the release, make
    the Transfer, post it. False (nothing done) when the VA's transfers are not active."""
    if milestone.status != "approved":
        return milestone.status == "released"
    if not va_can_be_paid(session, contract.va_id):
        return False
    money = common.money_of(session, milestone.id)
    fee = percent_of(milestone.amount_minor, contract.fee_percent)
    net = milestone.amount_minor - fee
    transfer_id = transfer_to_va(
        session, contract=contract, subject=f"milestone:{milestone.id}",
        gross_minor=milestone.amount_minor, key=f"release:{milestone.id}",
        payment_id=money.payment_id, metadata={"milestone_id": str(milestone.id)})
    money.transfer_id = transfer_id
    session.add(money)
    milestone.status = lifecycle.MILESTONE.require("approved", "release", lifecycle.SYSTEM)
    milestone.released_at = utcnow()
    session.add(milestone)
    audit.record(session, actor_id=None, action="milestone.released", object_type="milestone",
                 object_id=milestone.id, contract_id=contract.id, transfer=transfer_id, net=net)
    notifications.notify(session, user_id=contract.va_id, kind="milestone_released",
                         link=f"/contracts/{contract.id}", title=milestone.title)
    session.flush()
    return True


def va_can_be_paid(session: Session, va_id: int) -> bool:
    """True when the VA's connected account can receive Transfers."""
    account = session.get(StripeAccount, va_id)
    return account is not None and account.transfers_active


def transfer_to_va(session: Session, *, contract: Contract, subject: str, gross_minor: int,
                   key: str, payment_id: int | None, metadata: dict[str, str]) -> str:
    """Post the release of `gross_minor` for `subject` (`milestone:<id>`, `timesheet:<id>`),
    Transfer gross − platform fee to the VA under idempotency `key` (sourced from the charge of
    `payment_id`), post the Transfer; its id. The caller checked `va_can_be_paid`."""
    account = session.get(StripeAccount, contract.va_id)
    if account is None:
        raise NotFound()
    charge = session.get(PaymentCharge, payment_id) if payment_id else None
    fee = percent_of(gross_minor, contract.fee_percent)
    net = gross_minor - fee
    ledger.post_posting(session, ledger_scheme.release(
        contract_id=contract.id, subject=subject, va_id=contract.va_id,
        gross_minor=gross_minor, platform_fee_minor=fee, currency=contract.currency))
    with common.gateway_errors():
        transfer_id = get_gateway().transfer(
            key=key, amount_minor=net, currency=contract.currency,
            destination=account.stripe_account_id,
            transfer_group=common.transfer_group(contract.id),
            source_transaction=charge.charge_id if charge else None,
            metadata={"contract_id": str(contract.id), **metadata})
    ledger.post_posting(session, ledger_scheme.transfer(
        contract_id=contract.id, transfer_id=transfer_id, va_id=contract.va_id,
        amount_minor=net, currency=contract.currency))
    return transfer_id


def release_pending(session: Session, *, va_id: int) -> int:
    """Release every approved milestone held for the VA; how many were released."""
    waiting = session.exec(select(Milestone.id, Milestone.contract_id).join(
        Contract, col(Contract.id) == col(Milestone.contract_id)).where(
        Contract.va_id == va_id, Milestone.status == "approved")
        .order_by(col(Milestone.contract_id), col(Milestone.id))).all()
    done = 0
    for milestone_id, contract_id in waiting:
        contract = common.lock_contract(session, contract_id)
        milestone = common.lock_milestone(session, milestone_id)
        if milestone.status == "approved" and release(session, contract=contract,
                                                      milestone=milestone):
            done += 1
    return done
