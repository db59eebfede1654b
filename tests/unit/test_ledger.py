"""The ledger: balanced posts, refusals, idempotent references, reversals, append-only rows."""

from __future__ import annotations

import threading
import time
import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from tests.unit.ledger_factories import make_contract
from vamarket.models import AuditLog, LedgerEntry, LedgerTransaction
from vamarket.services import ledger, ledger_scheme
from vamarket.services import ledger_accounts as acc
from vamarket.services.ledger import Leg


def _count(db) -> tuple[int, int]:
    return (db.exec(select(func.count()).select_from(LedgerTransaction)).one(),
            db.exec(select(func.count()).select_from(LedgerEntry)).one())


@pytest.fixture
def contract(db, make_user):
    return make_contract(db, make_user)


def _charge(contract, amount=10_000, fee=320, charge_id=None):
    return ledger_scheme.charge_captured(
        contract_id=contract.id, charge_id=charge_id or f"ch_{uuid.uuid4().hex[:12]}",
        amount_minor=amount, fee_minor=fee, currency=contract.currency)


def test_a_balanced_post_writes_one_transaction_and_its_legs(db, contract):
    posting = _charge(contract)
    txn = ledger.post_posting(db, posting)
    assert txn is not None and txn.kind == "charge" and txn.contract_id == contract.id
    escrow = acc.escrow(contract.id)
    assert ledger.legs(db, txn.id) == [
        Leg("stripe_clearing", 10_000, "USD"), Leg(escrow, -10_000, "USD"),
        Leg("stripe_fees", 320, "USD"), Leg("stripe_clearing", -320, "USD")]
    assert ledger.balance(db, escrow, "USD") == -10_000
    assert ledger.held(db, escrow, "USD") == 10_000
    assert ledger.balance(db, escrow, "IDR") == 0
    assert ledger.balances(db, prefix=escrow) == {(escrow, "USD"): -10_000}
    assert ledger.trial_balance_ok(db) and ledger.escrow_never_negative(db)


LEGS_REFUSED = [
    ([Leg("stripe_clearing", 100, "USD"), Leg("fee_revenue", -99, "USD")],
     ledger.UnbalancedTransaction),
    ([Leg("stripe_clearing", 100, "USD"), Leg("fee_revenue", -100, "IDR")],
     ledger.UnbalancedTransaction),
    ([Leg("stripe_clearing", 100, "USD")], ledger.UnbalancedTransaction),
    ([], ledger.UnbalancedTransaction),
    ([Leg("stripe_clearing", 0, "USD"), Leg("fee_revenue", 0, "USD")], ledger.InvalidLeg),
    ([Leg("stripe_clearing", 1.5, "USD"), Leg("fee_revenue", -1.5, "USD")], ledger.InvalidLeg),
    ([Leg("stripe_clearing", True, "USD"), Leg("fee_revenue", -1, "USD")], ledger.InvalidLeg),
    ([Leg("cash", 100, "USD"), Leg("fee_revenue", -100, "USD")], ledger.InvalidLeg),
    ([Leg("escrow:contract:x", 100, "USD"), Leg("fee_revenue", -100, "USD")], ledger.InvalidLeg),
    ([Leg("va_payable:0", 100, "USD"), Leg("fee_revenue", -100, "USD")], ledger.InvalidLeg),
    ([Leg("stripe_clearing", 100, "EUR"), Leg("fee_revenue", -100, "EUR")], ledger.InvalidLeg),
    ([Leg("stripe_clearing", 100, "usd"), Leg("fee_revenue", -100, "usd")], ledger.InvalidLeg),
]


@pytest.mark.parametrize(("legs", "error"), LEGS_REFUSED)
def test_bad_postings_are_refused_and_nothing_written(db, legs, error):
    before = _count(db)
    with pytest.raises(error):
        ledger.post(db, kind="test", reference=f"bad:{uuid.uuid4().hex}", legs=legs)
    assert _count(db) == before


@pytest.mark.parametrize(("kind", "reference"), [("", "r"), ("k" * 33, "r"), ("k", ""),
                                                 ("k", "r" * 201)])
def test_kind_and_reference_must_fit(db, kind, reference):
    with pytest.raises(ledger.LedgerError):
        ledger.post(db, kind=kind, reference=reference,
                    legs=[Leg("stripe_clearing", 1, "USD"), Leg("fee_revenue", -1, "USD")])


def test_the_same_reference_posts_once(db, contract):
    posting = _charge(contract)
    assert ledger.post_posting(db, posting) is not None
    before = _count(db)
    assert ledger.post_posting(db, posting) is None
    other_legs = [Leg("stripe_clearing", 1, "USD"), Leg("fee_revenue", -1, "USD")]
    assert ledger.post(db, kind="charge", reference=posting.reference, legs=other_legs) is None
    assert _count(db) == before
    assert ledger.held(db, acc.escrow(contract.id), "USD") == 10_000


def test_a_failed_insert_keeps_the_callers_transaction(db, contract):
    ledger.post_posting(db, _charge(contract))
    legs = [Leg("stripe_clearing", 5, "USD"), Leg("fee_revenue", -5, "USD")]
    with pytest.raises(sa.exc.IntegrityError):  # no such contract: the foreign key refuses
        ledger.post(db, kind="test", reference="no-contract", legs=legs, contract_id=10**9)
    assert ledger.get(db, "no-contract") is None
    assert ledger.held(db, acc.escrow(contract.id), "USD") == 10_000  # earlier work survives


def test_a_concurrent_duplicate_is_caught_by_the_database(engine):
    """Two connections post the same reference; the second finds it only through the unique
    constraint, returns None and can go on with its own transaction."""
    reference = f"race:{uuid.uuid4().hex}"
    a = 900_000_000 + uuid.uuid4().int % 10**6 * 2  # VA ids no test creates
    b = a + 1
    legs = [Leg(acc.va_payable(a), 100, "USD"), Leg(acc.va_payable(b), -100, "USD")]
    caught, result = [], {}

    @sa.event.listens_for(engine, "handle_error")
    def _seen(context):
        caught.append(type(context.original_exception).__name__)

    def second() -> None:
        with Session(engine) as session:
            result["dup"] = ledger.post(session, kind="test", reference=reference, legs=legs)
            result["next"] = ledger.post(session, kind="test", reference=reference + ":b",
                                         legs=legs)
            session.rollback()

    with Session(engine) as first:
        assert ledger.post(first, kind="test", reference=reference, legs=legs) is not None
        worker = threading.Thread(target=second)
        worker.start()
        time.sleep(0.5)  # the second insert now waits on our uncommitted row (or the write lock)
        first.commit()
    worker.join(timeout=30)
    sa.event.remove(engine, "handle_error", _seen)
    assert result["dup"] is None and result["next"] is not None
    if engine.dialect.name == "postgresql":  # both inserts raced: the constraint decided
        assert any("IntegrityError" in name or "UniqueViolation" in name for name in caught)
    # SQLite transactions start IMMEDIATE: the second writer waits, then finds the reference.


def test_reverse_posts_the_mirror_once_and_records_why(db, contract):
    posting = _charge(contract)
    original = ledger.post_posting(db, posting)
    txn = ledger.reverse(db, reference=posting.reference, reason="charged twice")
    assert txn.reference == f"reverse:{posting.reference}" and txn.kind == "reversal"
    assert txn.contract_id == contract.id
    assert ledger.legs(db, txn.id) == [Leg(a, -amount, cur)
                                       for a, amount, cur in ledger.legs(db, original.id)]
    assert ledger.balance(db, acc.escrow(contract.id), "USD") == 0
    assert ledger.reverse(db, reference=posting.reference, reason="again") is None
    audit = db.exec(select(AuditLog).where(AuditLog.action == "ledger.reverse",
                                           AuditLog.object_id == txn.id)).one()
    assert "charged twice" in audit.detail
    with pytest.raises(ledger.UnknownTransaction):
        ledger.reverse(db, reference="charge:nope", reason="x")
    with pytest.raises(ledger.LedgerError):
        ledger.reverse(db, reference=txn.reference, reason="undo the undo")


def test_held_accounts_cannot_go_below_zero(db, contract):
    ledger.post_posting(db, _charge(contract, amount=5_000, fee=175, charge_id="ch_small"))
    too_much = ledger_scheme.release(contract_id=contract.id, subject="milestone:1",
                                     va_id=contract.va_id, gross_minor=5_001,
                                     platform_fee_minor=500, currency="USD")
    before = _count(db)
    with pytest.raises(ledger.Overdrawn):
        ledger.post_posting(db, too_much)
    assert _count(db) == before
    ledger.post_posting(db, ledger_scheme.release(
        contract_id=contract.id, subject="milestone:1", va_id=contract.va_id,
        gross_minor=3_000, platform_fee_minor=300, currency="USD"))
    with pytest.raises(ledger.Overdrawn):  # undoing the charge would overdraw the escrow
        ledger.reverse(db, reference="charge:ch_small", reason="mistake")
    assert ledger.held(db, acc.escrow(contract.id), "USD") == 2_000
    assert ledger.held(db, acc.va_payable(contract.va_id), "USD") == 2_700
    assert ledger.escrow_never_negative(db)


@pytest.mark.parametrize("statement", [
    "UPDATE ledger_entries SET amount_minor = amount_minor + 1 WHERE transaction_id = :t",
    "DELETE FROM ledger_entries WHERE transaction_id = :t",
    "UPDATE ledger_transactions SET reference = 'changed' WHERE id = :t",
    "DELETE FROM ledger_transactions WHERE id = :t",
])
def test_the_database_refuses_update_and_delete(db, contract, statement):
    txn = ledger.post_posting(db, _charge(contract))
    nested = db.begin_nested()
    with pytest.raises(sa.exc.IntegrityError, match="append-only"):
        db.execute(sa.text(statement), {"t": txn.id})
    nested.rollback()
    assert len(ledger.legs(db, txn.id)) == 4


def test_balances_and_the_global_checks(db, make_user):
    usd, idr = make_contract(db, make_user), make_contract(db, make_user, currency="IDR")
    ledger.post_posting(db, _charge(usd, amount=20_000, fee=610))
    ledger.post_posting(db, ledger_scheme.charge_captured(
        contract_id=idr.id, charge_id="ch_idr", amount_minor=1_500_000, fee_minor=45_000,
        currency="IDR"))
    ledger.post_posting(db, ledger_scheme.release(
        contract_id=usd.id, subject="milestone:7", va_id=usd.va_id, gross_minor=8_000,
        platform_fee_minor=800, currency="USD"))
    escrows = ledger.balances(db, prefix=acc.ESCROW_PREFIX)
    assert escrows[(acc.escrow(usd.id), "USD")] == -12_000
    assert escrows[(acc.escrow(idr.id), "IDR")] == -1_500_000
    assert all(key[0].startswith(acc.ESCROW_PREFIX) for key in escrows)
    assert ledger.balances(db, prefix=acc.va_payable(usd.va_id)) == {
        (acc.va_payable(usd.va_id), "USD"): -7_200}
    everything = ledger.balances(db)
    assert everything[(acc.escrow(usd.id), "USD")] == -12_000
    assert ledger.trial_balance_ok(db) and ledger.escrow_never_negative(db)
    # rows written behind the ledger's back (inserts are allowed) are caught by the checks
    for rows, check in (([("stripe_clearing", 5)], ledger.trial_balance_ok),
                        ([(acc.escrow(usd.id), 12_001), ("stripe_clearing", -12_001)],
                         ledger.escrow_never_negative)):
        nested = db.begin_nested()
        bad = LedgerTransaction(kind="test", reference=f"raw:{uuid.uuid4().hex}")
        db.add(bad)
        db.flush()
        db.add_all([LedgerEntry(transaction_id=bad.id, account=a, amount_minor=m, currency="USD")
                    for a, m in rows])
        db.flush()
        assert not check(db)
        nested.rollback()
    assert ledger.trial_balance_ok(db) and ledger.escrow_never_negative(db)


def test_account_names():
    assert acc.escrow(4) == "escrow:contract:4" and acc.dispute_hold(4) == "dispute_hold:contract:4"
    assert acc.va_payable(9) == "va_payable:9"
    assert all(acc.is_known(name) for name in (acc.stripe_clearing(), acc.stripe_fees(),
                                               acc.fee_revenue(), acc.client_refunds()))
    assert acc.is_held("escrow:contract:4") and not acc.is_held("va_payable:4")
    for bad in (0, -1, True, "3"):
        with pytest.raises(ValueError):
            acc.escrow(bad)
    assert not acc.is_known("escrow:contract:04") and not acc.is_known(None)
