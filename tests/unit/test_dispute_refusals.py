"""Dispute, cancellation and admin page handlers are public APIs: a party of another contract,
a non-admin on the admin pages, or crafted ids get a readable refusal and nothing changes."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
import reflex as rx
import sqlalchemy as sa
from sqlmodel import select

import vamarket.vamarket  # noqa: F401  (registers every page state)
from tests.conftest import app_database, run_async
from tests.unit.page_states import fire, state_as
from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.db import session_scope
from vamarket.models import (
    AuditLog,
    CancellationRequest,
    Dispute,
    DisputeStatement,
    Job,
    Milestone,
    User,
)
from vamarket.pages.admin_disputes.state import AdminDisputesState
from vamarket.pages.admin_jobs.state import AdminJobsState
from vamarket.pages.admin_users.state import AdminUsersState
from vamarket.pages.contract.cancellation_state import CancellationState
from vamarket.pages.contract.dispute_state import DisputeState
from vamarket.services import contracts, disputes, jobs, quotes

REFUSED = "You are not allowed to do that."
NOT_FOUND = "That could not be found."
ADMIN = "refusals-admin@example.com"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    """A database of its own, migrated, that the handlers' own sessions commit to."""
    with app_database(request.param, tmp_path_factory, ADMIN_EMAILS=ADMIN,
                      FILES_DIR=str(tmp_path_factory.mktemp("files"))) as url:
        yield url


def _user(email: str = "", **roles) -> User:
    with session_scope() as session:
        email = email or f"{uuid.uuid4().hex[:10]}@example.com"
        found = session.exec(select(User).where(User.email == email)).first()
        if found is not None:
            return found
        user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True,
                    **roles)
        session.add(user)
        session.flush()
        return user


def _contract(client: User, va: User) -> tuple[int, list[int]]:
    with session_scope() as session:
        job = jobs.create_job(session, actor=session.get(User, client.id), data=fixed_job(),
                              publish=True)
        quote = quotes.send_quote(session, actor=session.get(User, va.id), job_id=job.id,
                                  data=fixed_quote())
        contract = contracts.hire(session, actor=session.get(User, client.id), quote_id=quote.id)
        contract.status = "active"
        steps = contracts.contract_milestones(session, contract.id)
        for step in steps:
            step.status = "funded"
        session.add_all([contract, *steps])
        return contract.id, [s.id for s in steps]


@pytest.fixture
def world(app_db):
    """Two contracts with funded milestones; the first has an open dispute on milestone 1."""
    client, va = _user(is_client=True), _user(is_va=True)
    other_client, other_va = _user(is_client=True), _user(is_va=True)
    contract, steps = _contract(client, va)
    other_contract, other_steps = _contract(other_client, other_va)
    with session_scope() as session:
        dispute = disputes.open_dispute(session, actor=session.get(User, client.id),
                                        contract_id=contract, milestone_id=steps[0],
                                        reason="Late")
    return {"client": client, "va": va, "other_client": other_client, "other_va": other_va,
            "admin": _user(ADMIN), "contract": contract, "steps": steps,
            "other_contract": other_contract, "other_steps": other_steps,
            "dispute": dispute.id}


def _counts() -> tuple:
    with session_scope() as session:
        count = lambda model: session.exec(  # noqa: E731
            select(sa.func.count()).select_from(model)).one()
        statuses = tuple(session.exec(select(Milestone.status).order_by(Milestone.id)).all())
        return (count(Dispute), count(DisputeStatement), count(CancellationRequest), statuses,
                count(AuditLog), tuple(session.exec(select(Job.hidden)).all()),
                tuple(session.exec(select(User.status).order_by(User.id)).all()))


def _files(name: str, data: bytes) -> list[rx.UploadFile]:
    return [rx.UploadFile(file=io.BytesIO(data), path=Path(name))]


def _dispute_state(world, who: str, contract: str = "contract") -> DisputeState:
    state = state_as(DisputeState, world[who])
    state.contract_ref = world[contract]  # as if crafted by the browser
    return state


@pytest.mark.parametrize("outsider", ["other_client", "other_va"])
def test_outsider_cannot_open_or_write_in_a_dispute(world, outsider):
    before = _counts()
    state = _dispute_state(world, outsider)
    fire(state, DisputeState.load_disputes)
    assert state.dispute_rows == [] and state.statement_rows == [] and state.disputable == []
    state.confirm_kind, state.confirm_ref, state.reason_draft = "milestone", str(world["steps"][1]), "x"
    fire(state, DisputeState.confirm_dispute)
    assert state.dispute_error == REFUSED
    state.active_dispute, state.statement_draft = str(world["dispute"]), "I know better"
    run_async(DisputeState.add_statement.fn(state, _files("a.txt", b"hello\n")))
    assert state.dispute_error == REFUSED
    assert _counts() == before


def test_party_cannot_dispute_another_contracts_milestone(world):
    before = _counts()
    state = _dispute_state(world, "client")
    state.confirm_kind, state.confirm_ref = "milestone", str(world["other_steps"][0])
    state.reason_draft = "crafted"
    fire(state, DisputeState.confirm_dispute)
    assert state.dispute_error == NOT_FOUND
    for kind, ref in (("milestone", "1; DROP TABLE disputes"), ("week", "-3"), ("x", "1")):
        fire(state, DisputeState.ask_to_dispute, kind, ref)
        assert state.dispute_error == NOT_FOUND and not state.confirm_open
    state.confirm_kind, state.confirm_ref = "milestone", "abc"
    fire(state, DisputeState.confirm_dispute)
    assert state.dispute_error == NOT_FOUND
    assert _counts() == before


def test_statement_on_another_contracts_dispute_is_refused(world):
    with session_scope() as session:
        theirs = disputes.open_dispute(session, actor=session.get(User, world["other_va"].id),
                                       contract_id=world["other_contract"],
                                       milestone_id=world["other_steps"][0], reason="Unpaid")
    before = _counts()
    state = _dispute_state(world, "va")
    state.active_dispute, state.statement_draft = str(theirs.id), "crafted"
    run_async(DisputeState.add_statement.fn(state, []))
    assert state.dispute_error == REFUSED
    state.active_dispute = "99999999999"
    run_async(DisputeState.add_statement.fn(state, []))
    assert state.dispute_error == NOT_FOUND
    assert _counts() == before


def test_party_adds_a_statement_with_a_file(world):
    state = _dispute_state(world, "va")
    fire(state, DisputeState.load_disputes)
    assert state.active_dispute == str(world["dispute"])
    state.statement_draft = "Delivered on the 3rd"
    run_async(DisputeState.add_statement.fn(state, _files("log.txt", b"sent 3 Dec\n")))
    assert state.dispute_error == ""
    assert [r["body"] for r in state.statement_rows] == ["Delivered on the 3rd"]
    assert [r["name"] for r in state.evidence_rows] == ["log.txt"]


@pytest.mark.parametrize("outsider", ["other_client", "other_va"])
def test_outsider_cannot_touch_cancellation_requests(world, outsider):
    with session_scope() as session:
        from vamarket.payments import cancellation
        asked = cancellation.request_cancellation(
            session, actor=session.get(User, world["client"].id), contract_id=world["contract"],
            milestone_id=world["steps"][1], reason="Plans changed")
    before = _counts()
    state = state_as(CancellationState, world[outsider])
    state.contract_ref = world["contract"]
    state.cancel_target, state.cancel_reason = str(world["steps"][1]), "crafted"
    fire(state, CancellationState.send_cancel_request)
    assert state.cancel_error == REFUSED
    fire(state, CancellationState.answer_cancel, str(asked.id), True)
    assert state.cancel_error == REFUSED
    fire(state, CancellationState.withdraw_cancel, str(asked.id))
    assert state.cancel_error == REFUSED
    fire(state, CancellationState.answer_cancel, "1 OR 1=1", True)
    assert state.cancel_error == NOT_FOUND
    assert _counts() == before
    fire(state, CancellationState.load_cancellations)  # reading them is refused too
    assert (state.request_rows, state.cancel_choices, state.can_request) == ([], [], False)
    party = state_as(CancellationState, world["va"])
    party.contract_ref = world["contract"]
    fire(party, CancellationState.load_cancellations)
    assert [r["id"] for r in party.request_rows] == [str(asked.id)]


def test_asker_cannot_accept_own_request_and_crafted_targets_are_refused(world):
    state = state_as(CancellationState, world["client"])
    state.contract_ref = world["contract"]
    state.cancel_target, state.cancel_reason = str(world["other_steps"][1]), "crafted"
    fire(state, CancellationState.send_cancel_request)
    assert state.cancel_error == NOT_FOUND
    state.cancel_target = str(world["steps"][1])
    fire(state, CancellationState.send_cancel_request)
    assert state.cancel_error == ""
    [row] = [r for r in state.request_rows if r["status"] == "pending"]
    before = _counts()
    fire(state, CancellationState.answer_cancel, row["id"], True)
    assert state.cancel_error == REFUSED
    assert _counts() == before


@pytest.mark.parametrize("who", ["client", "va"])
def test_admin_pages_refuse_non_admins(world, who):
    before = _counts()
    for cls in (AdminUsersState, AdminJobsState, AdminDisputesState):
        state = state_as(cls, world[who], "/admin")
        fire(state, cls.load)
        assert state.error == REFUSED and state.rows == [] and not state.loaded
    users = state_as(AdminUsersState, world[who])
    users.rows = [{"id": str(world["other_va"].id), "email": "x", "name": "x"}]  # crafted
    fire(users, AdminUsersState.ask_suspend, str(world["other_va"].id), True)
    users.reason = "crafted"
    fire(users, AdminUsersState.confirm)
    assert users.error == REFUSED
    jobs_state = state_as(AdminJobsState, world[who])
    jobs_state.rows = [{"id": "1", "title": "x"}]
    fire(jobs_state, AdminJobsState.ask_hide, "1", True)
    jobs_state.reason = "crafted"
    fire(jobs_state, AdminJobsState.confirm)
    assert jobs_state.error == REFUSED
    decide = state_as(AdminDisputesState, world[who])
    fire(decide, AdminDisputesState.review, str(world["dispute"]))
    assert decide.error == REFUSED and decide.said == [] and decide.selected == {}
    decide.selected = {"id": str(world["dispute"]), "amount_minor": "30000"}
    decide._released = 30_000
    fire(decide, AdminDisputesState.resolve)
    assert decide.error == REFUSED
    assert _counts() == before


def test_admin_reads_both_sides_and_crafted_ids_are_refused(world):
    state = state_as(AdminDisputesState, world["admin"], "/admin/disputes")
    fire(state, AdminDisputesState.load)
    assert str(world["dispute"]) in [r["id"] for r in state.rows]
    fire(state, AdminDisputesState.review, "9999999")
    assert state.error == NOT_FOUND
    fire(state, AdminDisputesState.review, str(world["dispute"]))
    assert state.selected["id"] == str(world["dispute"])
    fire(state, AdminDisputesState.set_released, "400")  # more than the 300.00 disputed
    assert state.split["error"] and state._released == -1
    fire(state, AdminDisputesState.ask_resolve)
    assert not state.confirm_open
    fire(state, AdminDisputesState.set_released, "120.50")
    assert state.split["refunded"] == "$179.50" and state.split["va_gets"] == "$108.45"


def test_admin_lists_users_and_jobs(world):
    users = state_as(AdminUsersState, world["admin"], "/admin/users")
    fire(users, AdminUsersState.load)
    assert users.loaded and users.error == ""
    assert str(world["va"].id) in [r["id"] for r in users.rows]
    listed = state_as(AdminJobsState, world["admin"], "/admin/jobs")
    fire(listed, AdminJobsState.load)
    assert listed.loaded and listed.error == "" and listed.rows
