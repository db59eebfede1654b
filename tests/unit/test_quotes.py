"""Quote validation, the milestone sum rule, who may act on a quote, and hiring."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from tests.unit.work_factories import fixed_job, fixed_quote, hourly_job, hourly_quote
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Agency, AgencyMember, Contract, Milestone, Notification, Quote
from vamarket.services import contracts, fees, jobs, quotes
from vamarket.services.quote_rules import MilestoneInput


@pytest.fixture
def client(make_user):
    return make_user(is_client=True)


@pytest.fixture
def va(make_user):
    return make_user(is_va=True)


@pytest.fixture
def open_job(db, client):
    return jobs.create_job(db, actor=client, data=fixed_job(), publish=True)


def test_va_sends_a_quote_and_client_is_notified(db, client, va, open_job):
    quote = quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    assert quote.status == "submitted" and quote.sent_by_id == va.id
    assert [m.amount_minor for m in quotes.quote_plan(db, quote.id)] == [30_000, 60_000]
    assert db.exec(select(Notification).where(Notification.user_id == client.id)).one().kind \
        == "quote_received"


@pytest.mark.parametrize(("overrides", "key"), [
    ({"milestones": [MilestoneInput("A", 30_000), MilestoneInput("B", 50_000)]},
     "error.quote_milestones_sum"),
    ({"milestones": [MilestoneInput("A", 20_000), MilestoneInput("B", 70_000)]},
     "error.quote_first_milestone"),
    ({"milestones": []}, "error.quote_milestones_count"),
    ({"milestones": [MilestoneInput("", 90_000)]}, "error.quote_milestone_title"),
    ({"milestones": [MilestoneInput("A", 100_000), MilestoneInput("B", -10_000)]},
     "error.quote_milestone_amount"),
    ({"milestones": [MilestoneInput("A", 90_000, date.today() - timedelta(days=2))]},
     "error.quote_milestone_due"),
    ({"currency": "IDR"}, "error.quote_currency"),
    ({"price_minor": 0}, "error.job_budget_range"),
    ({"cover_letter": "hi"}, "error.quote_cover_length"),
    ({"cover_letter": "x" * 5001}, "error.quote_cover_length"),
    ({"pilot_price_minor": 90_000}, "error.job_pilot_budget_total"),
    ({"pilot_days": 0}, "error.quote_pilot_days"),
])
def test_bad_quotes_are_refused_and_nothing_written(db, va, open_job, overrides, key):
    with pytest.raises(InvalidInput) as info:
        quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote(**overrides))
    assert info.value.key == key
    assert db.exec(select(Quote)).all() == []


def test_one_live_quote_per_va_and_not_on_own_job(db, client, va, open_job, make_user):
    quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    with pytest.raises(InvalidInput):
        quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    both = make_user(is_client=True, is_va=True)
    own = jobs.create_job(db, actor=both, data=fixed_job(), publish=True)
    with pytest.raises(PermissionDenied):
        quotes.send_quote(db, actor=both, job_id=own.id, data=fixed_quote())


def test_withdrawn_quote_can_be_replaced(db, va, open_job):
    first = quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    quotes.withdraw_quote(db, actor=va, quote_id=first.id)
    second = quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    assert second.id != first.id


@pytest.mark.parametrize("event", ["pause", "close"])
def test_paused_or_closed_jobs_take_no_quotes(db, client, va, open_job, event):
    jobs.transition_job(db, actor=client, job_id=open_job.id, event=event)
    with pytest.raises(InvalidTransition):
        quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())


def test_draft_job_is_not_found_for_quotes(db, client, va):
    draft = jobs.create_job(db, actor=client, data=fixed_job())
    with pytest.raises(NotFound):
        quotes.send_quote(db, actor=va, job_id=draft.id, data=fixed_quote())


def test_only_author_or_agency_owner_edits_and_withdraws(db, va, open_job, make_user):
    stranger = make_user(is_va=True)
    quote = quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    with pytest.raises(PermissionDenied):
        quotes.edit_quote(db, actor=stranger, quote_id=quote.id, data=fixed_quote(price_minor=1))
    with pytest.raises(PermissionDenied):
        quotes.withdraw_quote(db, actor=stranger, quote_id=quote.id)
    assert quote.status == "submitted" and quote.price_minor == 90_000
    owner = make_user(is_va=True)
    agency = Agency(owner_id=owner.id, name="Team", slug="team-x")
    db.add(agency)
    db.flush()
    db.add(AgencyMember(agency_id=agency.id, user_id=va.id))
    db.flush()
    edited = quotes.edit_quote(db, actor=owner, quote_id=quote.id, data=fixed_quote(
        price_minor=100_000, milestones=[MilestoneInput("All", 100_000)]))
    assert edited.price_minor == 100_000


def test_agency_owner_quotes_for_a_member_only(db, open_job, make_user, va):
    owner = make_user(is_va=True)
    member = make_user(is_va=True)
    agency = Agency(owner_id=owner.id, name="Team", slug="team-y")
    db.add(agency)
    db.flush()
    db.add(AgencyMember(agency_id=agency.id, user_id=member.id))
    db.flush()
    quote = quotes.send_quote(db, actor=owner, job_id=open_job.id,
                              data=fixed_quote(va_id=member.id))
    assert (quote.va_id, quote.sent_by_id, quote.agency_id) == (member.id, owner.id, agency.id)
    with pytest.raises(PermissionDenied):
        quotes.send_quote(db, actor=owner, job_id=open_job.id, data=fixed_quote(va_id=va.id))


def test_only_the_jobs_client_shortlists_declines_hires(db, client, va, open_job, make_user):
    other_client = make_user(is_client=True)
    quote = quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    for action in (quotes.shortlist_quote, quotes.decline_quote):
        with pytest.raises(PermissionDenied):
            action(db, actor=other_client, quote_id=quote.id)
    with pytest.raises(PermissionDenied):
        contracts.hire(db, actor=other_client, quote_id=quote.id)
    with pytest.raises(PermissionDenied):
        quotes.quotes_for_job(db, actor=va, job_id=open_job.id)
    assert quote.status == "submitted" and open_job.status == "open"
    assert db.exec(select(Contract)).all() == []


def test_viewing_marks_quotes_seen_and_decline_keeps_reason(db, client, va, open_job):
    quote = quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    assert quote.viewed_at is None
    assert [q.id for q in quotes.quotes_for_job(db, actor=client, job_id=open_job.id)] == [quote.id]
    assert quote.viewed_at is not None
    quotes.decline_quote(db, actor=client, quote_id=quote.id, reason="Budget too high")
    assert (quote.status, quote.decline_reason) == ("declined", "Budget too high")


def test_hire_fixed_copies_milestones_and_down_payment(db, client, va, open_job, make_user):
    loser = make_user(is_va=True)
    quote = quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    other = quotes.send_quote(db, actor=loser, job_id=open_job.id, data=fixed_quote())
    quotes.shortlist_quote(db, actor=client, quote_id=quote.id)
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    assert (contract.kind, contract.status, contract.total_minor) == ("fixed", "pending_funding", 90_000)
    assert contract.down_payment_percent == 30
    assert contracts.down_payment_due(contract) == 27_000
    steps = contracts.contract_milestones(db, contract.id)
    assert [(m.title, m.amount_minor, m.status) for m in steps] == [
        ("Set up and first week", 30_000, "planned"), ("Weeks two and three", 60_000, "planned")]
    assert (quote.status, other.status, open_job.status) == ("hired", "declined", "hired")
    kinds = {n.user_id: n.kind for n in db.exec(select(Notification)).all() if n.kind != "quote_received"}
    assert kinds == {va.id: "hired", loser.id: "job_filled"}
    assert contracts.hire(db, actor=client, quote_id=quote.id).id == contract.id  # resent: same


def test_hire_pilot_first_puts_the_pilot_first(db, client, va, open_job):
    quote = quotes.send_quote(db, actor=va, job_id=open_job.id, data=fixed_quote())
    contract = contracts.hire(db, actor=client, quote_id=quote.id, start_with_pilot=True)
    assert (contract.kind, contract.pilot_price_minor) == ("pilot_first", 4_000)
    first = db.exec(select(Milestone).where(Milestone.contract_id == contract.id)
                    .order_by(Milestone.position)).first()
    assert (first.is_pilot, first.amount_minor) == (True, 4_000)


def test_hire_hourly_takes_rate_and_cap(db, client, va):
    job = jobs.create_job(db, actor=client, data=hourly_job(), publish=True)
    quote = quotes.send_quote(db, actor=va, job_id=job.id, data=hourly_quote())
    with pytest.raises(InvalidInput):
        contracts.hire(db, actor=client, quote_id=quote.id, start_with_pilot=True)
    contract = contracts.hire(db, actor=client, quote_id=quote.id)
    assert (contract.kind, contract.rate_minor, contract.weekly_hour_cap, contract.currency) == (
        "hourly", 75_000, 10, "IDR")
    assert contracts.contract_milestones(db, contract.id) == []


def test_fee_preview_is_integer_and_adds_up():
    split = fees.preview(90_001, "USD", 10)
    assert (split.client_pays_minor, split.fee_minor, split.va_receives_minor) == (90_001, 9_000, 81_001)
    assert split.fee_minor + split.va_receives_minor == split.client_pays_minor
