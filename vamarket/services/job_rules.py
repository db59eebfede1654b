"""Validation of a job's fields: bounds per currency, budget shapes, down payment and pilot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vamarket.errors import InvalidInput
from vamarket.settings import SUPPORTED_CURRENCIES, get_settings

# Bounds in minor units: (lowest, highest) for a fixed total and for an hourly rate.
FIXED_BOUNDS = {"USD": (500, 100_000_000), "IDR": (50_000, 1_500_000_000)}
RATE_BOUNDS = {"USD": (300, 50_000), "IDR": (20_000, 5_000_000)}
TITLE_LEN = (5, 120)
DESCRIPTION_LEN = (20, 10_000)
PILOT_SCOPE_MAX = 2_000
MAX_SKILLS = 15


@dataclass
class JobInput:
    """What a client types when posting or editing a job (amounts already in minor units)."""

    title: str
    description: str
    budget_type: str
    currency: str
    budget_min_minor: int
    budget_max_minor: int = 0
    category_slug: str = ""
    skill_slugs: list[str] = field(default_factory=list)
    hours_per_week: int = 0
    duration_weeks: int = 0
    deadline: date | None = None
    down_payment_percent: int = 25
    pilot_scope: str = ""
    pilot_budget_minor: int = 0


def _require(condition: bool, key: str, field_name: str, **params: object) -> None:
    if not condition:
        raise InvalidInput(key, field=field_name, **params)


def validate_job(data: JobInput, *, today: date) -> JobInput:
    """Return `data` normalized, or raise InvalidInput naming the first bad field."""
    data.title = (data.title or "").strip()
    data.description = (data.description or "").strip()
    data.pilot_scope = (data.pilot_scope or "").strip()
    _require(TITLE_LEN[0] <= len(data.title) <= TITLE_LEN[1], "error.job_title_length", "title",
             low=TITLE_LEN[0], high=TITLE_LEN[1])
    _require(DESCRIPTION_LEN[0] <= len(data.description) <= DESCRIPTION_LEN[1],
             "error.job_description_length", "description",
             low=DESCRIPTION_LEN[0], high=DESCRIPTION_LEN[1])
    _require(data.budget_type in ("fixed", "hourly"), "error.job_budget_type", "budget_type")
    _require(data.currency in SUPPORTED_CURRENCIES, "error.currency_invalid", "currency")
    _require(len(data.skill_slugs) <= MAX_SKILLS, "error.job_too_many_skills", "skills",
             high=MAX_SKILLS)
    _require(0 <= data.duration_weeks <= 104, "error.job_duration", "duration_weeks")
    _require(data.deadline is None or data.deadline >= today, "error.job_deadline_past", "deadline")
    if data.budget_type == "fixed":
        _validate_fixed(data)
    else:
        _validate_hourly(data)
    _validate_pilot(data)
    return data


def _validate_fixed(data: JobInput) -> None:
    low, high = FIXED_BOUNDS[data.currency]
    _require(low <= data.budget_min_minor <= high, "error.job_budget_range", "budget_min",
             low=low, high=high, currency=data.currency)
    data.budget_max_minor = data.budget_min_minor
    data.hours_per_week = 0
    settings = get_settings()
    dp_low, dp_high = settings.down_payment_min_percent, settings.down_payment_max_percent
    _require(dp_low <= data.down_payment_percent <= dp_high, "error.job_down_payment",
             "down_payment_percent", low=dp_low, high=dp_high)


def _validate_hourly(data: JobInput) -> None:
    low, high = RATE_BOUNDS[data.currency]
    _require(low <= data.budget_min_minor <= high, "error.job_rate_range", "budget_min",
             low=low, high=high, currency=data.currency)
    if not data.budget_max_minor:
        data.budget_max_minor = data.budget_min_minor
    _require(data.budget_min_minor <= data.budget_max_minor <= high, "error.job_rate_max",
             "budget_max")
    _require(1 <= data.hours_per_week <= 80, "error.job_hours", "hours_per_week")
    data.down_payment_percent = 0


def _validate_pilot(data: JobInput) -> None:
    if not data.pilot_scope and not data.pilot_budget_minor:
        data.pilot_budget_minor = 0
        return
    _require(bool(data.pilot_scope), "error.job_pilot_scope", "pilot_scope")
    _require(len(data.pilot_scope) <= PILOT_SCOPE_MAX, "error.job_pilot_scope", "pilot_scope")
    _require(data.pilot_budget_minor > 0, "error.job_pilot_budget", "pilot_budget")
    if data.budget_type == "fixed":
        _require(data.pilot_budget_minor < data.budget_min_minor, "error.job_pilot_budget_total",
                 "pilot_budget")
    else:
        _require(data.pilot_budget_minor <= FIXED_BOUNDS[data.currency][1],
                 "error.job_pilot_budget", "pilot_budget")
