"""Platform disputes: either party of a contract disputes a funded milestone or an unreleased
timesheet; the money freezes (the milestone or timesheet becomes `disputed`, so nothing
releases, auto-approves or refunds it); both sides add statements and files; an admin resolves
it with a split carried out by payments/dispute_split.py.

Rules:
- a milestone may be disputed while its money is held: funded, submitted, revision requested or
  approved but not yet released;
- a timesheet while submitted, approved or charged but not yet released;
- one open dispute per milestone or timesheet; opening it again returns the open one;
- only the contract's client and VA open disputes and add statements; admins read them.
"""

from __future__ import annotations

from sqlmodel import Session, col, select

from vamarket import lifecycle
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Contract, Dispute, DisputeStatement, Milestone, Timesheet, User
from vamarket.payments import common, hourly
from vamarket.services import accounts, audit, dispute_files, notifications

MAX_REASON = 2000
MAX_STATEMENT = 5000
MILESTONE_DISPUTABLE = ("funded", "submitted", "revision_requested", "approved")
TIMESHEET_DISPUTABLE = ("submitted", "approved", "charged")


MAX_ID = 2**31 - 1


def is_id(value: object) -> bool:
    """True for a whole number that can be a row id (crafted strings, bools and numbers out of
    the database's integer range are not)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def clean_text(raw: object, *, limit: int, field: str) -> str:
    """A stripped, non-empty text of at most `limit` characters, or InvalidInput."""
    if not isinstance(raw, str):
        raise InvalidInput("error.dispute_text_required", field=field)
    text = raw.strip()
    if not text:
        raise InvalidInput("error.dispute_text_required", field=field)
    if len(text) > limit:
        raise InvalidInput("error.dispute_text_too_long", field=field, limit=limit)
    return text


def role_of(contract: Contract, actor: User) -> str:
    """The actor's side of the contract: client or va; PermissionDenied otherwise."""
    if actor.id == contract.client_id:
        return lifecycle.CLIENT
    if actor.id == contract.va_id:
        return lifecycle.VA
    raise PermissionDenied()


def other_party(contract: Contract, actor_id: int | None) -> int:
    """The id of the party who is not `actor_id`."""
    return contract.va_id if actor_id == contract.client_id else contract.client_id


def _open_for(session: Session, *, milestone_id: int | None,
              timesheet_id: int | None) -> Dispute | None:
    query = select(Dispute).where(Dispute.status == "open")
    if milestone_id is not None:
        query = query.where(Dispute.milestone_id == milestone_id)
    else:
        query = query.where(Dispute.timesheet_id == timesheet_id)
    return session.exec(query).first()


def _lock_target(session: Session, *, contract_id: int, milestone_id: int | None,
                 timesheet_id: int | None) -> tuple[Contract, Milestone | Timesheet]:
    """Contract then target, both locked; NotFound when the target is not on the contract."""
    for value in (contract_id, milestone_id, timesheet_id):
        if value is not None and not is_id(value):
            raise NotFound()
    if (milestone_id is None) == (timesheet_id is None):
        raise InvalidInput("error.dispute_target", field="target")
    if contract_id is None or session.get(Contract, contract_id) is None:
        raise NotFound()
    contract = common.lock_contract(session, contract_id)
    if milestone_id is not None:
        if session.get(Milestone, milestone_id) is None:
            raise NotFound()
        target: Milestone | Timesheet = common.lock_milestone(session, milestone_id)
    else:
        if session.get(Timesheet, timesheet_id) is None:
            raise NotFound()
        _, target = hourly.lock_timesheet(session, int(timesheet_id))  # type: ignore[arg-type]
    if target.contract_id != contract.id:
        raise NotFound()
    return contract, target


def open_dispute(session: Session, *, actor: User, contract_id: int,
                 milestone_id: int | None = None, timesheet_id: int | None = None,
                 reason: str) -> Dispute:
    """Either party disputes a milestone or a timesheet whose money is held; the target
    becomes `disputed` and the other party is told. Opening one again returns the open one."""
    contract, target = _lock_target(session, contract_id=contract_id,
                                    milestone_id=milestone_id, timesheet_id=timesheet_id)
    role = role_of(contract, actor)
    existing = _open_for(session, milestone_id=milestone_id, timesheet_id=timesheet_id)
    if existing is not None:
        return existing
    text = clean_text(reason, limit=MAX_REASON, field="reason")
    allowed = MILESTONE_DISPUTABLE if milestone_id is not None else TIMESHEET_DISPUTABLE
    if target.status not in allowed:
        raise InvalidTransition("error.dispute_not_disputable")
    machine = lifecycle.MILESTONE if milestone_id is not None else lifecycle.TIMESHEET
    target.status = machine.require(target.status, "dispute", role)
    session.add(target)
    dispute = Dispute(contract_id=contract.id, milestone_id=milestone_id,
                      timesheet_id=timesheet_id, opened_by_id=actor.id, reason=text)
    session.add(dispute)
    session.flush()
    audit.record(session, actor_id=actor.id, action="dispute.opened", object_type="dispute",
                 object_id=dispute.id, contract_id=contract.id, milestone_id=milestone_id,
                 timesheet_id=timesheet_id)
    notifications.notify(session, user_id=other_party(contract, actor.id),
                         kind="dispute_opened", link=f"/contracts/{contract.id}",
                         dispute_id=dispute.id, title=_target_title(target))
    session.flush()
    return dispute


def _target_title(target: Milestone | Timesheet) -> str:
    return target.title if isinstance(target, Milestone) else target.iso_week


def dispute_for_viewer(session: Session, *, actor: User, dispute_id: int) -> Dispute:
    """A dispute its contract's parties (or an admin) may read."""
    dispute = session.get(Dispute, dispute_id) if is_id(dispute_id) else None
    if dispute is None:
        raise NotFound()
    contract = session.get(Contract, dispute.contract_id)
    if contract is None:
        raise NotFound()
    if actor.id not in (contract.client_id, contract.va_id) and not accounts.is_admin(actor):
        raise PermissionDenied()
    return dispute


def add_statement(session: Session, *, actor: User, dispute_id: int, body: str,
                  files: list[tuple[str, bytes]] | None = None) -> DisputeStatement:
    """A party of the contract adds a statement (and files) to an open dispute; the other
    party is told. A file that is refused refuses the whole statement."""
    dispute = dispute_for_viewer(session, actor=actor, dispute_id=dispute_id)
    contract = session.get(Contract, dispute.contract_id)
    role_of(contract, actor)  # admins read, parties write
    if dispute.status != "open":
        raise InvalidTransition("error.dispute_closed")
    text = clean_text(body, limit=MAX_STATEMENT, field="statement")
    statement = DisputeStatement(dispute_id=dispute.id, author_id=actor.id, body=text)
    session.add(statement)
    session.flush()
    for filename, data in (files or [])[:dispute_files.MAX_FILES_PER_STATEMENT + 1]:
        dispute_files.attach(session, actor=actor, statement=statement,
                             dispute_contract_id=contract.id, filename=filename, data=data)
    audit.record(session, actor_id=actor.id, action="dispute.statement_added",
                 object_type="dispute", object_id=dispute.id, contract_id=contract.id,
                 statement_id=statement.id)
    notifications.notify(session, user_id=other_party(contract, actor.id),
                         kind="dispute_statement", link=f"/contracts/{contract.id}",
                         dispute_id=dispute.id)
    session.flush()
    return statement


def statements(session: Session, dispute_id: int) -> list[DisputeStatement]:
    """A dispute's statements, oldest first."""
    return list(session.exec(select(DisputeStatement).where(
        DisputeStatement.dispute_id == dispute_id).order_by(col(DisputeStatement.id))).all())


def contract_disputes(session: Session, *, actor: User, contract_id: int) -> list[Dispute]:
    """The disputes of a contract the actor is a party of, newest first."""
    contract = session.get(Contract, contract_id) if is_id(contract_id) else None
    if contract is None:
        raise NotFound()
    role_of(contract, actor)
    return list(session.exec(select(Dispute).where(Dispute.contract_id == contract_id)
                             .order_by(col(Dispute.id).desc())).all())
