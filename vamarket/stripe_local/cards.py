"""Stripe's test cards and what each one does, on a checkout page and off session."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vamarket.stripe_local.errors import StripeError


@dataclass(frozen=True)
class TestCard:
    """How a test card behaves."""

    brand: str
    decline: str | None = None       # decline code on every charge (and on saving the card)
    auth: str | None = None          # "on_session": 3-D Secure unless saved for off-session use;
                                     # "always": also refuses off-session charges
    charge_decline: str | None = None  # saving works, charging later is declined


CARDS = {
    "4242424242424242": TestCard("visa"),
    "4000056655665556": TestCard("visa"),
    "5555555555554444": TestCard("mastercard"),
    "4000000000000002": TestCard("visa", decline="generic_decline"),
    "4000000000009995": TestCard("visa", decline="insufficient_funds"),
    "4000000000000069": TestCard("visa", decline="expired_card"),
    "4000002500003155": TestCard("visa", auth="on_session"),
    "4000002760003184": TestCard("visa", auth="always"),
    "4000000000000341": TestCard("visa", charge_decline="generic_decline"),
}

# Stripe's ready-made test PaymentMethod ids.
MAGIC_PAYMENT_METHODS = {
    "pm_card_visa": "4242424242424242",
    "pm_card_mastercard": "5555555555554444",
    "pm_card_chargeDeclined": "4000000000000002",
    "pm_card_chargeDeclinedInsufficientFunds": "4000000000009995",
    "pm_card_authenticationRequired": "4000002760003184",
    "pm_card_authenticationRequiredSetupForOffSession": "4000002500003155",
    "pm_card_chargeCustomerFail": "4000000000000341",
}

DECLINE_MESSAGES = {
    "generic_decline": "Your card was declined.",
    "insufficient_funds": "Your card has insufficient funds.",
    "expired_card": "Your card has expired.",
    "authentication_required": "Your card was declined. This transaction requires authentication.",
    "payment_intent_authentication_failure": "We are unable to authenticate your payment method. "
                                             "Please choose a different payment method and try again.",
}


def digits(number: str) -> str:
    """The card number without spaces or dashes."""
    return "".join(ch for ch in number if ch.isdigit())


def luhn_ok(number: str) -> bool:
    """Whether `number` passes the Luhn check."""
    if not 12 <= len(number) <= 19:
        return False
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def check_entry(number: str, expiry: str, cvc: str) -> tuple[str, TestCard] | str:
    """Validate what a person typed: the card, or the message to show."""
    number = digits(number)
    if not luhn_ok(number):
        return "Your card number is invalid."
    parts = digits(expiry)
    if len(parts) not in (4, 6) or not 1 <= int(parts[:2]) <= 12:
        return "Your card's expiration date is incomplete."
    if not 3 <= len(digits(cvc)) <= 4:
        return "Your card's security code is incomplete."
    card = CARDS.get(number)
    if card is None:
        return ("Your card was declined. Your request was in test mode, but used a non test card. "
                "For a list of valid test cards, visit: https://stripe.com/docs/testing.")
    return number, card


def card_error(code: str, *, payment_intent: dict[str, Any] | None = None,
               payment_method: dict[str, Any] | None = None) -> StripeError:
    """The 402 a declined card gives (saved under its idempotency key, as Stripe does)."""
    decline = code if code not in ("authentication_required",
                                   "payment_intent_authentication_failure") else None
    extra: dict[str, Any] = {}
    if payment_intent is not None:
        extra["payment_intent"] = payment_intent
    if payment_method is not None:
        extra["payment_method"] = payment_method
    if decline:
        extra["decline_code"] = decline
    return StripeError(402, DECLINE_MESSAGES.get(code, DECLINE_MESSAGES["generic_decline"]),
                       type="card_error", code="card_declined" if decline else code, saved=True, **extra)
