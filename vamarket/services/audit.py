"""The audit log: services record who did what."""

from __future__ import annotations

import json

from sqlmodel import Session

from vamarket.models import AuditLog


def record(session: Session, *, actor_id: int | None, action: str, object_type: str,
           object_id: int | None = None, contract_id: int | None = None, **detail: object) -> None:
    """Append one audit entry in the caller's transaction."""
    session.add(AuditLog(actor_id=actor_id, action=action, object_type=object_type,
                         object_id=object_id, contract_id=contract_id,
                         detail=json.dumps(detail, default=str)[:4000]))
