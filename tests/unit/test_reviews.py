"""Reviews: who may review and when, once each, the rating bounds, and when a review shows."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.unit.review_factories import T0, charge, deal, release
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import AuditLog, Notification, Review
from vamarket.services import reviews

DAY = timedelta(days=1)
REVEAL = T0 + timedelta(days=14)


@pytest.fixture
def pair(make_user):
    return make_user(is_client=True, display_name="Sari"), make_user(is_va=True,
                                                                     display_name="Budi")


def _leave(db, author, contract, rating=5, body="Clear brief, paid on time.", now=T0 + DAY):
    return reviews.leave_review(db, actor=author, contract_id=contract.id, rating=rating,
                                body=body, now=now)


def test_both_parties_review_a_completed_contract_once(db, pair):
    client, va = pair
    contract = deal(db, client, va)
    by_client = _leave(db, client, contract, 4, "Good work, a little late.")
    by_va = _leave(db, va, contract, 5)
    assert (by_client.subject_id, by_client.rating) == (va.id, 4)
    assert (by_va.subject_id, by_va.rating) == (client.id, 5)
    with pytest.raises(InvalidTransition) as refused:
        _leave(db, client, contract, 1, "Changed my mind.")
    assert refused.value.key == "error.review_already_left"
    # the same review sent again (a resent event) is the same row, not a second one
    assert _leave(db, client, contract, 4, "Good work, a little late.").id == by_client.id
    assert len(db.exec(select(Review).where(Review.contract_id == contract.id)).all()) == 2


def test_outsiders_and_running_contracts_are_refused(db, pair, make_user):
    client, va = pair
    stranger = make_user(is_client=True)
    done = deal(db, client, va)
    with pytest.raises(PermissionDenied):
        _leave(db, stranger, done)
    with pytest.raises(PermissionDenied):
        reviews.for_contract(db, actor=stranger, contract_id=done.id)
    for status in ("pending_funding", "active", "disputed"):
        running = deal(db, client, va, status=status)
        with pytest.raises(InvalidTransition) as refused:
            _leave(db, client, running)
        assert refused.value.key == "error.review_not_ended"
    with pytest.raises(NotFound):
        reviews.leave_review(db, actor=client, contract_id=999_999, rating=5, body="x")
    with pytest.raises(NotFound):
        reviews.leave_review(db, actor=client, contract_id="1", rating=5, body="x")
    assert db.exec(select(Review)).all() == []


def test_cancelled_contract_only_after_money_was_released(db, pair):
    client, va = pair
    unpaid = deal(db, client, va, status="cancelled")
    with pytest.raises(InvalidTransition):
        _leave(db, va, unpaid)
    paid = deal(db, client, va, status="cancelled")
    charge(db, paid, 30_000, T0 - 5 * DAY, "ch_review_1")
    with pytest.raises(InvalidTransition):  # paid in, but nothing reached the VA
        _leave(db, va, paid)
    release(db, paid, 30_000, T0 - 2 * DAY, "milestone:review-1")
    assert _leave(db, va, paid).subject_id == client.id


@pytest.mark.parametrize("rating", [0, 6, -1, "5", 4.5, True, None])
def test_rating_must_be_a_whole_number_from_one_to_five(db, pair, rating):
    client, va = pair
    contract = deal(db, client, va)
    with pytest.raises(InvalidInput) as refused:
        _leave(db, client, contract, rating)
    assert refused.value.key == "error.rating_range"


@pytest.mark.parametrize("rating", [1, 5])
def test_rating_bounds_are_accepted(db, pair, rating):
    client, va = pair
    assert _leave(db, client, deal(db, client, va), rating).rating == rating


def test_text_is_required_and_limited(db, pair):
    client, va = pair
    contract = deal(db, client, va)
    for body, key in (("   ", "error.review_text_required"), (None, "error.review_text_required"),
                      ("x" * 2001, "error.review_text_too_long")):
        with pytest.raises(InvalidInput) as refused:
            _leave(db, client, contract, 5, body)
        assert refused.value.key == key
    assert _leave(db, client, contract, 5, "  " + "x" * 2000 + " ").body == "x" * 2000


def test_hidden_until_both_reviewed(db, pair):
    client, va = pair
    contract = deal(db, client, va)
    first = _leave(db, client, contract, 3, "Okay.")
    now = T0 + 2 * DAY
    assert not reviews.is_visible(db, first, now=now)
    seen_by_va = reviews.for_contract(db, actor=va, contract_id=contract.id, now=now)
    assert seen_by_va.theirs is None and seen_by_va.theirs_waiting and seen_by_va.can_review
    assert seen_by_va.reveal_at == REVEAL
    seen_by_client = reviews.for_contract(db, actor=client, contract_id=contract.id, now=now)
    assert seen_by_client.mine.id == first.id and not seen_by_client.can_review
    assert reviews.visible_reviews_of(db, subject_id=va.id, now=now) == ([], 0)
    _leave(db, va, contract, 5, "Great client.", now=now)
    assert reviews.is_visible(db, first, now=now)
    assert reviews.for_contract(db, actor=va, contract_id=contract.id, now=now).theirs.id == first.id
    listed, total = reviews.visible_reviews_of(db, subject_id=va.id, now=now)
    assert total == 1 and [(r.rating, r.body, r.author_name, r.subject_role)
                           for r in listed] == [(3, "Okay.", "Sari", "va")]


def test_reveal_at_both_edges_of_the_window(db, pair):
    client, va = pair
    contract = deal(db, client, va)
    review = _leave(db, client, contract, 4, "Fine.", now=REVEAL - timedelta(seconds=1))
    just_before = REVEAL - timedelta(microseconds=1)
    assert not reviews.is_visible(db, review, now=just_before)
    assert reviews.visible_reviews_of(db, subject_id=va.id, now=just_before)[1] == 0
    assert reviews.is_visible(db, review, now=REVEAL)
    assert reviews.visible_reviews_of(db, subject_id=va.id, now=REVEAL)[1] == 1
    # the window to leave one closes at the same moment
    assert reviews.for_contract(db, actor=va, contract_id=contract.id,
                                now=just_before).can_review
    with pytest.raises(InvalidTransition) as refused:
        _leave(db, va, contract, 1, "Too late.", now=REVEAL)
    assert refused.value.key == "error.review_window_closed"
    closed = reviews.for_contract(db, actor=va, contract_id=contract.id, now=REVEAL)
    assert closed.window_closed and not closed.can_review and closed.theirs.id == review.id


def test_window_follows_the_setting(db, pair, monkeypatch):
    from vamarket import settings

    monkeypatch.setenv("REVIEW_REVEAL_DAYS", "3")
    settings.get_settings.cache_clear()
    try:
        client, va = pair
        contract = deal(db, client, va)
        review = _leave(db, client, contract, 4, "Fine.")
        assert not reviews.is_visible(db, review, now=T0 + 3 * DAY - timedelta(seconds=1))
        assert reviews.is_visible(db, review, now=T0 + 3 * DAY)
    finally:
        monkeypatch.delenv("REVIEW_REVEAL_DAYS")
        settings.get_settings.cache_clear()


def test_the_other_side_is_told_and_the_audit_log_records_it(db, pair):
    client, va = pair
    contract = deal(db, client, va, title="Shop inbox")
    review = _leave(db, client, contract)
    told = db.exec(select(Notification).where(Notification.user_id == va.id)).all()
    assert [(n.kind, json.loads(n.payload)["title"], n.link) for n in told] == [
        ("review_left", "Shop inbox", f"/contracts/{contract.id}")]
    _leave(db, va, contract)
    kinds = db.exec(select(Notification.user_id, Notification.kind)
                    .where(Notification.kind == "reviews_visible")).all()
    assert sorted(kinds) == sorted([(client.id, "reviews_visible"), (va.id, "reviews_visible")])
    entry = db.exec(select(AuditLog).where(AuditLog.action == "review.left",
                                           AuditLog.object_id == review.id)).one()
    assert (entry.actor_id, entry.contract_id) == (client.id, contract.id)


def test_reviews_to_leave_lists_ended_contracts_without_the_actors_review(db, pair):
    client, va = pair
    first, second = deal(db, client, va), deal(db, client, va)
    deal(db, client, va, status="active")
    _leave(db, client, first)
    assert reviews.reviews_to_leave(db, actor=client, now=T0 + DAY) == [second.id]
    assert reviews.reviews_to_leave(db, actor=va, now=T0 + DAY) == [first.id, second.id]
    assert reviews.reviews_to_leave(db, actor=va, now=REVEAL) == []


def test_profile_list_pages_newest_first(db, pair, make_user):
    client, va = pair
    for n in range(7):
        contract = deal(db, client, va, title=f"Job {n}")
        _leave(db, client, contract, 1 + n % 5, f"Review {n}", now=T0 + n * timedelta(hours=1))
    page_one, total = reviews.visible_reviews_of(db, subject_id=va.id, now=REVEAL)
    page_two, _ = reviews.visible_reviews_of(db, subject_id=va.id, page=2, now=REVEAL)
    assert total == 7
    assert [r.body for r in page_one] == [f"Review {n}" for n in (6, 5, 4, 3, 2)]
    assert [r.body for r in page_two] == ["Review 1", "Review 0"]


@pytest.mark.parametrize("raw", ["0", "91", "two weeks"])
def test_a_bad_reveal_setting_stops_start_up_with_its_name(raw, tmp_path):
    from vamarket.settings import SettingsError, load_settings

    with pytest.raises(SettingsError, match="REVIEW_REVEAL_DAYS"):
        load_settings({"REVIEW_REVEAL_DAYS": raw}, env_file=tmp_path / "none.env")
    assert load_settings({}, env_file=tmp_path / "none.env").review_reveal_days == 14
