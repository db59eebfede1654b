"""Typed errors of the money flows (each carries a catalog key, see vamarket/errors.py)."""

from __future__ import annotations

from vamarket.errors import ServiceError


class PaymentServiceDown(ServiceError):
    """Stripe could not be reached even after retries; nothing was changed, try again."""

    key = "error.payment_unavailable"


class PaymentRefused(ServiceError):
    """Stripe refused the request (for instance an amount it does not accept)."""

    key = "error.payment_refused"


class NothingToFund(ServiceError):
    """The contract has nothing left to pay for now."""

    key = "error.nothing_to_fund"
