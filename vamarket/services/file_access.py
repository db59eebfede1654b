"""Who may download an attached file: decided per kind of attachment, from the records.

- job: whoever may see the job (its owner always; others once it is published and not hidden);
- submission: the contract's client and VA (`ref_id` is the milestone);
- message: the two people of the thread (`ref_id` is the message);
- dispute: the contract's client and VA (`ref_id` is the dispute statement);
- admins may read every file.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from vamarket.errors import ServiceError
from vamarket.models import (
    Attachment,
    Contract,
    Dispute,
    DisputeStatement,
    Message,
    Milestone,
    Thread,
    User,
)
from vamarket.services import accounts, jobs


def _job(session: Session, actor: User, attachment: Attachment) -> bool:
    try:
        jobs.get_job(session, viewer=actor, job_id=attachment.ref_id)
    except ServiceError:
        return False
    return True


def _contract_party(session: Session, actor: User, contract_id: int | None) -> bool:
    contract = session.get(Contract, contract_id) if contract_id else None
    return contract is not None and actor.id in (contract.client_id, contract.va_id)


def _submission(session: Session, actor: User, attachment: Attachment) -> bool:
    milestone = session.get(Milestone, attachment.ref_id)
    return milestone is not None and _contract_party(session, actor, milestone.contract_id)


def _message(session: Session, actor: User, attachment: Attachment) -> bool:
    message = session.get(Message, attachment.ref_id)
    thread = session.get(Thread, message.thread_id) if message else None
    return thread is not None and actor.id in (thread.client_id, thread.va_id)


def _dispute(session: Session, actor: User, attachment: Attachment) -> bool:
    statement = session.get(DisputeStatement, attachment.ref_id)
    dispute = session.get(Dispute, statement.dispute_id) if statement else None
    return dispute is not None and _contract_party(session, actor, dispute.contract_id)


READERS: dict[str, Callable[[Session, User, Attachment], bool]] = {
    "job": _job, "submission": _submission, "message": _message, "dispute": _dispute,
}


def may_read(session: Session, actor: User | None, attachment: Attachment) -> bool:
    """True when `actor` (signed in and active) may download `attachment`."""
    if actor is None or actor.status != "active":
        return False
    if accounts.is_admin(actor):
        return True
    reader = READERS.get(attachment.kind)
    return reader is not None and reader(session, actor, attachment)
