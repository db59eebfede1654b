"""Reconciliation: does the ledger agree with Stripe's record of the platform balance?

Our side is the ledger's rows; Stripe's side is a list of `StripeRecord`s (one per balance
transaction, however they were fetched). The comparison is pure: `compare(rows, records)`.

Which posting each Stripe record must match (reference `<type>:<Stripe id>`; all amounts in the
record's currency; `net = amount − fee` is what moved in the platform balance):

| Stripe record (amount, fee)    | ledger posting (ledger_scheme)                                  |
| ---                            | ---                                                             |
| charge `ch_` (+A, f)           | `charge:` clearing +A / escrow −A, stripe_fees +f / clearing −f |
| refund `re_` (−R, 0)           | `refund:` client_refunds +R / clearing −R                       |
| transfer `tr_` (−N, 0)         | `transfer:` va_payable +N / clearing −N                         |
| transfer reversal `trr_` (+N)  | `transfer_reversal:` clearing +N / va_payable −N                |
| dispute `dp_` (−D, d)          | `dispute:` client_refunds +D / clearing −D, fees +d / clearing −d |
| dispute reinstated `dp_` (+D)  | `dispute_reversal:` clearing +D / client_refunds −D             |

For each record the postings under its reference (plus any `reverse:<reference>` and
`<reference>#<n>` corrections) must move `stripe_clearing` by exactly `net` and `stripe_fees` by
exactly `fee`. Any posting that touches those two accounts without a Stripe record is a mismatch,
and so is a Stripe record with no posting. Decisions (release, refund_due, dispute_freeze,
dispute_settle) never touch them. `clearing` is, per currency, the ledger's `stripe_clearing`
balance minus Stripe's net: zero when everything is explained. The whole scheme, decisions
included, is in `ledger_scheme` and docs/ARCHITECTURE.md ("Money: the ledger").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

from vamarket.services import ledger_accounts as acc
from vamarket.services.ledger import REVERSE_PREFIX
from vamarket.services.ledger_scheme import STRIPE_TYPES
from vamarket.settings import SUPPORTED_CURRENCIES

# Stripe balance transaction `type` -> our record type (adjustments are dispute movements;
# their sign says which way).
_BALANCE_TYPES = {"charge": "charge", "payment": "charge", "refund": "refund",
                  "payment_refund": "refund", "transfer": "transfer",
                  "transfer_refund": "transfer_reversal", "transfer_cancel": "transfer_reversal"}


@dataclass(frozen=True)
class StripeRecord:
    """One movement of the platform's Stripe balance.

    `id` is the source object's id (ch_, re_, tr_, trr_, dp_); `amount_minor` is signed as Stripe
    signs it (+ into the balance, − out); `fee_minor` is what Stripe charged on it.
    """

    type: str
    id: str
    amount_minor: int
    currency: str
    fee_minor: int = 0

    @property
    def net_minor(self) -> int:
        """What actually moved in the platform balance."""
        return self.amount_minor - self.fee_minor

    @property
    def reference(self) -> str:
        """The ledger reference the matching posting carries."""
        return f"{self.type}:{self.id}"


def from_balance_transaction(*, type: str, source: str, amount: int, fee: int,
                             currency: str) -> StripeRecord | None:
    """A `StripeRecord` from a Stripe balance transaction's fields; None for types the ledger
    does not follow (payouts to the platform's bank, for instance)."""
    kind = _BALANCE_TYPES.get(type)
    if type == "adjustment":
        kind = "dispute" if amount < 0 else "dispute_reversal"
    if kind is None:
        return None
    return StripeRecord(kind, source, amount, currency.upper(), fee)


class LedgerRow(NamedTuple):
    """One ledger entry with its transaction's reference."""

    reference: str
    account: str
    amount_minor: int
    currency: str


@dataclass
class ReconcileReport:
    """The outcome: counts, whether the ledger balances, unexplained clearing, mismatches."""

    transactions: int
    balanced: bool
    clearing: dict[str, int] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is off."""
        return self.balanced and not self.mismatches and not any(self.clearing.values())


def format_line(report: ReconcileReport) -> str:
    """`reconcile transactions=<n> balanced=<true|false> clearing=USD:0,IDR:0 mismatches=<n>`."""
    clearing = ",".join(f"{cur}:{amount}" for cur, amount in report.clearing.items())
    return (f"reconcile transactions={report.transactions} "
            f"balanced={str(report.balanced).lower()} clearing={clearing} "
            f"mismatches={len(report.mismatches)}")


def stripe_key(reference: str) -> str:
    """The Stripe reference a posting belongs to: without `reverse:` and `#<n>` suffixes."""
    while reference.startswith(REVERSE_PREFIX):
        reference = reference[len(REVERSE_PREFIX):]
    return reference.split("#", 1)[0]


def load_rows(session: Session, *, after_id: int = 0) -> list[LedgerRow]:
    """Every ledger entry (of transactions after `after_id`) with its transaction's reference."""
    result = session.execute(sa.text(
        "SELECT t.reference, e.account, e.amount_minor, e.currency FROM ledger_entries e "
        "JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.id > :after "
        "ORDER BY t.id, e.id"), {"after": after_id})
    return [LedgerRow(*row) for row in result]


def _currencies(*groups) -> list[str]:
    seen = {cur for group in groups for cur in group}
    return list(SUPPORTED_CURRENCIES) + sorted(seen - set(SUPPORTED_CURRENCIES))


def compare(rows: list[LedgerRow], records: list[StripeRecord]) -> ReconcileReport:
    """Compare ledger rows with Stripe records (pure: no database, no network)."""
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    moved: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])  # (key, cur) -> clr, fee
    clearing: dict[str, int] = defaultdict(int)
    for row in rows:
        sums[row.reference][row.currency] += row.amount_minor
        if row.account in (acc.STRIPE_CLEARING, acc.STRIPE_FEES):
            slot = moved[(stripe_key(row.reference), row.currency)]
            slot[0 if row.account == acc.STRIPE_CLEARING else 1] += row.amount_minor
            if row.account == acc.STRIPE_CLEARING:
                clearing[row.currency] += row.amount_minor
    balanced = all(not total for per_cur in sums.values() for total in per_cur.values())
    mismatches: list[str] = []
    seen: set[str] = set()
    for rec in records:
        if rec.type not in STRIPE_TYPES:
            mismatches.append(f"unknown Stripe record type {rec.type}: {rec.id}")
            continue
        if rec.reference in seen:
            mismatches.append(f"Stripe record listed twice: {rec.reference}")
            continue
        seen.add(rec.reference)
        clearing[rec.currency] -= rec.net_minor
        slot = moved.pop((rec.reference, rec.currency), None)
        if slot is None:
            mismatches.append(f"not in the ledger: {rec.reference} {rec.currency} "
                              f"{rec.amount_minor} fee {rec.fee_minor}")
            continue
        if slot[0] != rec.net_minor:
            mismatches.append(f"{rec.reference}: Stripe net {rec.currency} {rec.net_minor}, "
                              f"ledger stripe_clearing {slot[0]}")
        if slot[1] != rec.fee_minor:
            mismatches.append(f"{rec.reference}: Stripe fee {rec.currency} {rec.fee_minor}, "
                              f"ledger stripe_fees {slot[1]}")
    for (key, cur), (clr, fee) in sorted(moved.items()):
        if clr or fee:
            mismatches.append(f"not at Stripe: {key} moves stripe_clearing {cur} {clr}, "
                              f"stripe_fees {fee}")
    return ReconcileReport(
        transactions=len(sums), balanced=balanced,
        clearing={cur: clearing.get(cur, 0) for cur in _currencies(clearing)},
        mismatches=mismatches)


def reconcile(session: Session, records: list[StripeRecord], *,
              after_id: int = 0) -> ReconcileReport:
    """Compare this database's ledger (transactions after `after_id`) with `records` from
    Stripe (or the local server)."""
    return compare(load_rows(session, after_id=after_id), records)
