"""The double-entry ledger: append-only, balanced transactions; balances derived by SUM.

Every `post` writes one `LedgerTransaction` and its `LedgerEntry` legs in the caller's database
transaction (never commits). Legs are signed integer minor units: positive = debit, negative =
credit; they must sum to zero per currency. A reference names what caused the posting and is
unique: posting it again returns None and writes nothing, so a retried webhook or a resent event
never posts twice. Corrections are new transactions (`reverse`), never UPDATE or DELETE; the
database refuses both (triggers in migration 0004). Accounts are named by
`vamarket.services.ledger_accounts`; the postings each money flow makes are in
`vamarket.services.ledger_scheme`.

Held accounts (escrow, dispute hold) are checked before posting: a transaction that would leave
one holding less than zero is refused. Callers serialise postings on the same contract (they hold
the contract's or milestone's row lock), which makes that check exact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, func, select

from vamarket.errors import ServiceError
from vamarket.models import LedgerEntry, LedgerTransaction
from vamarket.models.base import utcnow
from vamarket.services import audit
from vamarket.services import ledger_accounts as accounts
from vamarket.settings import SUPPORTED_CURRENCIES

REVERSE_PREFIX = "reverse:"
MAX_REFERENCE = 200
MAX_KIND = 32


class Leg(NamedTuple):
    """One side of a posting: `amount_minor` (+ debit, − credit) on `account` in `currency`."""

    account: str
    amount_minor: int
    currency: str


@dataclass(frozen=True)
class Posting:
    """A ready-made transaction (see ledger_scheme): what `post` takes, as one value."""

    kind: str
    reference: str
    legs: list[Leg] = field(default_factory=list)
    contract_id: int | None = None


class LedgerError(ServiceError):
    """A posting the ledger refuses. These are programming errors, not user mistakes."""

    key = "error.generic"

    def __init__(self, message: str) -> None:
        super().__init__(None, detail=message)
        self.args = (message,)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidLeg(LedgerError):
    """A leg has an unknown account, a non-integer or zero amount, or an unknown currency."""


class UnbalancedTransaction(LedgerError):
    """The legs do not sum to zero in some currency."""


class Overdrawn(LedgerError):
    """The posting would leave a held account (escrow, dispute hold) holding less than zero."""


class UnknownTransaction(LedgerError):
    """No transaction has that reference."""


def validate(*, kind: str, reference: str, legs: list[Leg]) -> list[Leg]:
    """Check a posting without touching the database; returns the legs as `Leg`s."""
    if not isinstance(kind, str) or not 0 < len(kind) <= MAX_KIND:
        raise LedgerError(f"kind must be 1..{MAX_KIND} characters: {kind!r}")
    if not isinstance(reference, str) or not 0 < len(reference) <= MAX_REFERENCE:
        raise LedgerError(f"reference must be 1..{MAX_REFERENCE} characters: {reference!r}")
    checked = [Leg(*leg) for leg in legs]
    if len(checked) < 2:
        raise UnbalancedTransaction(f"{reference}: a transaction needs at least two legs")
    totals: dict[str, int] = defaultdict(int)
    for leg in checked:
        if not accounts.is_known(leg.account):
            raise InvalidLeg(f"{reference}: unknown account {leg.account!r}")
        if isinstance(leg.amount_minor, bool) or not isinstance(leg.amount_minor, int):
            raise InvalidLeg(f"{reference}: amount must be an int, not {leg.amount_minor!r}")
        if leg.amount_minor == 0:
            raise InvalidLeg(f"{reference}: zero amount on {leg.account}")
        if leg.currency not in SUPPORTED_CURRENCIES:
            raise InvalidLeg(f"{reference}: unknown currency {leg.currency!r}")
        totals[leg.currency] += leg.amount_minor
    off = {cur: total for cur, total in totals.items() if total}
    if off:
        raise UnbalancedTransaction(f"{reference}: legs do not sum to zero: {off}")
    return checked


def get(session: Session, reference: str) -> LedgerTransaction | None:
    """The transaction posted under `reference`, if any."""
    return session.exec(
        select(LedgerTransaction).where(LedgerTransaction.reference == reference)).first()


def legs(session: Session, transaction_id: int) -> list[Leg]:
    """A transaction's legs, in the order they were written."""
    rows = session.exec(select(LedgerEntry).where(LedgerEntry.transaction_id == transaction_id)
                        .order_by(LedgerEntry.id)).all()
    return [Leg(r.account, r.amount_minor, r.currency) for r in rows]


def _check_held(session: Session, reference: str, checked: list[Leg]) -> None:
    deltas: dict[tuple[str, str], int] = defaultdict(int)
    for leg in checked:
        if accounts.is_held(leg.account):
            deltas[(leg.account, leg.currency)] += leg.amount_minor
    for (account, currency), delta in deltas.items():
        if delta > 0 and balance(session, account, currency) + delta > 0:
            raise Overdrawn(f"{reference}: {account} would hold less than zero {currency}")


def _begin_outer(session: Session) -> None:
    """Make sure the caller's transaction has begun before a SAVEPOINT.

    pysqlite (legacy transaction control) only emits BEGIN before a data change; a SAVEPOINT
    issued first becomes the outermost transaction and its RELEASE commits, outside the caller's
    transaction. Starting it here keeps the posting in the caller's commit or rollback.
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        raw = connection.connection.dbapi_connection
        if raw is not None and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN")


_TRANSACTIONS = LedgerTransaction.__table__
_ENTRIES = LedgerEntry.__table__
# Built once at import: running a ready Core statement skips the ORM's unit of work and the
# construction of the statement on every call (a posting is on every capture webhook's path).
_REFERENCE_TAKEN = sa.select(_TRANSACTIONS.c.id).where(
    _TRANSACTIONS.c.reference == sa.bindparam("reference"))
_INSERT_TRANSACTION = _TRANSACTIONS.insert().returning(_TRANSACTIONS.c.id)
_INSERT_ENTRIES = _ENTRIES.insert()


def _reference_taken(connection: sa.Connection, reference: str) -> bool:
    return connection.execute(_REFERENCE_TAKEN, {"reference": reference}).first() is not None


def post(session: Session, *, kind: str, reference: str, legs: list[Leg],
         contract_id: int | None = None) -> LedgerTransaction | None:
    """Post a balanced transaction; None (and nothing written) when `reference` exists already.

    Raises InvalidLeg, UnbalancedTransaction or Overdrawn and writes nothing when refused. The
    unique reference is enforced by the database; a concurrent duplicate is caught inside a
    savepoint, so the caller's transaction carries on.

    The rows are written with Core statements on the session's connection (pending ORM changes
    are flushed first): the reference check, a savepoint, the transaction, its legs in one
    executemany. The returned `LedgerTransaction` carries the row's values (id included) and
    is not attached to the session.
    """
    checked = validate(kind=kind, reference=reference, legs=legs)
    session.flush()
    connection = session.connection()
    if _reference_taken(connection, reference):
        return None
    _check_held(session, reference, checked)
    created_at = utcnow()
    _begin_outer(session)
    savepoint = connection.begin_nested()
    try:
        txn_id = connection.execute(_INSERT_TRANSACTION, {
            "kind": kind, "reference": reference, "contract_id": contract_id,
            "created_at": created_at}).scalar_one()
        connection.execute(_INSERT_ENTRIES, [
            {"transaction_id": txn_id, "account": leg.account, "amount_minor": leg.amount_minor,
             "currency": leg.currency} for leg in checked])
    except sa.exc.IntegrityError:
        savepoint.rollback()
        if _reference_taken(connection, reference):
            return None  # someone else posted it first
        raise
    savepoint.commit()
    return LedgerTransaction(id=txn_id, kind=kind, reference=reference, contract_id=contract_id,
                             created_at=created_at)


def post_posting(session: Session, posting: Posting) -> LedgerTransaction | None:
    """`post` for a ready-made `Posting`."""
    return post(session, kind=posting.kind, reference=posting.reference, legs=posting.legs,
                contract_id=posting.contract_id)


def reverse(session: Session, *, reference: str, reason: str,
            actor_id: int | None = None) -> LedgerTransaction | None:
    """Post the mirror of the transaction `reference` as `reverse:<reference>`.

    None when it was reversed already. A reversal itself cannot be reversed: post the corrected
    transaction under a new reference instead. The reason goes to the audit log.
    """
    original = get(session, reference)
    if original is None:
        raise UnknownTransaction(f"no ledger transaction {reference!r}")
    if reference.startswith(REVERSE_PREFIX):
        raise LedgerError(f"{reference} is a reversal; post a new transaction instead")
    mirror = [Leg(leg.account, -leg.amount_minor, leg.currency)
              for leg in legs(session, original.id)]
    txn = post(session, kind="reversal", reference=REVERSE_PREFIX + reference, legs=mirror,
               contract_id=original.contract_id)
    if txn is not None:
        audit.record(session, actor_id=actor_id, action="ledger.reverse",
                     object_type="ledger_transaction", object_id=txn.id,
                     contract_id=original.contract_id, reference=reference, reason=reason)
    return txn


def balance(session: Session, account: str, currency: str) -> int:
    """The account's balance in `currency` (debits minus credits), derived from its entries."""
    total = session.exec(select(func.coalesce(func.sum(LedgerEntry.amount_minor), 0))
                         .where(LedgerEntry.account == account,
                                LedgerEntry.currency == currency)).one()
    return int(total)


def balances(session: Session, prefix: str | None = None) -> dict[tuple[str, str], int]:
    """Every (account, currency) balance, optionally only accounts starting with `prefix`."""
    query = (select(LedgerEntry.account, LedgerEntry.currency, func.sum(LedgerEntry.amount_minor))
             .group_by(LedgerEntry.account, LedgerEntry.currency))
    if prefix:
        query = query.where(LedgerEntry.account.startswith(prefix, autoescape=True))
    return {(account, currency): int(total) for account, currency, total in session.exec(query)}


def held(session: Session, account: str, currency: str) -> int:
    """What a credit-side account (escrow, dispute hold, payables) holds: minus its balance."""
    return -balance(session, account, currency)


_UNBALANCED = sa.text("""
    SELECT 1 FROM ledger_entries GROUP BY transaction_id, currency
    HAVING SUM(amount_minor) <> 0
    UNION ALL
    SELECT 1 FROM ledger_transactions t
    WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.transaction_id = t.id)
    LIMIT 1""")

# A held account's running balance in posting order, one step per transaction; any step above
# zero means it once held less than nothing.
_HELD_BELOW_ZERO = sa.text("""
    WITH per_txn AS (
        SELECT transaction_id, account, currency, SUM(amount_minor) AS amount
        FROM ledger_entries
        WHERE substr(account, 1, :escrow_len) = :escrow
           OR substr(account, 1, :hold_len) = :hold
        GROUP BY transaction_id, account, currency
    ), running AS (
        SELECT SUM(amount) OVER (PARTITION BY account, currency ORDER BY transaction_id
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS total
        FROM per_txn
    )
    SELECT 1 FROM running WHERE total > 0 LIMIT 1""").bindparams(
    escrow=accounts.ESCROW_PREFIX, escrow_len=len(accounts.ESCROW_PREFIX),
    hold=accounts.DISPUTE_HOLD_PREFIX, hold_len=len(accounts.DISPUTE_HOLD_PREFIX))


def trial_balance_ok(session: Session) -> bool:
    """True when every transaction has legs and they sum to zero per currency (checked in SQL)."""
    return session.execute(_UNBALANCED).first() is None


def escrow_never_negative(session: Session) -> bool:
    """True when no escrow or dispute-hold account ever held less than zero, at any point of
    its history (running balance per account in posting order, in SQL)."""
    return session.execute(_HELD_BELOW_ZERO).first() is None
