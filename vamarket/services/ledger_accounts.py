"""Ledger account names: one function per account, and the check that a name is known.

Amounts are signed: positive is a debit, negative a credit. Which side grows an account:

| account                        | what it is                                   | normal side |
| ---                            | ---                                          | ---         |
| `stripe_clearing`              | the platform's balance at Stripe             | debit (+)   |
| `stripe_fees`                  | what Stripe charged us (processing, disputes)| debit (+)   |
| `escrow:contract:<id>`         | money held for a contract's client           | credit (−)  |
| `dispute_hold:contract:<id>`   | held money frozen by a dispute               | credit (−)  |
| `va_payable:<user id>`         | owed to a VA, not yet transferred            | credit (−)  |
| `client_refunds`               | owed back to clients, not yet refunded       | credit (−)  |
| `fee_revenue`                  | the platform's fee on released work          | credit (−)  |

"Held" accounts (escrow and dispute hold) must never hold less than nothing: their raw balance
never goes above zero.
"""

from __future__ import annotations

import re

STRIPE_CLEARING = "stripe_clearing"
STRIPE_FEES = "stripe_fees"
FEE_REVENUE = "fee_revenue"
CLIENT_REFUNDS = "client_refunds"

ESCROW_PREFIX = "escrow:contract:"
DISPUTE_HOLD_PREFIX = "dispute_hold:contract:"
VA_PAYABLE_PREFIX = "va_payable:"
HELD_PREFIXES = (ESCROW_PREFIX, DISPUTE_HOLD_PREFIX)

_FIXED = frozenset({STRIPE_CLEARING, STRIPE_FEES, FEE_REVENUE, CLIENT_REFUNDS})
_WITH_ID = re.compile(r"^(escrow:contract:|dispute_hold:contract:|va_payable:)([1-9][0-9]{0,17})$")


def _id(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"account ids are positive integers, not {value!r}")
    return value


def stripe_clearing() -> str:
    """The platform's balance at Stripe (asset)."""
    return STRIPE_CLEARING


def stripe_fees() -> str:
    """Fees Stripe charged the platform (expense)."""
    return STRIPE_FEES


def fee_revenue() -> str:
    """The platform fee earned on released work (income)."""
    return FEE_REVENUE


def client_refunds() -> str:
    """Money owed back to clients until Stripe has refunded it (liability)."""
    return CLIENT_REFUNDS


def escrow(contract_id: int) -> str:
    """Money held for a contract's client until it is released or refunded (liability)."""
    return f"{ESCROW_PREFIX}{_id(contract_id)}"


def dispute_hold(contract_id: int) -> str:
    """Held money of a contract frozen by a dispute until it is settled (liability)."""
    return f"{DISPUTE_HOLD_PREFIX}{_id(contract_id)}"


def va_payable(user_id: int) -> str:
    """Money released to a VA that has not been transferred yet (liability)."""
    return f"{VA_PAYABLE_PREFIX}{_id(user_id)}"


def is_known(account: object) -> bool:
    """True when `account` is one of the names above."""
    return isinstance(account, str) and (account in _FIXED or bool(_WITH_ID.match(account)))


def is_held(account: str) -> bool:
    """True for escrow and dispute-hold accounts (their held amount may never go below zero)."""
    return account.startswith(HELD_PREFIXES)
