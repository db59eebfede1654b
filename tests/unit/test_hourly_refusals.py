"""Every handler of the contract room's hours is a public API: a VA of another contract, a
client trying to log time, a VA approving their own week, crafted timesheet and entry ids and a
signed-out visitor are refused with a readable message, and nothing changes.

The handlers run as on the server: the acting user comes only from the session cookie, and the
data is committed in a database of its own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

import vamarket.vamarket  # noqa: F401  (registers every page state)
from tests.conftest import app_database
from tests.unit.page_states import fire, state_as
from tests.unit.work_factories import hourly_job, hourly_quote
from vamarket.db import session_scope
from vamarket.models import Dispute, Payment, TimeEntry, Timesheet, User
from vamarket.pages.contract.hourly_state import HourlyState as H
from vamarket.services import contracts, jobs, quotes, timesheets

REFUSED = "You are not allowed to do that."
NOT_FOUND = "That could not be found."
TODAY = date.today()
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    """A database of its own, migrated, that the handlers' own sessions commit to."""
    with app_database(request.param, tmp_path_factory) as url:
        yield url


@dataclass
class Room:
    contract: int
    client: User
    va: User
    open_entry: int  # an entry of this week (open)
    submitted: int  # last week, submitted


def _user(**roles) -> User:
    with session_scope() as session:
        email = f"{uuid.uuid4().hex[:10]}@example.com"
        user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True,
                    **roles)
        session.add(user)
        session.flush()
        return user


def _room() -> Room:
    """An active hourly contract: an hour logged this week, a submitted week before it."""
    client, va = _user(is_client=True), _user(is_va=True)
    with session_scope() as session:
        job = jobs.create_job(session, actor=client, data=hourly_job(), publish=True)
        quote = quotes.send_quote(session, actor=va, job_id=job.id, data=hourly_quote())
        contract = contracts.hire(session, actor=client, quote_id=quote.id)
        contract.status = "active"
        session.add(contract)
        session.flush()
        log = dict(actor=va, contract_id=contract.id, minutes=60, description="Reports")
        timesheets.log_time(session, work_date=LAST_MONDAY, today=TODAY, **log)
        entry = timesheets.log_time(session, work_date=TODAY, **log)
        week = timesheets.submit_week(session, actor=va, contract_id=contract.id,
                                      iso_week=timesheets.iso_week(LAST_MONDAY))
        return Room(contract.id, client, va, entry.id, week.id)


@pytest.fixture(scope="module")
def world(app_db) -> dict[str, Room]:
    """Two hourly contracts with different clients and VAs."""
    return {"mine": _room(), "theirs": _room()}


def _snapshot() -> tuple:
    with session_scope() as session:
        weeks = session.exec(select(Timesheet.id, Timesheet.status, Timesheet.approved_minutes)
                             .order_by(Timesheet.id)).all()
        entries = session.exec(select(TimeEntry.id).order_by(TimeEntry.id)).all()
        count = lambda model: session.exec(select(sa.func.count()).select_from(model)).one()  # noqa: E731
        return (tuple(weeks), tuple(entries), count(Dispute), count(Payment))


def _in_room(user: User | None, room: Room):
    state = state_as(H, user, f"/contracts/{room.contract}", {"contract_id": str(room.contract)})
    state.contract_ref = room.contract  # as the page's load leaves it
    return state


def _every_handler(room: Room) -> list[tuple]:
    form = {"work_date": TODAY.isoformat(), "duration": "1:00", "description": "Crafted"}
    week = str(room.submitted)
    return [(H.log_time, form), (H.delete_entry, str(room.open_entry)),
            (H.submit_week, timesheets.iso_week(TODAY)), (H.approve_week, week),
            (H.retry_charge, week), (H.dispute_week, week, {"reason": "Crafted"})]


@pytest.mark.parametrize("index", range(6))
def test_a_va_of_another_contract_is_refused_everything(world, index):
    before = _snapshot()
    state = _in_room(world["theirs"].va, world["mine"])
    handler, *args = _every_handler(world["mine"])[index]
    fire(state, handler, *args)
    assert state.hourly_error == REFUSED
    assert (state.weeks, state.entries) == ([], [])
    assert _snapshot() == before


def test_a_va_of_another_contract_sees_no_weeks(world):
    state = _in_room(world["theirs"].va, world["mine"])
    fire(state, H.load_hourly)
    assert (state.hourly_on, state.weeks, state.entries) == (False, [], [])
    mine = _in_room(world["mine"].va, world["mine"])
    fire(mine, H.load_hourly)
    assert mine.hourly_on and len(mine.weeks) == 2 and len(mine.entries) == 2


@pytest.mark.parametrize("index", range(3))
def test_the_client_cannot_log_delete_or_submit_time(world, index):
    before = _snapshot()
    room = world["mine"]
    state = _in_room(room.client, room)
    handler, *args = _every_handler(room)[index]
    fire(state, handler, *args)
    assert state.hourly_error == REFUSED
    assert _snapshot() == before


@pytest.mark.parametrize("index", range(3, 6))
def test_the_va_cannot_approve_retry_or_dispute_their_own_week(world, index):
    before = _snapshot()
    room = world["mine"]
    state = _in_room(room.va, room)
    handler, *args = _every_handler(room)[index]
    fire(state, handler, *args)
    assert state.hourly_error == REFUSED
    assert _snapshot() == before


@pytest.mark.parametrize("crafted", ["theirs", "1; DROP TABLE timesheets", "", "99999999", None])
def test_crafted_week_ids_are_not_found(world, crafted):
    before = _snapshot()
    room = world["mine"]
    week = str(world["theirs"].submitted) if crafted == "theirs" else crafted
    for handler in (H.approve_week, H.retry_charge, H.dispute_week):
        state = _in_room(room.client, room)
        fire(state, handler, week)
        assert state.hourly_error == NOT_FOUND, handler
    assert _snapshot() == before


@pytest.mark.parametrize("crafted", ["theirs", "abc", "-1"])
def test_crafted_entry_ids_are_not_found(world, crafted):
    before = _snapshot()
    room = world["mine"]
    entry = str(world["theirs"].open_entry) if crafted == "theirs" else crafted
    state = _in_room(room.va, room)
    fire(state, H.delete_entry, entry)
    assert state.hourly_error == NOT_FOUND
    assert _snapshot() == before


@pytest.mark.parametrize("form", [None, "text", {"work_date": "2026-13-45", "duration": "1:00",
                                                  "description": "x"},
                                  {"work_date": TODAY.isoformat(), "duration": "9999",
                                   "description": "x"},
                                  {"work_date": TODAY.isoformat(), "duration": "1:00",
                                   "description": ["not", "text"]}])
def test_malformed_time_forms_get_a_message_and_write_nothing(world, form):
    before = _snapshot()
    room = world["mine"]
    state = _in_room(room.va, room)
    fire(state, H.log_time, form)
    assert state.hourly_error and state.hourly_error not in (REFUSED, NOT_FOUND)
    assert _snapshot() == before


def test_a_signed_out_visitor_is_asked_to_sign_in(world):
    before = _snapshot()
    room = world["mine"]
    for handler, *args in _every_handler(room):
        state = _in_room(None, room)
        fire(state, handler, *args)
        assert state.hourly_error == "Please sign in first."
    assert _snapshot() == before


def test_reasons_typed_for_crafted_weeks_are_ignored(world):
    room = world["mine"]
    state = _in_room(room.client, room)
    fire(state, H.set_reason, "../etc", "text")
    fire(state, H.set_reason, str(room.submitted), "x" * 5000)
    assert list(state._reasons) == [str(room.submitted)]
    assert len(state._reasons[str(room.submitted)]) == 2000
