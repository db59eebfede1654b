"""Reputation figures, each computed from the records with exact expected numbers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from tests.unit.review_factories import T0, deal, milestone
from vamarket.models import AuditLog, Payment, Review
from vamarket.services import reputation, reviews

LATER = T0 + timedelta(days=1)


def _review(db, contract, author, subject, rating, when=T0):
    db.add(Review(contract_id=contract.id, author_id=author.id, subject_id=subject.id,
                  rating=rating, body="ok", created_at=when))
    db.flush()


def test_rating_counts_only_visible_reviews_received_in_that_role(db, make_user):
    va, client_a, client_b = (make_user(is_va=True), make_user(is_client=True),
                              make_user(is_client=True))
    both = deal(db, client_a, va)  # both sides reviewed: visible at once
    _review(db, both, client_a, va, 5)
    _review(db, both, va, client_a, 2)
    revealed = deal(db, client_b, va, ended_at=T0 - timedelta(days=20))  # past the window
    _review(db, revealed, client_b, va, 4)
    hidden = deal(db, client_b, va)  # one side only, inside the window
    _review(db, hidden, client_b, va, 1)
    hired_by_va = deal(db, va, make_user(is_va=True))  # the same person as a client
    _review(db, hired_by_va, db.get(type(va), hired_by_va.va_id), va, 3)
    _review(db, hired_by_va, va, db.get(type(va), hired_by_va.va_id), 3)

    figures = reputation.for_users(db, [va.id], now=LATER)[va.id]
    assert (figures.rating_average, figures.rating_count) == (4.5, 2)  # (5 + 4) / 2
    assert reputation.for_clients(db, [client_a.id], now=LATER)[client_a.id].rating_count == 1
    assert reputation.for_clients(db, [client_a.id], now=LATER)[client_a.id].rating_average == 2.0
    assert reputation.for_clients(db, [va.id], now=LATER)[va.id].rating_average == 3.0
    # fourteen days after the end the one-sided review shows too: (5 + 4 + 1) / 3
    late = reputation.for_users(db, [va.id], now=T0 + timedelta(days=14))[va.id]
    assert (late.rating_average, late.rating_count) == (3.3, 3)


def test_jobs_completed_counts_completed_contracts_only(db, make_user):
    va, client = make_user(is_va=True), make_user(is_client=True)
    for status in ("completed", "completed", "completed", "active", "cancelled",
                   "pending_funding", "disputed"):
        deal(db, client, va, status=status)
    assert reputation.for_users(db, [va.id])[va.id].jobs_done == 3
    assert reputation.for_clients(db, [client.id])[client.id].jobs_done == 3


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=T0.tzinfo)


def test_on_time_rate_from_first_submission_against_due_date(db, make_user):
    va, client = make_user(is_va=True), make_user(is_client=True)
    contract = deal(db, client, va, status="active")
    due = date(2026, 3, 1)
    milestone(db, contract, 0, due=due, submitted_at=_at(due, 23))  # on the day: on time
    milestone(db, contract, 1, due=due, submitted_at=_at(due - timedelta(days=3)))  # early
    milestone(db, contract, 2, due=due, submitted_at=_at(due + timedelta(days=1), 0))
    milestone(db, contract, 3, due=None, submitted_at=_at(due))  # no due date: not counted
    milestone(db, contract, 4, due=due, status="funded")  # never submitted: not counted
    # first handed in on time, sent back, resubmitted late: the first submission counts
    revised = milestone(db, contract, 5, due=due, submitted_at=_at(due + timedelta(days=9)))
    db.add(AuditLog(actor_id=va.id, action="milestone.submitted", object_type="milestone",
                    object_id=revised.id, contract_id=contract.id,
                    created_at=_at(due - timedelta(days=1))))
    db.flush()
    figures = reputation.for_users(db, [va.id])[va.id]
    assert figures.on_time_counts == (3, 4)
    assert figures.on_time_percent == 75


def test_repeat_client_rate_counts_started_contracts(db, make_user):
    va = make_user(is_va=True)
    loyal, twice_but_unfunded, once, paid_then_cancelled = (make_user(is_client=True)
                                                            for _ in range(4))
    deal(db, loyal, va)
    deal(db, loyal, va, status="active")
    deal(db, loyal, va, status="cancelled")  # cancelled before any payment: not started
    deal(db, twice_but_unfunded, va)
    deal(db, twice_but_unfunded, va, status="pending_funding")
    deal(db, once, va, status="disputed")
    cancelled = deal(db, paid_then_cancelled, va, status="cancelled")
    db.add(Payment(contract_id=cancelled.id, purpose="deposit", amount_minor=30_000,
                   currency="USD", status="refunded", idempotency_key=f"dep:{cancelled.id}",
                   paid_at=T0))
    deal(db, paid_then_cancelled, va, status="completed")
    db.flush()
    figures = reputation.for_users(db, [va.id])[va.id]
    assert figures.repeat_client_counts == (2, 4)  # loyal and paid_then_cancelled of four
    assert figures.repeat_client_percent == 50


def test_empty_record_and_rounding(db, make_user):
    newcomer = make_user(is_va=True)
    figures = reputation.for_users(db, [newcomer.id, newcomer.id])
    assert list(figures) == [newcomer.id]
    assert figures[newcomer.id] == reputation.Reputation(None, 0, 0, None, (0, 0), None, (0, 0))
    assert reputation.for_users(db, []) == {}
    assert [reputation.percent(*p) for p in ((1, 3), (2, 3), (1, 8), (0, 5), (0, 0))] == [
        33, 67, 13, 0, None]


def test_visible_reviews_match_the_reputation_count(db, make_user):
    va, client = make_user(is_va=True), make_user(is_client=True)
    for n in range(3):
        contract = deal(db, client, va)
        _review(db, contract, client, va, 5 - n)
        _review(db, contract, va, client, 5)
    listed, total = reviews.visible_reviews_of(db, subject_id=va.id, now=LATER)
    figures = reputation.for_users(db, [va.id], now=LATER)[va.id]
    assert total == figures.rating_count == 3 and figures.rating_average == 4.0
    assert sorted(r.rating for r in listed) == [3, 4, 5]
