"""Validation of a quote against its job: price bounds, milestone plan, pilot offer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vamarket.errors import InvalidInput
from vamarket.models import Job
from vamarket.services.fees import percent_of_ceil
from vamarket.services.job_rules import FIXED_BOUNDS, RATE_BOUNDS

COVER_LETTER_LEN = (20, 5_000)
MAX_MILESTONES = 20
MILESTONE_TITLE_MAX = 200


@dataclass
class MilestoneInput:
    """One step of a milestone plan."""

    title: str
    amount_minor: int
    due_date: date | None = None


@dataclass
class QuoteInput:
    """What a VA (or their agency's owner) sends."""

    cover_letter: str
    price_minor: int
    currency: str
    duration_weeks: int = 0
    weekly_hour_cap: int = 0
    milestones: list[MilestoneInput] = field(default_factory=list)
    pilot_scope: str = ""
    pilot_price_minor: int = 0
    pilot_days: int = 0
    va_id: int | None = None  # set when an agency owner quotes for a member


def _require(condition: bool, key: str, field_name: str, **params: object) -> None:
    if not condition:
        raise InvalidInput(key, field=field_name, **params)


def validate_quote(data: QuoteInput, job: Job, *, today: date) -> QuoteInput:
    """Return `data` normalized for `job`, or raise InvalidInput naming the first bad field."""
    data.cover_letter = (data.cover_letter or "").strip()
    data.pilot_scope = (data.pilot_scope or "").strip()
    low, high = COVER_LETTER_LEN
    _require(low <= len(data.cover_letter) <= high, "error.quote_cover_length", "cover_letter",
             low=low, high=high)
    _require(data.currency == job.currency, "error.quote_currency", "currency",
             currency=job.currency)
    _require(0 <= data.duration_weeks <= 104, "error.job_duration", "duration_weeks")
    if job.budget_type == "fixed":
        _validate_fixed(data, job, today)
    else:
        _validate_hourly(data, job)
    _validate_pilot(data, job)
    return data


def _validate_fixed(data: QuoteInput, job: Job, today: date) -> None:
    low, high = FIXED_BOUNDS[job.currency]
    _require(low <= data.price_minor <= high, "error.job_budget_range", "price",
             low=low, high=high, currency=job.currency)
    data.weekly_hour_cap = 0
    plan = data.milestones
    _require(1 <= len(plan) <= MAX_MILESTONES, "error.quote_milestones_count", "milestones",
             high=MAX_MILESTONES)
    for index, step in enumerate(plan):
        step.title = (step.title or "").strip()
        _require(1 <= len(step.title) <= MILESTONE_TITLE_MAX, "error.quote_milestone_title",
                 f"milestone_{index}", position=index + 1)
        _require(step.amount_minor > 0, "error.quote_milestone_amount", f"milestone_{index}",
                 position=index + 1)
        _require(step.due_date is None or step.due_date >= today, "error.quote_milestone_due",
                 f"milestone_{index}", position=index + 1)
    _require(sum(step.amount_minor for step in plan) == data.price_minor,
             "error.quote_milestones_sum", "milestones")
    minimum = percent_of_ceil(data.price_minor, job.down_payment_percent)
    _require(plan[0].amount_minor >= minimum, "error.quote_first_milestone", "milestones",
             percent=job.down_payment_percent, minimum=minimum)


def _validate_hourly(data: QuoteInput, job: Job) -> None:
    low, high = RATE_BOUNDS[job.currency]
    _require(low <= data.price_minor <= high, "error.job_rate_range", "price",
             low=low, high=high, currency=job.currency)
    _require(1 <= data.weekly_hour_cap <= 80, "error.quote_hour_cap", "weekly_hour_cap")
    data.milestones = []


def _validate_pilot(data: QuoteInput, job: Job) -> None:
    if not data.pilot_scope and not data.pilot_price_minor and not data.pilot_days:
        return
    _require(1 <= len(data.pilot_scope) <= 2_000, "error.job_pilot_scope", "pilot_scope")
    _require(1 <= data.pilot_days <= 60, "error.quote_pilot_days", "pilot_days")
    high = data.price_minor if job.budget_type == "fixed" else FIXED_BOUNDS[job.currency][1]
    _require(0 < data.pilot_price_minor <= high, "error.job_pilot_budget", "pilot_price")
    if job.budget_type == "fixed":
        _require(data.pilot_price_minor < data.price_minor, "error.job_pilot_budget_total",
                 "pilot_price")
