"""In-app notifications. Text is rendered from `kind` in the reader's language."""

from __future__ import annotations

import json

from sqlmodel import Session, col, func, select

from vamarket.errors import NotFound
from vamarket.models import Notification, User
from vamarket.models.base import utcnow


def notify(session: Session, *, user_id: int, kind: str, link: str = "", **payload: object) -> None:
    """Queue a notification for `user_id` in the caller's transaction, and its email when
    email is on and the user wants this kind (see services/email.py)."""
    from vamarket.services import email  # email renders through notification_views (imports us)

    session.add(Notification(user_id=user_id, kind=kind, link=link[:255],
                             payload=json.dumps(payload, default=str)[:4000]))
    email.queue(session, user_id=user_id, kind=kind, link=link[:255], payload=payload)


def list_for(session: Session, *, actor: User, limit: int = 30) -> list[Notification]:
    """The actor's newest notifications."""
    return list(session.exec(
        select(Notification).where(Notification.user_id == actor.id)
        .order_by(col(Notification.id).desc()).limit(min(limit, 100))).all())


def unread_count(session: Session, *, actor: User) -> int:
    """How many of the actor's notifications are unread."""
    return session.exec(select(func.count()).select_from(Notification).where(
        Notification.user_id == actor.id, col(Notification.read_at).is_(None))).one()


def mark_read(session: Session, *, actor: User, notification_id: int | None = None) -> None:
    """Mark one (or, with no id, all) of the actor's notifications read."""
    query = select(Notification).where(Notification.user_id == actor.id,
                                       col(Notification.read_at).is_(None))
    if notification_id is not None:
        target = session.get(Notification, notification_id)
        if target is None or target.user_id != actor.id:
            raise NotFound()
        query = query.where(Notification.id == notification_id)
    for row in session.exec(query).all():
        row.read_at = utcnow()
        session.add(row)
