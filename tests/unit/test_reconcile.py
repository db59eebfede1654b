"""Reconciliation: ledger postings against Stripe's balance transactions."""

from __future__ import annotations

from sqlmodel import func, select

from tests.unit.ledger_factories import make_contract
from vamarket.models import LedgerTransaction
from vamarket.services import ledger, ledger_scheme
from vamarket.services.ledger import Leg, Posting
from vamarket.services.reconcile import (
    LedgerRow,
    ReconcileReport,
    StripeRecord,
    compare,
    format_line,
    from_balance_transaction,
    reconcile,
    stripe_key,
)


def _rows(*postings: Posting) -> list[LedgerRow]:
    return [LedgerRow(p.reference, leg.account, leg.amount_minor, leg.currency)
            for p in postings for leg in p.legs]


def _story() -> tuple[list[Posting], list[StripeRecord]]:
    """Contract 1 (USD): paid 10,000 (fee 320), 6,000 released (fee 600), 4,000 refunded.
    Contract 2 (IDR): paid 1,500,000 (fee 45,000), disputed and lost."""
    postings = [
        ledger_scheme.charge_captured(contract_id=1, charge_id="ch_1", amount_minor=10_000,
                                      fee_minor=320, currency="USD"),
        ledger_scheme.release(contract_id=1, subject="milestone:1", va_id=5, gross_minor=6_000,
                              platform_fee_minor=600, currency="USD"),
        ledger_scheme.transfer(contract_id=1, transfer_id="tr_1", va_id=5, amount_minor=5_400,
                               currency="USD"),
        ledger_scheme.refund_decided(contract_id=1, payment_id=1, n=1, amount_minor=4_000,
                                     currency="USD"),
        ledger_scheme.refund_paid(contract_id=1, refund_id="re_1", amount_minor=4_000,
                                  currency="USD"),
        ledger_scheme.charge_captured(contract_id=2, charge_id="ch_2", amount_minor=1_500_000,
                                      fee_minor=45_000, currency="IDR"),
        ledger_scheme.dispute_frozen(contract_id=2, dispute_id="dp_2", amount_minor=1_500_000,
                                     currency="IDR"),
        ledger_scheme.dispute_withdrawn(contract_id=2, dispute_id="dp_2",
                                        amount_minor=1_500_000, fee_minor=250_000,
                                        currency="IDR"),
        ledger_scheme.dispute_settled(contract_id=2, dispute_id="dp_2", currency="IDR",
                                      to_client=1_500_000),
    ]
    records = [
        StripeRecord("charge", "ch_1", 10_000, "USD", 320),
        StripeRecord("transfer", "tr_1", -5_400, "USD"),
        StripeRecord("refund", "re_1", -4_000, "USD"),
        StripeRecord("charge", "ch_2", 1_500_000, "IDR", 45_000),
        StripeRecord("dispute", "dp_2", -1_500_000, "IDR", 250_000),
    ]
    return postings, records


def test_a_consistent_ledger_reconciles():
    postings, records = _story()
    report = compare(_rows(*postings), records)
    assert report.ok, report.mismatches
    assert report.clearing == {"USD": 0, "IDR": 0}
    assert format_line(report) == (
        "reconcile transactions=9 balanced=true clearing=USD:0,IDR:0 mismatches=0")


def test_each_kind_of_difference_is_reported():
    postings, records = _story()
    records = [r for r in records if r.id != "re_1"]                     # refund not in Stripe
    records.append(StripeRecord("transfer", "tr_9", -1_000, "USD"))      # not in the ledger
    records[0] = StripeRecord("charge", "ch_1", 10_000, "USD", 300)      # fee differs
    records.append(StripeRecord("charge", "ch_2", 1_500_000, "IDR", 45_000))  # listed twice
    records.append(StripeRecord("payout", "po_1", -50, "USD"))           # not followed
    report = compare(_rows(*postings), records)
    text = "\n".join(report.mismatches)
    assert "not at Stripe: refund:re_1" in text
    assert "not in the ledger: transfer:tr_9" in text
    assert "charge:ch_1: Stripe fee USD 300, ledger stripe_fees 320" in text
    assert "charge:ch_1: Stripe net USD 9700, ledger stripe_clearing 9680" in text
    assert "listed twice: charge:ch_2" in text and "unknown Stripe record type payout" in text
    assert len(report.mismatches) == 6 and report.balanced and not report.ok
    # ledger minus Stripe: the refund only in the ledger, the transfer only at Stripe, and the
    # charge's net (ledger 9,680, Stripe 9,700)
    assert report.clearing == {"USD": -4_000 + 1_000 - 20, "IDR": 0}
    assert format_line(report).endswith("mismatches=6")


def test_an_unbalanced_or_stray_posting_is_off():
    postings, records = _story()
    rows = _rows(*postings) + [LedgerRow("oops", "stripe_clearing", 7, "USD")]
    report = compare(rows, records)
    assert not report.balanced and not report.ok
    assert report.clearing["USD"] == 7
    assert format_line(report) == (
        "reconcile transactions=10 balanced=false clearing=USD:7,IDR:0 mismatches=1")
    stray = Posting("release", "release:milestone:9", [Leg("stripe_clearing", -5, "USD"),
                                                       Leg("fee_revenue", 5, "USD")])
    assert "not at Stripe: release:milestone:9" in compare(
        _rows(*postings, stray), records).mismatches[0]


def test_corrections_count_toward_the_stripe_record():
    wrong = ledger_scheme.charge_captured(contract_id=1, charge_id="ch_1", amount_minor=10_000,
                                          fee_minor=0, currency="USD")
    mirror = Posting("reversal", "reverse:charge:ch_1",
                     [Leg(a, -m, c) for a, m, c in wrong.legs])
    right = Posting("charge", "charge:ch_1#2", ledger_scheme.charge_captured(
        contract_id=1, charge_id="ch_1", amount_minor=10_000, fee_minor=320,
        currency="USD").legs)
    records = [StripeRecord("charge", "ch_1", 10_000, "USD", 320)]
    assert compare(_rows(wrong, mirror, right), records).ok
    assert not compare(_rows(wrong), records).ok
    assert stripe_key("reverse:reverse:charge:ch_1#3") == "charge:ch_1"
    undone = compare(_rows(wrong, mirror), [])  # posted by mistake, then reversed: nothing left
    assert undone.ok and undone.transactions == 2


def test_balance_transaction_types_map_to_records():
    assert from_balance_transaction(type="charge", source="ch_1", amount=100, fee=33,
                                    currency="usd") == StripeRecord("charge", "ch_1", 100,
                                                                    "USD", 33)
    assert from_balance_transaction(type="payment_refund", source="re_1", amount=-5, fee=0,
                                    currency="idr").type == "refund"
    assert from_balance_transaction(type="transfer_refund", source="trr_1", amount=5, fee=0,
                                    currency="usd").type == "transfer_reversal"
    assert from_balance_transaction(type="adjustment", source="dp_1", amount=-5, fee=1_500,
                                    currency="usd").type == "dispute"
    assert from_balance_transaction(type="adjustment", source="dp_1", amount=5, fee=0,
                                    currency="usd").type == "dispute_reversal"
    assert from_balance_transaction(type="payout", source="po_1", amount=-5, fee=0,
                                    currency="usd") is None


def test_reconcile_reads_the_ledger_from_the_database(db, make_user):
    start = db.exec(select(func.coalesce(func.max(LedgerTransaction.id), 0))).one()
    contract = make_contract(db, make_user)
    ledger.post_posting(db, ledger_scheme.charge_captured(
        contract_id=contract.id, charge_id="ch_db", amount_minor=2_000, fee_minor=88,
        currency="USD"))
    record = StripeRecord("charge", "ch_db", 2_000, "USD", 88)
    assert isinstance(reconcile(db, [record], after_id=start), ReconcileReport)
    assert reconcile(db, [record], after_id=start).ok
    assert reconcile(db, [], after_id=start).mismatches == [
        "not at Stripe: charge:ch_db moves stripe_clearing USD 1912, stripe_fees 88"]
