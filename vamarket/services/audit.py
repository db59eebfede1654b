"""The audit log: services record who did what."""

from __future__ import annotations

import json

from sqlmodel import Session

from vamarket.models import AuditLog
from vamarket.models.base import utcnow

_INSERT = AuditLog.__table__.insert()


def record(session: Session, *, actor_id: int | None, action: str, object_type: str,
           object_id: int | None = None, contract_id: int | None = None, **detail: object) -> None:
    """Append one audit entry in the caller's transaction."""
    session.add(AuditLog(actor_id=actor_id, action=action, object_type=object_type,
                         object_id=object_id, contract_id=contract_id,
                         detail=json.dumps(detail, default=str)[:4000]))


def record_now(session: Session, *, actor_id: int | None, action: str, object_type: str,
               object_id: int | None = None, contract_id: int | None = None,
               **detail: object) -> None:
    """`record` for paths that write with Core statements: the row is inserted at once on the
    session's connection (same transaction), without an ORM object to flush."""
    session.connection().execute(_INSERT, {
        "actor_id": actor_id, "action": action, "object_type": object_type,
        "object_id": object_id, "contract_id": contract_id,
        "detail": json.dumps(detail, default=str)[:4000], "created_at": utcnow()})
