"""Money and dates formatted per locale with Babel. Money is integer minor units + currency."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, get_currency_precision, parse_decimal

from vamarket.errors import InvalidInput

_BABEL_LOCALES = {"en": "en_US", "id": "id_ID"}


def babel_locale(locale: str) -> str:
    """The Babel locale for one of our language codes."""
    return _BABEL_LOCALES.get(locale, "en_US")


def minor_digits(currency: str) -> int:
    """Digits after the decimal point for `currency` (USD 2, IDR 0 as vamarket prices it)."""
    return 0 if currency == "IDR" else get_currency_precision(currency)


def format_money(amount_minor: int, currency: str, locale: str) -> str:
    """`amount_minor` of `currency` as a user of `locale` reads it ("$1,250.00", "Rp 150.000")."""
    digits = minor_digits(currency)
    value = Decimal(amount_minor).scaleb(-digits)
    if currency == "IDR":  # rupiah is written "Rp" with no decimals in both languages
        number = format_decimal(value, format="#,##0", locale=babel_locale(locale))
        return f"Rp {number}"
    return format_currency(value, currency, locale=babel_locale(locale))


def parse_money(text: str, currency: str, locale: str, *, field: str = "amount") -> int:
    """A typed amount ("1,250.50" in English, "1.250,50" in Indonesian) as integer minor units."""
    cleaned = (text or "").strip().replace(" ", "")
    for symbol in ("$", "Rp", "USD", "IDR"):
        cleaned = cleaned.replace(symbol, "")
    if not cleaned:
        raise InvalidInput("error.amount_required", field=field)
    try:
        value = parse_decimal(cleaned, locale=babel_locale(locale), strict=False)
    except Exception:  # Babel raises NumberFormatError (a ValueError) and others
        raise InvalidInput("error.amount_invalid", field=field) from None
    digits = minor_digits(currency)
    scaled = value.scaleb(digits)
    if scaled != scaled.to_integral_value():
        raise InvalidInput("error.amount_too_precise", field=field, digits=digits)
    return int(scaled)


def format_day(value: date | datetime | None, locale: str) -> str:
    """A date in the locale's medium format ("Dec 3, 2026" / "3 Des 2026")."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, format="medium", locale=babel_locale(locale))


def format_moment(value: datetime | None, locale: str) -> str:
    """A date and time in the locale's medium format."""
    if value is None:
        return ""
    return format_datetime(value, format="medium", locale=babel_locale(locale))
