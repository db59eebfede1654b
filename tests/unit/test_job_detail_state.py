"""The job page's state end to end: reading the job as its owner, a VA or a visitor, the quote
form's live previews, and sending, editing and withdrawing a quote through the real handlers.

The handlers run as on the server: the acting user comes only from the session cookie of the
(simulated) websocket handshake, and the data is committed in a database of its own.
"""

from __future__ import annotations

import uuid

import pytest
from reflex.istate.data import RouterData
from sqlmodel import select

import vamarket.vamarket  # noqa: F401  (registers every page state)
from tests.conftest import app_database
from tests.unit.page_states import fire, state_as
from tests.unit.work_factories import fixed_job
from vamarket.db import session_scope
from vamarket.models import Job, Quote, User
from vamarket.pages.job_detail.state import JobDetailState as S
from vamarket.services import jobs


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
    """A client's published fixed-price job and a VA who has not quoted yet."""
    owner, va = _user(is_client=True), _user(is_va=True)
    with session_scope() as session:
        job = jobs.create_job(session, actor=session.get(User, owner.id), data=fixed_job(), publish=True)
    return {"owner": owner, "va": va, "job": job.id}


def _at(user: User | None, path: str) -> S:
    """The page state for `user` with the browser at `path` (the handlers read the address)."""
    state = state_as(S, user, path)
    root = state.parent_state.parent_state
    root.router = RouterData.from_router_data(
        {"headers": {"cookie": root.router.headers.cookie}, "pathname": path, "asPath": path})
    return state


def _page(world, who: str | None) -> S:
    state = _at(world[who] if who else None, f"/jobs/{world['job']}")
    fire(state, S.load)
    return state


def _type_quote(state: S) -> None:
    fire(state, S.set_cover, "I have handled support inboxes for three online shops.")
    fire(state, S.set_price, "900")
    fire(state, S.set_duration, "3")
    fire(state, S.set_milestone, 0, "title", "Set up and first week")
    fire(state, S.set_milestone, 0, "amount", "300")
    fire(state, S.add_milestone)
    fire(state, S.set_milestone, 1, "title", "Weeks two and three")
    fire(state, S.set_milestone, 1, "amount", "600")


def test_visitor_reads_the_job_but_cannot_quote(world):
    state = _page(world, None)
    assert state.loaded and state.found and state.j_id == world["job"]
    assert state.j_title == "Customer support inbox" and state.budget_text == "$1,000.00"
    assert state.pilot_budget_text == "$50.00" and state.j_down == 30
    assert not state.is_owner and not state.can_quote and state.changes == []
    assert state.signin_href.startswith("/signin") and str(world["job"]) in state.signin_href


def test_unknown_job_is_not_found(world):
    state = _at(world["va"], "/jobs/999999")
    fire(state, S.load)
    assert state.loaded and not state.found


def test_quote_form_previews_what_was_typed(world):
    state = _page(world, "va")
    assert state.can_quote and not state.has_quote
    _type_quote(state)
    assert state.price_text == "$900.00" and state.plan_sum_text == "$900.00"
    assert state.plan_matches and state.first_covers_down
    assert state.first_minimum_text == "$270.00"
    assert state.fee_platform and state.fee_client_pays and state.fee_you_receive
    fire(state, S.set_milestone, 0, "amount", "100")
    assert not state.plan_matches and not state.first_covers_down
    fire(state, S.remove_milestone, 1)
    fire(state, S.remove_milestone, 0)  # one row always stays
    assert len(state.milestones) == 1


def test_send_edit_and_withdraw_a_quote(world):
    state = _page(world, "va")
    _type_quote(state)
    fire(state, S.submit_quote)
    assert state.error == "" and state.notice == "Your quote was sent."
    assert state.has_quote and state.quote_count == 1 and state.my_price_text == "$900.00"
    assert [step["amount"] for step in state.my_plan_view] == ["$300.00", "$600.00"]
    assert state.q_price == "" and not state.editing

    fire(state, S.start_edit)
    assert state.editing and state.q_price == "900.00" and state.q_duration == "3"
    fire(state, S.set_price, "1,000")
    fire(state, S.set_milestone, 1, "amount", "700")
    fire(state, S.submit_quote)
    assert state.error == "" and state.notice == "Your quote was updated."
    assert state.my_price_text == "$1,000.00"

    fire(state, S.withdraw)
    assert state.notice == "Your quote was withdrawn."
    assert not state.has_quote and state.quote_count == 0 and state._quote_id == 0
    with session_scope() as session:
        statuses = session.exec(select(Quote.status).where(Quote.job_id == world["job"])).all()
    assert statuses == ["withdrawn"]


def test_owner_pauses_the_job(world):
    state = _page(world, "owner")
    assert state.is_owner and not state.can_quote
    fire(state, S.transition, "pause")
    assert state.error == "" and state.j_status == "paused" and state.notice
    with session_scope() as session:
        assert session.get(Job, world["job"]).status == "paused"
    fire(state, S.transition, "explode")  # not an event the page offers: nothing happens
    assert state.j_status == "paused"
