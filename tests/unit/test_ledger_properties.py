"""Property: random money flows across several contracts, posted by the scheme, keep the ledger's
invariants, and the ledger matches a Stripe side built from the same flows.

Each example runs in a savepoint that is rolled back, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select

from tests.unit.ledger_factories import make_contract
from vamarket.models import LedgerTransaction
from vamarket.services import ledger, ledger_scheme
from vamarket.services import ledger_accounts as acc
from vamarket.services.ledger import Posting
from vamarket.services.reconcile import StripeRecord, reconcile

CURRENCIES = ("USD", "IDR", "USD")  # one contract per currency slot
SCALE = {"USD": 1, "IDR": 150}
FEE_PERCENT = 10

OPS = ("fund", "release", "refund", "refund_after_release", "dispute", "settle", "replay")
step = st.tuples(st.sampled_from(OPS), st.integers(0, len(CURRENCIES) - 1),
                 st.integers(1, 40_000), st.sampled_from(("won", "lost", "split")))


@dataclass
class World:
    """What the ledger should say, kept by hand alongside the postings."""

    db: object
    contracts: list
    held: list[int]
    frozen: list[int]
    disputes: list[tuple[str, int] | None]
    releases: list[list[dict]]
    records: list[StripeRecord] = field(default_factory=list)
    posted: list[Posting] = field(default_factory=list)
    fees: dict[str, int] = field(default_factory=lambda: {"USD": 0, "IDR": 0})
    n: int = 0
    reversals: int = 0

    def next_id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}_{self.n}"

    def post(self, posting: Posting) -> None:
        assert ledger.post_posting(self.db, posting) is not None, posting.reference
        self.posted.append(posting)


def _transactions(db, after_id: int = 0) -> int:
    return db.exec(select(func.count()).select_from(LedgerTransaction)
                   .where(LedgerTransaction.id > after_id)).one()


def _apply(w: World, op: str, i: int, amount: int, outcome: str) -> None:
    c, cur = w.contracts[i], w.contracts[i].currency
    amount *= SCALE[cur]
    if op == "fund":
        fee, charge = amount * 29 // 1000 + 30 * SCALE[cur], w.next_id("ch")
        w.post(ledger_scheme.charge_captured(contract_id=c.id, charge_id=charge,
                                             amount_minor=amount, fee_minor=fee, currency=cur))
        w.records.append(StripeRecord("charge", charge, amount, cur, fee))
        w.held[i] += amount
    elif op in ("release", "refund") and amount > w.held[i]:
        # the scheme's guard: nothing leaves escrow that is not there; the ledger refuses it
        before = _transactions(w.db)
        refused = (ledger_scheme.release(contract_id=c.id, subject=w.next_id("milestone"),
                                         va_id=c.va_id, gross_minor=amount,
                                         platform_fee_minor=0, currency=cur)
                   if op == "release" else
                   ledger_scheme.refund_decided(contract_id=c.id, payment_id=c.id, n=w.n,
                                                amount_minor=amount, currency=cur))
        with pytest.raises(ledger.Overdrawn):
            ledger.post_posting(w.db, refused)
        assert _transactions(w.db) == before
    elif op == "release":
        fee, subject = amount * FEE_PERCENT // 100, w.next_id("milestone")
        w.post(ledger_scheme.release(contract_id=c.id, subject=subject, va_id=c.va_id,
                                     gross_minor=amount, platform_fee_minor=fee, currency=cur))
        transfer = w.next_id("tr")
        w.post(ledger_scheme.transfer(contract_id=c.id, transfer_id=transfer, va_id=c.va_id,
                                      amount_minor=amount - fee, currency=cur))
        w.records.append(StripeRecord("transfer", transfer, -(amount - fee), cur))
        w.releases[i].append(dict(reference=f"release:{subject}", gross=amount, fee=fee))
        w.held[i] -= amount
        w.fees[cur] += fee
    elif op == "refund":
        _refund(w, i, amount)
    elif op == "refund_after_release":
        if not w.releases[i]:
            _apply(w, "fund", i, amount // SCALE[cur], outcome)
            _apply(w, "release", i, amount // SCALE[cur], outcome)
        if not w.releases[i]:
            return  # the escrow is frozen by a dispute: nothing was released
        rel = w.releases[i].pop()
        reversal = w.next_id("trr")
        w.post(ledger_scheme.transfer_reversed(
            contract_id=c.id, reversal_id=reversal, va_id=c.va_id,
            amount_minor=rel["gross"] - rel["fee"], currency=cur))
        w.records.append(StripeRecord("transfer_reversal", reversal, rel["gross"] - rel["fee"],
                                      cur))
        assert ledger.reverse(w.db, reference=rel["reference"], reason="refund") is not None
        w.reversals += 1
        assert ledger.reverse(w.db, reference=rel["reference"], reason="again") is None
        w.held[i] += rel["gross"]
        w.fees[cur] -= rel["fee"]
        _refund(w, i, rel["gross"])
    elif op == "dispute" and w.disputes[i] is None:
        if w.held[i] == 0:
            _apply(w, "fund", i, amount // SCALE[cur], outcome)
        dispute, frozen = w.next_id("dp"), w.held[i]
        w.post(ledger_scheme.dispute_frozen(contract_id=c.id, dispute_id=dispute,
                                            amount_minor=frozen, currency=cur))
        dispute_fee = 1_500 * SCALE[cur]
        w.post(ledger_scheme.dispute_withdrawn(contract_id=c.id, dispute_id=dispute,
                                               amount_minor=frozen, fee_minor=dispute_fee,
                                               currency=cur))
        w.records.append(StripeRecord("dispute", dispute, -frozen, cur, dispute_fee))
        w.disputes[i], w.held[i], w.frozen[i] = (dispute, frozen), 0, frozen
    elif op == "settle":
        if w.disputes[i] is None:
            _apply(w, "dispute", i, amount // SCALE[cur], outcome)
        _settle(w, i, outcome, amount)
    elif op == "replay" and w.posted:
        posting = w.posted[amount % len(w.posted)]
        before = (_transactions(w.db), ledger.balances(w.db))
        assert ledger.post_posting(w.db, posting) is None
        assert (_transactions(w.db), ledger.balances(w.db)) == before


def _refund(w: World, i: int, amount: int) -> None:
    c, cur = w.contracts[i], w.contracts[i].currency
    w.post(ledger_scheme.refund_decided(contract_id=c.id, payment_id=c.id, n=w.n,
                                        amount_minor=amount, currency=cur))
    refund = w.next_id("re")
    w.post(ledger_scheme.refund_paid(contract_id=c.id, refund_id=refund, amount_minor=amount,
                                     currency=cur))
    w.records.append(StripeRecord("refund", refund, -amount, cur))
    w.held[i] -= amount


def _settle(w: World, i: int, outcome: str, amount: int) -> None:
    c, cur = w.contracts[i], w.contracts[i].currency
    dispute, frozen = w.disputes[i]
    if outcome == "lost":
        w.post(ledger_scheme.dispute_settled(contract_id=c.id, dispute_id=dispute,
                                             currency=cur, to_client=frozen))
    else:
        w.post(ledger_scheme.dispute_reinstated(contract_id=c.id, dispute_id=dispute,
                                                amount_minor=frozen, currency=cur))
        w.records.append(StripeRecord("dispute_reversal", dispute, frozen, cur))
        if outcome == "won":
            w.post(ledger_scheme.dispute_settled(contract_id=c.id, dispute_id=dispute,
                                                 currency=cur, to_escrow=frozen))
            w.held[i] += frozen
        else:  # an admin splits it: part to the VA (minus the fee), the rest back to the client
            to_va = min(frozen, amount)
            fee = to_va * FEE_PERCENT // 100
            w.post(ledger_scheme.dispute_settled(
                contract_id=c.id, dispute_id=dispute, currency=cur, to_va=to_va, va_id=c.va_id,
                platform_fee_minor=fee, to_client=frozen - to_va))
            transfer = w.next_id("tr")
            w.post(ledger_scheme.transfer(contract_id=c.id, transfer_id=transfer,
                                          va_id=c.va_id, amount_minor=to_va - fee, currency=cur))
            w.records.append(StripeRecord("transfer", transfer, -(to_va - fee), cur))
            w.fees[cur] += fee
            if frozen > to_va:
                refund = w.next_id("re")
                w.post(ledger_scheme.refund_paid(contract_id=c.id, refund_id=refund,
                                                 amount_minor=frozen - to_va, currency=cur))
                w.records.append(StripeRecord("refund", refund, -(frozen - to_va), cur))
    w.disputes[i], w.frozen[i] = None, 0


@settings(max_examples=50, suppress_health_check=[HealthCheck.function_scoped_fixture],
          deadline=None)
@given(steps=st.lists(step, min_size=1, max_size=30))
def test_random_money_flows_keep_the_ledger_invariants(db, make_user, steps):
    savepoint = db.begin_nested()
    try:
        start = db.exec(select(func.coalesce(func.max(LedgerTransaction.id), 0))).one()
        shared = (acc.client_refunds(), acc.fee_revenue())
        before = {(a, cur): ledger.balance(db, a, cur) for a in shared for cur in SCALE}
        contracts = [make_contract(db, make_user, currency=cur) for cur in CURRENCIES]
        n = len(contracts)
        w = World(db, contracts, [0] * n, [0] * n, [None] * n, [[] for _ in range(n)])
        for op, i, amount, outcome in steps:
            _apply(w, op, i, amount, outcome)
        assert ledger.trial_balance_ok(db)
        assert ledger.escrow_never_negative(db)
        for i, c in enumerate(contracts):
            assert ledger.held(db, acc.escrow(c.id), c.currency) == w.held[i]
            assert ledger.held(db, acc.dispute_hold(c.id), c.currency) == w.frozen[i]
            assert ledger.balance(db, acc.va_payable(c.va_id), c.currency) == 0
        for cur in SCALE:
            # Stripe already paid the cardholder of an open dispute; settling books it
            assert ledger.balance(db, acc.client_refunds(), cur) - before[
                (acc.client_refunds(), cur)] == sum(
                    w.frozen[i] for i, c in enumerate(contracts) if c.currency == cur)
            assert -(ledger.balance(db, acc.fee_revenue(), cur)
                     - before[(acc.fee_revenue(), cur)]) == w.fees[cur]
        assert _transactions(db, start) == len(w.posted) + w.reversals
        report = reconcile(db, w.records, after_id=start)
        assert report.ok, report.mismatches
    finally:
        savepoint.rollback()
