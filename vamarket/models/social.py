"""Talking, telling and trusting: threads, messages, notifications, reviews, disputes, audit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from vamarket.models.base import utcnow


class Thread(SQLModel, table=True):
    """A conversation between a client and a VA, about a job (before hire) or a contract."""

    __tablename__ = "threads"
    __table_args__ = (
        UniqueConstraint("job_id", "va_id", name="uq_threads_job_va"),
        CheckConstraint("client_id <> va_id", name="ck_threads_two_people"),
    )

    id: int | None = Field(default=None, primary_key=True)
    job_id: int | None = Field(default=None, foreign_key="jobs.id", index=True)
    contract_id: int | None = Field(default=None, foreign_key="contracts.id", index=True)
    client_id: int = Field(foreign_key="users.id", index=True)
    va_id: int = Field(foreign_key="users.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    last_message_at: datetime | None = None


class Message(SQLModel, table=True):
    """One message in a thread."""

    __tablename__ = "messages"

    id: int | None = Field(default=None, primary_key=True)
    thread_id: int = Field(foreign_key="threads.id", index=True)
    sender_id: int = Field(foreign_key="users.id")
    body: str = Field(max_length=5000)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


class Notification(SQLModel, table=True):
    """Something a user must know or act on; text is rendered from `kind` in their language."""

    __tablename__ = "notifications"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    kind: str = Field(max_length=64)
    payload: str = Field(default="{}", max_length=4000)  # JSON
    link: str = Field(default="", max_length=255)
    created_at: datetime = Field(default_factory=utcnow)
    read_at: datetime | None = None


class SavedSearch(SQLModel, table=True):
    """A VA's saved job search; new matching jobs notify them."""

    __tablename__ = "saved_searches"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="users.id", index=True)
    query_string: str = Field(max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)
    last_notified_job_id: int = 0


class Review(SQLModel, table=True):
    """One side's rating of the other at the end of a contract."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("rating BETWEEN 1 AND 5", name="ck_reviews_rating"),
        CheckConstraint("author_id <> subject_id", name="ck_reviews_not_self"),
        UniqueConstraint("contract_id", "author_id", name="uq_reviews_contract_author"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", index=True)
    author_id: int = Field(foreign_key="users.id")
    subject_id: int = Field(foreign_key="users.id", index=True)
    rating: int
    body: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow)


class Dispute(SQLModel, table=True):
    """A disagreement over a funded milestone or a timesheet; freezes the money until resolved."""

    __tablename__ = "disputes"
    __table_args__ = (
        CheckConstraint("status IN ('open','resolved')", name="ck_disputes_status"),
        CheckConstraint("(milestone_id IS NOT NULL) OR (timesheet_id IS NOT NULL)",
                        name="ck_disputes_target"),
        CheckConstraint("released_minor >= 0 AND refunded_minor >= 0", name="ck_disputes_split"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", index=True)
    milestone_id: int | None = Field(default=None, foreign_key="milestones.id")
    timesheet_id: int | None = Field(default=None, foreign_key="timesheets.id")
    opened_by_id: int = Field(foreign_key="users.id")
    reason: str = Field(max_length=2000)
    status: str = Field(default="open", max_length=10)
    released_minor: int = 0
    refunded_minor: int = 0
    resolved_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    resolved_at: datetime | None = None


class DisputeStatement(SQLModel, table=True):
    """One side's statement in a dispute; files attach with kind "dispute" and this id."""

    __tablename__ = "dispute_statements"

    id: int | None = Field(default=None, primary_key=True)
    dispute_id: int = Field(foreign_key="disputes.id", index=True)
    author_id: int = Field(foreign_key="users.id")
    body: str = Field(max_length=5000)
    created_at: datetime = Field(default_factory=utcnow)


class AuditLog(SQLModel, table=True):
    """Who did what to which object, written by the services."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    actor_id: int | None = Field(default=None, foreign_key="users.id", index=True)
    action: str = Field(max_length=64)
    object_type: str = Field(max_length=32)
    object_id: int | None = None
    contract_id: int | None = Field(default=None, foreign_key="contracts.id", index=True)
    detail: str = Field(default="{}", max_length=4000)  # JSON
    created_at: datetime = Field(default_factory=utcnow)
