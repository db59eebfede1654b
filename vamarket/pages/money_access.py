"""Helpers shared by the money pages: where Stripe sends the browser back, and readable text
for the payment errors (declined card, Stripe unreachable) that are not `ServiceError`s.

Kept as a plain module (not a package), so the page registry does not treat it as a page.
"""

from __future__ import annotations

from vamarket.errors import ServiceError
from vamarket.i18n import translate
from vamarket.pages.guard import error_text
from vamarket.settings import get_settings


def return_base() -> str:
    """The app's public address, where Checkout and onboarding send the browser back."""
    return get_settings().public_url.rstrip("/")


def _payment_error_key(err: Exception) -> str | None:
    kind = {cls.__name__ for cls in type(err).__mro__}
    if "PaymentDeclined" in kind:
        return "money.error.declined"
    if "PaymentUnavailable" in kind:
        return "money.error.unavailable"
    if "PaymentError" in kind:
        return "money.error.rejected"
    return None


def is_money_error(err: Exception) -> bool:
    """True for the errors a money page shows as text (service or payment errors)."""
    return isinstance(err, ServiceError) or _payment_error_key(err) is not None


def money_error_text(locale: str, err: Exception) -> str:
    """A service or payment error as readable text in `locale`."""
    if isinstance(err, ServiceError):
        return error_text(locale, err)
    return translate(locale, _payment_error_key(err) or "error.generic")

