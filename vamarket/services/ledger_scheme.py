"""The postings each money flow makes: one function per event, returning a `Posting`.

Two families (see docs/ARCHITECTURE.md, "Money: the ledger"):

- **Stripe-side** postings record a movement of the platform's Stripe balance. Each matches one
  Stripe balance transaction, its reference is `<type>:<Stripe object id>` and it is the only
  kind that touches `stripe_clearing` and `stripe_fees` (reconcile.py checks them against Stripe):
  `charge:`, `refund:`, `transfer:`, `transfer_reversal:`, `dispute:`, `dispute_reversal:`.
- **Decisions** move money between our own accounts: `release:`, `refund_due:`,
  `dispute_freeze:`, `dispute_settle:`. They never touch the Stripe balance.

`va_payable:<id>` and `client_refunds` are transit accounts: a decision credits them, the Stripe
movement that carries it out debits them, so they return to zero once Stripe has done it.
Amounts are positive minor units; the signs are set here.
"""

from __future__ import annotations

from vamarket.services import ledger_accounts as acc
from vamarket.services.ledger import Leg, Posting

STRIPE_TYPES = ("charge", "refund", "transfer", "transfer_reversal", "dispute",
                "dispute_reversal")


def _legs(currency: str, *pairs: tuple[str, int]) -> list[Leg]:
    """Legs from (account, signed amount) pairs, leaving out zero amounts."""
    return [Leg(account, amount, currency) for account, amount in pairs if amount]


def charge_captured(*, contract_id: int, charge_id: str, amount_minor: int, fee_minor: int,
                    currency: str) -> Posting:
    """A client's payment landed in the platform balance: held for the contract; Stripe's fee
    is the platform's expense. Stripe record: charge, amount +A, fee f."""
    return Posting("charge", f"charge:{charge_id}", _legs(
        currency, (acc.stripe_clearing(), amount_minor), (acc.escrow(contract_id), -amount_minor),
        (acc.stripe_fees(), fee_minor), (acc.stripe_clearing(), -fee_minor)), contract_id)


def release(*, contract_id: int, subject: str, va_id: int, gross_minor: int,
            platform_fee_minor: int, currency: str) -> Posting:
    """Approved work (`subject`: `milestone:<id>` or `timesheet:<id>`) leaves escrow: the VA is
    owed gross − fee, the platform earns the fee."""
    return Posting("release", f"release:{subject}", _legs(
        currency, (acc.escrow(contract_id), gross_minor),
        (acc.va_payable(va_id), -(gross_minor - platform_fee_minor)),
        (acc.fee_revenue(), -platform_fee_minor)), contract_id)


def transfer(*, contract_id: int, transfer_id: str, va_id: int, amount_minor: int,
             currency: str) -> Posting:
    """The Transfer to the VA's connected account pays what they are owed.
    Stripe record: transfer, amount −N."""
    return Posting("transfer", f"transfer:{transfer_id}", _legs(
        currency, (acc.va_payable(va_id), amount_minor),
        (acc.stripe_clearing(), -amount_minor)), contract_id)


def transfer_reversed(*, contract_id: int, reversal_id: str, va_id: int, amount_minor: int,
                      currency: str) -> Posting:
    """A Transfer reversal brings money back from the VA; the release is then reversed
    (ledger.reverse) so it is held again. Stripe record: transfer_reversal, amount +N."""
    return Posting("transfer_reversal", f"transfer_reversal:{reversal_id}", _legs(
        currency, (acc.stripe_clearing(), amount_minor),
        (acc.va_payable(va_id), -amount_minor)), contract_id)


def refund_decided(*, contract_id: int, payment_id: int, n: int, amount_minor: int,
                   currency: str) -> Posting:
    """Held money is to go back to the client (the `n`-th refund of that payment)."""
    return Posting("refund_due", f"refund_due:{payment_id}:{n}", _legs(
        currency, (acc.escrow(contract_id), amount_minor),
        (acc.client_refunds(), -amount_minor)), contract_id)


def refund_paid(*, contract_id: int, refund_id: str, amount_minor: int,
                currency: str) -> Posting:
    """Stripe refunded the client. Stripe record: refund, amount −R (Stripe keeps its fee)."""
    return Posting("refund", f"refund:{refund_id}", _legs(
        currency, (acc.client_refunds(), amount_minor),
        (acc.stripe_clearing(), -amount_minor)), contract_id)


def dispute_frozen(*, contract_id: int, dispute_id: str, amount_minor: int,
                   currency: str) -> Posting:
    """A dispute freezes what is still held for the contract (at most the disputed amount)."""
    return Posting("dispute_freeze", f"dispute_freeze:{dispute_id}", _legs(
        currency, (acc.escrow(contract_id), amount_minor),
        (acc.dispute_hold(contract_id), -amount_minor)), contract_id)


def dispute_withdrawn(*, contract_id: int, dispute_id: str, amount_minor: int, fee_minor: int,
                      currency: str) -> Posting:
    """Stripe took the disputed amount (it went back to the cardholder) and its dispute fee.
    Stripe record: dispute, amount −D, fee d."""
    return Posting("dispute", f"dispute:{dispute_id}", _legs(
        currency, (acc.client_refunds(), amount_minor), (acc.stripe_clearing(), -amount_minor),
        (acc.stripe_fees(), fee_minor), (acc.stripe_clearing(), -fee_minor)), contract_id)


def dispute_reinstated(*, contract_id: int, dispute_id: str, amount_minor: int,
                       currency: str) -> Posting:
    """The dispute was won: Stripe gave the amount back. Stripe record: dispute_reversal, +D."""
    return Posting("dispute_reversal", f"dispute_reversal:{dispute_id}", _legs(
        currency, (acc.stripe_clearing(), amount_minor),
        (acc.client_refunds(), -amount_minor)), contract_id)


def dispute_settled(*, contract_id: int, dispute_id: str, currency: str, to_escrow: int = 0,
                    to_client: int = 0, to_va: int = 0, va_id: int | None = None,
                    platform_fee_minor: int = 0) -> Posting:
    """The frozen money is split: back to escrow (card dispute won, work goes on), to the client
    (card dispute lost, or an admin's refund share), and/or to the VA minus the platform fee."""
    frozen = to_escrow + to_client + to_va
    pairs = [(acc.dispute_hold(contract_id), frozen), (acc.escrow(contract_id), -to_escrow),
             (acc.client_refunds(), -to_client), (acc.fee_revenue(), -platform_fee_minor)]
    if to_va:
        if va_id is None:
            raise ValueError("a VA share needs va_id")
        pairs.append((acc.va_payable(va_id), -(to_va - platform_fee_minor)))
    return Posting("dispute_settle", f"dispute_settle:{dispute_id}", _legs(currency, *pairs),
                   contract_id)
