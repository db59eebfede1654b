"""Email: which notification emails each user turned off, and the outbox the sender drains."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from vamarket.models.base import utcnow


class EmailOptOut(SQLModel, table=True):
    """A notification kind the user does not want by email (in-app notifications stay)."""

    __tablename__ = "email_opt_outs"

    user_id: int = Field(foreign_key="users.id", primary_key=True)
    kind: str = Field(max_length=64, primary_key=True)


class EmailOutbox(SQLModel, table=True):
    """An email waiting to be sent, written in the same transaction as its notification."""

    __tablename__ = "email_outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending','sent','failed')", name="ck_email_outbox_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    to_address: str = Field(max_length=320)
    subject: str = Field(max_length=300)
    body: str = Field(max_length=10000)
    status: str = Field(default="pending", max_length=10, index=True)
    attempts: int = 0
    last_error: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
