"""Posting rules: who may post and change jobs, validation, lifecycle, what bidders see."""

import pytest
from sqlmodel import select

from tests.unit.work_factories import fixed_job, fixed_quote, hourly_job
from vamarket.errors import InvalidInput, InvalidTransition, NotFound, PermissionDenied
from vamarket.models import Job, JobSkill, Notification
from vamarket.services import jobs, quotes


@pytest.fixture
def client(make_user):
    return make_user(is_client=True)


@pytest.fixture
def va(make_user):
    return make_user(is_va=True)


def test_client_posts_a_draft_then_publishes(db, client):
    job = jobs.create_job(db, actor=client, data=fixed_job())
    assert job.status == "draft" and job.published_at is None
    assert db.exec(select(JobSkill).where(JobSkill.job_id == job.id)).one()
    jobs.transition_job(db, actor=client, job_id=job.id, event="publish")
    assert job.status == "open" and job.published_at is not None


def test_only_clients_post(db, va):
    with pytest.raises(PermissionDenied):
        jobs.create_job(db, actor=va, data=fixed_job())
    assert db.exec(select(Job)).all() == []


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": "Hi"}, "title"),
    ({"description": "too short"}, "description"),
    ({"budget_type": "barter"}, "budget_type"),
    ({"currency": "EUR"}, "currency"),
    ({"budget_min_minor": 0}, "budget_min"),
    ({"budget_min_minor": -5}, "budget_min"),
    ({"down_payment_percent": 10}, "down_payment_percent"),
    ({"down_payment_percent": 31}, "down_payment_percent"),
    ({"pilot_budget_minor": 100_000}, "pilot_budget"),
    ({"pilot_scope": "", "pilot_budget_minor": 5_000}, "pilot_scope"),
    ({"category_slug": "astrology"}, "category"),
    ({"skill_slugs": ["juggling"]}, "skills"),
])
def test_bad_fixed_job_is_refused_and_nothing_written(db, client, overrides, field):
    with pytest.raises(InvalidInput) as info:
        jobs.create_job(db, actor=client, data=fixed_job(**overrides))
    assert info.value.field == field
    assert db.exec(select(Job)).all() == []


def test_hourly_rules(db, client):
    job = jobs.create_job(db, actor=client, data=hourly_job(), publish=True)
    assert (job.budget_min_minor, job.budget_max_minor, job.hours_per_week) == (50_000, 100_000, 10)
    assert job.down_payment_percent == 0
    with pytest.raises(InvalidInput):
        jobs.create_job(db, actor=client, data=hourly_job(hours_per_week=0))
    with pytest.raises(InvalidInput):
        jobs.create_job(db, actor=client, data=hourly_job(budget_max_minor=40_000))


def test_only_owner_edits_pauses_closes(db, client, make_user):
    other = make_user(is_client=True)
    job = jobs.create_job(db, actor=client, data=fixed_job(), publish=True)
    for event in ("pause", "close"):
        with pytest.raises(PermissionDenied):
            jobs.transition_job(db, actor=other, job_id=job.id, event=event)
    with pytest.raises(PermissionDenied):
        jobs.update_job(db, actor=other, job_id=job.id, data=fixed_job(title="Taken over"))
    assert job.status == "open" and job.title == "Customer support inbox"
    jobs.transition_job(db, actor=client, job_id=job.id, event="pause")
    jobs.transition_job(db, actor=client, job_id=job.id, event="resume")
    jobs.transition_job(db, actor=client, job_id=job.id, event="close")
    assert job.status == "closed"
    with pytest.raises(InvalidTransition):
        jobs.transition_job(db, actor=client, job_id=job.id, event="resume")
    with pytest.raises(InvalidTransition):
        jobs.update_job(db, actor=client, job_id=job.id, data=fixed_job())
    with pytest.raises(InvalidTransition):
        jobs.transition_job(db, actor=client, job_id=job.id, event="hire")


def test_edit_after_quotes_tells_bidders_what_changed(db, client, va):
    job = jobs.create_job(db, actor=client, data=fixed_job(), publish=True)
    quotes.send_quote(db, actor=va, job_id=job.id, data=fixed_quote())
    jobs.update_job(db, actor=client, job_id=job.id, data=fixed_job(budget_min_minor=120_000))
    changes = jobs.job_changes(db, job.id)
    assert changes[-1]["changes"]["budget_min_minor"] == [100_000, 120_000]
    note = db.exec(select(Notification).where(Notification.user_id == va.id,
                                              Notification.kind == "job_edited")).one()
    assert "budget_min_minor" in note.payload


def test_drafts_and_hidden_jobs_are_private(db, client, va):
    job = jobs.create_job(db, actor=client, data=fixed_job())
    assert jobs.get_job(db, viewer=client, job_id=job.id).id == job.id
    for viewer in (va, None):
        with pytest.raises(NotFound):
            jobs.get_job(db, viewer=viewer, job_id=job.id)


def test_client_history_counts_jobs_and_hires(db, client, va):
    from vamarket.services import contracts

    first = jobs.create_job(db, actor=client, data=fixed_job(), publish=True)
    jobs.create_job(db, actor=client, data=hourly_job(), publish=True)
    quote = quotes.send_quote(db, actor=va, job_id=first.id, data=fixed_quote())
    contracts.hire(db, actor=client, quote_id=quote.id)
    history = jobs.client_history(db, client.id)
    assert (history.jobs_posted, history.hires, history.hire_rate_percent) == (2, 1, 50)
    assert history.rating_average is None
