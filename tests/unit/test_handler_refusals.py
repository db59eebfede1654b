"""Every state-changing event handler is a public API: a signed-in user crafting an event for
someone else's job, quote or thread is refused with a readable message and nothing changes.

The handlers run as they do on the server: the acting user comes only from the session cookie
of the (simulated) websocket handshake, and the data is committed in a database of its own.
"""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import select

import vamarket.vamarket  # noqa: F401  (registers every page state)
from tests.conftest import app_database
from tests.unit.page_states import fire, state_as
from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.db import session_scope
from vamarket.models import Contract, Job, Message, Quote, User
from vamarket.pages.job_detail.state import JobDetailState
from vamarket.pages.job_form.state import JobFormState
from vamarket.pages.job_quotes.state import JobQuotesState
from vamarket.pages.messages.state import ThreadState
from vamarket.services import contracts, jobs, quotes, threads

REFUSED = "You are not allowed to do that."


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    """A database of its own, migrated, that the handlers' own sessions commit to."""
    with app_database(request.param, tmp_path_factory) as url:
        yield url


def _user(**roles) -> User:
    with session_scope() as session:
        email = f"{uuid.uuid4().hex[:10]}@example.com"
        user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True, **roles)
        session.add(user)
        session.flush()
        return user


@pytest.fixture
def world(app_db):
    """A client's open job with a VA's quote and their thread, plus two outsiders."""
    owner, va = _user(is_client=True), _user(is_va=True)
    other_client, other_va = _user(is_client=True), _user(is_va=True)
    with session_scope() as session:
        job = jobs.create_job(session, actor=session.get(User, owner.id), data=fixed_job(), publish=True)
        quote = quotes.send_quote(session, actor=session.get(User, va.id), job_id=job.id,
                                  data=fixed_quote())
        thread = threads.open_thread(session, actor=session.get(User, owner.id), job_id=job.id,
                                     va_id=va.id)
    return {"owner": owner, "va": va, "other_client": other_client, "other_va": other_va,
            "job": job.id, "quote": quote.id, "thread": thread.id}




def _snapshot(world) -> tuple:
    with session_scope() as session:
        job = session.get(Job, world["job"])
        quote = session.get(Quote, world["quote"])
        return (job.status, job.title, job.budget_min_minor, quote.status, quote.price_minor,
                session.exec(select(sa.func.count()).select_from(Contract)
                             .where(Contract.job_id == job.id)).one(),
                session.exec(select(sa.func.count()).select_from(Message)
                             .where(Message.thread_id == world["thread"])).one())


@pytest.mark.parametrize("action", ["shortlist", "decline", "hire", "message"])
def test_quotes_page_refuses_another_client(world, action):
    before = _snapshot(world)
    state = state_as(JobQuotesState, world["other_client"])
    state.job_ref = world["job"]  # as if the outsider had got the page to name this job
    handler = getattr(JobQuotesState, action)
    argument = world["va"].id if action == "message" else world["quote"]
    fire(state, handler, argument)
    assert state.error == REFUSED
    assert _snapshot(world) == before


def test_quotes_page_refuses_signed_out_visitor(world):
    before = _snapshot(world)
    state = state_as(JobQuotesState, None)
    fire(state, JobQuotesState.hire, world["quote"])
    assert state.error == "Please sign in first."
    assert _snapshot(world) == before


def test_quotes_page_refuses_garbage_ids(world):
    state = state_as(JobQuotesState, world["owner"])
    fire(state, JobQuotesState.shortlist, "1; DROP TABLE quotes")
    assert state.error == "That could not be found."


@pytest.mark.parametrize("event", ["pause", "close"])
def test_job_page_refuses_transitions_by_others(world, event):
    before = _snapshot(world)
    state = state_as(JobDetailState, world["other_client"])
    state._job_id = world["job"]
    fire(state, JobDetailState.transition, event)
    assert state.error == REFUSED
    assert _snapshot(world) == before


def test_job_page_refuses_withdrawing_someone_elses_quote(world):
    before = _snapshot(world)
    state = state_as(JobDetailState, world["other_va"])
    state._job_id, state._quote_id = world["job"], world["quote"]
    fire(state, JobDetailState.withdraw)
    assert state.error == REFUSED
    assert _snapshot(world) == before


def test_job_form_refuses_editing_someone_elses_job(world):
    before = _snapshot(world)
    state = state_as(JobFormState, world["other_client"], f"/jobs/{world['job']}/edit",
                     {"job_id": str(world["job"])})
    fire(state, JobFormState.load)
    assert state.error == REFUSED and state.editing == 0
    state.editing = world["job"]  # even a state that names the job cannot save over it
    state.title, state.description, state.amount = "Taken over", "x" * 40, "5"
    fire(state, JobFormState.save, False)
    assert state.error == REFUSED
    assert _snapshot(world) == before


def test_thread_refuses_outsiders(world):
    before = _snapshot(world)
    state = state_as(ThreadState, world["other_va"], f"/messages/{world['thread']}",
                     {"thread_id": str(world["thread"])})
    fire(state, ThreadState.load)
    assert state.error == REFUSED and state.items == []
    state.thread_ref, state.draft, state.error = world["thread"], "hello from outside", ""
    fire(state, ThreadState.send)
    assert state.error == REFUSED
    assert _snapshot(world) == before


def test_owner_actions_do_work_through_the_same_handlers(world):
    """The refusals above are not a broken handler: the rightful users succeed."""
    state = state_as(JobQuotesState, world["owner"], f"/jobs/{world['job']}/quotes",
                     {"job_id": str(world["job"])})
    fire(state, JobQuotesState.load)
    assert [row["id"] for row in state.rows] == [str(world["quote"])]
    fire(state, JobQuotesState.hire, world["quote"])
    assert state.error == ""
    with session_scope() as session:
        contract = session.exec(select(Contract).where(Contract.quote_id == world["quote"])).one()
        assert contract.status == "pending_funding"
        assert contracts.contract_for_party(session, actor=session.get(User, world["va"].id),
                                            contract_id=contract.id).id == contract.id
