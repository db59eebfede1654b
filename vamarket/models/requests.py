"""Requests one party of a contract makes and the other answers."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from vamarket.models.base import utcnow


class CancellationRequest(SQLModel, table=True):
    """One party asks to cancel a milestone (or, with no milestone, the whole contract) and
    refund its unreleased money to the client; the other party accepts or declines."""

    __tablename__ = "cancellation_requests"
    __table_args__ = (
        CheckConstraint("status IN ('pending','accepted','declined','withdrawn')",
                        name="ck_cancellation_requests_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", index=True)
    milestone_id: int | None = Field(default=None, foreign_key="milestones.id")
    requested_by_id: int = Field(foreign_key="users.id")
    reason: str = Field(max_length=2000)
    status: str = Field(default="pending", max_length=10)
    answered_by_id: int | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None
