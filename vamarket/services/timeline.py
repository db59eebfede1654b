"""A contract's timeline: everything that happened to it, newest first, read from the audit
log the services write (hired, funded, submitted, revision asked, approved, released,
refunded, milestones proposed and answered, the pilot decision, messages, files).

Only the contract's client, its VA and admins may read it. Entries carry plain values (who,
what, when, and the detail a reader needs: note, reason, amount, file names); the page turns
them into text in the reader's language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from vamarket.errors import NotFound, PermissionDenied
from vamarket.models import AuditLog, Contract, Milestone, User
from vamarket.services import accounts

PAGE_SIZE = 50
NOT_SHOWN = ("payment.checkout", "ledger.reverse")  # steps of a flow, not events for people
DETAIL_KEYS = ("note", "reason", "files", "filename", "amount", "net", "currency", "purpose",
               "excerpt", "title", "days", "was")


@dataclass(frozen=True)
class TimelineEntry:
    """One thing that happened: `side` is client, va, admin or system (nobody acted)."""

    id: int
    action: str
    when: datetime
    actor_name: str
    side: str
    milestone_title: str = ""
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelinePage:
    """Up to a page of entries; `more` when older ones exist (ask again with `before=`)."""

    entries: list[TimelineEntry]
    more: bool


def readable_contract(session: Session, *, actor: User, contract_id: object) -> Contract:
    """The contract, when `actor` is its client, its VA or an admin."""
    if isinstance(contract_id, bool) or not isinstance(contract_id, int):
        raise NotFound()
    contract = session.get(Contract, contract_id)
    if contract is None:
        raise NotFound()
    if actor.id not in (contract.client_id, contract.va_id) and not accounts.is_admin(actor):
        raise PermissionDenied()
    return contract


def entries(session: Session, *, actor: User, contract_id: int, before: int | None = None,
            limit: int = PAGE_SIZE) -> TimelinePage:
    """The contract's newest `limit` entries (older than entry id `before` when given)."""
    contract = readable_contract(session, actor=actor, contract_id=contract_id)
    limit = max(1, min(int(limit), PAGE_SIZE))
    query = select(AuditLog).where(AuditLog.contract_id == contract.id,
                                   col(AuditLog.action).not_in(NOT_SHOWN))
    if before is not None:
        query = query.where(col(AuditLog.id) < int(before))
    rows = list(session.exec(query.order_by(col(AuditLog.id).desc()).limit(limit + 1)).all())
    more, rows = len(rows) > limit, rows[:limit]
    names = _names(session, {r.actor_id for r in rows if r.actor_id})
    titles = _titles(session, contract.id,
                     {r.object_id for r in rows if r.object_type == "milestone" and r.object_id})
    return TimelinePage([_entry(r, contract, names, titles) for r in rows], more)


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    users = session.exec(select(User).where(col(User.id).in_(ids))).all()
    return {u.id: u.display_name or "" for u in users if u.id is not None}


def _titles(session: Session, contract_id: int, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Milestone.id, Milestone.title).where(
        Milestone.contract_id == contract_id, col(Milestone.id).in_(ids))).all()
    return {int(i): t for i, t in rows}


def _detail(raw: str) -> dict[str, object]:
    try:
        data = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return {k: data[k] for k in DETAIL_KEYS if isinstance(data, dict) and k in data}


def _side(contract: Contract, actor_id: int | None) -> str:
    if actor_id is None:
        return "system"
    if actor_id == contract.client_id:
        return "client"
    return "va" if actor_id == contract.va_id else "admin"


def _entry(row: AuditLog, contract: Contract, names: dict[int, str],
           titles: dict[int, str]) -> TimelineEntry:
    title = titles.get(row.object_id or 0, "") if row.object_type == "milestone" else ""
    return TimelineEntry(id=int(row.id or 0), action=row.action, when=row.created_at,
                         actor_name=names.get(row.actor_id or 0, ""),
                         side=_side(contract, row.actor_id), milestone_title=title,
                         detail=_detail(row.detail))


def latest_words(session: Session, contract_id: int) -> dict[int, dict[str, str]]:
    """Per milestone id, the last submission note and the last revision reason written on it
    (callers show them to the contract's parties only)."""
    rows = session.exec(select(AuditLog).where(
        AuditLog.contract_id == contract_id, AuditLog.object_type == "milestone",
        col(AuditLog.action).in_(("milestone.submitted", "milestone.revision_requested")))
        .order_by(col(AuditLog.id))).all()
    found: dict[int, dict[str, str]] = {}
    for row in rows:
        detail = _detail(row.detail)
        words = found.setdefault(int(row.object_id or 0), {"note": "", "reason": ""})
        if row.action == "milestone.submitted":
            words["note"] = str(detail.get("note", "") or "")
        else:
            words["reason"] = str(detail.get("reason", "") or "")
    return found
