"""The money side of an hourly week (migration 0006): what was charged for it, the payment that
carried the charge, and the Transfer that released it to the VA."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel


class TimesheetMoney(SQLModel, table=True):
    """One charged week: minutes billed, amount (contract currency), payment and transfer."""

    __tablename__ = "timesheet_money"
    __table_args__ = (
        CheckConstraint("amount_minor >= 0 AND charged_minutes >= 0",
                        name="ck_timesheet_money_amounts"),
    )

    timesheet_id: int = Field(foreign_key="timesheets.id", primary_key=True)
    payment_id: int | None = Field(default=None, foreign_key="payments.id", index=True)
    charged_minutes: int = 0
    amount_minor: int = 0
    transfer_id: str | None = Field(default=None, max_length=255, unique=True)
    charged_at: datetime | None = None
    released_at: datetime | None = None
