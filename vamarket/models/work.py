"""The work itself: jobs, quotes, contracts, milestones, time entries and timesheets."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from vamarket.models.base import utcnow


class Job(SQLModel, table=True):
    """A client's request for work."""

    __tablename__ = "jobs"
    __table_args__ = (
        CheckConstraint("status IN ('draft','open','paused','closed','hired')", name="ck_jobs_status"),
        CheckConstraint("budget_type IN ('fixed','hourly')", name="ck_jobs_budget_type"),
        CheckConstraint("currency IN ('USD','IDR')", name="ck_jobs_currency"),
        CheckConstraint("budget_min_minor >= 0 AND budget_max_minor >= budget_min_minor",
                        name="ck_jobs_budget_range"),
        CheckConstraint("down_payment_percent BETWEEN 0 AND 100", name="ck_jobs_down_payment"),
        CheckConstraint("pilot_budget_minor >= 0", name="ck_jobs_pilot_budget"),
    )

    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="users.id", index=True)
    title: str = Field(max_length=120)
    description: str = Field(max_length=10000)
    category_id: int | None = Field(default=None, foreign_key="categories.id", index=True)
    budget_type: str = Field(max_length=8)
    currency: str = Field(max_length=3)
    budget_min_minor: int = 0  # fixed: total; hourly: lowest rate
    budget_max_minor: int = 0  # fixed: same as min; hourly: highest rate
    hours_per_week: int = 0
    duration_weeks: int = 0
    deadline: date | None = None
    down_payment_percent: int = 25
    pilot_scope: str = Field(default="", max_length=2000)
    pilot_budget_minor: int = 0
    status: str = Field(default="draft", max_length=8, index=True)
    hidden: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    published_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class JobSkill(SQLModel, table=True):
    """A skill a job asks for."""

    __tablename__ = "job_skills"

    job_id: int = Field(foreign_key="jobs.id", primary_key=True, ondelete="CASCADE")
    skill_id: int = Field(foreign_key="skills.id", primary_key=True)


class Attachment(SQLModel, table=True):
    """An uploaded file attached to a job, message, milestone submission or dispute."""

    __tablename__ = "attachments"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="users.id", index=True)
    kind: str = Field(max_length=16)  # job | message | submission | dispute
    ref_id: int = Field(index=True)
    filename: str = Field(max_length=255)
    stored_path: str = Field(max_length=255)
    size_bytes: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class Quote(SQLModel, table=True):
    """A VA's offer on a job (sent by the VA or by their agency's owner)."""

    __tablename__ = "quotes"
    __table_args__ = (
        CheckConstraint("status IN ('submitted','shortlisted','withdrawn','declined','hired')",
                        name="ck_quotes_status"),
        CheckConstraint("price_minor > 0", name="ck_quotes_price"),
        CheckConstraint("currency IN ('USD','IDR')", name="ck_quotes_currency"),
        CheckConstraint("pilot_price_minor >= 0", name="ck_quotes_pilot_price"),
        # one live quote per VA per job
        Index("uq_quotes_live", "job_id", "va_id", unique=True,
              sqlite_where=text("status IN ('submitted','shortlisted','hired')"),
              postgresql_where=text("status IN ('submitted','shortlisted','hired')")),
    )

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="jobs.id", index=True)
    va_id: int = Field(foreign_key="users.id", index=True)
    agency_id: int | None = Field(default=None, foreign_key="agencies.id")
    sent_by_id: int = Field(foreign_key="users.id")
    cover_letter: str = Field(max_length=5000)
    price_minor: int  # fixed: total; hourly: rate per hour
    currency: str = Field(max_length=3)
    weekly_hour_cap: int = 0
    duration_weeks: int = 0
    pilot_scope: str = Field(default="", max_length=2000)
    pilot_price_minor: int = 0
    pilot_days: int = 0
    status: str = Field(default="submitted", max_length=12)
    decline_reason: str = Field(default="", max_length=500)
    viewed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class QuoteMilestone(SQLModel, table=True):
    """One step of a quote's milestone plan."""

    __tablename__ = "quote_milestones"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="ck_quote_milestones_amount"),
        UniqueConstraint("quote_id", "position", name="uq_quote_milestones_position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    quote_id: int = Field(foreign_key="quotes.id", index=True, ondelete="CASCADE")
    position: int
    title: str = Field(max_length=200)
    amount_minor: int
    due_date: date | None = None


class Contract(SQLModel, table=True):
    """The agreement made when a client hires a quote; its terms are copied from the quote."""

    __tablename__ = "contracts"
    __table_args__ = (
        CheckConstraint(
            "status IN ('pending_funding','active','completed','cancelled','disputed','resolved')",
            name="ck_contracts_status"),
        CheckConstraint("kind IN ('fixed','hourly','pilot_first')", name="ck_contracts_kind"),
        CheckConstraint("currency IN ('USD','IDR')", name="ck_contracts_currency"),
        CheckConstraint("total_minor >= 0 AND rate_minor >= 0", name="ck_contracts_amounts"),
        CheckConstraint("fee_percent BETWEEN 0 AND 50", name="ck_contracts_fee"),
        UniqueConstraint("quote_id", name="uq_contracts_quote"),
    )

    id: int | None = Field(default=None, primary_key=True)
    job_id: int = Field(foreign_key="jobs.id", index=True)
    quote_id: int = Field(foreign_key="quotes.id")
    client_id: int = Field(foreign_key="users.id", index=True)
    va_id: int = Field(foreign_key="users.id", index=True)
    kind: str = Field(max_length=12)
    currency: str = Field(max_length=3)
    total_minor: int = 0
    rate_minor: int = 0
    weekly_hour_cap: int = 0
    down_payment_percent: int = 0
    fee_percent: int = 10
    pilot_scope: str = Field(default="", max_length=2000)
    pilot_price_minor: int = 0
    status: str = Field(default="pending_funding", max_length=16, index=True)
    pilot_outcome: str = Field(default="", max_length=10)  # pilot_first: '', continued, ended
    created_at: datetime = Field(default_factory=utcnow)
    ended_at: datetime | None = None


class Milestone(SQLModel, table=True):
    """A paid step of a fixed or pilot contract."""

    __tablename__ = "milestones"
    __table_args__ = (
        CheckConstraint(
            "status IN ('proposed','planned','funded','submitted','revision_requested','approved',"
            "'released','refunded','disputed','cancelled')", name="ck_milestones_status"),
        CheckConstraint("amount_minor > 0", name="ck_milestones_amount"),
        UniqueConstraint("contract_id", "position", name="uq_milestones_position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", index=True)
    position: int
    title: str = Field(max_length=200)
    amount_minor: int
    is_pilot: bool = False
    due_date: date | None = None
    status: str = Field(default="planned", max_length=20, index=True)
    submitted_at: datetime | None = None
    approved_at: datetime | None = None
    released_at: datetime | None = None
    due_reminded_at: datetime | None = None  # the sweep's "due soon" reminder, sent once


class TimeEntry(SQLModel, table=True):
    """Time a VA logged on an hourly contract."""

    __tablename__ = "time_entries"
    __table_args__ = (CheckConstraint("minutes > 0 AND minutes <= 1440", name="ck_time_minutes"),)

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", index=True)
    timesheet_id: int | None = Field(default=None, foreign_key="timesheets.id", index=True)
    work_date: date
    minutes: int
    description: str = Field(max_length=1000)
    created_at: datetime = Field(default_factory=utcnow)


class Timesheet(SQLModel, table=True):
    """One ISO week of an hourly contract."""

    __tablename__ = "timesheets"
    __table_args__ = (
        CheckConstraint(
            "status IN ('open','submitted','approved','charged','released','disputed')",
            name="ck_timesheets_status"),
        CheckConstraint("approved_minutes >= 0", name="ck_timesheets_minutes"),
        UniqueConstraint("contract_id", "iso_week", name="uq_timesheets_week"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contracts.id", index=True)
    iso_week: str = Field(max_length=8)  # e.g. 2026-W49
    status: str = Field(default="open", max_length=10)
    approved_minutes: int = 0
    submitted_at: datetime | None = None
    approved_at: datetime | None = None
