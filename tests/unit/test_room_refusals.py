"""The contract room's plan and timeline handlers are public APIs: a crafted event from
someone who is not the right party (or not signed in, or with garbage arguments) is refused
with a readable message and changes nothing; the rightful users succeed through the same
handlers. They run as on the server, committed to a database of their own."""

from __future__ import annotations

import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import select

import vamarket.vamarket  # noqa: F401  (registers every page state)
from tests.conftest import app_database, run_async
from tests.unit.page_states import fire, state_as
from tests.unit.work_factories import fixed_job, fixed_quote
from vamarket.db import session_scope
from vamarket.models import Attachment, Contract, Milestone, User
from vamarket.pages.contract.plan_state import PlanState
from vamarket.pages.contract.timeline_state import TimelineState
from vamarket.services import contracts, jobs, quotes, submission_files, timeline

REFUSED = "You are not allowed to do that."
NOT_FOUND = "That could not be found."
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def app_db(request, tmp_path_factory):
    """A database of its own, migrated, that the handlers' own sessions commit to."""
    files = tmp_path_factory.mktemp("files")
    with app_database(request.param, tmp_path_factory, FILES_DIR=str(files)) as url:
        yield url


def _user(**roles) -> User:
    with session_scope() as session:
        email = f"{uuid.uuid4().hex[:10]}@example.com"
        user = User(email=email, email_verified=True, display_name=email[:6], onboarded=True,
                    **roles)
        session.add(user)
        session.flush()
        return user


def _contract(client: User, va: User, pilot_first: bool) -> int:
    with session_scope() as session:
        job = jobs.create_job(session, actor=session.get(User, client.id), data=fixed_job(),
                              publish=True)
        quote = quotes.send_quote(session, actor=session.get(User, va.id), job_id=job.id,
                                  data=fixed_quote())
        contract = contracts.hire(session, actor=session.get(User, client.id), quote_id=quote.id,
                                  start_with_pilot=pilot_first)
        contract.status = "active"
        steps = contracts.contract_milestones(session, contract.id)
        steps[0].status = "released" if pilot_first else "funded"
        if not pilot_first:
            session.add(Milestone(contract_id=contract.id, position=3, title="Proposed extra",
                                  amount_minor=5_000, status="proposed"))
        session.add_all([contract, *steps])
        session.flush()
        if not pilot_first:
            submission_files.add_file(session, actor=session.get(User, va.id),
                                      milestone_id=steps[0].id, filename="draft.pdf", data=PDF)
        return contract.id


@pytest.fixture
def world(app_db):
    """A fixed contract (1 funded with a file not handed in, 2 planned, 3 proposed), a
    pilot-first contract whose pilot is released, and two outsiders."""
    client, va = _user(is_client=True), _user(is_va=True)
    fixed = _contract(client, va, pilot_first=False)
    piloted = _contract(client, va, pilot_first=True)
    with session_scope() as session:
        file_id = session.exec(select(Attachment.id).where(Attachment.kind == "submission")
                               .order_by(Attachment.id.desc())).first()
    return {"client": client, "va": va, "other_client": _user(is_client=True),
            "other_va": _user(is_va=True, is_client=True), "fixed": fixed, "pilot": piloted,
            "file": file_id}


def _snapshot(world) -> tuple:
    with session_scope() as session:
        found = []
        for key in ("fixed", "pilot"):
            contract = session.get(Contract, world[key])
            found.append((contract.status, contract.pilot_outcome, contract.total_minor, tuple(
                (m.position, m.status) for m in contracts.contract_milestones(session, contract.id))))
        files = session.exec(select(sa.func.count()).select_from(Attachment)
                             .where(Attachment.kind == "submission")).one()
        return tuple(found), files


class Upload:
    """A dropped file as Reflex hands it to an upload handler."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data = name, data

    async def read(self, size: int = -1) -> bytes:
        return self._data


def _upload(state, files) -> None:
    async def drain() -> None:
        async for _ in PlanState.add_submission_files.fn(state, files):
            pass
    run_async(drain())


PLAN_EVENTS = [("propose_milestone", ("fixed", {"title": "More", "amount": "50"})),
               ("accept_milestone", ("fixed", 3)), ("decline_milestone", ("fixed", 3)),
               ("cancel_milestone", ("fixed", 2)), ("cancel_milestone", ("fixed", 3)),
               ("choose_pilot", ("pilot", "continue")), ("choose_pilot", ("pilot", "end")),
               ("remove_submission_file", ("fixed", "FILE")), ("fund_milestone", ("pilot", 1))]


def _state(world, who: str, contract: str):
    state = state_as(PlanState, world[who] if who else None)
    state.contract_ref = world[contract]  # as if the page named this contract
    return state


@pytest.mark.parametrize("outsider", ["other_client", "other_va"])
@pytest.mark.parametrize("event,args", PLAN_EVENTS)
def test_plan_handlers_refuse_non_parties(world, outsider, event, args):
    before = _snapshot(world)
    contract, argument = args
    state = _state(world, outsider, contract)
    argument = str(world["file"]) if argument == "FILE" else argument
    result = fire(state, getattr(PlanState, event), argument)
    assert state.error == REFUSED
    assert result is None and state.steps == [] and state.room == {}
    assert _snapshot(world) == before


@pytest.mark.parametrize("event,args,who", [
    ("propose_milestone", ("fixed", {"title": "More", "amount": "50"}), "va"),
    ("accept_milestone", ("fixed", 3), "client"), ("decline_milestone", ("fixed", 3), "client"),
    ("cancel_milestone", ("fixed", 3), "va"), ("choose_pilot", ("pilot", "end"), "va"),
    ("remove_submission_file", ("fixed", "FILE"), "client")])
def test_plan_handlers_refuse_the_other_party(world, event, args, who):
    before = _snapshot(world)
    contract, argument = args
    state = _state(world, who, contract)
    argument = str(world["file"]) if argument == "FILE" else argument
    fire(state, getattr(PlanState, event), argument)
    assert state.error == REFUSED
    assert _snapshot(world) == before


def test_uploads_are_refused_to_everyone_but_the_va(world):
    before = _snapshot(world)
    for who in ("client", "other_va", "other_client"):
        state = _state(world, who, "fixed")
        state.files_pos = "1"
        _upload(state, [Upload("work.pdf", PDF)])
        assert REFUSED in state.files_error or state.error == REFUSED
    state = _state(world, "va", "fixed")
    state.files_pos = "1; DROP TABLE attachments"
    _upload(state, [Upload("work.pdf", PDF)])
    assert NOT_FOUND in state.files_error
    state = _state(world, "va", "fixed")
    state.files_pos = "1"
    _upload(state, [Upload("evil.pdf", b"MZ\x90\x00 not a pdf")])
    assert "evil.pdf:" in state.files_error
    assert _snapshot(world) == before


def test_signed_out_and_garbage_arguments(world):
    before = _snapshot(world)
    state = _state(world, "", "fixed")
    fire(state, PlanState.accept_milestone, 3)
    assert state.error == "Please sign in first."
    state = _state(world, "va", "fixed")
    for garbage in ("3; DROP TABLE milestones", None, 99, [1]):
        fire(state, PlanState.accept_milestone, garbage)
        assert state.error == NOT_FOUND
    fire(state, PlanState.remove_submission_file, "x" * 40)
    assert state.error == NOT_FOUND
    state = _state(world, "client", "fixed")
    fire(state, PlanState.propose_milestone, "not a form")
    assert state.error and state.error != REFUSED
    fire(state, PlanState.propose_milestone, {"title": "More", "amount": "abc"})
    assert state.error.startswith("Amount") or "amount" in state.error.lower()
    fire(state, PlanState.choose_pilot, "continue")  # the fixed contract has no pilot
    assert state.error and state.notice == ""
    assert _snapshot(world) == before


def test_timeline_refuses_outsiders_and_reads_for_parties(world):
    cid = str(world["fixed"])
    for outsider in ("other_client", "other_va"):
        state = state_as(TimelineState, world[outsider], f"/contracts/{cid}", {"contract_id": cid})
        fire(state, TimelineState.load_timeline)
        fire(state, TimelineState.more_timeline)
        fire(state, TimelineState.tab_changed, "timeline")
        assert state.timeline_error == REFUSED and state.timeline == []
    state = state_as(TimelineState, world["va"], "/contracts/x", {"contract_id": "x"})
    fire(state, TimelineState.load_timeline)
    assert state.timeline_error == NOT_FOUND
    state = state_as(TimelineState, world["va"], f"/contracts/{cid}", {"contract_id": cid})
    state.locale_cookie = "id"
    fire(state, TimelineState.load_timeline)
    texts = [row["text"] for row in state.timeline]
    assert any(t.endswith("melampirkan “draft.pdf” pada “Set up and first week”") for t in texts)
    assert any("merekrut VA" in t for t in texts)


def test_rightful_users_succeed_through_the_same_handlers(world):
    client = _state(world, "client", "fixed")
    fire(client, PlanState.propose_milestone, {"title": "Monthly report", "amount": "150.50",
                                               "due_date": ""})
    assert client.error == "" and client.notice.startswith("Milestone proposed")
    assert [s["status"] for s in client.steps][-1] == "proposed"
    va = _state(world, "va", "fixed")
    fire(va, PlanState.accept_milestone, 4)
    assert va.error == "" and [s["status"] for s in va.steps][-1] == "planned"
    assert [f["name"] for f in va.step_files] == ["draft.pdf"]
    fire(va, PlanState.remove_submission_file, str(world["file"]))
    assert va.error == "" and va.step_files == []
    va.files_pos = "1"
    _upload(va, [Upload("final.pdf", PDF)])
    assert va.files_error == "" and [f["pending"] for f in va.step_files] == ["1"]
    fire(client, PlanState.cancel_milestone, 2)
    assert client.error == "" and client.steps[1]["status"] == "cancelled"
    assert client.step_files == []  # files not handed in yet are the VA's own
    pilot = _state(world, "client", "pilot")
    assert fire(pilot, PlanState.fund_milestone, 1) is None  # the plan waits for the choice
    assert pilot.error == "First choose whether to continue after the pilot."
    fire(pilot, PlanState.choose_pilot, "end")
    assert pilot.error == "" and pilot.terms["status"] == "completed"
    assert pilot.todo == ["The contract is finished: review the other party."]


CLICK = {"button": 0, "buttons": 0, "client_x": 575, "client_y": 409, "alt_key": False}


def test_typed_note_and_reason_reach_the_milestone_when_a_click_sends_them(world):
    """The submit and revise buttons send the click's pointer details as the handlers' `form`;
    the text typed beforehand (kept as a draft) is what counts."""
    from vamarket.pages.contract.state import ContractState

    cid = world["fixed"]
    va = state_as(ContractState, world["va"], f"/contracts/{cid}", {"contract_id": cid})
    va.contract_ref = cid
    fire(va, ContractState.set_draft, "note-1", "Replies done; templates in the folder.")
    fire(va, ContractState.submit_milestone, 1, CLICK)
    client = state_as(ContractState, world["client"], f"/contracts/{cid}", {"contract_id": cid})
    client.contract_ref = cid
    fire(client, ContractState.set_draft, "reason-1", "Please label the refund requests.")
    fire(client, ContractState.request_revision, 1, CLICK)
    assert client.error == ""
    with session_scope() as session:
        first = session.exec(select(Milestone).where(Milestone.contract_id == cid,
                                                     Milestone.position == 1)).one()
        assert first.status == "revision_requested"
        assert timeline.latest_words(session, cid)[first.id] == {
            "note": "Replies done; templates in the folder.",
            "reason": "Please label the refund requests."}
