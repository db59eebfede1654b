"""The review, profile and dashboard handlers are public APIs: crafted calls by outsiders,
signed-out visitors or with garbage arguments are refused with a readable message, change
nothing and show nothing private."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import select

import vamarket.vamarket  # noqa: F401  (registers every page state)
from tests.conftest import app_database
from tests.unit.page_states import fire, state_as
from tests.unit.review_factories import charge, deal
from vamarket.db import session_scope
from vamarket.models import Review, User
from vamarket.models.base import utcnow
from vamarket.pages.contract.review_state import ReviewState
from vamarket.pages.home_dashboard.state import HomeDashboardState
from vamarket.pages.public_profile.reputation_view import ProfileReputationState

REFUSED = "You are not allowed to do that."


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    """A database of its own that the handlers' own sessions commit to."""
    with app_database(request.param, tmp_path_factory) as url:
        yield url


def _user(**roles) -> User:
    with session_scope() as session:
        email = f"{uuid.uuid4().hex[:10]}@example.com"
        user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True,
                    **roles)
        session.add(user)
        session.flush()
        return user


@pytest.fixture
def world(app_db):
    """A contract completed just now between a client and a VA, one the client is still
    paying on, and an outsider with both roles."""
    client, va, outsider = _user(is_client=True), _user(is_va=True), _user(is_client=True,
                                                                            is_va=True)
    with session_scope() as session:
        done = deal(session, client, va, ended_at=utcnow(), title="Finished work")
        running = deal(session, client, va, status="active", title="Running work")
        charge(session, running, 45_000, utcnow(), f"ch_{uuid.uuid4().hex[:8]}")
    return {"client": client, "va": va, "outsider": outsider, "done": done.id,
            "running": running.id}


def _reviews() -> int:
    with session_scope() as session:
        return session.exec(select(sa.func.count()).select_from(Review)).one()


def _room(user, contract_id):
    state = state_as(ReviewState, user, f"/contracts/{contract_id}",
                     {"contract_id": str(contract_id)})
    fire(state, ReviewState.load_review)
    return state


def test_outsider_sees_nothing_and_cannot_review(world):
    before = _reviews()
    state = _room(world["outsider"], world["done"])
    assert not state.rv_shown and state.rv_mine == {} and state.rv_theirs == {}
    state._rv_contract = world["done"]  # even a state that names the contract
    fire(state, ReviewState.pick_rating, 1)
    fire(state, ReviewState.submit_review, {"body": "Never worked with them."})
    assert state.rv_error == REFUSED
    assert _reviews() == before


def test_signed_out_visitor_cannot_review(world):
    before = _reviews()
    state = state_as(ReviewState, None)
    state._rv_contract, state.rv_rating = world["done"], 5
    fire(state, ReviewState.submit_review, {"body": "Hello"})
    assert state.rv_error == "Please sign in first."
    assert _reviews() == before


def test_running_contract_shows_no_review_part_and_refuses_one(world):
    state = _room(world["client"], world["running"])
    assert not state.rv_shown
    fire(state, ReviewState.pick_rating, 5)
    fire(state, ReviewState.submit_review, {"body": "Too early."})
    assert state.rv_error == "Reviews open when the contract has ended."
    assert _reviews() == 0


@pytest.mark.parametrize("rating", ["nine", None, 0, 6, "3; drop"])
def test_garbage_ratings_are_ignored_and_refused(world, rating):
    state = _room(world["client"], world["done"])
    fire(state, ReviewState.pick_rating, rating)
    assert state.rv_rating == 0
    fire(state, ReviewState.submit_review, {"body": "Fine."})
    assert state.rv_error == "Choose a rating from 1 to 5 stars."
    fire(state, ReviewState.pick_rating, 4)
    fire(state, ReviewState.submit_review, "not a form")
    assert state.rv_error == "Write a few words about working together."
    assert _reviews() == 0


def test_parties_review_through_the_same_handlers(world):
    """The refusals above are not a broken handler: the parties succeed."""
    client_room = _room(world["client"], world["done"])
    assert client_room.rv_shown and client_room.rv_can_review
    fire(client_room, ReviewState.pick_rating, 4)
    fire(client_room, ReviewState.submit_review, {"body": "Quick and careful."})
    assert client_room.rv_error == "" and client_room.rv_mine["rating"] == "4"
    va_room = _room(world["va"], world["done"])
    assert va_room.rv_theirs == {} and "left a review" in va_room.rv_waiting_text
    fire(va_room, ReviewState.pick_rating, 5)
    fire(va_room, ReviewState.submit_review, {"body": "Clear brief."})
    assert va_room.rv_theirs["body"] == "Quick and careful."
    assert _reviews() == 2


def test_profile_paging_with_garbage_shows_only_visible_reviews(world):
    room = _room(world["client"], world["done"])
    fire(room, ReviewState.pick_rating, 2)
    fire(room, ReviewState.submit_review, {"body": "Hidden until the VA answers."})
    state = state_as(ProfileReputationState, world["outsider"], f"/u/{world['va'].id}",
                     {"profile_id": str(world["va"].id)})
    fire(state, ProfileReputationState.load_reputation)
    for page in ("x", None, -5, 10**9):
        fire(state, ProfileReputationState.show_page, page)
    assert state.rp_total == 0 and state.rp_reviews == [] and state.rp_page == 1
    assert state.rp_va["rating"] == "" and state.rp_va["jobs"] == "1"


def test_dashboard_redirects_visitors_and_shows_only_the_users_own(world):
    visitor = state_as(HomeDashboardState, None, "/dashboard")
    assert fire(visitor, HomeDashboardState.load) is not None and not visitor.loaded
    outsider = state_as(HomeDashboardState, world["outsider"], "/dashboard")
    fire(outsider, HomeDashboardState.load)
    assert outsider.loaded
    assert outsider.contracts == {"client": [], "va": []}
    assert outsider.tables == {"client": [], "va": []} and outsider.open_quotes == []
    fire(outsider, HomeDashboardState.show_currency, "client", "USD")  # not theirs: ignored
    fire(outsider, HomeDashboardState.show_currency, "admin", "USD")
    assert outsider.tables == {"client": [], "va": []}
    client = state_as(HomeDashboardState, world["client"], "/dashboard")
    fire(client, HomeDashboardState.load)
    assert [c["title"] for c in client.contracts["client"]] == ["Running work"]
    assert client.figures["spent"] == "$450.00"
    assert [row["in"] for row in client.tables["client"]] == ["$450.00"]
    client.locale_cookie = "id"  # switching language re-formats what is shown
    assert client.figures["spent"] == "US$450,00"
    assert client.tables["client"][0]["in"] == "US$450,00"
