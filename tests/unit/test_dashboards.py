"""The home dashboard's figures: money per month from the ledger (exact, the user's own only),
running contracts and what waits for each side."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.unit.review_factories import charge, deal, milestone, post_at, release
from vamarket.models import Job, Quote, Review, Timesheet
from vamarket.services import dashboards, ledger_scheme
from vamarket.services.ledger import Leg, Posting

NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 10, 0, tzinfo=UTC)


def _by_month(series) -> dict[str, tuple[int, int]]:
    return {f"{m.month:%Y-%m}": (m.in_minor, m.out_minor) for m in series.months
            if m.in_minor or m.out_minor}


def test_last_months_cross_the_year():
    assert dashboards.last_months(datetime(2026, 1, 31, 23, tzinfo=UTC))[0] == date(2025, 2, 1)
    months = dashboards.last_months(NOW)
    assert len(months) == 12 and (months[0], months[-1]) == (date(2025, 4, 1), date(2026, 3, 1))


def _money_world(db, make_user):
    client, other_client = make_user(is_client=True), make_user(is_client=True)
    va, other_va = make_user(is_va=True), make_user(is_va=True)
    usd = deal(db, client, va, status="active")
    idr = deal(db, client, other_va, status="active", currency="IDR")
    theirs = deal(db, other_client, va, status="active")
    unrelated = deal(db, other_client, other_va, status="active")
    charge(db, usd, 10_000, at(2025, 3, 15), "ch_too_old")  # thirteen months ago
    charge(db, usd, 30_000, at(2026, 1, 5), "ch_jan")
    charge(db, usd, 60_000, at(2026, 3, 2), "ch_mar")
    post_at(db, ledger_scheme.refund_decided(contract_id=usd.id, payment_id=1, n=1,
                                             amount_minor=5_000, currency="USD"), at(2026, 3, 3))
    charge(db, idr, 1_500_000, at(2026, 2, 14), "ch_idr")
    charge(db, theirs, 20_000, at(2026, 2, 10), "ch_theirs")
    charge(db, unrelated, 70_000, at(2026, 2, 11), "ch_unrelated")
    release(db, usd, 30_000, at(2026, 2, 1), "milestone:jan")  # the VA is owed 27,000
    post_at(db, ledger_scheme.transfer(contract_id=usd.id, transfer_id="tr_jan", va_id=va.id,
                                       amount_minor=27_000, currency="USD"), at(2026, 2, 2))
    release(db, theirs, 20_000, at(2026, 3, 5), "milestone:theirs")  # owed 18,000
    mirror = [Leg(leg.account, -leg.amount_minor, leg.currency) for leg in ledger_scheme.release(
        contract_id=theirs.id, subject="milestone:theirs", va_id=va.id, gross_minor=20_000,
        platform_fee_minor=2_000, currency="USD").legs]
    post_at(db, Posting("reversal", "reverse:release:milestone:theirs", mirror, theirs.id),
            at(2026, 3, 9))
    release(db, unrelated, 70_000, at(2026, 3, 1), "milestone:unrelated")
    return client, va, other_client


def test_client_spend_per_month_is_exact_and_their_own(db, make_user):
    client, _va, other_client = _money_world(db, make_user)
    usd, idr = dashboards.client_spend(db, actor=client, now=NOW)
    assert (usd.currency, idr.currency) == ("USD", "IDR")
    assert len(usd.months) == 12
    assert _by_month(usd) == {"2026-01": (30_000, 0), "2026-03": (60_000, 5_000)}
    assert (usd.in_total, usd.out_total) == (90_000, 5_000)
    assert _by_month(idr) == {"2026-02": (1_500_000, 0)}
    [theirs] = dashboards.client_spend(db, actor=other_client, now=NOW)
    assert _by_month(theirs) == {"2026-02": (90_000, 0)}


def test_va_earnings_per_month_held_and_released(db, make_user):
    _client, va, _other = _money_world(db, make_user)
    [usd] = dashboards.va_money(db, actor=va, now=NOW)
    # held: what clients paid in for this VA's contracts; released: after the 10% fee, the
    # March release reversed in March, the transfer not counted twice
    assert _by_month(usd) == {"2026-01": (30_000, 0), "2026-02": (20_000, 27_000),
                              "2026-03": (60_000, 0)}
    assert dashboards.va_money(db, actor=make_user(is_va=True), now=NOW) == []


def test_running_contracts_and_what_waits_for_each_side(db, make_user):
    client, va = make_user(is_client=True), make_user(is_va=True)
    outsider = make_user(is_client=True, is_va=True)
    work = deal(db, client, va, status="active", title="Inbox support")
    milestone(db, work, 0, status="submitted")
    milestone(db, work, 1, status="funded")
    hourly = deal(db, client, va, status="active", title="Admin hours", kind="hourly")
    db.add(Timesheet(contract_id=hourly.id, iso_week="2026-W11", status="submitted"))
    deal(db, client, va, status="pending_funding", title="New shop")
    done = deal(db, client, va, status="completed", title="Old shop",
                ended_at=datetime(2026, 3, 15, tzinfo=UTC))
    db.add(Review(contract_id=done.id, author_id=va.id, subject_id=client.id, rating=5,
                  body="Great."))
    quote = db.get(Quote, work.quote_id)
    quote.status, quote.viewed_at = "submitted", None
    db.get(Job, quote.job_id).status = "open"
    db.flush()

    running = dashboards.running_contracts(db, actor=client, role="client")
    assert [r.job_title for r in running] == ["New shop", "Admin hours", "Inbox support"]
    assert [r.status for r in running] == ["pending_funding", "active", "active"]
    as_client = [(a.key, a.title) for a in dashboards.client_actions(db, actor=client, now=NOW)]
    assert ("pay_down_payment", "New shop") in as_client
    assert ("review_submission", "Inbox support") in as_client
    assert ("approve_week", "Admin hours") in as_client
    assert ("read_quotes", "Inbox support") in as_client
    assert ("leave_review", "Old shop") in as_client
    as_va = [(a.key, a.title) for a in dashboards.va_actions(db, actor=va, now=NOW)]
    assert ("submit_work", "Inbox support") in as_va
    assert ("leave_review", "Old shop") not in as_va  # the VA has reviewed already
    assert dashboards.client_actions(db, actor=outsider, now=NOW) == []
    assert dashboards.va_actions(db, actor=outsider, now=NOW) == []
    assert dashboards.running_contracts(db, actor=outsider, role="va") == []
