"""The quote form as the browser holds it (text) ⇄ the service's QuoteInput (minor units, ints).

Amounts are typed the way the reader writes numbers ("1,250.50" in English, "1.250,50" in
Indonesian) and parsed with `parse_money` for the job's currency. Every error is an
InvalidInput naming its field, so the page can show the catalog text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal

from vamarket.errors import InvalidInput
from vamarket.i18n.format import babel_locale, minor_digits, parse_money
from vamarket.services.quote_rules import (
    COVER_LETTER_LEN,
    MAX_MILESTONES,
    MILESTONE_TITLE_MAX,
    MilestoneInput,
    QuoteInput,
)

MILESTONE_FIELDS = ("title", "amount", "due")
FIELD_LIMITS = {"title": MILESTONE_TITLE_MAX, "amount": 32, "due": 10}
TEXT_LIMITS = {"cover": COVER_LETTER_LEN[1], "price": 32, "duration": 4, "hour_cap": 4,
               "pilot_scope": 2_000, "pilot_price": 32, "pilot_days": 4}


def empty_milestone() -> dict[str, str]:
    """A blank row of the milestone plan."""
    return {"title": "", "amount": "", "due": ""}


def amount_text(amount_minor: int, currency: str, locale: str) -> str:
    """`amount_minor` as a person of `locale` would type it ("1,250.50", "1.250,50", "150.000")."""
    if not amount_minor:
        return ""
    digits = minor_digits(currency)
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(Decimal(amount_minor).scaleb(-digits), format=pattern,
                          locale=babel_locale(locale))


def try_money(text: str, currency: str, locale: str) -> int | None:
    """A typed amount in minor units, or None while it is empty or not a number yet."""
    if not (text or "").strip():
        return None
    try:
        return parse_money(text, currency, locale)
    except InvalidInput:
        return None


def _whole(text: str, field: str, key: str, low: int, high: int, *, optional: bool) -> int:
    cleaned = (text or "").strip()
    if not cleaned and optional:
        return 0
    if not (cleaned.isdigit() and len(cleaned) <= 4 and low <= int(cleaned) <= high):
        raise InvalidInput(key, field=field, low=low, high=high)
    return int(cleaned)


def _due(text: str, position: int) -> date | None:
    cleaned = (text or "").strip()
    if not cleaned:
        return None
    try:
        return date.fromisoformat(cleaned[:10])
    except ValueError:
        raise InvalidInput("jobview.error_due_invalid", field=f"milestone_{position - 1}",
                           position=position) from None


def parse_milestones(rows: list[dict[str, str]], currency: str, locale: str) -> list[MilestoneInput]:
    """The plan's rows as MilestoneInput (empty rows are skipped; order kept)."""
    plan: list[MilestoneInput] = []
    for index, row in enumerate(rows[:MAX_MILESTONES + 1]):
        title = str(row.get("title", "")).strip()
        amount = str(row.get("amount", "")).strip()
        due = str(row.get("due", "")).strip()
        if not (title or amount or due):
            continue
        position = len(plan) + 1
        if not amount:
            raise InvalidInput("error.quote_milestone_amount", field=f"milestone_{index}",
                               position=position)
        plan.append(MilestoneInput(
            title=title,
            amount_minor=parse_money(amount, currency, locale, field=f"milestone_{index}"),
            due_date=_due(due, position)))
    return plan


def parse_quote(values: dict[str, str], rows: list[dict[str, str]], *, budget_type: str,
                currency: str, locale: str, va_id: int | None = None) -> QuoteInput:
    """The whole form as a QuoteInput for a job of `budget_type` priced in `currency`."""
    fixed = budget_type == "fixed"
    pilot_scope = str(values.get("pilot_scope", "")).strip()
    pilot_price_text = str(values.get("pilot_price", "")).strip()
    pilot_days_text = str(values.get("pilot_days", "")).strip()
    return QuoteInput(
        cover_letter=str(values.get("cover", "")),
        price_minor=parse_money(str(values.get("price", "")), currency, locale, field="price"),
        currency=currency,
        duration_weeks=_whole(values.get("duration", ""), "duration_weeks", "error.job_duration",
                              0, 104, optional=True),
        weekly_hour_cap=0 if fixed else _whole(values.get("hour_cap", ""), "weekly_hour_cap",
                                               "error.quote_hour_cap", 1, 80, optional=False),
        milestones=parse_milestones(rows, currency, locale) if fixed else [],
        pilot_scope=pilot_scope,
        pilot_price_minor=(parse_money(pilot_price_text, currency, locale, field="pilot_price")
                           if pilot_price_text else 0),
        pilot_days=_whole(pilot_days_text, "pilot_days", "error.quote_pilot_days", 1, 60,
                          optional=True),
        va_id=va_id,
    )
