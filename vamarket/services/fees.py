"""Platform fee arithmetic in integer minor units (no floats anywhere)."""

from __future__ import annotations

from dataclasses import dataclass


def percent_of(amount_minor: int, percent: int) -> int:
    """`percent`% of `amount_minor`, rounded half up, in minor units."""
    return (amount_minor * percent * 2 + 100) // 200


def percent_of_ceil(amount_minor: int, percent: int) -> int:
    """`percent`% of `amount_minor`, rounded up (for minimums such as a down payment)."""
    return -(-amount_minor * percent // 100)


@dataclass(frozen=True)
class FeePreview:
    """What the client pays, the platform keeps and the VA receives for one amount."""

    client_pays_minor: int
    fee_minor: int
    va_receives_minor: int
    currency: str
    fee_percent: int


def preview(amount_minor: int, currency: str, fee_percent: int) -> FeePreview:
    """The split of `amount_minor`: the client pays the quoted price, the fee comes out of it."""
    fee = percent_of(amount_minor, fee_percent)
    return FeePreview(amount_minor, fee, amount_minor - fee, currency, fee_percent)
