"""Taking one row for one sweep transaction when several workers sweep at once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select


def claim(session: Session, model, key: int):
    """The row of `model` with primary key `key`, locked for this transaction, or None when
    another worker holds it (FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite has a single writer,
    and the BEGIN IMMEDIATE of every transaction already serialises the workers there)."""
    pk = next(iter(model.__table__.primary_key.columns))
    query = select(model).where(pk == key).execution_options(populate_existing=True)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.exec(query).first()


def aware(moment: datetime) -> datetime:
    """`moment` as a UTC-aware datetime (naive values are taken as UTC)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
