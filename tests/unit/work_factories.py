"""Builders for jobs and quotes used by the service tests."""

from __future__ import annotations

from vamarket.services.job_rules import JobInput
from vamarket.services.quote_rules import MilestoneInput, QuoteInput


def fixed_job(**overrides) -> JobInput:
    """A valid fixed-price USD job: $1,000 with a 30% down payment and a pilot option."""
    fields = dict(title="Customer support inbox", budget_type="fixed", currency="USD",
                  description="Answer customer emails within four hours and tag each ticket.",
                  budget_min_minor=100_000, down_payment_percent=30,
                  pilot_scope="One day of answering emails", pilot_budget_minor=5_000,
                  category_slug="customer_service", skill_slugs=["email_support"])
    fields.update(overrides)
    return JobInput(**fields)


def hourly_job(**overrides) -> JobInput:
    """A valid hourly IDR job."""
    fields = dict(title="Admin assistant, part time", budget_type="hourly", currency="IDR",
                  description="Manage calendars, book travel and prepare weekly reports.",
                  budget_min_minor=50_000, budget_max_minor=100_000, hours_per_week=10)
    fields.update(overrides)
    return JobInput(**fields)


def fixed_quote(**overrides) -> QuoteInput:
    """A valid quote for `fixed_job`: $900 in two milestones, the first covering 30%."""
    fields = dict(cover_letter="I have handled support inboxes for three online shops.",
                  price_minor=90_000, currency="USD", duration_weeks=3,
                  milestones=[MilestoneInput("Set up and first week", 30_000),
                              MilestoneInput("Weeks two and three", 60_000)],
                  pilot_scope="One day trial", pilot_price_minor=4_000, pilot_days=1)
    fields.update(overrides)
    return QuoteInput(**fields)


def hourly_quote(**overrides) -> QuoteInput:
    """A valid quote for `hourly_job`: Rp 75,000 an hour, 10 hours a week at most."""
    fields = dict(cover_letter="Experienced admin assistant, available mornings WIB.",
                  price_minor=75_000, currency="IDR", weekly_hour_cap=10)
    fields.update(overrides)
    return QuoteInput(**fields)
